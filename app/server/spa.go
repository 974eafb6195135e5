package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// spa serves the built frontend: its files as they are, and index.html for every other path so
// that the History-API routes (/tableau-de-bord, /projets/42...) survive a reload. Text files
// are sent compressed at the best levels, computed once per file (the files never change while
// the binary runs), rather than at a fast level on every request.
type spa struct {
	files fs.FS
	index []byte
	// packed holds, per compressible file ("" for index.html), its compressed forms.
	packed map[string]*packedFile
}

type packedFile struct {
	once     sync.Once
	br, gzip []byte // nil when compression does not make it smaller
}

// compressible lists the extensions worth compressing (images other than SVG already are).
var compressible = map[string]bool{".js": true, ".css": true, ".html": true, ".svg": true, ".json": true, ".txt": true, ".map": true, ".webmanifest": true, ".md": true}

// contentTypes names the types of the bundle's files that neither Go's table nor the machine's
// may know (Go reads the latter from the system: a minimal server has none). The help pages
// fetch the guides' Markdown as text.
var contentTypes = map[string]string{".webmanifest": "application/manifest+json", ".md": "text/markdown; charset=utf-8"}

// publicPages are the pages search engines may index; every other page is private.
var publicPages = map[string]bool{"/connexion": true, "/mot-de-passe-oublie": true}

// newSPA reads the frontend; publicURL (server.public_url) makes index.html's canonical link
// absolute, as search engines want it (the page's script keeps that origin for the other pages).
func newSPA(files fs.FS, publicURL string) (*spa, error) {
	if files == nil {
		return nil, errors.New("server: no frontend")
	}
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, fmt.Errorf("server: the frontend has no index.html (build it with: cd embed/frontend && npm run build): %w", err)
	}
	if base := strings.TrimRight(publicURL, "/"); strings.HasPrefix(base, "http://") || strings.HasPrefix(base, "https://") {
		index = bytes.Replace(index, []byte(`<link rel="canonical" href="/`), []byte(`<link rel="canonical" href="`+base+`/`), 1)
	}
	p := &spa{files: files, index: index, packed: map[string]*packedFile{"": {}}}
	err = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && compressible[path.Ext(name)] {
			p.packed[name] = &packedFile{}
		}
		return err
	})
	return p, err
}

// send answers data (the file name, "" for index.html), compressed when the browser accepts it.
func (p *spa) send(c *fiber.Ctx, name string, data []byte) error {
	pf := p.packed[name]
	if pf == nil {
		return c.Send(data)
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	pf.once.Do(func() { pf.br, pf.gzip = pack(data) })
	br, gz := acceptedEncodings(c.Get(fiber.HeaderAcceptEncoding))
	switch {
	case br && pf.br != nil:
		c.Set(fiber.HeaderContentEncoding, "br")
		return c.Send(pf.br)
	case gz && pf.gzip != nil:
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(pf.gzip)
	}
	return c.Send(data)
}

// acceptedEncodings reads Accept-Encoding: brotli and gzip count when listed without q=0 (or
// through "*"); brotli, the smaller, is preferred whenever both are.
func acceptedEncodings(header string) (br, gz bool) {
	star := false
	seen := map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		ok := true
		if q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); found {
			ok = strings.Trim(q, "0.") != ""
		}
		seen[name] = true
		switch name {
		case "br":
			br = ok
		case "gzip", "x-gzip":
			gz = ok
		case "*":
			star = ok
		}
	}
	if star {
		br, gz = br || !seen["br"], gz || !seen["gzip"]
	}
	return br, gz
}

// pack compresses data with brotli and gzip at their best levels; a form that is not smaller
// than data is dropped.
func pack(data []byte) (br, gz []byte) {
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := bw.Write(data); err == nil && bw.Close() == nil && b.Len() < len(data) {
		br = bytes.Clone(b.Bytes())
	}
	b.Reset()
	gw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := gw.Write(data); err == nil && gw.Close() == nil && b.Len() < len(data) {
		gz = bytes.Clone(b.Bytes())
	}
	return br, gz
}

func (p *spa) serve(c *fiber.Ctx) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
	if name != "" && name != "index.html" {
		if data, err := fs.ReadFile(p.files, name); err == nil {
			ctype := contentTypes[path.Ext(name)]
			if ctype == "" {
				ctype = mime.TypeByExtension(path.Ext(name))
			}
			if ctype == "" {
				ctype = fiber.MIMEOctetStream
			}
			c.Set(fiber.HeaderContentType, ctype)
			if strings.HasPrefix(name, "assets/") {
				// File names under assets/ carry a content hash: they never change.
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			} else if name == "sw.js" {
				// The service worker: browsers compare it on each visit, so a new version takes over.
				c.Set(fiber.HeaderCacheControl, "no-cache")
			} else {
				c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
			}
			return p.send(c, name, data)
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
	return p.send(c, "", p.index)
}
