package server

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/storage"
)

// Types a browser may show inside the page: they cannot run code (SVG and HTML can, so they are
// always downloaded).
var previewable = map[string]bool{"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

// contentDisposition writes an attachment (or inline) header with the original UTF-8 name
// (RFC 6266 / RFC 5987) and an ASCII fallback for old clients.
func contentDisposition(kind, name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`%s; filename="%s"; filename*=UTF-8''%s`, kind, ascii, url.PathEscape(name))
}

// byteRange parses a single "bytes=a-b" range against size. ok=false means "serve it all";
// satisfiable=false means 416.
func byteRange(header string, size int64) (start, end int64, ok, satisfiable bool) {
	spec, found := strings.CutPrefix(header, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false, true // absent, or several ranges: the whole file is a valid answer
	}
	a, b, found := strings.Cut(strings.TrimSpace(spec), "-")
	if !found {
		return 0, 0, false, true
	}
	switch {
	case a == "": // the last b bytes
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return 0, 0, false, n == 0 && err == nil && size > 0
		}
		return max(size-n, 0), size - 1, true, size > 0
	default:
		s, err := strconv.ParseInt(a, 10, 64)
		if err != nil || s < 0 {
			return 0, 0, false, true
		}
		if s >= size {
			return 0, 0, false, false
		}
		e := size - 1
		if b != "" {
			if e2, err := strconv.ParseInt(b, 10, 64); err == nil && e2 >= s {
				e = min(e2, size-1)
			} else {
				return 0, 0, false, true
			}
		}
		return s, e, true, true
	}
}

// sendFile streams r (of size bytes) with the headers of a deliverable: strong ETag from its
// SHA-256, Range support so an interrupted download resumes, and a sandbox so that nothing it
// contains can run in the portal's origin.
func sendFile(c *fiber.Ctx, r io.ReadSeekCloser, size int64, sha, name, ctype string, inline bool) error {
	etag := `"` + sha + `"`
	h := &c.Response().Header
	h.Set(fiber.HeaderETag, etag)
	h.Set(fiber.HeaderAcceptRanges, "bytes")
	h.Set(fiber.HeaderCacheControl, "private, no-cache")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	h.Set("X-Content-Type-Options", "nosniff")
	kind := "attachment"
	if inline && previewable[ctype] {
		kind = "inline"
	} else {
		// An attachment is bytes to save, never something for the browser to interpret.
		ctype = "application/octet-stream"
	}
	h.Set(fiber.HeaderContentType, ctype)
	h.Set(fiber.HeaderContentDisposition, contentDisposition(kind, name))
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && strings.Contains(match, etag) {
		r.Close()
		return c.SendStatus(fiber.StatusNotModified)
	}
	// With storage.presigned_downloads, the browser fetches the bytes from the store itself,
	// which answers its Range with the same name and type.
	if p, ok := r.(storage.Presigner); ok {
		u, err := p.PresignedURL(c.UserContext(), ctype, contentDisposition(kind, name))
		if err != nil || u != "" {
			r.Close()
			if err != nil {
				return err
			}
			return c.Redirect(u, fiber.StatusFound)
		}
	}
	rangeHeader := c.Get(fiber.HeaderRange)
	if ifRange := c.Get("If-Range"); ifRange != "" && ifRange != etag {
		rangeHeader = "" // the file changed since the partial copy: send it whole
	}
	start, end, partial, satisfiable := byteRange(rangeHeader, size)
	if !satisfiable {
		h.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes */%d", size))
		return c.Status(fiber.StatusRequestedRangeNotSatisfiable).SendString("")
	}
	if !partial {
		start, end = 0, size-1
	} else {
		c.Status(fiber.StatusPartialContent)
		h.Set(fiber.HeaderContentRange, fmt.Sprintf("bytes %d-%d/%d", start, end, size))
	}
	// An object store is told the range, and fetches only those bytes.
	if rr, ok := r.(storage.Ranger); ok {
		if err := rr.ReadRange(start, end); err != nil {
			r.Close()
			return err
		}
	} else if _, err := r.Seek(start, io.SeekStart); err != nil {
		r.Close()
		return err
	}
	n := end - start + 1
	// fasthttp closes the stream once it is sent, or when the client goes away.
	c.Context().SetBodyStream(&limitedCloser{r: &io.LimitedReader{R: r, N: n}, Closer: r, start: longWrite(c), done: corked(c.Context().Conn())}, int(n))
	return nil
}

// limitedCloser is the body stream of a download: the byte range of the file, and the file to
// close. Its WriteTo lets the connection see the limited file itself, so that the kernel copies
// it to the socket (sendfile) instead of the portal reading and writing it 32 KiB at a time.
type limitedCloser struct {
	r *io.LimitedReader
	io.Closer
	// start is called once, as the first byte is about to be written (longWrite).
	start func()
	// done is called once the stream is closed (its end sent, or the client gone).
	done func()
}

func (l *limitedCloser) Close() error {
	err := l.Closer.Close()
	if l.done != nil {
		l.done()
		l.done = nil
	}
	return err
}

func (l *limitedCloser) begin() {
	if l.start != nil {
		l.start()
		l.start = nil
	}
}

func (l *limitedCloser) Read(p []byte) (int, error) { l.begin(); return l.r.Read(p) }

func (l *limitedCloser) WriteTo(w io.Writer) (int64, error) { l.begin(); return io.Copy(w, l.r) }
