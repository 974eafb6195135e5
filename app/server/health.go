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
// disk or S3 bucket) take files. It also reports the live events' link to the other portal
// processes (NATS), without failing on it: requests are still served while it is down, only
// other processes' browsers miss events, so a load balancer must not take every process out for
// it. When the portal serves HTTPS itself, it also tells when its certificate expires
// (monitoring can alert on it).
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	body := fiber.Map{"status": "ready", "database": "ok", "storage": "ok", "events": "local"}
	if s.opt.EventsReady != nil {
		body["events"] = "ok"
		if err := s.opt.EventsReady(); err != nil {
			s.log.Warn("live events not shared with the other portal processes", "err", err)
			body["status"], body["events"] = "degraded", "Le serveur NATS ne répond pas : les événements en direct n'atteignent plus les autres serveurs du portail."
		}
	}
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
	// A degraded events link alone still serves (see above).
	if body["status"] == "unavailable" {
		return c.Status(fiber.StatusServiceUnavailable).JSON(body)
	}
	return c.JSON(body)
}
