package mail

import (
	"context"
	"errors"
	"net"
	netmail "net/mail"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
)

func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func TestSendDeliversAnEncodedMessage(t *testing.T) {
	srv := mailtest.Start(t)
	s := NewSender(srv.Config())
	if !s.Configured() {
		t.Fatal("Configured() = false with a host")
	}
	m := Message{
		To:      "Élodie Durand <elodie@example.test>",
		Subject: "Réinitialisation de votre mot de passe — accès à l'été",
		Text:    "Bonjour Élodie,\n\nVoici le lien :\nhttps://portail.example.test/r/abc\n",
		HTML:    "<p>Bonjour Élodie,</p><p>" + strings.Repeat("une très longue ligne ", 20) + "</p>",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	if got.ParseErr != nil {
		t.Fatalf("the message does not parse: %v\n%s", got.ParseErr, got.Data)
	}
	if got.From != "portail@example.test" || len(got.To) != 1 || got.To[0] != "elodie@example.test" {
		t.Fatalf("envelope from %q to %q", got.From, got.To)
	}
	// Headers travel as 7-bit ASCII: the subject as RFC 2047 encoded words that decode back.
	rawSubject := got.Header.Get("Subject")
	if !strings.Contains(strings.ToLower(rawSubject), "=?utf-8?") || strings.Contains(rawSubject, "é") {
		t.Fatalf("subject not RFC 2047 encoded: %q", rawSubject)
	}
	if got.Subject != m.Subject {
		t.Fatalf("decoded subject %q, want %q", got.Subject, m.Subject)
	}
	for i, b := range got.Data {
		if b >= 0x80 {
			t.Fatalf("8-bit byte at %d: the message must be 7-bit clean", i)
		}
	}
	if lf(got.Text) != m.Text || lf(got.HTML) != m.HTML {
		t.Fatalf("parts differ:\ntext %q\nhtml %q", got.Text, got.HTML)
	}
	if to, err := netmail.ParseAddress(got.Header.Get("To")); err != nil || to.Address != "elodie@example.test" {
		t.Fatalf("To header %q: %v", got.Header.Get("To"), err)
	}
	if from, err := netmail.ParseAddress(got.Header.Get("From")); err != nil || from.Name != "Portail BIGDATA CENTER" {
		t.Fatalf("From header %q: %v", got.Header.Get("From"), err)
	}
	if id := got.Header.Get("Message-Id"); !regexp.MustCompile(`^<[0-9a-f]{32}@example\.test>$`).MatchString(id) {
		t.Fatalf("Message-Id %q", id)
	}
	if d, err := got.Header.Date(); err != nil || time.Since(d).Abs() > time.Minute {
		t.Fatalf("Date header %q: %v", got.Header.Get("Date"), err)
	}
	if got.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Fatalf("Auto-Submitted header %q", got.Header.Get("Auto-Submitted"))
	}
}

func TestSendRendersTemplatesFaithfully(t *testing.T) {
	srv := mailtest.Start(t)
	subject, text, html, err := Render("password_reset", "fr", PasswordReset{Name: "Zoé", Link: "https://portail.example.test/r/xyz",
		ExpiresAt: "2 déc. 2026 à 14:30"})
	if err != nil {
		t.Fatal(err)
	}
	if err := NewSender(srv.Config()).Send(context.Background(), Message{To: "zoe@example.test", Subject: subject, Text: text, HTML: html}); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	if got.Subject != subject || lf(got.Text) != text || lf(got.HTML) != html {
		t.Fatalf("the received e-mail differs from the rendered one:\n%q\n%q", got.Subject, got.Text)
	}
}

func TestSendRefusesHeaderInjection(t *testing.T) {
	srv := mailtest.Start(t)
	s := NewSender(srv.Config())
	for name, m := range map[string]Message{
		"CRLF in To":       {To: "a@example.test\r\nBcc: evil@example.test", Subject: "s", Text: "t"},
		"LF in To":         {To: "a@example.test\nBcc: evil@example.test", Subject: "s", Text: "t"},
		"CRLF in Subject":  {To: "a@example.test", Subject: "Bonjour\r\nBcc: evil@example.test", Text: "t"},
		"CR in Subject":    {To: "a@example.test", Subject: "Bonjour\rX-Injected: 1", Text: "t"},
		"bad address":      {To: "pas une adresse", Subject: "s", Text: "t"},
		"two recipients":   {To: "a@example.test, evil@example.test", Subject: "s", Text: "t"},
		"no body":          {To: "a@example.test", Subject: "s"},
		"no subject":       {To: "a@example.test", Subject: " ", Text: "t"},
		"NUL in Subject":   {To: "a@example.test", Subject: "a\x00b", Text: "t"},
		"unicode LS in To": {To: "a@example.test\u0085", Subject: "s", Text: "t"},
	} {
		err := s.Send(context.Background(), m)
		if !errors.Is(err, ErrInvalidMessage) || !Permanent(err) {
			t.Errorf("%s: Send = %v, want a permanent ErrInvalidMessage", name, err)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d message(s) reached the server", n)
	}
}

func TestSendAuthenticates(t *testing.T) {
	srv := mailtest.StartWith(t, mailtest.Options{Username: "portail", Password: "s3cret"})
	msg := Message{To: "a@example.test", Subject: "s", Text: "t"}
	cfg := srv.Config()
	if err := NewSender(cfg).Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if got := srv.WaitFor(t, 1, 5*time.Second)[0]; got.User != "portail" {
		t.Fatalf("authenticated as %q", got.User)
	}
	cfg.Password = "wrong"
	if err := NewSender(cfg).Send(context.Background(), msg); err == nil || Permanent(err) {
		t.Fatalf("a wrong password: Send = %v, want a retryable error", err)
	}
	cfg.Username = ""
	if err := NewSender(cfg).Send(context.Background(), msg); err == nil {
		t.Fatal("no credentials on a server that requires them: Send succeeded")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages, want only the authenticated one", n)
	}
}

func TestSendOverTLS(t *testing.T) {
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			srv := mailtest.StartWith(t, mailtest.Options{TLS: mode, Username: "portail", Password: "s3cret"})
			s := NewSender(srv.Config())
			s.tls.RootCAs = srv.RootCAs()
			if err := s.Send(context.Background(), Message{To: "a@example.test", Subject: "s", Text: "t"}); err != nil {
				t.Fatal(err)
			}
			if got := srv.WaitFor(t, 1, 5*time.Second)[0]; !got.TLS || got.User != "portail" {
				t.Fatalf("received with TLS=%v user=%q", got.TLS, got.User)
			}
			// Without trusting the certificate the sender must refuse, not fall back.
			if err := NewSender(srv.Config()).Send(context.Background(), Message{To: "a@example.test", Subject: "s", Text: "t"}); err == nil {
				t.Fatal("an untrusted certificate was accepted")
			}
		})
	}
}

func TestStartTLSIsNeverSkipped(t *testing.T) {
	srv := mailtest.Start(t) // offers no STARTTLS
	cfg := srv.Config()
	cfg.TLS = "starttls"
	err := NewSender(cfg).Send(context.Background(), Message{To: "a@example.test", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send = %v, want a refusal to send in clear text", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d message(s) sent in clear text", n)
	}
}

func TestSendDuringAnOutage(t *testing.T) {
	srv := mailtest.Start(t)
	s := NewSender(srv.Config())
	msg := Message{To: "a@example.test", Subject: "s", Text: "t"}
	srv.SetRefuse(true)
	err := s.Send(context.Background(), msg)
	if err == nil || Permanent(err) || !strings.Contains(err.Error(), "451") {
		t.Fatalf("Send during the outage = %v, want a retryable 451", err)
	}
	if srv.Refused() == 0 {
		t.Fatal("the server refused nothing")
	}
	srv.SetRefuse(false)
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	srv.WaitFor(t, 1, 5*time.Second)
}

// silentServer accepts connections and never answers, as a hung mail server does.
func silentServer(t *testing.T) config.SMTP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	addr := l.Addr().(*net.TCPAddr)
	return config.SMTP{Host: "127.0.0.1", Port: addr.Port, From: "portail@example.test", TLS: "none",
		Timeout: config.Duration(300 * time.Millisecond)}
}

func TestSendTimesOut(t *testing.T) {
	s := NewSender(silentServer(t))
	start := time.Now()
	err := s.Send(context.Background(), Message{To: "a@example.test", Subject: "s", Text: "t"})
	if !errors.Is(err, os.ErrDeadlineExceeded) || Permanent(err) {
		t.Fatalf("Send = %v, want a retryable timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Send took %v with a 300ms timeout", d)
	}
}

func TestSendStopsWhenCancelled(t *testing.T) {
	cfg := silentServer(t)
	cfg.Timeout = config.Duration(time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := NewSender(cfg).Send(ctx, Message{To: "a@example.test", Subject: "s", Text: "t"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Send = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Send took %v after cancellation", d)
	}
}

func TestUnconfiguredSender(t *testing.T) {
	s := NewSender(config.SMTP{Port: 587, From: "portail@example.test", TLS: "starttls"})
	if s.Configured() {
		t.Fatal("Configured() = true without a host")
	}
	if err := s.Send(context.Background(), Message{To: "a@example.test", Subject: "s", Text: "t"}); !errors.Is(err, ErrNotConfigured) || Permanent(err) {
		t.Fatalf("Send = %v, want a retryable ErrNotConfigured", err)
	}
}
