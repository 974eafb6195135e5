package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
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
