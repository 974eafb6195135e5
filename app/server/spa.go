package server

import (
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// spa serves the built frontend: its files as they are, and index.html for every other path so
// that the History-API routes (/tableau-de-bord, /projets/42...) survive a reload.
type spa struct {
	files fs.FS
	index []byte
}

// publicPages are the pages search engines may index; every other page is private.
var publicPages = map[string]bool{"/connexion": true, "/mot-de-passe-oublie": true}

func newSPA(files fs.FS) (*spa, error) {
	if files == nil {
		return nil, errors.New("server: no frontend")
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, fmt.Errorf("server: the frontend has no index.html (build it with: cd embed/frontend && npm run build): %w", err)
	}
	return &spa{files: files, index: index}, nil
}

func (p *spa) serve(c *fiber.Ctx) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(p.files, name); err == nil {
			ctype := mime.TypeByExtension(path.Ext(name))
			if ctype == "" {
				ctype = fiber.MIMEOctetStream
			}
			c.Set(fiber.HeaderContentType, ctype)
			if strings.HasPrefix(name, "assets/") {
				// File names under assets/ carry a content hash: they never change.
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			} else {
				c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
			}
			return c.Send(data)
		}
		if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
			// A missing file is a 404, not the application: a stale page must not load HTML as a script.
			return fiber.ErrNotFound
		}
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	if !publicPages[c.Path()] {
		c.Set("X-Robots-Tag", "noindex, nofollow")
	}
	return c.Send(p.index)
}
