package server

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

// none is the input of routes without a JSON body.
type none struct{}

// useCase is a domain call made for the signed-in actor, with the route's :id (0 when the
// route has none) and its decoded JSON body.
type useCase[In, Out any] func(ctx context.Context, a portal.Actor, id int64, in In) (Out, error)

// handle answers c with a use case: it reads the :id and the JSON body, bounds the domain
// work by the request timeout, and sends the view of the result with status. Every handler is
// a method func(c *fiber.Ctx) error; those that are a use case and a view call handle, so that
// they decode, authorise and answer the same way.
func handle[In, Out, View any](c *fiber.Ctx, s *Server, status int, withID bool, call useCase[In, Out], view func(Out) View) error {
	var id int64
	if withID {
		var err error
		if id, err = idParam(c, "id"); err != nil {
			return err
		}
	}
	var in In
	if _, empty := any(in).(none); !empty {
		if err := decode(c, &in); err != nil {
			return err
		}
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	out, err := call(ctx, actor(c), id, in)
	if err != nil {
		return err
	}
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	return c.Status(status).JSON(view(out))
}

// noView is the view of routes that answer 204.
func noView[T any](T) struct{} { return struct{}{} }

// identity sends a domain value as it is (types that are already the API's shape).
func identity[T any](v T) T { return v }
