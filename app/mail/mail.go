// Package mail is the portal's one mailer: it composes e-mails with jordan-wright/email and hands
// them to the configured SMTP server. Nothing sends mail directly: the domain queues it in the
// outbox (store.InsertEmail) and the worker of app/notify calls Sender.Send.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jordan-wright/email"

	"github.com/bigdatacenter/portal/app/config"
)

// Message is one e-mail to one recipient.
type Message struct {
	To      string // an address, "alice@example.com" or "Alice <alice@example.com>"
	Subject string
	Text    string // the text/plain version
	HTML    string // the text/html version
}

var (
	// ErrInvalidMessage: the message can never be sent as it is (bad address, a line break in a
	// header, nothing to say). Retrying is pointless; Permanent reports it.
	ErrInvalidMessage = errors.New("invalid e-mail")
	// ErrNotConfigured: smtp.host is empty.
	ErrNotConfigured = errors.New("no SMTP server configured (smtp.host is empty)")
)

// Permanent tells whether retrying err can never succeed. Only a message the portal itself got
// wrong is: a 5xx answer from the server is not, because "relay denied" or "authentication
// failed" come from a configuration an administrator can fix, and the mail must then go out.
func Permanent(err error) bool { return errors.Is(err, ErrInvalidMessage) }

const defaultTimeout = 30 * time.Second

// Sender delivers messages to the SMTP server of the configuration. It is safe for concurrent use.
type Sender struct {
	cfg     config.SMTP
	from    *netmail.Address
	fromErr error
	tls     *tls.Config
	helo    string
	now     func() time.Time
}

// NewSender prepares a sender; a bad smtp.from shows at the first Send (the configuration
// validation normally stops it earlier).
func NewSender(cfg config.SMTP) *Sender {
	s := &Sender{
		cfg:  cfg,
		tls:  &tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12},
		helo: heloName(),
		now:  time.Now,
	}
	s.from, s.fromErr = netmail.ParseAddress(cfg.From)
	return s
}

// Configured tells whether a server is set; without one, e-mails wait in the outbox.
func (s *Sender) Configured() bool { return s.cfg.Host != "" }

// Send composes m and hands it to the server, within smtp.timeout and ctx.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if !s.Configured() {
		return ErrNotConfigured
	}
	if s.fromErr != nil {
		return fmt.Errorf("smtp.from %q: %w", s.cfg.From, s.fromErr)
	}
	to, err := m.recipient()
	if err != nil {
		return err
	}
	raw, err := s.compose(m, to)
	if err != nil {
		return err
	}
	return s.deliver(ctx, to, raw)
}

// recipient checks m and returns the bare address of its recipient.
func (m Message) recipient() (string, error) {
	// A line break in a header would let a user-supplied value (a name in a subject, an address)
	// add headers or recipients of its own: refuse rather than clean, so it cannot go unnoticed.
	for field, v := range map[string]string{"To": m.To, "Subject": m.Subject} {
		if strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return "", fmt.Errorf("%w: control character or line break in %s", ErrInvalidMessage, field)
		}
	}
	addr, err := netmail.ParseAddress(m.To)
	if err != nil {
		return "", fmt.Errorf("%w: recipient %q: %v", ErrInvalidMessage, m.To, err)
	}
	if strings.TrimSpace(m.Subject) == "" || (m.Text == "" && m.HTML == "") {
		return "", fmt.Errorf("%w: a subject and a body are required", ErrInvalidMessage)
	}
	return addr.Address, nil
}

// compose renders the message with jordan-wright/email: multipart/alternative with the text
// first (the fallback) and the HTML last (preferred), quoted-printable bodies and RFC 2047
// encoded subject.
func (s *Sender) compose(m Message, to string) ([]byte, error) {
	e := email.NewEmail()
	e.From = s.cfg.From
	// The bare address only: the library splits the To header on commas, which would break a
	// display name such as "Dupont, Jean".
	e.To = []string{to}
	e.Subject = m.Subject
	e.Text = []byte(m.Text)
	e.HTML = []byte(m.HTML)
	// The library would name the Message-Id after the machine's host name, which leaks it and is
	// often not a domain at all: use the sender's domain, as RFC 5322 suggests.
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	e.Headers.Set("Message-Id", "<"+hex.EncodeToString(id)+"@"+domainOf(s.from.Address)+">")
	e.Headers.Set("Date", s.now().Format(time.RFC1123Z))
	// RFC 3834: out-of-office robots must not answer a machine.
	e.Headers.Set("Auto-Submitted", "auto-generated")
	return e.Bytes()
}

// deliver speaks SMTP itself rather than through e.Send/SendWithTLS/SendWithStartTLS, for three
// reasons:
//   - those have no timeout at all: a server that accepts the connection and then stays silent
//     blocks them for ever. Running them in a goroutine and giving up after a while would leak the
//     goroutine and its connection, and that connection could still deliver the e-mail after the
//     outbox recorded a failure, so the retry would send it twice. Here one deadline on the
//     connection bounds the whole conversation and nothing outlives the call;
//   - SendWithStartTLS goes on in clear text when the server does not offer STARTTLS, so anyone
//     on the path can strip it; here "starttls" means encrypted or not sent;
//   - they skip authentication silently when the server does not offer AUTH.
//
// The message itself is still the library's (compose).
func (s *Sender) deliver(ctx context.Context, to string, raw []byte) (err error) {
	timeout := s.cfg.Timeout.D()
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	defer func() {
		switch {
		case err == nil:
		case ctx.Err() != nil:
			err = fmt.Errorf("smtp %s: %w (%v)", addr, ctx.Err(), err)
		case errors.Is(err, os.ErrDeadlineExceeded):
			err = fmt.Errorf("smtp %s: no answer within %v: %w", addr, timeout, err)
		default:
			err = fmt.Errorf("smtp %s: %w", addr, err)
		}
	}()

	dialer := net.Dialer{Deadline: deadline}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return err
	}
	// Cancelling ctx interrupts a blocked read or write at once.
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if s.cfg.TLS == "tls" {
		tc := tls.Client(conn, s.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("TLS: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(s.helo); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if s.cfg.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS and smtp.tls is \"starttls\": not sending in clear text")
		}
		if err := c.StartTLS(s.tls); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.cfg.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("smtp.username is set but the server does not offer AUTH")
		}
		// PlainAuth refuses to send the password unencrypted, except to localhost.
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	// Once the server has accepted the data the e-mail is delivered; an error after this point
	// (a lost QUIT) must not make the outbox send it again.
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	_ = c.Quit()
	return nil
}

// heloName is the machine's name when it looks like a domain, as RFC 5321 asks; servers that
// check it reject a bare host name as readily as "localhost".
func heloName() string {
	if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") {
		return h
	}
	return "localhost"
}

func domainOf(address string) string {
	if i := strings.LastIndexByte(address, '@'); i >= 0 && i < len(address)-1 {
		return address[i+1:]
	}
	return "localhost"
}
