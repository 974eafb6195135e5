package server

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/errcode"
)

const (
	localActor = "actor"
	localCSRF  = "csrf"
	csrfHeader = "X-CSRF-Token"
)

// cookieName is __Host- prefixed on HTTPS (the browser then refuses it from any subdomain or
// over plain HTTP); plain-HTTP installs (development, tests) cannot use that prefix.
func (s *Server) cookieName() string {
	if s.secure {
		return "__Host-portal_session"
	}
	return "portal_session"
}

func (s *Server) setSessionCookie(c *fiber.Ctx, sess portal.Session) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(), Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: s.cookieName(), Value: "", Path: "/", Expires: time.Unix(1, 0), MaxAge: -1,
		Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

// meta is the actor of an anonymous request: where it comes from, for throttling and audit.
func meta(c *fiber.Ctx) portal.Actor {
	return portal.Actor{IP: c.IP(), UserAgent: string(c.Request().Header.UserAgent()), RequestID: requestID(c)}
}

// actor returns the signed-in actor that the auth middleware resolved.
func actor(c *fiber.Ctx) portal.Actor {
	a, _ := c.Locals(localActor).(portal.Actor)
	return a
}

// requireSession resolves the session cookie into an actor, or answers 401. State-changing
// requests must also carry the session's CSRF token.
func (s *Server) requireSession(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	a, csrf, err := s.svc.Authenticate(ctx, c.Cookies(s.cookieName()), meta(c))
	if err != nil {
		// The cookie stays: it may hold a sign-in waiting for its second factor.
		return err
	}
	if !safeMethod(c.Method()) {
		if err := portal.CheckCSRF(csrf, c.Get(csrfHeader)); err != nil {
			return err
		}
	}
	c.Locals(localActor, a)
	c.Locals(localCSRF, csrf)
	return c.Next()
}

// requireStaff lets only staff reach an Admin route, whatever its handler does: the use case
// checks again, but a route no longer depends on its use case remembering to.
func (s *Server) requireStaff(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.svc.RequireStaff(ctx, actor(c), c.Method()+" "+c.Route().Path); err != nil {
		return err
	}
	return c.Next()
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// sameOrigin refuses state-changing API requests sent by another site: Fetch Metadata when the
// browser sends it, else the Origin header, whose scheme and host must be the request's or the
// public URL's (http://portail.example.com is another origin than https://portail.example.com).
// It protects the sign-in form too, which has no session (and so no CSRF token) yet.
func (s *Server) sameOrigin(c *fiber.Ctx) error {
	if safeMethod(c.Method()) {
		return c.Next()
	}
	if site := c.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return errCrossSite
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || !s.ownOrigin(c, u) {
			return errCrossSite
		}
	} else if origin == "null" {
		return errCrossSite
	}
	return c.Next()
}

// ownOrigin reports whether u is the origin of the request (its scheme as the portal sees it,
// behind a trusted proxy the forwarded one) or the public URL's.
func (s *Server) ownOrigin(c *fiber.Ctx, u *url.URL) bool {
	same := func(scheme, host string) bool {
		return strings.EqualFold(u.Scheme, scheme) && strings.EqualFold(u.Host, host)
	}
	return same(c.Protocol(), c.Hostname()) || s.publicHost != "" && same(s.publicScheme, s.publicHost)
}

var errCrossSite = &portal.Error{Kind: portal.KindForbidden, Code: errcode.CrossSite}

// csrfOf returns the CSRF token of the request's session.
func csrfOf(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}
