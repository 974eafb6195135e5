package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

func (s *Server) listClients(c *fiber.Ctx) error {
	return listed(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, p portal.Page) (portal.ClientList, error) {
		return s.svc.ListClients(ctx, a, c.Query("q"), c.QueryBool("archived", false), p)
	}, viewClient)
}

func (s *Server) getClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.GetClient), viewClient)
}

func (s *Server) createClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, withBody(s.svc.CreateClient), viewClient)
}

func (s *Server) updateClient(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateClient, viewClient)
}

func (s *Server) archiveClient(c *fiber.Ctx) error {
	return toggle(c, s, true, s.svc.SetClientArchived, viewClient)
}

func (s *Server) restoreClient(c *fiber.Ctx) error {
	return toggle(c, s, false, s.svc.SetClientArchived, viewClient)
}

func (s *Server) deleteClient(c *fiber.Ctx) error {
	return noContentValue(c, s, "confirm_name", s.svc.DeleteClient)
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	return listed(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, p portal.Page) (portal.UserList, error) {
		return s.svc.ListUsers(ctx, a, int64(c.QueryInt("client_id", 0)), portal.Role(c.Query("role")), c.Query("q"), p)
	}, viewUser)
}

func (s *Server) getUser(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.GetUser), viewUserDetail)
}

func (s *Server) inviteUser(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusCreated, false, withBody(s.svc.InviteUser), viewUserDetail)
}

func (s *Server) updateUser(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, s.svc.UpdateUser, viewUserDetail)
}

func (s *Server) disableUser(c *fiber.Ctx) error {
	return toggle(c, s, true, s.svc.SetUserDisabled, viewUserDetail)
}

func (s *Server) enableUser(c *fiber.Ctx) error {
	return toggle(c, s, false, s.svc.SetUserDisabled, viewUserDetail)
}

func (s *Server) resendInvitation(c *fiber.Ctx) error {
	return noContentByID(c, s, s.svc.ResendInvitation)
}

func (s *Server) endUserSessions(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, true, byID(s.svc.EndUserSessions), func(n int64) fiber.Map { return fiber.Map{"ended": n} })
}
