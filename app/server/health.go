package server

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz says the process is alive; it touches nothing else so that it stays cheap.
func (s *Server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok", "version": s.opt.Version})
}

// readyz says whether the portal can serve: the database must answer and the file store (data
// disk or S3 bucket) take files. When the portal serves HTTPS itself, it also tells when its
// certificate expires (monitoring can alert on it).
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	body := fiber.Map{"status": "ready", "database": "ok", "storage": "ok"}
	if s.opt.CertificateExpiry != nil {
		if t, ok := s.opt.CertificateExpiry(); ok {
			body["certificate_expires"] = t.UTC().Format(time.RFC3339)
		}
	}
	if err := s.svc.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		body["status"], body["database"] = "unavailable", "La base de données ne répond pas."
	}
	if err := s.svc.FilesReady(ctx); err != nil {
		s.log.Warn("not ready: file storage", "err", err)
		body["status"], body["storage"] = "unavailable", "Le stockage des fichiers ne répond pas."
	}
	if body["status"] != "ready" {
		return c.Status(fiber.StatusServiceUnavailable).JSON(body)
	}
	return c.JSON(body)
}
