package server

import (
	"context"

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
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.Client, error) {
		return s.svc.GetClient(ctx, a, id)
	}, viewClient)
}

func (s *Server) createClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, func(ctx context.Context, a portal.Actor, _ int64, in portal.ClientInput) (portal.Client, error) {
		return s.svc.CreateClient(ctx, a, in)
	}, viewClient)
}

func (s *Server) updateClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateClient, viewClient)
}

func (s *Server) archiveClient(c *fiber.Ctx) error { return s.setClientArchived(c, true) }

func (s *Server) restoreClient(c *fiber.Ctx) error { return s.setClientArchived(c, false) }

func (s *Server) setClientArchived(c *fiber.Ctx, archive bool) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.Client, error) {
		return s.svc.SetClientArchived(ctx, a, id, archive)
	}, viewClient)
}

type confirmInput struct {
	ConfirmName string `json:"confirm_name"`
}

func (s *Server) deleteClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusNoContent, true, func(ctx context.Context, a portal.Actor, id int64, in confirmInput) (none, error) {
		return none{}, s.svc.DeleteClient(ctx, a, id, in.ConfirmName)
	}, noView[none])
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
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.UserDetail, error) {
		return s.svc.GetUser(ctx, a, id)
	}, viewUserDetail)
}

func (s *Server) inviteUser(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, func(ctx context.Context, a portal.Actor, _ int64, in portal.UserInput) (portal.UserDetail, error) {
		return s.svc.InviteUser(ctx, a, in)
	}, viewUserDetail)
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateUser, viewUserDetail)
}

func (s *Server) disableUser(c *fiber.Ctx) error { return s.setUserDisabled(c, true) }

func (s *Server) enableUser(c *fiber.Ctx) error { return s.setUserDisabled(c, false) }

func (s *Server) setUserDisabled(c *fiber.Ctx, disable bool) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.UserDetail, error) {
		return s.svc.SetUserDisabled(ctx, a, id, disable)
	}, viewUserDetail)
}

func (s *Server) resendInvitation(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusNoContent, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (none, error) {
		return none{}, s.svc.ResendInvitation(ctx, a, id)
	}, noView[none])
}

func (s *Server) endUserSessions(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (int64, error) {
		return s.svc.EndUserSessions(ctx, a, id)
	}, func(n int64) fiber.Map { return fiber.Map{"ended": n} })
}
