package cli

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/logtest"
	"github.com/bigdatacenter/portal/app/store/storetest"
	"github.com/bigdatacenter/portal/app/tlsserve/certtest"
)

// TestServeHTTPSFromFiles runs serve in mode "files": HTTPS with HSTS and the certificate's
// expiry in /readyz, plain HTTP redirected, SIGHUP reloading the certificate, and every
// listener closed when serve returns.
func TestServeHTTPSFromFiles(t *testing.T) {
	const name = "portail.interne.test"
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "portal.crt"), filepath.Join(dir, "portal.key")
	notAfter := time.Date(2031, 2, 23, 10, 0, 0, 0, time.UTC)
	roots := issued(t, name, 1, notAfter, certFile, keyFile)
	httpsPort, httpPort := freePort(t), freePort(t)
	env := []string{
		"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + filepath.Join(dir, "data"),
		"PORTAL_LOG_LEVEL=warn", "PORTAL_SERVER_PUBLIC_URL=https://" + name,
		"PORTAL_TLS_MODE=files", "PORTAL_TLS_CERT_FILE=" + certFile, "PORTAL_TLS_KEY_FILE=" + keyFile,
		fmt.Sprintf("PORTAL_TLS_HTTPS_LISTEN=127.0.0.1:%d", httpsPort), fmt.Sprintf("PORTAL_TLS_HTTP_LISTEN=127.0.0.1:%d", httpPort),
	}
	signals := make(chan os.Signal)
	logs := &logtest.Buffer{}
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
	roots2 := issued(t, name, 2, notAfter.Add(24*time.Hour), certFile, keyFile)
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

// issued writes a certificate for name, issued by a CA of its own, and returns a pool that
// trusts it.
func issued(t *testing.T, name string, serial int64, notAfter time.Time, certFile, keyFile string) *x509.CertPool {
	t.Helper()
	ca := certtest.NewCA(t)
	certtest.WriteFiles(t, ca.Issue(t, serial, notAfter, name), certFile, keyFile)
	return ca.Pool
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
	}
}

// TestServeTellsSystemd runs serve as systemd would (NOTIFY_SOCKET): with its port taken it
// fails without ever saying "portal listening" or READY=1; with the port free, READY=1 comes
// once the port accepts connections, STOPPING=1 when it is told to stop, and the variable is
// not left in the environment for the private database server to inherit.
func TestServeTellsSystemd(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	next := func(wait time.Duration) string {
		_ = conn.SetReadDeadline(time.Now().Add(wait))
		buf := make([]byte, 4096)
		n, err := conn.Read(buf)
		if err != nil {
			return ""
		}
		return string(buf[:n])
	}
	taken, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	environ := []string{"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + filepath.Join(dir, "data"),
		"PORTAL_LOG_LEVEL=info", "PORTAL_SERVER_PUBLIC_URL=http://localhost", "PORTAL_SERVER_LISTEN=" + taken.Addr().String()}
	serve := func(environ []string, signals chan os.Signal, logs *logtest.Buffer) int {
		t.Setenv("NOTIFY_SOCKET", sock)
		return Run([]string{"serve", "--config", filepath.Join(dir, "none.toml")},
			Env{Stdin: strings.NewReader(""), Stdout: logs, Stderr: logs, Environ: environ, Signals: signals})
	}

	logs := &logtest.Buffer{}
	if code := serve(environ, make(chan os.Signal), logs); code != 1 || !strings.Contains(logs.String(), "address already in use") {
		t.Fatalf("serve on a taken port = %d\n%s", code, logs)
	}
	if strings.Contains(logs.String(), "portal listening") {
		t.Errorf("\"portal listening\" logged although the port was taken:\n%s", logs)
	}
	if got := next(200 * time.Millisecond); got != "STOPPING=1\nSTATUS=stopping" {
		t.Errorf("systemd was told %q, want STOPPING=1 and no READY=1", got)
	}

	port := freePort(t)
	environ[len(environ)-1] = fmt.Sprintf("PORTAL_SERVER_LISTEN=127.0.0.1:%d", port)
	signals, logs := make(chan os.Signal), &logtest.Buffer{}
	done := make(chan int, 1)
	go func() { done <- serve(environ, signals, logs) }()
	got := next(60 * time.Second)
	if got != fmt.Sprintf("READY=1\nSTATUS=listening on 127.0.0.1:%d", port) {
		t.Fatalf("first notification = %q\n%s", got, logs)
	}
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
	if err != nil {
		t.Fatalf("READY=1 sent but the port refuses connections: %v", err)
	}
	c.Close()
	if v, ok := os.LookupEnv("NOTIFY_SOCKET"); ok {
		t.Errorf("NOTIFY_SOCKET=%q left in the environment of the children", v)
	}
	close(signals)
	if got := next(30 * time.Second); got != "STOPPING=1\nSTATUS=stopping" {
		t.Errorf("on stop systemd was told %q", got)
	}
	if code := <-done; code != 0 {
		t.Fatalf("serve exited with %d\n%s", code, logs)
	}
}
