package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/live"
	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/notify"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// harness is a portal on a fresh database with the fixture cast.
type harness struct {
	t    testing.TB
	s    *Server
	db   *store.DB
	cast portaltest.Cast
	auth config.Auth
	fs   storage.Store
	// base is the address of the real listener, once a test opened one.
	base string
	hub  *live.Hub
	// shift moves the portal's clock forward (nanoseconds), to reach due times without waiting.
	shift atomic.Int64
	svc   *portal.Service
	// retourNote and its file are the internal note in RetourA's thread (portaltest.RetourNote),
	// when the test wrote it.
	retourNote     store.Message
	retourNoteFile store.Attachment
}

// now is the portal's clock.
func (h *harness) now() time.Time { return time.Now().UTC().Add(time.Duration(h.shift.Load())) }

// advance moves the portal's clock forward.
func (h *harness) advance(d time.Duration) { h.shift.Add(int64(d)) }

// rawFile is a request body sent as is, the way the browser uploads a file.
type rawFile struct {
	name string
	data []byte
}

func newHarness(t *testing.T) *harness {
	return newHarnessWith(t, config.Default().Auth)
}

// every runs fn every d, in a goroutine of its own, until stop is called.
func every(d time.Duration, fn func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(d):
				fn()
			}
		}
	}()
	return func() { close(done) }
}

// newAdminHarness is the most common start of a test: a fresh harness and its admin signed in.
func newAdminHarness(t *testing.T) (*harness, *browser) {
	t.Helper()
	h := newHarness(t)
	return h, h.login(h.cast.Admin.Email)
}

func newHarnessB(b *testing.B, maxUpload int64) *harness {
	return newHarnessLimit(b, config.Default().Auth, maxUpload)
}

func newHarnessWith(t testing.TB, auth config.Auth) *harness {
	return newHarnessLimit(t, auth, 8<<20)
}

func newHarnessLimit(t testing.TB, auth config.Auth, maxUpload int64) *harness {
	t.Helper()
	return newHarnessOn(t, storetest.New(t), auth, maxUpload, 0)
}

// newHarnessOn is a harness on a given database, with a request timeout (the default when 0).
func newHarnessOn(t testing.TB, db *store.DB, auth config.Auth, maxUpload int64, timeout time.Duration) *harness {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	fs := testFiles(t)
	hub := live.NewHub()
	t.Cleanup(hub.Close)
	h := &harness{t: t, db: db, fs: fs, hub: hub, auth: auth}
	svc := portal.New(db, portal.Options{Log: quiet, PasswordParams: portaltest.FastHash, Auth: auth, Files: fs, Live: hub,
		Now:     func() time.Time { return time.Now().UTC().Add(time.Duration(h.shift.Load())) },
		Uploads: portal.UploadRules{MaxSize: maxUpload, Denied: config.Default().Uploads.DeniedExtensions}, RequestTimeout: timeout})
	h.svc = svc
	s, err := New(svc, Options{Frontend: testFrontend, Log: quiet, Hub: hub, RequestTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	h.s, h.cast = s, portaltest.New(t, db, fs)
	return h
}

// browser is one signed-in (or anonymous) visitor.
type browser struct {
	h      *harness
	cookie string
	csrf   string
}

func (h *harness) anonymous() *browser { return &browser{h: h} }

// login signs in and fails the test if it does not work.
func (h *harness) login(email string) *browser {
	h.t.Helper()
	b := h.anonymous()
	r := b.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": portaltest.Password})
	if r.status != 200 {
		h.t.Fatalf("login %s = %d %s", email, r.status, r.body)
	}
	var v sessionView
	r.json(h.t, &v)
	b.csrf = v.CSRFToken
	return b
}

// wantSession fails the test unless b's session is open (the account answers 200) or, when
// open is false, ended (401): what says which session and after what.
func (b *browser) wantSession(what string, open bool) {
	b.h.t.Helper()
	want := 401
	if open {
		want = 200
	}
	if r := b.do("GET", "/api/v1/account", nil); r.status != want {
		b.h.t.Fatalf("%s = %d %s, want %d", what, r.status, r.body, want)
	}
}

func (b *browser) do(method, path string, body any) response {
	b.h.t.Helper()
	r, err := b.try(method, path, body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	return r
}

// try is do for the goroutines of a concurrent test: it reports the transport's error rather
// than failing the test from a goroutine that is not the test's.
func (b *browser) try(method, path string, body any, headers ...[2]string) (response, error) {
	var rd io.Reader
	file, isFile := body.(rawFile)
	if isFile {
		rd = bytes.NewReader(file.data)
	} else if body != nil {
		raw, ok := body.(string)
		if !ok {
			enc, _ := json.Marshal(body)
			raw = string(enc)
		}
		rd = strings.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	if isFile {
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("X-File-Name", url.PathEscape(file.name))
	} else if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.cookie != "" {
		req.Header.Set("Cookie", b.cookie)
	}
	if b.csrf != "" {
		req.Header.Set(csrfHeader, b.csrf)
	}
	for _, h := range slices.Concat(extraHeaders, headers) {
		req.Header.Set(h[0], h[1])
	}
	res, err := b.h.s.App().Test(req, -1)
	if err != nil {
		return response{}, err
	}
	data, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.Name == b.h.s.cookieName() {
			if c.Value == "" {
				b.cookie = ""
			} else {
				b.cookie = c.Name + "=" + c.Value
			}
		}
	}
	return response{res.StatusCode, res.Header, string(data)}, nil
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.NewDecoder(bytes.NewReader([]byte(r.body))).Decode(v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
}

// getPage reads one page of a list as b; anything but 200 fails the test.
func getPage[T any](t testing.TB, b *browser, path string) pageView[T] {
	t.Helper()
	r := b.do("GET", path, nil)
	if r.status != 200 {
		t.Fatalf("%s = %d %s", path, r.status, r.body)
	}
	var page pageView[T]
	r.json(t, &page)
	return page
}

func (r response) errorCode(t testing.TB) string {
	t.Helper()
	return decodeError(t, r.body).Code
}

// doWith sends one request with extra headers.
func (b *browser) doWith(method, path string, body any, headers ...[2]string) response {
	b.h.t.Helper()
	saved := extraHeaders
	extraHeaders = headers
	defer func() { extraHeaders = saved }()
	return b.do(method, path, body)
}

var extraHeaders [][2]string

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// deliverMail runs the outbox once against a real SMTP server on loopback and returns what
// reached it.
func (h *harness) deliverMail(smtp *mailtest.Server, want int) []mailtest.Received {
	h.t.Helper()
	outbox := notify.NewOutbox(h.db, mail.NewSender(smtp.Config()), h.s.log, notify.OutboxOptions{Now: h.now})
	if _, _, err := outbox.RunOnce(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	return smtp.WaitFor(h.t, want, 10*time.Second)
}

// newMailHarness is the setting of the notification tests: a real SMTP server on loopback, the
// cast's disabled user disabled (disabled people are never notified), and the admin signed in.
func newMailHarness(t *testing.T) (*harness, *mailtest.Server, *browser) {
	t.Helper()
	h := newHarness(t)
	portaltest.Disable(t, h.db, h.cast.DisabledA.ID)
	return h, mailtest.Start(t), h.login(h.cast.Admin.Email)
}
