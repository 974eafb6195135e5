package tlsserve

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/letsencrypt/pebble/v2/ca"
	"github.com/letsencrypt/pebble/v2/db"
	"github.com/letsencrypt/pebble/v2/va"
	"github.com/letsencrypt/pebble/v2/wfe"
	"github.com/miekg/dns"

	"github.com/bigdatacenter/portal/app/logtest"
)

// pebble is Let's Encrypt's ACME test server, run in this process on loopback: its directory
// and management endpoints over HTTPS (httptest's certificate, trusted through tls.acme_ca_file),
// its validation authority resolving every name to 127.0.0.1 through a tiny DNS server, so
// that HTTP-01 challenges really reach the portal's plain-HTTP listener.
type pebble struct {
	dirURL  string
	caFile  string // the certificate of the ACME server's own HTTPS endpoints
	root    *x509.CertPool
	orders  atomic.Int64 // new-order requests received
	logs    *logtest.Buffer
	handler atomic.Pointer[http.Handler]
	ready   chan struct{}
}

// newPebble starts the ACME endpoints at once; requests wait until connect gives the port on
// which the validation authority finds the portal's HTTP listener.
func newPebble(t *testing.T) *pebble {
	t.Helper()
	// No random sleeps before validations and no deliberately refused nonces: a fast,
	// deterministic CA. Validation itself stays real (PEBBLE_VA_ALWAYS_VALID is not set).
	t.Setenv("PEBBLE_VA_NOSLEEP", "1")
	t.Setenv("PEBBLE_WFE_NONCEREJECT", "0")
	t.Setenv("PEBBLE_AUTHZREUSE", "0")
	p := &pebble{logs: &logtest.Buffer{}, ready: make(chan struct{})}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-p.ready:
		case <-r.Context().Done():
			return
		}
		if r.Method == http.MethodPost && r.URL.Path == "/order-plz" {
			p.orders.Add(1)
		}
		(*p.handler.Load()).ServeHTTP(w, r)
	}))
	srv.StartTLS()
	t.Cleanup(srv.Close)
	p.dirURL = srv.URL + "/dir"
	p.caFile = filepath.Join(t.TempDir(), "acme-server.pem")
	writePEM(t, p.caFile, "CERTIFICATE", srv.Certificate().Raw)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("pebble log:\n%s", p.logs)
		}
	})
	return p
}

// connect builds the CA, its validation authority (HTTP-01 on httpPort, TLS-ALPN-01 on
// tlsPort) and its management endpoint, and fetches the root that signs the certificates.
func (p *pebble) connect(t *testing.T, httpPort, tlsPort int) {
	t.Helper()
	logger := log.New(p.logs, "pebble ", log.Lmicroseconds)
	store := db.NewMemoryStore()
	authority := ca.New(logger, store, "", "ecdsa", 0, 1, map[string]ca.Profile{"default": {Description: "default"}})
	validator := va.New(logger, httpPort, tlsPort, false, startDNS(t), store)
	front := wfe.New(logger, store, validator, authority, []string{"pebble.letsencrypt.org"}, false, false, 0, 0)
	h := front.Handler()
	p.handler.Store(&h)
	close(p.ready)

	mgmt := httptest.NewTLSServer(front.ManagementHandler())
	t.Cleanup(mgmt.Close)
	res, err := mgmt.Client().Get(mgmt.URL + wfe.RootCertPath + "0")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	root, _ := io.ReadAll(res.Body)
	p.root = x509.NewCertPool()
	if res.StatusCode != 200 || !p.root.AppendCertsFromPEM(root) {
		t.Fatalf("pebble root: %d %s", res.StatusCode, root)
	}
}

// startDNS answers every A question with 127.0.0.1 (and nothing else), over TCP as Pebble asks.
func startDNS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{Listener: ln, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		for _, q := range r.Question {
			if q.Qtype == dns.TypeA {
				m.Answer = append(m.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
					A:   net.IPv4(127, 0, 0, 1),
				})
			}
		}
		_ = w.WriteMsg(m)
	})}
	go func() { _ = srv.ActivateAndServe() }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

// portal is a Server with a small Fiber app on its HTTPS listener.
type portal struct {
	*Server
	app  *fiber.App
	logs *logtest.Buffer
}

func startPortal(t *testing.T, opt Options) *portal {
	t.Helper()
	logs := &logtest.Buffer{}
	opt.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if opt.HTTPSListen == "" {
		opt.HTTPSListen, opt.HTTPListen = "127.0.0.1:0", "127.0.0.1:0"
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/*", func(c *fiber.Ctx) error { return c.SendString("protocol=" + c.Protocol()) })
	errs := s.Start(app.Listener)
	select {
	case err := <-errs:
		t.Fatal(err)
	case <-time.After(20 * time.Millisecond):
	}
	p := &portal{Server: s, app: app, logs: logs}
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop shuts down the way serve does: the app (and its HTTPS listener), then the rest.
func (p *portal) stop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = p.app.ShutdownWithContext(ctx)
	if err := p.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
	if t.Failed() {
		t.Logf("portal log:\n%s", p.logs)
	}
}

func (p *portal) port(addr net.Addr) int { return addr.(*net.TCPAddr).Port }

// handshake connects to the HTTPS listener as a browser reaching name would, trusting roots.
func (p *portal) handshake(name string, roots *x509.CertPool, maxVersion uint16) (*x509.Certificate, error) {
	d := &net.Dialer{Timeout: 10 * time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", p.HTTPSAddr().String(), &tls.Config{
		ServerName: name, RootCAs: roots, MaxVersion: maxVersion,
	})
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0], nil
}

// get fetches a page over HTTPS for name.
func (p *portal) get(t *testing.T, name, path string, roots *x509.CertPool) (*http.Response, string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{ServerName: name, RootCAs: roots},
	}}
	res, err := client.Get(fmt.Sprintf("https://%s%s", p.HTTPSAddr(), path))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// closedPort is a loopback port with nothing listening: connections to it are refused at once.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// TestAutoCertificateFromACME obtains a certificate from Pebble through a real HTTP-01
// validation, serves it to listed names only, and reuses it from the cache after a restart.
func TestAutoCertificateFromACME(t *testing.T) {
	const listed, unlisted = "portail.test", "autre.test"
	pb := newPebble(t)
	cache := filepath.Join(t.TempDir(), "autocert")
	opt := Options{
		Mode: ModeAuto, Domains: []string{listed}, Email: "ops@example.com", CacheDir: cache,
		ACMEDirectory: pb.dirURL, ACMECAFile: pb.caFile,
	}
	first := startPortal(t, opt)
	// TLS-ALPN-01 (tried first by autocert) is pointed at a closed port so that the
	// certificate has to come through HTTP-01 on the portal's plain-HTTP listener.
	pb.connect(t, first.port(first.HTTPAddr()), closedPort(t))

	cert, err := first.handshake(listed, pb.root, 0)
	if err != nil {
		t.Fatalf("handshake for %s: %v", listed, err)
	}
	if cert.DNSNames[0] != listed || cert.PublicKeyAlgorithm != x509.ECDSA {
		t.Fatalf("served certificate for %v (%v), want %s (ECDSA)", cert.DNSNames, cert.PublicKeyAlgorithm, listed)
	}
	logs := pb.logs.String()
	if !strings.Contains(logs, "Attempting to validate w/ HTTP: http://"+listed+":") || !strings.Contains(logs, "set VALID by completed challenge") {
		t.Fatalf("the authorization was not validated over HTTP-01:\n%s", logs)
	}
	// Pages come over HTTPS, seen as such by the application (HSTS hangs on it).
	if res, body := first.get(t, listed, "/connexion", pb.root); res.StatusCode != 200 || body != "protocol=https" || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("GET over HTTPS = %d %q", res.StatusCode, body)
	}
	// Below TLS 1.2: refused.
	if _, err := first.handshake(listed, pb.root, tls.VersionTLS11); err == nil {
		t.Fatal("a TLS 1.1 handshake succeeded")
	}
	exp, ok := first.CertificateExpiry()
	if !ok || !exp.Equal(cert.NotAfter) {
		t.Fatalf("CertificateExpiry = %v %v, want %v", exp, ok, cert.NotAfter)
	}
	orders := pb.orders.Load()
	if orders == 0 {
		t.Fatal("no order reached Pebble")
	}

	// A name that is not listed gets no certificate and no order.
	if _, err := first.handshake(unlisted, pb.root, 0); err == nil {
		t.Fatalf("handshake for the unlisted %s succeeded", unlisted)
	}
	if _, err := first.handshake("", pb.root, 0); err == nil {
		t.Fatal("handshake without a server name succeeded")
	}
	if n := pb.orders.Load(); n != orders {
		t.Fatalf("the unlisted name caused %d new orders", n-orders)
	}

	// Plain HTTP: browsers are sent to HTTPS, same host and path.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://%s/projets/42?onglet=livrables", first.HTTPAddr()), nil)
	req.Host = listed
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	want := fmt.Sprintf("https://%s:%d/projets/42?onglet=livrables", listed, first.port(first.HTTPSAddr()))
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
		t.Fatalf("plain HTTP = %d %q, want 301 %q", res.StatusCode, res.Header.Get("Location"), want)
	}
	first.stop(t)

	// A restart reuses the cached certificate: the CA is unreachable now, and is not asked.
	opt.ACMEDirectory = fmt.Sprintf("https://127.0.0.1:%d/dir", closedPort(t))
	second := startPortal(t, opt)
	again, err := second.handshake(listed, pb.root, 0)
	if err != nil {
		t.Fatalf("handshake after restart: %v", err)
	}
	if again.SerialNumber.Cmp(cert.SerialNumber) != 0 {
		t.Fatalf("restart served another certificate (serial %v, was %v)", again.SerialNumber, cert.SerialNumber)
	}
	if n := pb.orders.Load(); n != orders {
		t.Fatalf("restart placed %d new orders", n-orders)
	}
	if _, ok := second.CertificateExpiry(); !ok {
		t.Fatal("no certificate expiry after restart")
	}
	if !strings.Contains(second.logs.String(), "tls: certificate ready") {
		t.Fatalf("the cached certificate was not loaded at start:\n%s", second.logs)
	}
}

func writePEM(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
