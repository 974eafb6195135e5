package server

import (
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/logtest"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// TestForwardedHeadersOnlyFromTrustedProxies: a client that sends X-Forwarded-For (to escape
// the per-IP sign-in throttling, or to forge the audit log's IP) or X-Forwarded-Proto changes
// nothing unless it is one of tls.trusted_proxies.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	svc := portal.New(storetest.New(t), portal.Options{})
	cases := []struct {
		name    string
		trusted []string
		wantIP  string
		hsts    bool
	}{
		{"no proxy configured", nil, "127.0.0.1", false},
		{"peer is not the proxy", []string{"10.1.2.3", "192.168.0.0/16"}, "127.0.0.1", false},
		{"peer is the proxy", []string{"127.0.0.1"}, "203.0.113.7", true},
		{"peer in the proxy range", []string{"10.0.0.0/8", "127.0.0.0/8"}, "203.0.113.7", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs := &logtest.Buffer{}
			s, err := New(svc, Options{Frontend: testFrontend, TrustedProxies: c.trusted,
				Log: slog.New(slog.NewTextHandler(logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			go func() { _ = s.App().Listener(ln) }()
			defer func() { _ = s.App().Shutdown() }()

			req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/healthz", nil)
			req.Header.Set("X-Forwarded-For", "203.0.113.7")
			req.Header.Set("X-Forwarded-Proto", "https")
			res, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Strict-Transport-Security") != ""; got != c.hsts {
				t.Errorf("HSTS on a plain-HTTP request claiming https: %v, want %v", got, c.hsts)
			}
			var ip string
			deadline := time.Now().Add(5 * time.Second)
			for ip == "" && time.Now().Before(deadline) {
				if m := regexp.MustCompile(`msg=request .* ip=(\S+)`).FindStringSubmatch(logs.String()); m != nil {
					ip = m[1]
				}
				time.Sleep(5 * time.Millisecond)
			}
			if ip != c.wantIP {
				t.Fatalf("c.IP() = %q, want %q\n%s", ip, c.wantIP, logs)
			}
		})
	}
}

func TestReadyzShowsCertificateExpiry(t *testing.T) {
	svc := portal.New(storetest.New(t), portal.Options{})
	expires := time.Date(2027, 2, 23, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	known := true
	s, err := New(svc, Options{Frontend: testFrontend, Log: slog.New(slog.NewTextHandler(&logtest.Buffer{}, nil)),
		CertificateExpiry: func() (time.Time, bool) { return expires, known }})
	if err != nil {
		t.Fatal(err)
	}
	r := do(t, s.App(), "GET", "/readyz")
	if r.status != 200 || !strings.Contains(r.body, `"certificate_expires":"2027-02-23T08:30:00Z"`) {
		t.Fatalf("readyz = %d %s", r.status, r.body)
	}
	known = false // e.g. mode auto before the first certificate arrived
	if r := do(t, s.App(), "GET", "/readyz"); r.status != 200 || strings.Contains(r.body, "certificate") {
		t.Fatalf("readyz without a certificate = %d %s", r.status, r.body)
	}
	// Plain HTTP (no callback): nothing about certificates.
	if r := do(t, newTestServer(t).App(), "GET", "/readyz"); strings.Contains(r.body, "certificate") {
		t.Fatalf("readyz in plain HTTP = %s", r.body)
	}
}
