package server

import (
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
)

// TestPasswordResetFloodSendsAtMostThree: ten resets in a row for one address send three
// e-mails through the real SMTP server; every answer is the one an unknown address gets, so the
// limit tells nothing about the account. The flood is audited once, and the window reopens.
func TestPasswordResetFloodSendsAtMostThree(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	anon := h.anonymous()
	unknown := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": "personne@nulle-part.example"})
	for i := range 10 {
		email := h.cast.A1.Email
		if i%2 == 1 {
			email = strings.ToUpper(email) // the same address, however it is typed
		}
		r := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": email})
		if r.status != unknown.status || r.body != unknown.body {
			t.Fatalf("request %d = %d %s, not the answer an unknown address gets (%d %s)", i+1, r.status, r.body, unknown.status, unknown.body)
		}
	}
	var queued int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM email_outbox WHERE to_addr = ?", h.cast.A1.Email).Scan(&queued); err != nil || queued != 3 {
		t.Fatalf("reset e-mails queued for one address = %d, %v; want 3", queued, err)
	}
	h.deliverMail(smtp, 3)
	if got := smtp.Messages(); len(got) != 3 {
		t.Fatalf("%d e-mails delivered, want 3", len(got))
	}
	var audited int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_reset_request' AND summary LIKE 'rate limited%'").Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("rate-limit audit rows = %d, %v; want 1 for the whole flood", audited, err)
	}
	// An hour later the address may ask again.
	h.advance(time.Hour + time.Minute)
	anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": h.cast.A1.Email})
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM email_outbox WHERE to_addr = ?", h.cast.A1.Email).Scan(&queued); err != nil || queued != 4 {
		t.Fatalf("after the window, e-mails queued = %d, %v; want 4", queued, err)
	}
}

// TestPasswordResetLimitPerIP: one client address asking resets for many accounts is cut off at
// auth.max_resets_per_ip, each account being under its own limit.
func TestPasswordResetLimitPerIP(t *testing.T) {
	auth := config.Default().Auth
	auth.MaxResetsPerIP = 4
	h := newHarnessWith(t, auth)
	anon := h.anonymous()
	for _, email := range []string{h.cast.A1.Email, "inconnu@exemple.fr", h.cast.A2.Email, h.cast.B1.Email, h.cast.Admin.Email, h.cast.A1.Email} {
		if r := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": email}); r.status != 202 {
			t.Fatalf("forgot %s = %d %s", email, r.status, r.body)
		}
	}
	var queued int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM email_outbox").Scan(&queued); err != nil || queued != 3 {
		t.Fatalf("e-mails queued = %d, %v; want 3 (A1, A2, B1: the 5th and 6th requests are past the IP's limit of 4)", queued, err)
	}
}
