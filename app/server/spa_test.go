package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// The frontend's text files go out compressed with what the browser accepts, and decode to
// the very bytes of the build; API answers keep their own (fast) compression.
func TestFrontendFilesAreSentCompressed(t *testing.T) {
	app := newTestServer(t).App()
	script := bytes.Repeat([]byte(`console.log("application du portail");`+"\n"), 200)
	get := func(path, accept string) (body []byte, encoding, vary string) {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		res, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s = %d %s", path, res.StatusCode, b)
		}
		return b, res.Header.Get("Content-Encoding"), res.Header.Get("Vary")
	}
	decode := func(b []byte, encoding string) []byte {
		t.Helper()
		var r io.Reader = bytes.NewReader(b)
		switch encoding {
		case "br":
			r = brotli.NewReader(r)
		case "gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		}
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct{ accept, want string }{
		{"gzip, deflate, br", "br"}, {"gzip", "gzip"}, {"br;q=0, gzip;q=1", "gzip"}, {"br;q=0.5", "br"}, {"", ""},
		{"identity", ""}, {"*", "br"}, {"gzip;q=0.0, *", "br"}, {"br;q=0, *;q=0.1", "gzip"},
	} {
		b, enc, vary := get("/assets/big-abc123.js", c.accept)
		if enc != c.want || !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, Vary %q; want %q", c.accept, enc, vary, c.want)
		}
		if got := decode(b, enc); !bytes.Equal(got, script) {
			t.Errorf("Accept-Encoding %q: decoded %d bytes, not the file's %d", c.accept, len(got), len(script))
		}
		if c.want != "" && len(b) >= len(script)/5 {
			t.Errorf("%s: %d bytes for a %d-byte repetitive file", c.want, len(b), len(script))
		}
	}
	// A file compression cannot shrink goes as it is: this test's index.html is tiny.
	b, enc, _ := get("/tableau-de-bord", "gzip")
	if enc != "" || !strings.Contains(string(b), "Portail client") {
		t.Errorf("tiny index: encoding %q, body %q", enc, b)
	}
	// API answers still go through the compression middleware.
	if _, enc, _ := get("/healthz", "gzip"); enc != "" {
		t.Errorf("/healthz (not under /api) compressed: %q", enc)
	}
}

// The installable app's files: the worker is checked by browsers on each visit (no-cache), the
// manifest has its own type, and index.html's canonical link is absolute from server.public_url.
// A guide's Markdown goes as compressed text.
func TestSPAInstallableAppAndCanonical(t *testing.T) {
	files := fstest.MapFS{
		"index.html":                      {Data: []byte(`<head><link rel="canonical" href="/connexion" /></head>`)},
		"sw.js":                           {Data: []byte(`self.addEventListener("fetch", () => {});`)},
		"manifest.webmanifest":            {Data: []byte(`{"name":"Portail client","display":"standalone"}`)},
		"assets/guide-client-Ab12Cd34.md": {Data: bytes.Repeat([]byte("## Suivre un projet\n\nLe portail montre vos projets.\n"), 50)},
	}
	for _, c := range []struct{ publicURL, canonical string }{
		{"https://portail.example.com/", `href="https://portail.example.com/connexion"`},
		{"", `href="/connexion"`},
	} {
		p, err := newSPA(files, c.publicURL)
		if err != nil {
			t.Fatal(err)
		}
		app := fiber.New()
		app.Get("/*", p.serve)
		get := func(path string) (*http.Response, string) {
			t.Helper()
			res, err := app.Test(httptest.NewRequest("GET", path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			return res, string(b)
		}
		if _, body := get("/connexion"); !strings.Contains(body, c.canonical) {
			t.Errorf("public URL %q: index.html = %s; want %s", c.publicURL, body, c.canonical)
		}
		if res, _ := get("/sw.js"); res.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
			t.Errorf("/sw.js: Cache-Control %q, Content-Type %q", res.Header.Get("Cache-Control"), res.Header.Get("Content-Type"))
		}
		if res, _ := get("/manifest.webmanifest"); res.Header.Get("Content-Type") != "application/manifest+json" {
			t.Errorf("/manifest.webmanifest: Content-Type %q", res.Header.Get("Content-Type"))
		}
		req := httptest.NewRequest("GET", "/assets/guide-client-Ab12Cd34.md", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Header.Get("Content-Type") != "text/markdown; charset=utf-8" || res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("a guide: Content-Type %q, Content-Encoding %q", res.Header.Get("Content-Type"), res.Header.Get("Content-Encoding"))
		}
	}
}
