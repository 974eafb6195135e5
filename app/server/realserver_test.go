package server

import (
	"errors"
	"net"
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
	t.Cleanup(func() { _ = h.s.App().Shutdown() })
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
