package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveForReal runs the harness's app on a loopback port, for tests that need a real
// connection (streaming, cut transfers); app.Test buffers whole requests.
func serveForReal(t testing.TB, h *harness) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = h.s.App().Listener(ln) }()
	// Streams end first: the server's shutdown waits for every open connection.
	t.Cleanup(func() { h.hub.Close(); _ = h.s.App().Shutdown() })
	return "http://" + ln.Addr().String()
}

// cutReader sends n bytes, then fails as a dropped connection would.
type cutReader struct{ n int }

func (c *cutReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, errors.New("connection dropped")
	}
	k := min(len(p), c.n)
	for i := range p[:k] {
		p[i] = byte(i)
	}
	c.n -= k
	return k, nil
}

// waitNoTemp waits for the server to notice the cut and clean up after it.
func waitNoTemp(t *testing.T, h *harness) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if tmp, _ := h.fs.TempFiles(); len(tmp) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tmp, _ := h.fs.TempFiles()
	t.Fatalf("temporary files still there after a cut upload: %v", tmp)
}

// openStream opens an event stream over a real connection and returns its status, headers and
// first event (or the error body), then closes it.
func (b *browser) openStream(path string) response {
	b.h.t.Helper()
	if b.h.base == "" {
		b.h.base = serveForReal(b.h.t, b.h)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", b.h.base+path, nil)
	if b.cookie != "" {
		req.Header.Set("Cookie", b.cookie)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		data, _ := io.ReadAll(res.Body)
		return response{res.StatusCode, res.Header, string(data)}
	}
	rd := bufio.NewReader(res.Body)
	line, _ := rd.ReadString('\n')
	for !strings.HasPrefix(line, "event:") && line != "" {
		line, _ = rd.ReadString('\n')
	}
	return response{res.StatusCode, res.Header, line}
}
