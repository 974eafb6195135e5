package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Hostile clients over real connections (issue 15, points 6 and 8): what app.Test cannot show,
// since it hands fasthttp a whole request at once.

// realServer replaces the harness's server by one with opt, on the same portal, served on
// loopback; it returns the listener's host:port.
func realServer(t *testing.T, h *harness, opt Options) string {
	t.Helper()
	opt.Frontend, opt.Log, opt.Hub = testFrontend, h.s.log, h.hub
	s, err := New(h.svc, opt)
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	h.base = serveForReal(t, h)
	return strings.TrimPrefix(h.base, "http://")
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange sends raw bytes on a new connection and returns all the server sent until it closed
// the connection (or 5 s passed).
func exchange(t *testing.T, addr, raw string) string {
	t.Helper()
	c := dial(t, addr)
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, _ := io.ReadAll(c)
	return string(out)
}

// authHeaders are the session headers of a signed-in browser.
func authHeaders(b *browser) string {
	return "Cookie: " + b.cookie + "\r\nX-CSRF-Token: " + b.csrf + "\r\n"
}

func TestAnonymousSlowUploadsAreCutAtTheShortDeadline(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{ReadTimeout: time.Second, TransferTimeout: time.Hour})
	path := fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID)

	// Twenty connections without a session trickle a body to an upload route, a byte every
	// 200 ms: each must be cut at the short read deadline (1 s here), not the transfer one.
	start := time.Now()
	cut := make([]time.Duration, 20)
	var wg sync.WaitGroup
	for i := range cut {
		c := dial(t, addr)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/octet-stream\r\nX-File-Name: lent.pdf\r\n"+
			"Content-Length: 100000\r\n\r\n%%PDF", path, addr)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for time.Since(start) < 5*time.Second {
				if _, err := c.Write([]byte("x")); err != nil {
					return
				}
				time.Sleep(200 * time.Millisecond)
			}
		}()
		go func() {
			defer wg.Done()
			_ = c.SetReadDeadline(start.Add(5 * time.Second))
			_, err := io.ReadAll(c)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				cut[i] = -1 // still open
				return
			}
			cut[i] = time.Since(start)
		}()
	}
	wg.Wait()
	for i, d := range cut {
		if d < 0 || d > 3*time.Second {
			t.Fatalf("anonymous slow upload %d: cut after %v (-1: still open after 5 s), want about 1 s", i, d)
		}
	}

	// A signed-in admin's slow upload gets the long deadline once its session is verified: it
	// may take longer than the short deadline.
	adm := h.login(h.cast.Admin.Email)
	head := strings.Repeat(" ", preReadBody-8)
	c := dial(t, addr)
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/octet-stream\r\nX-File-Name: lent.pdf\r\n"+
		"Content-Length: %d\r\n\r\n%%PDF-1.4%s", path, addr, authHeaders(adm), len("%PDF-1.4")+len(head)+20, head)
	for range 20 {
		time.Sleep(100 * time.Millisecond)
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatalf("the admin's slow upload was cut after %v: %v", time.Since(start), err)
		}
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || res.StatusCode != 201 {
		t.Fatalf("admin's slow upload (2 s > the 1 s short deadline) = %v %v", res, err)
	}
}

// openStreams opens n event streams for b and keeps them open until the test ends; it returns
// the status of each.
func openStreams(t *testing.T, b *browser, n int) []int {
	t.Helper()
	var statuses []int
	for range n {
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", b.h.base+"/api/v1/events", nil)
		req.Header.Set("Cookie", b.cookie)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cancel(); res.Body.Close() })
		if res.StatusCode != 200 {
			body, _ := io.ReadAll(res.Body)
			if code := decodeError(t, string(body)).Code; code != "too_many_streams" {
				t.Errorf("refused stream: %d %s", res.StatusCode, body)
			}
		}
		statuses = append(statuses, res.StatusCode)
	}
	return statuses
}

func TestStreamsPerUserAreCapped(t *testing.T) {
	h := newHarness(t)
	realServer(t, h, Options{MaxStreamsPerUser: 3})
	a1, b1 := h.login(h.cast.A1.Email), h.login(h.cast.B1.Email)
	if got := fmt.Sprint(openStreams(t, a1, 5)); got != "[200 200 200 429 429]" {
		t.Fatalf("five streams of one user with a cap of 3 = %s", got)
	}
	// The cap is per user: another one still gets its streams.
	if got := fmt.Sprint(openStreams(t, b1, 1)); got != "[200]" {
		t.Fatalf("another user's stream = %s", got)
	}
}

func TestUploadsPerUserAreCapped(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{})
	adm, a1 := h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)
	path := fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID)
	upload := func(b *browser, path, body string, length int) net.Conn {
		c := dial(t, addr)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/octet-stream\r\nX-File-Name: lent.pdf\r\n"+
			"Content-Length: %d\r\n\r\n%s", path, addr, authHeaders(b), length, body)
		return c
	}
	held := func() int {
		h.s.uploads.mu.Lock()
		defer h.s.uploads.mu.Unlock()
		return h.s.uploads.held[h.cast.Admin.ID]
	}
	waitHeld := func(n int) {
		for deadline := time.Now().Add(5 * time.Second); held() != n; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("uploads in progress = %d, want %d", held(), n)
			}
		}
	}
	status := func(c net.Conn) (int, string) {
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	// Four uploads in progress (the default cap): their bodies have started, not ended.
	start := "%PDF-1.4" + strings.Repeat(" ", preReadBody)
	var slow []net.Conn
	for range 4 {
		slow = append(slow, upload(adm, path, start, 1<<20))
	}
	waitHeld(4)
	code, body := status(upload(adm, path, "%PDF-1.4 cinq", len("%PDF-1.4 cinq")))
	if e := decodeError(t, body); code != 429 || e.Code != "too_many_uploads" || !strings.Contains(e.Message, "4 au plus") {
		t.Fatalf("fifth upload of one user = %d %s", code, body)
	}
	// Per user: a client's attachment goes through meanwhile.
	attach := fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectA.ID)
	if code, body := status(upload(a1, attach, "%PDF-1.4 pj", len("%PDF-1.4 pj"))); code != 201 {
		t.Fatalf("another user's upload = %d %s", code, body)
	}
	// An upload that ends gives its slot back.
	slow[0].Close()
	waitHeld(3)
	if code, body := status(upload(adm, path, "%PDF-1.4 cinq", len("%PDF-1.4 cinq"))); code != 201 {
		t.Fatalf("upload after one ended = %d %s", code, body)
	}
}

func TestAmbiguousBodyLengthIsRefused(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{})
	a1 := h.login(h.cast.A1.Email)
	path := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	count := func() int {
		var l struct{ Items []messageView }
		a1.do("GET", path, nil).json(t, &l)
		return len(l.Items)
	}
	before := count()
	body := `{"body":"coucou"}`
	chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
	for name, framing := range map[string]string{
		"two lengths":        fmt.Sprintf("Content-Length: 3\r\nContent-Length: %d\r\n\r\n%s", len(body), body),
		"length and chunked": fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%s", len(chunked), chunked),
		"chunked and length": fmt.Sprintf("Transfer-Encoding: chunked\r\nContent-Length: %d\r\n\r\n%s", len(chunked), chunked),
		"chunked twice":      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked,
		"another coding":     "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked,
	} {
		out := exchange(t, addr, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\n%s",
			path, addr, authHeaders(a1), framing))
		if !strings.HasPrefix(out, "HTTP/1.1 400 ") || strings.Count(out, "HTTP/1.1 ") != 1 || !strings.Contains(out, "Connection: close") {
			t.Errorf("%s: %q, want one 400 and the connection closed", name, out)
		}
	}
	if after := count(); after != before {
		t.Fatalf("messages %d → %d: an ambiguous request was stored", before, after)
	}
	// The same post, framed once, goes through.
	out := exchange(t, addr, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\nConnection: close\r\n"+
		"Content-Length: %d\r\nContent-Length: %[4]d\r\n\r\n%s", path, addr, authHeaders(a1), len(body), body))
	if !strings.HasPrefix(out, "HTTP/1.1 201 ") {
		t.Fatalf("a request with one length (repeated alike) = %q", out)
	}
}

func TestUnreadBodyIsNotReadAsTheNextRequest(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{})
	// A refused request whose handler never reads the body: beyond what fasthttp reads ahead,
	// the body must not be taken for the next request on the connection.
	smuggled := "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
	body := strings.Repeat("a", preReadBody) + smuggled + strings.Repeat("a", 4000)
	c := dial(t, addr)
	fmt.Fprintf(c, "POST /api/v1/auth/logout HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", addr, len(body))
	rd := bufio.NewReader(c)
	for i := 0; i < len(body); i += 1000 {
		_, _ = io.WriteString(c, body[i:min(i+1000, len(body))])
	}
	res, err := http.ReadResponse(rd, nil)
	if err != nil || res.StatusCode != 401 {
		t.Fatalf("anonymous logout = %v %v", res, err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = c.SetReadDeadline(time.Now().Add(3 * time.Second))
	if rest, _ := io.ReadAll(rd); len(rest) > 0 {
		t.Fatalf("the rest of the body was answered as a request: %q", rest)
	}
}

func TestRoutesAreCaseSensitive(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{})
	a1 := h.login(h.cast.A1.Email)
	get := func(path string) string {
		return exchange(t, addr, fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", path, addr, authHeaders(a1)))
	}
	name := h.cast.ProjectA.Name
	if out := get(fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID)); !strings.Contains(out, name) ||
		!strings.Contains(out, "Cache-Control: no-store") {
		t.Fatalf("the project by its address: %q", out)
	}
	for _, path := range []string{"/API/V1/PROJECTS/%d", "/Api/v1/projects/%d", "/api/v1/Projects/%d"} {
		out := get(fmt.Sprintf(path, h.cast.ProjectA.ID))
		if strings.Contains(out, name) {
			t.Errorf("%s answers the project: %q", path, out)
		}
		if strings.HasPrefix(path, "/api/") && !strings.Contains(out, "Cache-Control: no-store") {
			t.Errorf("%s: an API answer without no-store: %q", path, out)
		}
	}
}

func TestSameOriginComparesTheScheme(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{})
	login := func(origin string) string {
		body := `{"email":"nobody@example.com","password":"x"}`
		return exchange(t, addr, fmt.Sprintf("POST /api/v1/auth/login HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/json\r\n"+
			"Connection: close\r\nContent-Length: %d\r\n\r\n%s", addr, origin, len(body), body))
	}
	// The portal is served over plain HTTP: an https page of the same host is another origin.
	if out := login("https://" + addr); !strings.HasPrefix(out, "HTTP/1.1 403 ") || !strings.Contains(out, `"cross_site"`) {
		t.Fatalf("sign-in from https://%s on an http portal: %q", addr, out)
	}
	if out := login("http://" + addr); !strings.HasPrefix(out, "HTTP/1.1 401 ") {
		t.Fatalf("sign-in from the portal's own origin: %q", out)
	}
}

// A verified download and a live-event stream outlive the short write deadline: the download
// gets the transfer one as it starts writing, the stream renews its own at every write.
func TestTransfersAndStreamsOutliveTheShortWriteDeadline(t *testing.T) {
	h := newHarness(t)
	addr := realServer(t, h, Options{WriteTimeout: time.Second})
	adm, a1 := h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)
	data := []byte("%PDF-1.4 " + strings.Repeat("0123456789", 700_000))
	r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), rawFile{"gros.pdf", data})
	var d deliverableView
	if r.json(t, &d); r.status != 201 || len(d.Versions) == 0 {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	// A small receive buffer: the kernel cannot hold the whole file while the client waits.
	dialer := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	c, err := dialer.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /api/v1/versions/%d/download HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", d.Versions[0].ID, addr, authHeaders(a1))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("download = %v %v", res, err)
	}
	head := make([]byte, 64<<10)
	if _, err := io.ReadFull(res.Body, head); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond) // a slow reader, past the 1 s write deadline
	rest, err := io.ReadAll(res.Body)
	if got := len(head) + len(rest); err != nil || got != len(data) {
		t.Fatalf("slow download got %d of %d bytes: %v", got, len(data), err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/api/v1/events", nil)
	req.Header.Set("Cookie", a1.cookie)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("stream = %v %v", stream, err)
	}
	defer stream.Body.Close()
	time.Sleep(2500 * time.Millisecond)
	h.hub.Publish([]int64{h.cast.A1.ID}, "probe", map[string]int{"n": 1})
	rd := bufio.NewReader(stream.Body)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream ended before the event sent after the short write deadline: %v", err)
		}
		if line == "event: probe\n" {
			break
		}
	}
}
