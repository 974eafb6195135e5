package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

func (s *Server) listProjects(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	p := pageParams(c)
	list, err := s.svc.ListProjects(ctx, actor(c), portal.ProjectQuery{
		ClientID: int64(c.QueryInt("client_id", 0)), Status: c.Query("status"), Late: c.QueryBool("late", false),
		Overdue: c.QueryBool("overdue", false), Search: c.Query("q"), Sort: c.Query("sort"), Page: p,
	})
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapSlice(list.Items, viewProject), list.Total, p))
}

func (s *Server) getProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.ProjectDetail, error) {
		return s.svc.GetProject(ctx, a, id)
	}, viewProjectDetail)
}

func (s *Server) createProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, func(ctx context.Context, a portal.Actor, _ int64, in portal.ProjectInput) (portal.ProjectDetail, error) {
		return s.svc.CreateProject(ctx, a, in)
	}, viewProjectDetail)
}

func (s *Server) updateProject(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateProject, viewProjectDetail)
}

func (s *Server) addMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, true, s.svc.AddMilestone, viewProjectDetail)
}

type orderInput struct {
	IDs []int64 `json:"ids"`
}

func (s *Server) reorderMilestones(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, in orderInput) (portal.ProjectDetail, error) {
		return s.svc.ReorderMilestones(ctx, a, id, in.IDs)
	}, viewProjectDetail)
}

func (s *Server) updateMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateMilestone, viewProjectDetail)
}

func (s *Server) deleteMilestone(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.ProjectDetail, error) {
		return s.svc.DeleteMilestone(ctx, a, id)
	}, viewProjectDetail)
}

type stateInput struct {
	State string `json:"state"`
}

func (s *Server) setMilestoneState(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, in stateInput) (portal.ProjectDetail, error) {
		return s.svc.SetMilestoneState(ctx, a, id, in.State)
	}, viewProjectDetail)
}

func (s *Server) adminOverview(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (portal.Overview, error) {
		return s.svc.AdminOverview(ctx, a)
	}, viewOverview)
}

func (s *Server) jobRuns(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	runs, err := s.svc.JobRuns(ctx, actor(c), c.Query("job"), c.QueryInt("limit", 50))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": mapSlice(runs, func(r portal.JobRun) fiber.Map {
		return fiber.Map{"id": r.ID, "job": r.Job, "runner": r.Runner, "started_at": r.StartedAt, "finished_at": r.FinishedAt, "outcome": r.Outcome, "details": r.Details}
	})})
}
