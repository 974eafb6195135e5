package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

func (s *Server) listClients(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	p := pageParams(c)
	list, err := s.svc.ListClients(ctx, actor(c), c.Query("q"), c.QueryBool("archived", false), p)
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapSlice(list.Items, viewClient), list.Total, p))
}

func (s *Server) getClient(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	cl, err := s.svc.GetClient(ctx, actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(viewClient(cl))
}

func (s *Server) createClient(c *fiber.Ctx) error {
	var in portal.ClientInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	cl, err := s.svc.CreateClient(ctx, actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewClient(cl))
}

func (s *Server) updateClient(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in portal.ClientInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	cl, err := s.svc.UpdateClient(ctx, actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(viewClient(cl))
}

func (s *Server) archiveClient(archive bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		ctx, cancel := s.ctx(c)
		defer cancel()
		cl, err := s.svc.SetClientArchived(ctx, actor(c), id, archive)
		if err != nil {
			return err
		}
		return c.JSON(viewClient(cl))
	}
}

func (s *Server) deleteClient(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		ConfirmName string `json:"confirm_name"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.DeleteClient(ctx, actor(c), id, in.ConfirmName); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	p := pageParams(c)
	list, err := s.svc.ListUsers(ctx, actor(c), int64(c.QueryInt("client_id", 0)), portal.Role(c.Query("role")), c.Query("q"), p)
	if err != nil {
		return err
	}
	return c.JSON(pageOf(mapSlice(list.Items, viewUser), list.Total, p))
}

func (s *Server) getUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.GetUser(ctx, actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(viewUserDetail(d))
}

func (s *Server) inviteUser(c *fiber.Ctx) error {
	var in portal.UserInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.InviteUser(ctx, actor(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(viewUserDetail(d))
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in portal.UserInput
	if err := decode(c, &in); err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	d, err := s.svc.UpdateUser(ctx, actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(viewUserDetail(d))
}

func (s *Server) disableUser(disable bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		ctx, cancel := s.ctx(c)
		defer cancel()
		d, err := s.svc.SetUserDisabled(ctx, actor(c), id, disable)
		if err != nil {
			return err
		}
		return c.JSON(viewUserDetail(d))
	}
}

func (s *Server) resendInvitation(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.ResendInvitation(ctx, actor(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) endUserSessions(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	n, err := s.svc.EndUserSessions(ctx, actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"ended": n})
}
