package tlsserve

import (
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/tlsserve/certtest"
)

func TestFilesCertificateServedAndReloaded(t *testing.T) {
	const name = "portail.interne.test"
	ca := certtest.NewCA(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "portal.crt"), filepath.Join(dir, "portal.key")
	exp1 := time.Now().Add(400 * 24 * time.Hour).Truncate(time.Second)
	certtest.WriteFiles(t, ca.Issue(t, 100, exp1, name), certFile, keyFile)

	p := startPortal(t, Options{Mode: ModeFiles, CertFile: certFile, KeyFile: keyFile, CheckInterval: 20 * time.Millisecond})
	cert, err := p.handshake(name, ca.Pool, 0)
	if err != nil || cert.SerialNumber.Int64() != 100 {
		t.Fatalf("handshake = %v, %v", cert, err)
	}
	if got, ok := p.CertificateExpiry(); !ok || !got.Equal(exp1) {
		t.Fatalf("CertificateExpiry = %v %v, want %v", got, ok, exp1)
	}
	if res, body := p.get(t, name, "/", ca.Pool); body != "protocol=https" {
		t.Fatalf("GET = %d %q", res.StatusCode, body)
	}
	if _, err := p.handshake(name, ca.Pool, tls.VersionTLS11); err == nil {
		t.Fatal("a TLS 1.1 handshake succeeded")
	}

	// A renewal written by another tool is picked up without a restart.
	exp2 := exp1.Add(24 * time.Hour)
	certtest.WriteFiles(t, ca.Issue(t, 101, exp2, name), certFile, keyFile)
	waitFor(t, func() bool {
		c, err := p.handshake(name, ca.Pool, 0)
		return err == nil && c.SerialNumber.Int64() == 101
	})
	if got, _ := p.CertificateExpiry(); !got.Equal(exp2) {
		t.Fatalf("CertificateExpiry after renewal = %v, want %v", got, exp2)
	}

	// A half-written pair (certificate of one key, the other key) keeps the previous one.
	other := t.TempDir()
	certtest.WriteFiles(t, ca.Issue(t, 102, exp2, name), filepath.Join(other, "c"), filepath.Join(other, "k"))
	k, _ := os.ReadFile(filepath.Join(other, "k"))
	if err := os.WriteFile(keyFile, k, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := p.Reload(); err == nil {
		t.Fatal("Reload accepted a key that does not match the certificate")
	}
	time.Sleep(60 * time.Millisecond) // the watcher sees the change too, and must keep the old pair
	if c, err := p.handshake(name, ca.Pool, 0); err != nil || c.SerialNumber.Int64() != 101 {
		t.Fatalf("after a bad pair: %v %v", c, err)
	}
	// Fixed: SIGHUP (systemctl reload portal) reloads at once.
	certtest.WriteFiles(t, ca.Issue(t, 103, exp2, name), certFile, keyFile)
	if err := p.Reload(); err != nil {
		t.Fatal(err)
	}
	if c, err := p.handshake(name, ca.Pool, 0); err != nil || c.SerialNumber.Int64() != 103 {
		t.Fatalf("after Reload: %v %v", c, err)
	}
	if !strings.Contains(p.logs.String(), "tls: certificate reloaded") {
		t.Fatalf("reload not logged:\n%s", p.logs)
	}

	// Plain HTTP redirects to HTTPS here too.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", "http://"+p.HTTPAddr().String()+"/connexion", nil)
	req.Host = name + ":80"
	res, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != 301 || !strings.HasPrefix(loc, "https://"+name+":") || !strings.HasSuffix(loc, "/connexion") {
		t.Fatalf("redirect = %d %q", res.StatusCode, loc)
	}
	req, _ = http.NewRequest("POST", "http://"+p.HTTPAddr().String()+"/api/v1/auth/login", strings.NewReader("{}"))
	res, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Fatalf("POST over plain HTTP = %d, want 400", res.StatusCode)
	}
}

func TestFilesModeNeedsReadableFiles(t *testing.T) {
	dir := t.TempDir()
	_, err := New(Options{Mode: ModeFiles, CertFile: filepath.Join(dir, "none.crt"), KeyFile: filepath.Join(dir, "none.key")})
	if err == nil || !strings.Contains(err.Error(), "tls.cert_file") {
		t.Fatalf("New with missing files = %v", err)
	}
}

func TestOffModeServesNothing(t *testing.T) {
	s, err := New(Options{Mode: ModeOff})
	if err != nil || s.Enabled() || s.TLSConfig() != nil {
		t.Fatalf("mode off = %v %v", s, err)
	}
	if _, ok := s.CertificateExpiry(); ok {
		t.Fatal("mode off reports a certificate")
	}
	if err := <-s.Start(nil); err == nil {
		t.Fatal("Start in mode off did not fail")
	}
}

func TestListenerInUseIsReported(t *testing.T) {
	ca := certtest.NewCA(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "c"), filepath.Join(dir, "k")
	certtest.WriteFiles(t, ca.Issue(t, 1, time.Now().Add(time.Hour), "x.test"), certFile, keyFile)
	p := startPortal(t, Options{Mode: ModeFiles, CertFile: certFile, KeyFile: keyFile})
	s, err := New(Options{Mode: ModeFiles, CertFile: certFile, KeyFile: keyFile,
		HTTPSListen: "127.0.0.1:0", HTTPListen: p.HTTPAddr().String()})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-s.Start(nil); err == nil || !strings.Contains(err.Error(), "tls.http_listen") {
		t.Fatalf("Start on a busy port = %v", err)
	}
}

func TestHostOnly(t *testing.T) {
	for in, want := range map[string]string{"a.test": "a.test", "a.test:80": "a.test", "[::1]:80": "::1", "[::1]": "::1", "": ""} {
		if got := hostOnly(in); got != want {
			t.Errorf("hostOnly(%q) = %q, want %q", in, got, want)
		}
	}
	if got := joinHost("::1", ""); got != "[::1]" {
		t.Errorf("joinHost = %q", got)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
