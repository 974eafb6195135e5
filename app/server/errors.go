package server

import (
	"errors"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

const localRequestID = "requestid"

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	RequestID string `json:"request_id"`
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
}

// French messages for the errors Fiber raises itself (unknown route, body too large...).
var fiberMessages = map[int]struct{ code, msg string }{
	http.StatusNotFound:              {"not_found", "Adresse introuvable : cette page ou cette ressource n'existe pas."},
	http.StatusMethodNotAllowed:      {"method_not_allowed", "Cette action n'est pas possible à cette adresse."},
	http.StatusRequestEntityTooLarge: {"body_too_large", "La requête est trop volumineuse."},
	http.StatusBadRequest:            {"bad_request", "Requête invalide : vérifiez les informations envoyées."},
	http.StatusUnsupportedMediaType:  {"unsupported_media_type", "Format de requête non pris en charge : envoyez du JSON."},
	http.StatusRequestTimeout:        {"timeout", "La requête a pris trop de temps : réessayez dans un instant."},
	http.StatusRequestHeaderFieldsTooLarge: {"headers_too_large",
		"La requête est trop longue : raccourcissez la note ou le titre (1 000 caractères au plus) puis réessayez."},
}

const internalMessage = "Une erreur interne est survenue. Réessayez ; si le problème persiste, contactez le support en indiquant la référence."

// handleError turns any error returned by a handler into the error shape with a fitting status.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	d := errorDetail{Code: "internal", Message: internalMessage, RequestID: requestID(c)}
	var fe *fiber.Error
	if pe, ok := portal.AsError(err); ok && pe.Kind != portal.KindInternal {
		status = kindStatus[pe.Kind]
		d.Code, d.Message, d.Field = pe.Code, pe.Message, pe.Field
		if pe.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(pe.RetryAfter.Seconds()+0.999)))
		}
	} else if errors.As(err, &fe) {
		status = fe.Code
		if m, ok := fiberMessages[fe.Code]; ok {
			d.Code, d.Message = m.code, m.msg
		} else if fe.Code < 500 {
			d.Code, d.Message = "bad_request", fiberMessages[http.StatusBadRequest].msg
		}
	}
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
