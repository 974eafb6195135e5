package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

func (s *Server) listProjects(c *fiber.Ctx) error {
	return listed(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, p portal.Page) (portal.ProjectList, error) {
		return s.svc.ListProjects(ctx, a, portal.ProjectQuery{
			ClientID: int64(c.QueryInt("client_id", 0)), Status: c.Query("status"), Late: c.QueryBool("late", false),
			Overdue: c.QueryBool("overdue", false), Search: c.Query("q"), Sort: c.Query("sort"), Page: p,
		})
	}, viewProject)
}

func (s *Server) getProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.GetProject), viewProjectDetail)
}

func (s *Server) createProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, withBody(s.svc.CreateProject), viewProjectDetail)
}

func (s *Server) updateProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateProject, viewProjectDetail)
}

func (s *Server) addMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, s.svc.AddMilestone, viewProjectDetail)
}

func (s *Server) reorderMilestones(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, bodyValue("ids", s.svc.ReorderMilestones), viewProjectDetail)
}

func (s *Server) updateMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateMilestone, viewProjectDetail)
}

func (s *Server) deleteMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.DeleteMilestone), viewProjectDetail)
}

func (s *Server) setMilestoneState(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, bodyValue("state", s.svc.SetMilestoneState), viewProjectDetail)
}

func (s *Server) adminOverview(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.AdminOverview), viewOverview)
}

func (s *Server) jobRuns(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) ([]portal.JobRun, error) {
		return s.svc.JobRuns(ctx, a, c.Query("job"), c.QueryInt("limit", 50))
	}, func(runs []portal.JobRun) fiber.Map {
		return fiber.Map{"items": mapSlice(runs, func(r portal.JobRun) fiber.Map {
			return fiber.Map{"id": r.ID, "job": r.Job, "runner": r.Runner, "started_at": r.StartedAt, "finished_at": r.FinishedAt, "outcome": r.Outcome, "details": r.Details}
		})}
	})
}
