// Package tlsserve serves the portal over HTTPS (N1, D3): with its own Let's Encrypt certificate
// through ACME (mode "auto", golang.org/x/crypto/acme/autocert), or with a certificate and key
// read from files (mode "files", e.g. from an internal certificate authority). Beside the HTTPS
// listener, a plain-HTTP listener answers ACME HTTP-01 challenges and redirects browsers to HTTPS.
//
// Mode "off" serves nothing here: the portal speaks plain HTTP on server.listen, normally behind a
// reverse proxy that terminates TLS.
//
// The package knows nothing of Fiber: Start hands the TLS listener to a serve function
// (fiber.App.Listener), whose owner closes it when it shuts down; Close stops the rest.
package tlsserve

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/periodic"
)

// Modes of the tls.mode key.
const (
	ModeOff   = "off"
	ModeAuto  = "auto"
	ModeFiles = "files"
)

// Options are the tls section of the configuration, with paths made absolute.
type Options struct {
	// Mode is off, auto or files.
	Mode string
	// Domains are the only names mode auto obtains certificates for.
	Domains []string
	// Email is the contact given to the certificate authority.
	Email string
	// CacheDir keeps the ACME account key and the certificates (mode auto).
	CacheDir string
	// CertFile and KeyFile are the PEM files of mode files.
	CertFile, KeyFile string
	// HTTPSListen and HTTPListen are the addresses of the two listeners.
	HTTPSListen, HTTPListen string
	// ACMEDirectory is the certificate authority's directory URL; empty: Let's Encrypt.
	ACMEDirectory string
	// ACMECAFile is a PEM file of extra roots trusted when talking to the ACME server.
	ACMECAFile string
	// Log receives what happens to certificates.
	Log *slog.Logger
	// CheckInterval is how often mode files looks for changed files; zero: one minute.
	CheckInterval time.Duration
	// RetryDelay is the first wait before mode auto tries again to obtain a certificate that it
	// could not get at start (doubling up to an hour); zero: two minutes.
	RetryDelay time.Duration
}

// OptionsFrom takes the tls section of cfg; the certificate cache defaults to <data.dir>/autocert.
func OptionsFrom(cfg config.Config, log *slog.Logger) Options {
	t := cfg.TLS
	cache := t.CacheDir
	if cache == "" {
		cache = cfg.DataPath("autocert")
	} else if abs, err := filepath.Abs(cache); err == nil {
		cache = abs
	}
	return Options{
		Mode: t.Mode, Domains: t.Domains, Email: t.Email, CacheDir: cache,
		CertFile: t.CertFile, KeyFile: t.KeyFile, HTTPSListen: t.HTTPSListen, HTTPListen: t.HTTPListen,
		ACMEDirectory: t.ACMEDirectory, ACMECAFile: t.ACMECAFile, Log: log,
	}
}

// Server holds the certificates and the two listeners of modes auto and files.
type Server struct {
	opt     Options
	log     *slog.Logger
	manager *autocert.Manager // mode auto
	files   *fileCert         // mode files
	tlsConf *tls.Config
	handler http.Handler // the plain-HTTP listener's: challenges, then redirect

	mu       sync.Mutex
	expiries map[string]time.Time // leaf expiry of each certificate served in mode auto
	httpsLn  net.Listener
	httpLn   net.Listener
	httpSrv  *http.Server
	cancel   context.CancelFunc
	closed   bool
	wg       sync.WaitGroup
}

// New prepares the certificates of the configured mode. It fails when mode files cannot read
// its certificate, or mode auto cannot create its cache or read its extra root.
func New(opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.CheckInterval <= 0 {
		opt.CheckInterval = time.Minute
	}
	if opt.RetryDelay <= 0 {
		opt.RetryDelay = 2 * time.Minute
	}
	s := &Server{opt: opt, log: opt.Log, expiries: map[string]time.Time{}}
	switch opt.Mode {
	case ModeOff, "":
		return s, nil
	case ModeAuto:
		if err := s.setupAuto(); err != nil {
			return nil, err
		}
	case ModeFiles:
		s.files = &fileCert{certFile: opt.CertFile, keyFile: opt.KeyFile}
		if _, err := s.files.load(true); err != nil {
			return nil, fmt.Errorf("tls.cert_file / tls.key_file: %w", err)
		}
		s.handler = http.HandlerFunc(s.redirect)
	default:
		return nil, fmt.Errorf("tls.mode: unknown mode %q", opt.Mode)
	}
	s.tlsConf = &tls.Config{
		// TLS 1.2 and 1.3 only; Go's default cipher suites for 1.2 are all forward-secret AEADs
		// or CBC with ECDHE.
		MinVersion:     tls.VersionTLS12,
		GetCertificate: s.getCertificate,
		// fasthttp speaks HTTP/1.1 only: never offer h2. acme-tls/1 lets mode auto answer
		// TLS-ALPN-01 challenges on the HTTPS port.
		NextProtos: []string{"http/1.1"},
	}
	if s.manager != nil {
		s.tlsConf.NextProtos = append(s.tlsConf.NextProtos, acme.ALPNProto)
	}
	return s, nil
}

func (s *Server) setupAuto() error {
	if len(s.opt.Domains) == 0 {
		return errors.New("tls.domains: mode \"auto\" needs at least one domain name")
	}
	if err := os.MkdirAll(s.opt.CacheDir, 0o700); err != nil {
		return fmt.Errorf("tls.cache_dir: %w", err)
	}
	client := &acme.Client{DirectoryURL: s.opt.ACMEDirectory, UserAgent: "portal"}
	if client.DirectoryURL == "" {
		client.DirectoryURL = autocert.DefaultACMEDirectory
	}
	if s.opt.ACMECAFile != "" {
		pem, err := os.ReadFile(s.opt.ACMECAFile)
		if err != nil {
			return fmt.Errorf("tls.acme_ca_file: %w", err)
		}
		roots, err := x509.SystemCertPool()
		if err != nil || roots == nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM(pem) {
			return fmt.Errorf("tls.acme_ca_file: %s holds no PEM certificate", s.opt.ACMECAFile)
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
		client.HTTPClient = &http.Client{Transport: tr, Timeout: time.Minute}
	}
	s.manager = &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      autocert.DirCache(s.opt.CacheDir),
		HostPolicy: autocert.HostWhitelist(s.opt.Domains...),
		Email:      s.opt.Email,
		Client:     client,
	}
	// Calling HTTPHandler turns HTTP-01 on, besides TLS-ALPN-01 on the HTTPS port.
	challenges := s.manager.HTTPHandler(http.HandlerFunc(s.redirect))
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/.well-known/acme-challenge/") {
			// The host policy is about names: a port in Host (a CA probing another port than
			// 80, as test CAs do) must not make a listed name look unlisted.
			r2 := r.Clone(r.Context())
			r2.Host = hostOnly(r.Host)
			challenges.ServeHTTP(w, r2)
			return
		}
		s.redirect(w, r)
	})
	return nil
}

// Enabled reports whether the portal serves HTTPS itself (mode auto or files).
func (s *Server) Enabled() bool { return s.tlsConf != nil }

// Mode is the configured mode.
func (s *Server) Mode() string {
	if s.opt.Mode == "" {
		return ModeOff
	}
	return s.opt.Mode
}

// TLSConfig is the configuration of the HTTPS listener (nil in mode off).
func (s *Server) TLSConfig() *tls.Config { return s.tlsConf }

// HTTPHandler answers the plain-HTTP listener: ACME challenges (mode auto), else a redirect to
// HTTPS.
func (s *Server) HTTPHandler() http.Handler { return s.handler }

// getCertificate picks the certificate of a handshake and remembers its expiry.
func (s *Server) getCertificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	if s.files != nil {
		return s.files.current(), nil
	}
	cert, err := s.manager.GetCertificate(hello)
	if err != nil {
		return nil, err
	}
	challenge := len(hello.SupportedProtos) == 1 && hello.SupportedProtos[0] == acme.ALPNProto
	if !challenge {
		s.remember(cert)
	}
	return cert, nil
}

func (s *Server) remember(cert *tls.Certificate) {
	leaf := cert.Leaf
	if leaf == nil && len(cert.Certificate) > 0 {
		leaf, _ = x509.ParseCertificate(cert.Certificate[0])
	}
	if leaf == nil || len(leaf.DNSNames) == 0 {
		return
	}
	key := strings.ToLower(leaf.DNSNames[0]) + "/" + leaf.PublicKeyAlgorithm.String()
	s.mu.Lock()
	s.expiries[key] = leaf.NotAfter
	s.mu.Unlock()
}

// CertificateExpiry is the expiry of the certificate served over HTTPS (the earliest one when
// several names have their own); false while none is known, and always in mode off.
func (s *Server) CertificateExpiry() (time.Time, bool) {
	if s.files != nil {
		if leaf := s.files.current().Leaf; leaf != nil {
			return leaf.NotAfter, true
		}
		return time.Time{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var first time.Time
	for _, t := range s.expiries {
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	return first, !first.IsZero()
}

// Reload reads the certificate files again (mode files; SIGHUP). Mode auto renews by itself.
func (s *Server) Reload() error {
	if s.files == nil {
		return nil
	}
	if _, err := s.files.load(true); err != nil {
		s.log.Error("tls: certificate files not reloaded, the previous certificate stays", "err", err)
		return err
	}
	s.logFileCert("tls: certificate reloaded")
	return nil
}

func (s *Server) logFileCert(msg string) {
	leaf := s.files.current().Leaf
	if leaf == nil {
		return
	}
	level := slog.LevelInfo
	if time.Until(leaf.NotAfter) < 14*24*time.Hour {
		level = slog.LevelWarn
	}
	s.log.Log(context.Background(), level, msg, "file", s.opt.CertFile, "names", leaf.DNSNames,
		"expires", leaf.NotAfter.UTC().Format(time.RFC3339))
}

// Start binds both listeners, serves HTTPS by handing the TLS listener to serve (which owns
// it from then on: fiber.App.Listener, closed by the app's Shutdown) and answers plain HTTP
// itself. The channel reports the first listener that fails. Close stops the rest.
func (s *Server) Start(serve func(net.Listener) error) <-chan error {
	errs := make(chan error, 3)
	report := func(err error) {
		s.mu.Lock()
		closed := s.closed
		s.mu.Unlock()
		if err != nil && !closed {
			select {
			case errs <- err:
			default:
			}
		}
	}
	if !s.Enabled() {
		errs <- errors.New("tlsserve: Start in mode off")
		return errs
	}
	httpsLn, err := net.Listen("tcp", s.opt.HTTPSListen)
	if err != nil {
		errs <- fmt.Errorf("listening on %s (tls.https_listen): %w", s.opt.HTTPSListen, err)
		return errs
	}
	httpLn, err := net.Listen("tcp", s.opt.HTTPListen)
	if err != nil {
		httpsLn.Close()
		errs <- fmt.Errorf("listening on %s (tls.http_listen): %w", s.opt.HTTPListen, err)
		return errs
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.httpsLn, s.httpLn, s.cancel = httpsLn, httpLn, cancel
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	httpSrv := s.httpSrv
	s.mu.Unlock()

	go func() {
		if err := serve(tls.NewListener(httpsLn, s.tlsConf)); err != nil {
			report(fmt.Errorf("serving HTTPS on %s: %w", httpsLn.Addr(), err))
		}
	}()
	go func() {
		if err := httpSrv.Serve(httpLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			report(fmt.Errorf("serving HTTP on %s: %w", httpLn.Addr(), err))
		}
	}()
	s.wg.Add(1)
	if s.manager != nil {
		go func() { defer s.wg.Done(); s.obtain(ctx) }()
	} else {
		s.logFileCert("tls: serving the certificate of tls.cert_file")
		go func() { defer s.wg.Done(); s.watchFiles(ctx) }()
	}
	return errs
}

// HTTPSAddr and HTTPAddr are the bound addresses (after Start).
func (s *Server) HTTPSAddr() net.Addr { s.mu.Lock(); defer s.mu.Unlock(); return addrOf(s.httpsLn) }
func (s *Server) HTTPAddr() net.Addr  { s.mu.Lock(); defer s.mu.Unlock(); return addrOf(s.httpLn) }

func addrOf(ln net.Listener) net.Addr {
	if ln == nil {
		return nil
	}
	return ln.Addr()
}

// Close stops the plain-HTTP listener (letting its requests finish until ctx ends), the
// certificate work in the background, and closes the HTTPS listener if its owner has not.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	httpSrv, httpsLn, cancel := s.httpSrv, s.httpsLn, s.cancel
	s.mu.Unlock()
	if cancel == nil {
		return nil // never started
	}
	cancel()
	_ = httpsLn.Close() // usually closed already by the app's shutdown
	err := httpSrv.Shutdown(ctx)
	if err != nil {
		_ = httpSrv.Close()
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		// An ACME order in flight ends by its own timeout; nothing waits for it.
	}
	return err
}

// obtain gets (or loads from the cache) the certificate of every listed name at start, so that
// the first visitor does not wait for it and a problem shows in the log at once; it tries again
// later, with a growing delay, for the names that failed.
func (s *Server) obtain(ctx context.Context) {
	pending := slices.Clone(s.opt.Domains)
	delay := s.opt.RetryDelay
	for {
		var failed []string
		for _, name := range pending {
			if ctx.Err() != nil {
				return
			}
			cert, err := s.getCertificate(warmHello(name))
			if err != nil {
				s.log.Error("tls: no certificate yet", "domain", name, "err", err,
					"hint", "the name must point at this server and ports 80 and 443 must be reachable")
				failed = append(failed, name)
				continue
			}
			if cert.Leaf != nil {
				s.log.Info("tls: certificate ready", "domain", name, "issuer", cert.Leaf.Issuer.CommonName,
					"expires", cert.Leaf.NotAfter.UTC().Format(time.RFC3339))
			}
		}
		if len(failed) == 0 {
			return
		}
		pending = failed
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, time.Hour)
	}
}

// warmHello is a handshake of a modern client: it selects the ECDSA certificate that browsers get.
func warmHello(name string) *tls.ClientHelloInfo {
	return &tls.ClientHelloInfo{
		ServerName:        name,
		CipherSuites:      []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
		SignatureSchemes:  []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256},
		SupportedCurves:   []tls.CurveID{tls.CurveP256},
		SupportedVersions: []uint16{tls.VersionTLS13, tls.VersionTLS12},
	}
}

// watchFiles reloads the certificate when its files change (a renewal by another tool).
func (s *Server) watchFiles(ctx context.Context) {
	periodic.Run(ctx, s.opt.CheckInterval, nil, func() bool {
		changed, err := s.files.load(false)
		switch {
		case err != nil:
			s.log.Warn("tls: changed certificate files could not be loaded, the previous certificate stays", "err", err)
		case changed:
			s.logFileCert("tls: certificate files changed, reloaded")
		}
		return true
	})
}

// redirect sends browsers to the same address over HTTPS.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request) {
	host := hostOnly(r.Host)
	if host == "" && len(s.opt.Domains) > 0 {
		host = s.opt.Domains[0]
	}
	if host == "" {
		http.Error(w, "Le portail n'est accessible qu'en HTTPS.", http.StatusBadRequest)
		return
	}
	port := ""
	if a, ok := s.HTTPSAddr().(*net.TCPAddr); ok && a.Port != 443 {
		port = fmt.Sprint(a.Port)
	}
	target := "https://" + joinHost(host, port) + r.URL.RequestURI()
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// A form sent in clear text is not replayed: the data has already crossed the network.
		http.Error(w, "Le portail n'est accessible qu'en HTTPS : "+target, http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", target)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusMovedPermanently)
	if r.Method == http.MethodGet {
		fmt.Fprintln(w, "Le portail a déménagé en HTTPS : "+target)
	}
}

// hostOnly strips the port of a Host header value ("[::1]:80" gives "::1").
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

func joinHost(host, port string) string {
	if port != "" {
		return net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// fileCert is the certificate of mode files, reloaded when its files change.
type fileCert struct {
	certFile, keyFile string
	mu                sync.RWMutex
	cert              *tls.Certificate
	stamp             string // sizes and modification times of the files last loaded
}

func (f *fileCert) current() *tls.Certificate {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cert
}

// load reads the pair when forced or when the files changed since the last load; a pair that
// does not load leaves the previous certificate in place (and is tried again next time).
func (f *fileCert) load(force bool) (bool, error) {
	stamp, err := f.fileStamp()
	if err != nil {
		return false, err
	}
	f.mu.RLock()
	same := stamp == f.stamp
	f.mu.RUnlock()
	if same && !force {
		return false, nil
	}
	cert, err := tls.LoadX509KeyPair(f.certFile, f.keyFile)
	if err != nil {
		return false, err
	}
	if cert.Leaf == nil {
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return false, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	changed := f.cert == nil || !slices.EqualFunc(f.cert.Certificate, cert.Certificate, func(a, b []byte) bool { return string(a) == string(b) })
	f.cert, f.stamp = &cert, stamp
	return changed, nil
}

func (f *fileCert) fileStamp() (string, error) {
	var b strings.Builder
	for _, p := range []string{f.certFile, f.keyFile} {
		st, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%d/%d;", st.Size(), st.ModTime().UnixNano())
	}
	return b.String(), nil
}
