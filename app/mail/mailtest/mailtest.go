// Package mailtest runs a real SMTP server on loopback for tests, so that e-mail is tested over
// the wire rather than against a mock (README,
// "Quick start": real parts in every test).
//
//	srv := mailtest.Start(t)
//	sender := mail.NewSender(srv.Config())
//	... // code under test sends mail
//	got := srv.WaitFor(t, 1, 5*time.Second)
//	if got[0].To[0] != "alice@example.test" || !strings.Contains(got[0].Text, "https://…") { … }
//
// Every received message is kept with its envelope, its raw data and its decoded subject, text
// and HTML parts. SetRefuse simulates an outage. The server stops when the test ends.
package mailtest

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/tlsserve/certtest"
)

// Options tune a server started with StartWith. The zero value is what Start uses.
type Options struct {
	// Username and Password, when set, make authentication (AUTH PLAIN) mandatory and checked.
	// Without them the server still offers AUTH PLAIN and accepts any credentials.
	Username, Password string
	// TLS is "" or "none" (plain SMTP), "starttls" (STARTTLS offered) or "tls" (implicit TLS),
	// with a certificate for 127.0.0.1, issued by a test CA that RootCAs trusts.
	TLS string
	// Addr, when set, is where to listen (default "127.0.0.1:0"): a test can point a program at a
	// port where nothing answers yet (connection refused), then start the server there.
	Addr string
}

// Received is one message the server accepted.
type Received struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)
	Data []byte   // the message as transmitted, headers and body
	// User is the authenticated username, empty without AUTH.
	User string
	// TLS tells whether the message came over an encrypted connection.
	TLS bool
	// Parsed from Data (see Parse); empty when Data is not a valid message, ParseErr says why.
	Message
	ParseErr error
}

// Server is a running test SMTP server.
type Server struct {
	// Host and Port where it listens (Host is 127.0.0.1).
	Host string
	Port int

	opt     Options
	srv     *smtp.Server
	rootCAs *x509.CertPool

	mu      sync.Mutex
	msgs    []Received
	refuse  bool
	refused int
	changed chan struct{} // closed and replaced whenever msgs grows
}

// Start runs a plain SMTP server on 127.0.0.1 with a random port, stopped when t ends.
func Start(t testing.TB) *Server { return StartWith(t, Options{}) }

// StartWith runs a server tuned by opt, stopped when t ends.
func StartWith(t testing.TB, opt Options) *Server {
	t.Helper()
	s := &Server{opt: opt, changed: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "mailtest.localhost"
	s.srv.AllowInsecureAuth = true // loopback only: PLAIN over plain SMTP is what tests exercise
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // a test's own assertions say what went wrong

	addr := opt.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("mailtest: listening: %v", err)
	}
	switch opt.TLS {
	case "", "none":
	case "starttls", "tls":
		cert, pool := loopbackCertificate(t)
		s.rootCAs = pool
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if opt.TLS == "tls" {
			l = tls.NewListener(l, s.srv.TLSConfig)
		}
	default:
		l.Close()
		t.Fatalf("mailtest: unknown TLS mode %q", opt.TLS)
	}
	bound := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = bound.IP.String(), bound.Port

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(l) // returns when Close is called
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		// Close only knows the listeners Serve has registered: a test that ends before the
		// goroutine above started would leave Serve accepting for ever.
		_ = l.Close()
		<-done
	})
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Config returns SMTP settings that point at this server, ready for mail.NewSender: its TLS mode,
// its credentials if it requires them, a short timeout and a sender address.
func (s *Server) Config() config.SMTP {
	mode := s.opt.TLS
	if mode == "" {
		mode = "none"
	}
	return config.SMTP{
		Host:     s.Host,
		Port:     s.Port,
		Username: s.opt.Username,
		Password: s.opt.Password,
		From:     "Portail BIGDATA CENTER <portail@example.test>",
		TLS:      mode,
		Timeout:  config.Duration(5 * time.Second),
	}
}

// RootCAs trusts the server's certificate (nil for a plain server).
func (s *Server) RootCAs() *x509.CertPool { return s.rootCAs }

// SetRefuse switches the outage simulation: while on, every MAIL, RCPT and DATA gets a 451
// temporary failure, as a mail server that is down or overloaded answers.
func (s *Server) SetRefuse(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = on
}

// Refused counts the commands answered with 451 so far: a test can check that a retry reached
// the server.
func (s *Server) Refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused
}

// Messages returns a copy of the messages accepted so far, in order of arrival.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// WaitFor waits until at least n messages arrived and returns them all; it fails t when they do
// not arrive within timeout. To check that no more than n arrive, compare len(Messages()) after
// the code under test has finished.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, changed := append([]Received(nil), s.msgs...), s.changed
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("mailtest: %d message(s) after %v, want %d", len(msgs), timeout, n)
			return nil
		}
	}
}

// refusal answers a command during an outage; nil when the server is up.
func (s *Server) refusal() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.refuse {
		return nil
	}
	s.refused++
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
		Message: "Service temporairement indisponible (mailtest)"}
}

func (s *Server) record(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{srv: s, conn: c, tlsAtStart: isTLS}, nil
}

// session is one SMTP connection; go-smtp calls it from the connection's goroutine only.
type session struct {
	srv        *Server
	conn       *smtp.Conn
	tlsAtStart bool
	user       string
	from       string
	to         []string
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		want := ss.srv.opt
		if want.Username != "" && (username != want.Username || password != want.Password) {
			return errors.New("invalid username or password")
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if err := ss.srv.refusal(); err != nil {
		return err
	}
	if ss.srv.opt.Username != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := ss.srv.refusal(); err != nil {
		return err
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	// The data must be read in full before answering, whatever the answer.
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := ss.srv.refusal(); err != nil {
		return err
	}
	_, isTLS := ss.conn.TLSConnectionState()
	rec := Received{From: ss.from, To: append([]string(nil), ss.to...), Data: raw, User: ss.user, TLS: isTLS || ss.tlsAtStart}
	rec.Message, rec.ParseErr = Parse(bytes.NewReader(raw))
	ss.srv.record(rec)
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// loopbackCertificate makes a certificate for 127.0.0.1 and the pool that trusts it.
func loopbackCertificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	ca := certtest.NewCA(t)
	return ca.Issue(t, 1, time.Now().Add(24*time.Hour), "127.0.0.1", "localhost"), ca.Pool
}
