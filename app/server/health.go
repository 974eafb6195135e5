package server

import (
	"github.com/gofiber/fiber/v2"
)

// healthz says the process is alive; it touches nothing else so that it stays cheap.
func (s *Server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok", "version": s.opt.Version})
}

// readyz says whether the portal can serve: the database must answer.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := s.svc.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{
			"status": "unavailable", "database": "La base de données ne répond pas.",
		})
	}
	return c.JSON(fiber.Map{"status": "ready", "database": "ok"})
}
