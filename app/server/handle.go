package server

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"time"

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
	return serve(c, s, withID, call, func(out Out) error {
		if status == fiber.StatusNoContent {
			return c.SendStatus(status)
		}
		return c.Status(status).JSON(view(out))
	})
}

// serve is handle for answers that are not a JSON view (files, CSV): answer sends the result
// while the request's deadline still runs.
func serve[In, Out any](c *fiber.Ctx, s *Server, withID bool, call useCase[In, Out], answer func(Out) error) error {
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
	return answer(out)
}

// The adapters below turn the common signatures of the domain into a useCase, so that a
// handler names its domain call instead of wrapping it in a closure.

// byID is a call on the route's :id, without a body.
func byID[Out any](f func(context.Context, portal.Actor, int64) (Out, error)) useCase[none, Out] {
	return func(ctx context.Context, a portal.Actor, id int64, _ none) (Out, error) { return f(ctx, a, id) }
}

// withBody is a call on the JSON body, on a route without :id.
func withBody[In, Out any](f func(context.Context, portal.Actor, In) (Out, error)) useCase[In, Out] {
	return func(ctx context.Context, a portal.Actor, _ int64, in In) (Out, error) { return f(ctx, a, in) }
}

// ofActor is a call about the actor alone.
func ofActor[Out any](f func(context.Context, portal.Actor) (Out, error)) useCase[none, Out] {
	return func(ctx context.Context, a portal.Actor, _ int64, _ none) (Out, error) { return f(ctx, a) }
}

// valueBody is the JSON body of a route that sends one value beside its :id: {"state": "livree"}.
type valueBody map[string]json.RawMessage

// bodyValue is a call on the route's :id and the value named name in its JSON body ({"state": …},
// {"body": …}, {"ids": […]}), so that such a route needs no body type of its own. name matches
// as encoding/json matches a field's: exactly, else without regard to case. A value of the
// wrong type is a malformed body; a missing one is V's zero value.
func bodyValue[V, Out any](name string, f func(ctx context.Context, a portal.Actor, id int64, v V) (Out, error)) useCase[valueBody, Out] {
	return func(ctx context.Context, a portal.Actor, id int64, body valueBody) (Out, error) {
		var v V
		if raw, ok := body.named(name); ok {
			if err := json.Unmarshal(raw, &v); err != nil {
				var zero Out
				return zero, errBadJSON
			}
		}
		return f(ctx, a, id, v)
	}
}

func (b valueBody) named(name string) (json.RawMessage, bool) {
	if raw, ok := b[name]; ok {
		return raw, true
	}
	for key, raw := range b {
		if strings.EqualFold(key, name) {
			return raw, true
		}
	}
	return nil, false
}

// noContent answers 204 after a call that returns nothing but its error.
func noContent[In any](c *fiber.Ctx, s *Server, withID bool, f func(ctx context.Context, a portal.Actor, id int64, in In) error) error {
	return handle(c, s, fiber.StatusNoContent, withID, func(ctx context.Context, a portal.Actor, id int64, in In) (none, error) {
		return none{}, f(ctx, a, id, in)
	}, noView[none])
}

// noContentValue is noContent for a call on the route's :id and one value of its body (see
// bodyValue).
func noContentValue[V any](c *fiber.Ctx, s *Server, name string, f func(ctx context.Context, a portal.Actor, id int64, v V) error) error {
	return handle(c, s, fiber.StatusNoContent, true, bodyValue(name, func(ctx context.Context, a portal.Actor, id int64, v V) (none, error) {
		return none{}, f(ctx, a, id, v)
	}), noView[none])
}

// noContentByID is noContent for a call on the route's :id alone.
func noContentByID(c *fiber.Ctx, s *Server, f func(ctx context.Context, a portal.Actor, id int64) error) error {
	return noContent(c, s, true, func(ctx context.Context, a portal.Actor, id int64, _ none) error { return f(ctx, a, id) })
}

// toggle answers a yes/no change of the route's :id (archive or restore, disable or enable):
// set gets on.
func toggle[Out, View any](c *fiber.Ctx, s *Server, on bool, set func(ctx context.Context, a portal.Actor, id int64, on bool) (Out, error), view func(Out) View) error {
	return handle(c, s, fiber.StatusOK, true, func(ctx context.Context, a portal.Actor, id int64, _ none) (Out, error) { return set(ctx, a, id, on) }, view)
}

// listed answers a page of a paginated list (?page=&per_page=) in the page envelope; call gets
// the route's :id when withID.
func listed[T, V any](c *fiber.Ctx, s *Server, withID bool, call func(context.Context, portal.Actor, int64, portal.Page) (portal.List[T], error), view func(T) V) error {
	p := pageParams(c)
	return handle(c, s, fiber.StatusOK, withID, func(ctx context.Context, a portal.Actor, id int64, _ none) (portal.List[T], error) {
		return call(ctx, a, id, p)
	}, func(l portal.List[T]) pageView[V] { return pageOf(mapSlice(l.Items, view), l.Total, p) })
}

// sendCSV answers the CSV that write makes, as an attachment named name-YYYY-MM-DD.csv. It is
// written into memory first, so that a failure half-way is still a proper error response.
func sendCSV(c *fiber.Ctx, s *Server, name string, write func(ctx context.Context, a portal.Actor, w io.Writer) error) error {
	return serve(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (*bytesBuffer, error) {
		var buf bytesBuffer
		return &buf, write(ctx, a, &buf)
	}, func(buf *bytesBuffer) error {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, contentDisposition("attachment", name+"-"+time.Now().Format("2006-01-02")+".csv"))
		return c.Send(buf.Bytes())
	})
}

// noView is the view of routes that answer 204.
func noView[T any](T) struct{} { return struct{}{} }

// identity sends a domain value as it is (types that are already the API's shape).
func identity[T any](v T) T { return v }
