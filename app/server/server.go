// Package server is the HTTP face of the portal: one route table, middleware, thin handlers that
// turn requests into use-case calls, one error shape, and the embedded single-page application.
// It talks to the domain (app/portal) only, never to the database directly.
package server

import (
	"context"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/valyala/fasthttp"

	"github.com/bigdatacenter/portal/app/live"
	"github.com/bigdatacenter/portal/app/portal"
)

// Options configure the HTTP layer.
type Options struct {
	Log *slog.Logger
	// Frontend is the built SPA (index.html at its root).
	Frontend fs.FS
	// RequestTimeout bounds the domain work of one request.
	RequestTimeout time.Duration
	// Version is reported by /healthz.
	Version string
	// PublicURL is the address users type; an https URL makes cookies Secure and __Host- prefixed.
	PublicURL string
	// TransferTimeout bounds an upload or a download, which may take far longer than a request.
	TransferTimeout time.Duration
	// Hub carries live events to the browsers' event streams; no stream when nil.
	Hub *live.Hub
	// TrustedProxies are the addresses or CIDR ranges of the reverse proxies whose
	// X-Forwarded-For (client IP) and X-Forwarded-Proto/Host are believed (tls.trusted_proxies).
	// From any other peer these headers are ignored: client IPs, hence sign-in throttling and
	// the audit log, cannot be spoofed.
	TrustedProxies []string
	// CertificateExpiry, when set, reports the expiry of the certificate the portal serves over
	// HTTPS (false while there is none); /readyz shows it.
	CertificateExpiry func() (time.Time, bool)
}

// Server is the Fiber application with its dependencies.
type Server struct {
	app *fiber.App
	svc *portal.Service
	opt Options
	spa *spa
	log *slog.Logger
	// secure is true when users reach the portal over HTTPS.
	secure bool
	// publicHost is the host:port of PublicURL, accepted as Origin besides the request's Host.
	publicHost string
	hub        *live.Hub
}

// New builds the application and registers every route of the route table.
func New(svc *portal.Service, opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.RequestTimeout == 0 {
		opt.RequestTimeout = 10 * time.Second
	}
	s := &Server{svc: svc, opt: opt, log: opt.Log, hub: opt.Hub}
	if u, err := url.Parse(opt.PublicURL); err == nil {
		s.secure, s.publicHost = u.Scheme == "https", u.Host
	}
	var err error
	if s.spa, err = newSPA(opt.Frontend); err != nil {
		return nil, err
	}
	if opt.TransferTimeout == 0 {
		opt.TransferTimeout = 6 * time.Hour
	}
	s.opt = opt
	s.app = fiber.New(s.fiberConfig())
	s.app.Server().HeaderReceived = s.transferTimeouts
	s.useMiddleware(s.app)
	s.register(s.app)
	return s, nil
}

func (s *Server) fiberConfig() fiber.Config {
	cfg := fiber.Config{
		AppName: "portal",
		// Handlers hand values to the domain and to goroutines: copies, not fasthttp's reused buffers.
		Immutable:             true,
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		// Bodies stream: up to BodyLimit they are buffered, beyond it handlers read them as they
		// arrive (uploads go straight to disk). JSON handlers read at most maxJSONBody.
		StreamRequestBody: true,
		BodyLimit:         bodyBufferLimit,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ReadBufferSize:    16 << 10,
		// Forwarded headers count only from the listed reverse proxies; with none listed, from
		// nobody. The proxy must set X-Forwarded-For to the address it received the request
		// from (not append to what the client sent): the first valid address is taken.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          s.opt.TrustedProxies,
	}
	if len(s.opt.TrustedProxies) > 0 {
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
		cfg.EnableIPValidation = true
	}
	return cfg
}

// useMiddleware mounts what runs around every route, outermost first.
func (s *Server) useMiddleware(app *fiber.App) {
	// Random ids: a sequential one would tell how busy the portal is.
	app.Use(requestid.New(requestid.Config{ContextKey: localRequestID, Generator: utils.UUIDv4}))
	app.Use(s.logRequests)
	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}))
	app.Use(securityHeaders)
	app.Use(s.requestDeadline)
	// API answers only, at the fastest level: they are small JSON, where level 1 saves nearly
	// as many bytes as the default for a third of the CPU. The frontend's files come
	// compressed once at the best levels (spa.send). Never file transfers: they stream, they
	// are often compressed already, and compression would break byte ranges.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed, Next: func(c *fiber.Ctx) bool {
		return !strings.HasPrefix(c.Path(), "/api/") || isTransfer(c.Method(), c.OriginalURL()) || isEventStream(c.OriginalURL())
	}}))
}

// bodyBufferLimit is the largest body fasthttp reads before calling the handler.
const bodyBufferLimit = 1 << 20

// transferTimeouts gives file transfers their own read and write deadlines; every other
// request keeps the short ones that protect the server from slow clients.
func (s *Server) transferTimeouts(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path := string(h.RequestURI())
	if isTransfer(string(h.Method()), path) {
		return fasthttp.RequestConfig{ReadTimeout: s.opt.TransferTimeout, WriteTimeout: s.opt.TransferTimeout}
	}
	if isEventStream(path) {
		// The stream checks its session on every heartbeat; the write deadline only ends
		// connections that stopped reading.
		return fasthttp.RequestConfig{WriteTimeout: 24 * time.Hour}
	}
	return fasthttp.RequestConfig{}
}

func isEventStream(uri string) bool {
	path, _, _ := strings.Cut(uri, "?")
	return path == "/api/v1/events"
}

func isTransfer(method, uri string) bool {
	path, _, _ := strings.Cut(uri, "?")
	switch {
	case method == fiber.MethodGet && strings.HasPrefix(path, "/api/v1/versions/") && strings.HasSuffix(path, "/download"):
		return true
	case method == fiber.MethodPost && strings.HasPrefix(path, "/api/v1/admin/") &&
		(strings.HasSuffix(path, "/deliverables") || strings.HasSuffix(path, "/versions")):
		return true
	case method == fiber.MethodGet && strings.HasPrefix(path, "/api/v1/attachments/") && strings.HasSuffix(path, "/download"):
		return true
	case method == fiber.MethodPost && strings.HasPrefix(path, "/api/v1/projects/") && strings.HasSuffix(path, "/attachments"):
		return true
	}
	return false
}

// App exposes the Fiber application (tests use App().Test).
func (s *Server) App() *fiber.App { return s.app }

// Listen serves on addr until Shutdown.
func (s *Server) Listen(addr string) error { return s.app.Listen(addr) }

// Shutdown stops accepting connections and waits for in-flight requests up to ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error { return s.app.ShutdownWithContext(ctx) }

// ctx gives the domain a context bounded by the request timeout: Fiber's own context is not
// cancelled when the client goes away.
func (s *Server) ctx(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.UserContext(), s.opt.RequestTimeout)
}
