package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store/storetest"
)

// TestServeHTTPSFromFiles runs serve in mode "files": HTTPS with HSTS and the certificate's
// expiry in /readyz, plain HTTP redirected, SIGHUP reloading the certificate, and every
// listener closed when serve returns.
func TestServeHTTPSFromFiles(t *testing.T) {
	const name = "portail.interne.test"
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "portal.crt"), filepath.Join(dir, "portal.key")
	notAfter := time.Date(2031, 2, 23, 10, 0, 0, 0, time.UTC)
	roots := selfSigned(t, name, 1, notAfter, certFile, keyFile)
	httpsPort, httpPort := freePort(t), freePort(t)
	env := []string{
		"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + filepath.Join(dir, "data"),
		"PORTAL_LOG_LEVEL=warn", "PORTAL_SERVER_PUBLIC_URL=https://" + name,
		"PORTAL_TLS_MODE=files", "PORTAL_TLS_CERT_FILE=" + certFile, "PORTAL_TLS_KEY_FILE=" + keyFile,
		fmt.Sprintf("PORTAL_TLS_HTTPS_LISTEN=127.0.0.1:%d", httpsPort), fmt.Sprintf("PORTAL_TLS_HTTP_LISTEN=127.0.0.1:%d", httpPort),
	}
	signals := make(chan os.Signal)
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run([]string{"serve", "--config", filepath.Join(dir, "none.toml")},
			Env{Stdin: strings.NewReader(""), Stdout: logs, Stderr: logs, Environ: env, Signals: signals})
	}()

	client := func(roots *x509.CertPool) *http.Client {
		return &http.Client{Timeout: 5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport:     &http.Transport{TLSClientConfig: &tls.Config{ServerName: name, RootCAs: roots}}}
	}
	https := fmt.Sprintf("https://127.0.0.1:%d", httpsPort)
	var res *http.Response
	var err error
	for deadline := time.Now().Add(60 * time.Second); ; {
		if res, err = client(roots).Get(https + "/readyz"); err == nil {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d\n%s", code, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("HTTPS not ready: %v\n%s", err, logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"certificate_expires":"2031-02-23T10:00:00Z"`) {
		t.Fatalf("/readyz over HTTPS = %d %s", res.StatusCode, body)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Fatalf("no HSTS over HTTPS: %v", res.Header)
	}
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d/tableau-de-bord", httpPort), nil)
	req.Host = name
	if res, err = client(nil).Do(req); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != 301 || loc != fmt.Sprintf("https://%s:%d/tableau-de-bord", name, httpsPort) {
		t.Fatalf("plain HTTP = %d %q", res.StatusCode, loc)
	}

	// A renewed certificate, then SIGHUP (what systemctl reload sends): served at once.
	roots2 := selfSigned(t, name, 2, notAfter.Add(24*time.Hour), certFile, keyFile)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool {
		res, err := client(roots2).Get(https + "/readyz")
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return strings.Contains(string(b), `"certificate_expires":"2031-02-24T10:00:00Z"`)
	})

	close(signals)
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited with %d\n%s", code, logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not stop\n%s", logs)
	}
	for _, port := range []int{httpsPort, httpPort} {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Close()
			t.Errorf("port %d still accepts connections after serve returned", port)
		}
	}
}

// selfSigned writes a self-signed certificate for name and returns a pool that trusts it.
func selfSigned(t *testing.T, name string, serial int64, notAfter time.Time, certFile, keyFile string) *x509.CertPool {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: notAfter, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(key)
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
	}
}
