package server

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/errcode"
)

var errBadJSON = &portal.Error{Kind: portal.KindInvalid, Code: errcode.BadJSON}

// decode reads a JSON body into v. Fields that v does not have are ignored: a client can never
// set a field that the use case's input type does not offer (no mass assignment).
func decode(c *fiber.Ctx, v any) error {
	if ct := c.Get(fiber.HeaderContentType); !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return &portal.Error{Kind: portal.KindInvalid, Code: errcode.UnsupportedMediaType}
	}
	// The body may be a stream (uploads need streaming on): read at most maxJSONBody, never
	// the whole of whatever was sent.
	body, err := io.ReadAll(io.LimitReader(c.Context().RequestBodyStream(), maxJSONBody+1))
	if err != nil {
		return errBadJSON
	}
	if len(body) > maxJSONBody {
		return &portal.Error{Kind: portal.KindTooLarge, Code: errcode.BodyTooLarge}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errBadJSON
	}
	return nil
}

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 1 << 20

// idParam reads a numeric :id; anything else is a missing object.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, portal.ErrNotFound
	}
	return id, nil
}

// pageParams reads ?page=&per_page=.
func pageParams(c *fiber.Ctx) portal.Page {
	return portal.Page{Number: c.QueryInt("page", 1), Size: c.QueryInt("per_page", 25)}
}

func pageOf[T any](items []T, total int, p portal.Page) pageView[T] {
	size := p.Size
	if size <= 0 || size > 100 {
		size = 25
	}
	return pageView[T]{Items: items, Total: total, Page: max(p.Number, 1), PerPage: size}
}

// bytesBuffer collects a response written by the domain before it is sent, so that an error
// half-way still becomes a proper error response.
type bytesBuffer = bytes.Buffer
