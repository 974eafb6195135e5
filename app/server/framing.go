package server

import (
	"bytes"
	"io"

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
	streamed := false
	if cl := h.ContentLength(); cl > preReadBody || cl == -1 {
		c.Context().SetConnectionClose()
		streamed = true
	}
	err := c.Next()
	if streamed && (err != nil || c.Response().StatusCode() >= 400) {
		drainRefusedBody(c)
	}
	return err
}

// refusedBodyDrain is how much of a refused request's unread body is read and thrown away
// before the connection closes. Closing a socket with unread data makes the kernel send a reset,
// and a client still sending (a browser uploading onto a full disk) then loses the answer that
// explains the refusal. Past this much it is cheaper to let that client see a network error.
const refusedBodyDrain = 16 << 20

// drainRefusedBody reads what is left of a streamed body, up to refusedBodyDrain and within the
// connection's read deadline, so that the refusal reaches the client.
func drainRefusedBody(c *fiber.Ctx) {
	if stream := c.Context().RequestBodyStream(); stream != nil {
		_, _ = io.CopyN(io.Discard, stream, refusedBodyDrain)
	}
}

// noStore keeps API answers out of every cache: they are private to the signed-in user.
func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}
