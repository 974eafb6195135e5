// Package server is the HTTP face of the portal: one route table, middleware, thin handlers that
// turn requests into use-case calls, one error shape, and the embedded single-page application.
// It talks to the domain (app/portal) only, never to the database directly.
package server

import (
	"context"
	"io/fs"
	"log/slog"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/bigdatacenter/portal/app/live"
	"github.com/bigdatacenter/portal/app/portal"
)

// Options configure the HTTP layer.
type Options struct {
	// SharedDatabase: other portal processes write to the same database; the answers of the
	// Cached routes are then not kept (their writes do not move this process's data epoch).
	SharedDatabase bool
	Log            *slog.Logger
	// Frontend is the built SPA (index.html at its root).
	Frontend fs.FS
	// RequestTimeout bounds the domain work of one request.
	RequestTimeout time.Duration
	// Version is reported by /healthz.
	Version string
	// PublicURL is the address users type; an https URL makes cookies Secure and __Host- prefixed.
	PublicURL string
	// TransferTimeout bounds an upload or a download, which may take far longer than a request.
	// A Transfer route gets it once its session is verified; before that, the short deadlines.
	TransferTimeout time.Duration
	// ReadTimeout and WriteTimeout are the short deadlines of every request: reading it, its
	// headers and (until transferDeadlines) its body; writing its answer (30 s and 60 s when zero).
	ReadTimeout, WriteTimeout time.Duration
	// MaxUploadsPerUser and MaxStreamsPerUser cap what one user may hold open at once:
	// uploads in progress, live-event streams (4 and 8 when zero). Beyond, 429.
	MaxUploadsPerUser, MaxStreamsPerUser int
	// Hub carries live events to the browsers' event streams; no stream when nil.
	Hub *live.Hub
	// EventsReady reports the connection that carries live events to the other portal
	// processes (NATS), for /readyz; nil when the portal runs alone.
	EventsReady func() error
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
	// publicScheme is the scheme of PublicURL ("http" or "https").
	publicScheme string
	hub          *live.Hub
	// compress compresses the small JSON answers of API routes.
	compress fiber.Handler
	// uploads and streams count, per user, the uploads and event streams in progress.
	uploads, streams *slots
	// answers keeps the answers of the Cached routes.
	answers answerCache
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
		s.secure, s.publicHost, s.publicScheme = u.Scheme == "https", u.Host, u.Scheme
	}
	var err error
	if s.spa, err = newSPA(opt.Frontend, opt.PublicURL); err != nil {
		return nil, err
	}
	if opt.TransferTimeout == 0 {
		opt.TransferTimeout = 6 * time.Hour
	}
	if opt.ReadTimeout == 0 {
		opt.ReadTimeout = 30 * time.Second
	}
	if opt.WriteTimeout == 0 {
		opt.WriteTimeout = 60 * time.Second
	}
	if opt.MaxUploadsPerUser == 0 {
		opt.MaxUploadsPerUser = 4
	}
	if opt.MaxStreamsPerUser == 0 {
		opt.MaxStreamsPerUser = 8
	}
	s.opt = opt
	s.uploads = newSlots(opt.MaxUploadsPerUser, errTooManyUploads)
	s.streams = newSlots(opt.MaxStreamsPerUser, errTooManyStreams)
	// At the fastest level: API answers are small JSON, where level 1 saves nearly as many
	// bytes as the default for a third of the CPU. The frontend's files come compressed once
	// at the best levels (spa.send).
	s.compress = compress.New(compress.Config{Level: compress.LevelBestSpeed})
	s.app = fiber.New(s.fiberConfig())
	// Called once the headers are read, before any of the body: the place to refuse an
	// ambiguous body length.
	s.app.Server().HeaderReceived = checkFraming
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
		// One spelling per address, as for a reverse proxy's rules on /api/: /API/V1/... is not
		// an API route, so what the API answers always has the API routes' middleware.
		CaseSensitive: true,
		// Bodies stream: fasthttp reads at most their first 8 KiB before calling the handler,
		// which reads the rest as it arrives (uploads go straight to disk). JSON handlers read
		// at most maxJSONBody.
		StreamRequestBody: true,
		BodyLimit:         bodyBufferLimit,
		// No route takes multipart forms; fasthttp would otherwise spool one to disk before
		// any handler (hence any session check) runs.
		DisablePreParseMultipartForm: true,
		// The short deadlines of every request, and of a transfer until its session is
		// verified (transferDeadlines): a client without a session cannot hold a connection.
		ReadTimeout:    s.opt.ReadTimeout,
		WriteTimeout:   s.opt.WriteTimeout,
		IdleTimeout:    120 * time.Second,
		ReadBufferSize: 16 << 10,
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
	app.Use(framing)
}

// bodyBufferLimit is fasthttp's body limit; bodies stream, so it bounds only what fasthttp reads
// ahead of the handler (preReadBody at most): each handler bounds the rest.
const bodyBufferLimit = 1 << 20

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
