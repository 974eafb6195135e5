package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

// idempotencyHeader carries the key of a retriable write: the frontend makes one per user
// action and sends it again when the user retries after an error.
const idempotencyHeader = "Idempotency-Key"

// recordGrace bounds the recording of an answer past the request's deadline.
const recordGrace = 250 * time.Millisecond

// idempotent runs on every signed-in POST (middlewareOf), so that a new route has it too. With
// an Idempotency-Key, a request that repeats one already answered (same user, key, method,
// path and body) gets that answer again, with Idempotent-Replayed: true, and writes nothing;
// the same key with another request is refused (422). Without one, the request runs as usual.
// An upload's body is not read twice: its fingerprint is its path, query, file name and length.
func (s *Server) idempotent(transfer bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := c.Get(idempotencyHeader)
		if key == "" {
			return c.Next()
		}
		fp, err := fingerprint(c, transfer)
		if err != nil {
			return err
		}
		a := actor(c)
		ctx, cancel := s.ctx(c)
		defer cancel()
		w, replay, err := s.svc.StartIdempotent(ctx, a, key, fp)
		if err != nil {
			return err
		}
		if replay != nil {
			return sendReplay(c, replay, transfer)
		}
		c.SetUserContext(w.Context(c.UserContext()))
		err = c.Next()
		if portal.IsIdempotencyRace(err) {
			// A duplicate committed the key while this one ran; nothing of this one was written.
			if replay, err = s.svc.AwaitIdempotent(ctx, a, key, fp); err != nil {
				return err
			}
			return sendReplay(c, replay, transfer)
		}
		if !w.Committed() {
			return err // nothing written: a retry runs again
		}
		if err != nil {
			// The answer of a request whose key committed (an error after an audited refusal)
			// is recorded like any other; a server error is not: the retry hears that the
			// action was done.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				return herr
			}
		}
		if status := c.Response().StatusCode(); status < 500 {
			// Recorded even when the write ended right at the request's deadline: a quarter of a
			// second beyond it at most (a failed record makes the retry answer 409, not write).
			until := time.Now().Add(recordGrace)
			if d, ok := c.UserContext().Deadline(); ok && d.After(until) {
				until = d
			}
			rctx, rcancel := context.WithDeadline(context.WithoutCancel(c.UserContext()), until)
			defer rcancel()
			body := bytes.Clone(c.Response().Body())
			if err := w.Record(rctx, portal.Replay{Status: status, ContentType: string(c.Response().Header.ContentType()), Body: body}); err != nil {
				s.log.Warn("recording the answer of an idempotent request", "request_id", requestID(c), "err", err)
			}
		}
		return nil
	}
}

// fingerprint identifies a request for its key: method, path with query, and the body's hash
// (a JSON body, read here and handed on) or an upload's name and length.
func fingerprint(c *fiber.Ctx, transfer bool) (string, error) {
	h := sha256.New()
	io.WriteString(h, c.Method()+"\n"+c.OriginalURL()+"\n")
	if transfer {
		io.WriteString(h, c.Get("X-File-Name")+"\n"+strconv.Itoa(c.Request().Header.ContentLength()))
	} else {
		var body []byte
		if stream := c.Context().RequestBodyStream(); stream != nil {
			var err error
			if body, err = io.ReadAll(io.LimitReader(stream, maxJSONBody+1)); err != nil {
				return "", errBadJSON
			}
			c.Request().SetBodyStream(bytes.NewReader(body), len(body))
		} else {
			body = c.Body()
		}
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func sendReplay(c *fiber.Ctx, r *portal.Replay, transfer bool) error {
	if transfer {
		// The upload's body was not read: it must not be taken for the next request.
		c.Context().SetConnectionClose()
	}
	c.Set("Idempotent-Replayed", "true")
	if r.ContentType != "" {
		c.Set(fiber.HeaderContentType, r.ContentType)
	}
	return c.Status(r.Status).Send(r.Body)
}
