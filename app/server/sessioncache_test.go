package server

import (
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/pquerna/otp/totp"
)

// The session lookup is kept a moment in the process (portal's sessionCache); every change that
// ends a session or changes its actor is seen by the very next request all the same. Each case
// first makes a request with the session that the change concerns (its lookup is then cached),
// makes the change, and checks the very next request.
func TestSessionCacheSeesEveryChangeOnTheNextRequest(t *testing.T) {
	h := newHarness(t)
	uid := func(id int64) string { return "/api/v1/admin/users/" + itoa(id) }
	primed := func(email string) *browser {
		t.Helper()
		b := h.login(email)
		for range 2 { // the second is served from the cache
			if r := b.do("GET", "/api/v1/auth/session", nil); r.status != 200 {
				t.Fatalf("%s session = %d", email, r.status)
			}
		}
		return b
	}
	refused := func(what string, b *browser) { t.Helper(); b.wantSession(what+": the very next request", false) }
	adm := primed(h.cast.Admin.Email)

	// Password reset by e-mail link (to the same password, so that the cases below sign in).
	smtp := mailtest.Start(t)
	b := primed(h.cast.A1.Email)
	anon := h.anonymous()
	if r := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": h.cast.A1.Email}); r.status != 202 {
		t.Fatalf("forgot = %d", r.status)
	}
	token := tokenIn(t, h.deliverMail(smtp, 1)[0])
	if r := anon.do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": portaltest.Password}); r.status != 204 {
		t.Fatalf("reset = %d %s", r.status, r.body)
	}
	refused("password reset", b)

	// Sign-out: the old cookie, sent again, opens nothing.
	b = primed(h.cast.A1.Email)
	old := *b
	if r := b.do("POST", "/api/v1/auth/logout", nil); r.status >= 300 {
		t.Fatalf("logout = %d", r.status)
	}
	refused("sign-out", &old)

	// Sign-out everywhere.
	here, there := primed(h.cast.A1.Email), primed(h.cast.A1.Email)
	if r := here.do("POST", "/api/v1/auth/logout-all", nil); r.status >= 300 {
		t.Fatalf("logout-all = %d", r.status)
	}
	refused("sign-out everywhere", there)

	// An admin ends a user's sessions.
	b = primed(h.cast.A1.Email)
	if r := adm.do("DELETE", uid(h.cast.A1.ID)+"/sessions", nil); r.status >= 300 {
		t.Fatalf("end sessions = %d", r.status)
	}
	refused("sessions ended by an admin", b)

	// Disable.
	b = primed(h.cast.A1.Email)
	if r := adm.do("POST", uid(h.cast.A1.ID)+"/disable", nil); r.status != 200 {
		t.Fatalf("disable = %d", r.status)
	}
	refused("disable", b)
	adm.do("POST", uid(h.cast.A1.ID)+"/enable", nil)

	// Archive of the user's client.
	b = primed(h.cast.A1.Email)
	if r := adm.do("POST", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID)+"/archive", nil); r.status != 200 {
		t.Fatalf("archive = %d", r.status)
	}
	refused("client archived", b)
	adm.do("POST", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID)+"/restore", nil)

	// Password change: the other sessions end.
	here, there = primed(h.cast.A2.Email), primed(h.cast.A2.Email)
	if r := here.do("POST", "/api/v1/account/password", map[string]string{"current_password": portaltest.Password, "new_password": "nouvelle-phrase-secrete"}); r.status != 204 {
		t.Fatalf("change = %d %s", r.status, r.body)
	}
	refused("password change", there)

	// Role change: a client user moved to another client has its sessions ended.
	b = primed(h.cast.B1.Email)
	if r := adm.do("PATCH", uid(h.cast.B1.ID), map[string]any{"email": h.cast.B1.Email, "name": "Bob", "role": "client", "client_id": h.cast.ClientA.ID}); r.status != 200 {
		t.Fatalf("role change = %d %s", r.status, r.body)
	}
	refused("role change", b)

	// Second factor: enabling it shows at once on the session.
	b = primed(h.cast.A1.Email)
	var setup map[string]string
	b.do("POST", "/api/v1/account/totp/setup", nil).json(t, &setup)
	code, _ := totp.GenerateCode(setup["secret"], time.Now())
	if r := b.do("POST", "/api/v1/account/totp/enable", map[string]string{"code": code}); r.status != 200 {
		t.Fatalf("enable = %d %s", r.status, r.body)
	}
	if r := b.do("GET", "/api/v1/auth/session", nil); !strings.Contains(r.body, `"totp_enabled":true`) {
		t.Fatalf("the very next request after enabling the second factor: %d %s", r.status, r.body)
	}
	if r := b.do("POST", "/api/v1/account/totp/disable", map[string]string{"password": portaltest.Password}); r.status != 204 {
		t.Fatalf("disable = %d", r.status)
	}
	if r := b.do("GET", "/api/v1/auth/session", nil); !strings.Contains(r.body, `"totp_enabled":false`) {
		t.Fatalf("the very next request after disabling the second factor: %d %s", r.status, r.body)
	}
}
