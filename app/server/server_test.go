package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var testFrontend = fstest.MapFS{
	"index.html":             {Data: []byte(`<!doctype html><html lang="fr"><title>Portail client</title></html>`)},
	"assets/index-abc123.js": {Data: []byte(`console.log("app")`)},
	"robots.txt":             {Data: []byte("User-agent: *\nDisallow: /api/\n")},
	"assets/big-abc123.js":   {Data: bytes.Repeat([]byte(`console.log("application du portail");`+"\n"), 200)},
}

func newTestServer(t *testing.T) *Server {
	t.Helper()
	svc := portal.New(storetest.New(t), portal.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s, err := New(svc, Options{Frontend: testFrontend, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, app *fiber.App, method, path string) response {
	t.Helper()
	res, err := app.Test(httptest.NewRequest(method, path, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, res.Header, string(b)}
}

// wireError is the error shape as an API client reads it.
type wireError struct {
	Code      string         `json:"code"`
	Message   string         `json:"message"`
	Params    map[string]any `json:"params"`
	Field     string         `json:"field"`
	RequestID string         `json:"request_id"`
}

func decodeError(t testing.TB, body string) wireError {
	t.Helper()
	var e struct{ Error wireError }
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("body is not the error shape: %v: %s", err, body)
	}
	if e.Error.Code == "" || e.Error.Message == "" || e.Error.RequestID == "" || e.Error.Params == nil {
		t.Fatalf("error shape incomplete: %s", body)
	}
	return e.Error
}

func TestSPAAndAPIRouting(t *testing.T) {
	app := newTestServer(t).App()
	cases := []struct {
		method, path string
		status       int
		contains     string
		cache        string
		robots       string
	}{
		{"GET", "/connexion", 200, "Portail client", "no-cache", ""},
		{"GET", "/tableau-de-bord", 200, "Portail client", "no-cache", "noindex, nofollow"},
		{"GET", "/projets/42/livrables", 200, `lang="fr"`, "no-cache", "noindex, nofollow"},
		{"GET", "/", 200, "Portail client", "no-cache", "noindex, nofollow"},
		{"GET", "/assets/index-abc123.js", 200, `console.log`, "public, max-age=31536000, immutable", ""},
		{"GET", "/robots.txt", 200, "Disallow: /api/", "public, max-age=3600", ""},
		{"GET", "/assets/missing-000.js", 404, `"code":"not_found"`, "no-store", ""},
		{"GET", "/api/v1/nope", 404, `"code":"not_found"`, "no-store", ""},
		{"POST", "/api/v1/nope", 404, `"code":"not_found"`, "no-store", ""},
		{"DELETE", "/api/anything/else", 404, `"code":"not_found"`, "no-store", ""},
		{"GET", "/healthz", 200, `"status":"ok"`, "no-store", ""},
		{"GET", "/readyz", 200, `"database":"ok"`, "no-store", ""},
	}
	for _, c := range cases {
		r := do(t, app, c.method, c.path)
		if r.status != c.status || !strings.Contains(r.body, c.contains) {
			t.Errorf("%s %s = %d %q, want %d containing %q", c.method, c.path, r.status, r.body, c.status, c.contains)
		}
		if got := r.header.Get("Cache-Control"); got != c.cache {
			t.Errorf("%s %s Cache-Control = %q, want %q", c.method, c.path, got, c.cache)
		}
		if got := r.header.Get("X-Robots-Tag"); got != c.robots {
			t.Errorf("%s %s X-Robots-Tag = %q, want %q", c.method, c.path, got, c.robots)
		}
		if r.header.Get("X-Request-Id") == "" {
			t.Errorf("%s %s has no X-Request-Id", c.method, c.path)
		}
		if c.status == 404 {
			e := decodeError(t, r.body)
			if e.RequestID != r.header.Get("X-Request-Id") {
				t.Errorf("request_id %q differs from the header %q", e.RequestID, r.header.Get("X-Request-Id"))
			}
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	app := newTestServer(t).App()
	for _, p := range []string{"/connexion", "/api/v1/nope", "/healthz"} {
		r := do(t, app, "GET", p)
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s CSP = %q", p, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s lacks nosniff or Referrer-Policy: %v", p, r.header)
		}
	}
}

func TestReadyzReportsDatabaseDown(t *testing.T) {
	db := storetest.New(t)
	svc := portal.New(db, portal.Options{})
	s, err := New(svc, Options{Frontend: testFrontend, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := do(t, s.App(), "GET", "/readyz")
	if r.status != 503 || !strings.Contains(r.body, "La base de données ne répond pas") {
		t.Fatalf("readyz with the database closed = %d %s", r.status, r.body)
	}
	if r := do(t, s.App(), "GET", "/healthz"); r.status != 200 {
		t.Fatalf("healthz must not depend on the database: %d", r.status)
	}
}

func TestPanicBecomes500WithRequestID(t *testing.T) {
	s := newTestServer(t)
	app := fiber.New(s.fiberConfig())
	s.useMiddleware(app)
	app.Get("/boom", func(c *fiber.Ctx) error { panic("kaboom") })
	app.Get("/after", func(c *fiber.Ctx) error { return c.SendString("still serving") })
	r := do(t, app, "GET", "/boom")
	if r.status != 500 {
		t.Fatalf("panic answered %d", r.status)
	}
	e := decodeError(t, r.body)
	if e.Code != "internal" || strings.Contains(r.body, "kaboom") || !strings.Contains(e.Message, "référence") {
		t.Fatalf("panic body leaks or is not explicit: %s", r.body)
	}
	if r := do(t, app, "GET", "/after"); r.status != 200 {
		t.Fatalf("the app stopped serving after a panic: %d", r.status)
	}
}

func TestDomainErrorsMapToStatus(t *testing.T) {
	s := newTestServer(t)
	app := fiber.New(s.fiberConfig())
	s.useMiddleware(app)
	app.Get("/invalid", func(c *fiber.Ctx) error {
		return portal.Invalid("name", errcode.TooLong, errcode.Params{"label": errcode.LabelClientName, "max": 200})
	})
	app.Get("/missing", func(c *fiber.Ctx) error { return portal.ErrNotFound })
	app.Get("/anon", func(c *fiber.Ctx) error { return portal.ErrUnauthenticated })
	app.Get("/big", func(c *fiber.Ctx) error { return fiber.ErrRequestEntityTooLarge })
	// The database lost under the request (a killed server, a Galera node gone): try again, not
	// an internal error.
	app.Get("/lost", func(c *fiber.Ctx) error {
		return fmt.Errorf("insert message: %w", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")})
	})
	app.Get("/bug", func(c *fiber.Ctx) error { return errors.New("a bug") })
	for path, want := range map[string]int{"/invalid": 422, "/missing": 404, "/anon": 401, "/big": 413, "/lost": 503, "/bug": 500} {
		r := do(t, app, "GET", path)
		e := decodeError(t, r.body)
		if r.status != want {
			t.Errorf("%s = %d, want %d", path, r.status, want)
		}
		// The code and its parameters for the interface, the French message for API clients.
		if path == "/invalid" && (e.Field != "name" || e.Code != "too_long" || e.Params["label"] != "client_name" ||
			e.Params["max"] != 200.0 || e.Message != "Le nom du client ne peut pas dépasser 200 caractères.") {
			t.Errorf("code, parameters or message not reported: %s", r.body)
		}
		if path == "/big" && (e.Code != "body_too_large" || len(e.Params) != 0) {
			t.Errorf("Fiber's error not given its code: %s", r.body)
		}
		if path == "/lost" && (e.Code != "unavailable" || r.header.Get("Retry-After") != "5") {
			t.Errorf("the database lost: %s, Retry-After %q", r.body, r.header.Get("Retry-After"))
		}
	}
}
