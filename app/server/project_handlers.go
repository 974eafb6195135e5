package server

import (
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

// projectResult sends a project page, or the error of the use case that produced it.
func projectResult(c *fiber.Ctx, status int, d portal.ProjectDetail, err error) error {
	if err != nil {
		return err
	}
	return c.Status(status).JSON(viewProjectDetail(d))
}

func (s *Server) getProject(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.GetProject(ctx, actor(c), id)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) createProject(c *fiber.Ctx) error {
	var in portal.ProjectInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.CreateProject(ctx, actor(c), in)
	return projectResult(c, fiber.StatusCreated, d, err)
}

func (s *Server) updateProject(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in portal.ProjectInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.UpdateProject(ctx, actor(c), id, in)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) addMilestone(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in portal.MilestoneInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.AddMilestone(ctx, actor(c), id, in)
	return projectResult(c, fiber.StatusCreated, d, err)
}

func (s *Server) reorderMilestones(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		IDs []int64 `json:"ids"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.ReorderMilestones(ctx, actor(c), id, in.IDs)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) updateMilestone(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in portal.MilestoneInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.UpdateMilestone(ctx, actor(c), id, in)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) deleteMilestone(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.DeleteMilestone(ctx, actor(c), id)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) setMilestoneState(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		State string `json:"state"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.SetMilestoneState(ctx, actor(c), id, in.State)
	return projectResult(c, fiber.StatusOK, d, err)
}

func (s *Server) adminOverview(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	o, err := s.svc.AdminOverview(ctx, actor(c))
	if err != nil {
		return err
	}
	return c.JSON(viewOverview(o))
}

func (s *Server) jobRuns(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	runs, err := s.svc.JobRuns(ctx, actor(c), c.Query("job"), c.QueryInt("limit", 50))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": mapSlice(runs, func(r portal.JobRun) fiber.Map {
		return fiber.Map{"id": r.ID, "job": r.Job, "started_at": r.StartedAt, "finished_at": r.FinishedAt, "outcome": r.Outcome, "details": r.Details}
	})})
}
