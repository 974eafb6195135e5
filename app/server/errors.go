package server

import (
	"errors"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/errcode"
)

const localRequestID = "requestid"

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      errcode.Code   `json:"code"`
	Message   string         `json:"message"` // French, for API clients without translations
	Params    errcode.Params `json:"params"`  // what the interface's translation of the code names
	Field     string         `json:"field,omitempty"`
	RequestID string         `json:"request_id"`
}

var kindStatus = map[portal.Kind]int{
	portal.KindInvalid:         http.StatusUnprocessableEntity,
	portal.KindUnauthenticated: http.StatusUnauthorized,
	portal.KindForbidden:       http.StatusForbidden,
	portal.KindNotFound:        http.StatusNotFound,
	portal.KindConflict:        http.StatusConflict,
	portal.KindTooMany:         http.StatusTooManyRequests,
	portal.KindTooLarge:        http.StatusRequestEntityTooLarge,
	portal.KindNoSpace:         http.StatusInsufficientStorage,
	portal.KindUnavailable:     http.StatusServiceUnavailable,
}

// The codes of the errors Fiber raises itself (unknown route, body too large...).
var fiberCodes = map[int]errcode.Code{
	http.StatusNotFound:                    errcode.NotFound,
	http.StatusMethodNotAllowed:            errcode.MethodNotAllowed,
	http.StatusRequestEntityTooLarge:       errcode.BodyTooLarge,
	http.StatusBadRequest:                  errcode.BadRequest,
	http.StatusUnsupportedMediaType:        errcode.UnsupportedMediaType,
	http.StatusRequestTimeout:              errcode.Timeout,
	http.StatusRequestHeaderFieldsTooLarge: errcode.HeadersTooLarge,
}

// handleError turns any error returned by a handler into the error shape with a fitting status.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	d := errorDetail{Code: errcode.Internal, RequestID: requestID(c)}
	var fe *fiber.Error
	if pe, ok := portal.AsError(err); ok && pe.Kind != portal.KindInternal {
		status = kindStatus[pe.Kind]
		d.Code, d.Params, d.Field = pe.Code, pe.Params, pe.Field
		if pe.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(pe.RetryAfter.Seconds()+0.999)))
		}
	} else if errors.As(err, &fe) {
		status = fe.Code
		if code, ok := fiberCodes[fe.Code]; ok {
			d.Code = code
		} else if fe.Code < 500 {
			d.Code = errcode.BadRequest
		}
	}
	if status == http.StatusInternalServerError && (timedOut(c, err) || portal.DatabaseUnreachable(err)) {
		// Cut by its deadline (the database did not answer in time) or by the loss of the
		// database (killed, a Galera node gone): what was sent may or may not have been saved,
		// which a retry with the same Idempotency-Key settles.
		status, d.Code = http.StatusServiceUnavailable, errcode.Unavailable
		c.Set(fiber.HeaderRetryAfter, "5")
	}
	if d.Params == nil {
		d.Params = errcode.Params{}
	}
	d.Message = d.Code.French(d.Params)
	if status >= 500 {
		s.log.Error("request failed", "request_id", d.RequestID, "method", c.Method(), "path", redactPath(c.Path()), "err", err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(errorBody{Error: d})
}

func (s *Server) logPanic(c *fiber.Ctx, e any) {
	s.log.Error("panic", "request_id", requestID(c), "path", redactPath(c.Path()), "panic", e, "stack", string(debug.Stack()))
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

func (s *Server) apiNotFound(c *fiber.Ctx) error { return fiber.ErrNotFound }
