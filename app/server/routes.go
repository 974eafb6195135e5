package server

import "github.com/gofiber/fiber/v2"

// Access says who may call a route; the role-matrix test checks every route against it.
type Access int

const (
	Public Access = iota // anyone, signed in or not
)

// Route is one line of the route table.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler fiber.Handler
}

// routes is the single route table of the portal. Order matters only for the catch-alls at the end.
func (s *Server) routes() []Route {
	return []Route{
		{fiber.MethodGet, "/healthz", Public, s.healthz},
		{fiber.MethodGet, "/readyz", Public, s.readyz},

		// Unknown API paths answer the JSON error shape, never the SPA.
		{fiber.MethodGet, "/api/*", Public, s.apiNotFound},
		{fiber.MethodPost, "/api/*", Public, s.apiNotFound},
		{fiber.MethodPut, "/api/*", Public, s.apiNotFound},
		{fiber.MethodPatch, "/api/*", Public, s.apiNotFound},
		{fiber.MethodDelete, "/api/*", Public, s.apiNotFound},

		// Everything else is the single-page application: its files, or index.html for its routes.
		{fiber.MethodGet, "/*", Public, s.spa.serve},
		{fiber.MethodHead, "/*", Public, s.spa.serve},
	}
}

// RouteTable lists the registered routes with their access, for the role-matrix test.
func (s *Server) RouteTable() []Route { return s.routes() }
