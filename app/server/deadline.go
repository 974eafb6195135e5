package server

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"
)

// requestDeadline gives a request one deadline from its arrival, carried by its context to
// every database call made for it (the session check and the use case alike, the commit
// included): a frozen database cannot hold it past server.request_timeout, and it answers
// 503 "unavailable" then. Not on Transfer and Stream routes, which last longer than a request:
// their session check and use cases bound their own database work.
func (s *Server) requestDeadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.opt.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// timedOut tells whether a failure comes from the request's deadline (the driver reports a
// call it cut as a broken connection, hence the look at the context itself).
func timedOut(c *fiber.Ctx, err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(c.UserContext().Err(), context.DeadlineExceeded)
}
