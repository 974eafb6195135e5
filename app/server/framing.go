package server

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// badFraming marks, from checkFraming to the framing middleware, a request whose body length is
// ambiguous. checkFraming deletes any a client sends, so only it can set the mark.
const badFraming = "X-Portal-Bad-Framing"

// preReadBody is how much of a streamed body fasthttp reads before calling the handler
// (readBodyWithStreaming reads at most 8 KiB ahead); the handler reads the rest, or not.
const preReadBody = 8 << 10

// checkFraming runs on the raw headers once they are read, before any byte of the body, and
// marks a request whose length two HTTP parties could read differently (RFC 9112 §6.3: the
// ground of request smuggling): several different Content-Length values, Content-Length
// together with Transfer-Encoding, or a Transfer-Encoding other than one "chunked". fasthttp
// would silently keep the last Content-Length, or chunked. The marked request's body is not
// read at all, and its connection closes after the 400 (framing).
func checkFraming(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	h.Del(badFraming)
	var length []byte
	lengths, encodings, bad := 0, 0, false
	h.VisitAllInOrder(func(k, v []byte) {
		switch {
		case bytes.EqualFold(k, []byte(fiber.HeaderContentLength)):
			if lengths++; lengths > 1 && !bytes.Equal(v, length) {
				bad = true
			}
			length = append(length[:0], v...)
		case bytes.EqualFold(k, []byte(fiber.HeaderTransferEncoding)):
			encodings++
			bad = bad || !bytes.EqualFold(bytes.TrimSpace(v), []byte("chunked"))
		}
	})
	if bad || encodings > 1 || encodings > 0 && lengths > 0 {
		h.Set(badFraming, "1")
		h.SetContentLength(0)
		h.SetConnectionClose()
	}
	return fasthttp.RequestConfig{}
}

// framing answers 400 to a request checkFraming marked. It also closes the connection after any
// request whose body fasthttp did not read whole before the handler: a handler that stops early
// (a refusal, a route that takes no body) leaves the rest of the body on the connection, where
// it would be read as the next request.
func framing(c *fiber.Ctx) error {
	h := &c.Request().Header
	if len(h.Peek(badFraming)) > 0 {
		c.Context().SetConnectionClose()
		return fiber.ErrBadRequest
	}
	if cl := h.ContentLength(); cl > preReadBody || cl == -1 {
		c.Context().SetConnectionClose()
	}
	return c.Next()
}

// noStore keeps API answers out of every cache: they are private to the signed-in user.
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
