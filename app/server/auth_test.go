package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
)

// audits returns the audit rows of an action on a target (0: any target).
func (h *harness) audits(action string, targetID int64) []store.AuditEntry {
	h.t.Helper()
	rows, err := h.db.ListAudit(context.Background(), store.AuditFilter{Action: action, TargetID: targetID})
	if err != nil {
		h.t.Fatal(err)
	}
	return rows
}

// oneAudit asserts that exactly one row records action on target with outcome, and returns it.
func (h *harness) oneAudit(action string, targetID int64, outcome string) store.AuditEntry {
	h.t.Helper()
	rows := h.audits(action, targetID)
	var match []store.AuditEntry
	for _, r := range rows {
		if r.Outcome == outcome {
			match = append(match, r)
		}
	}
	if len(match) != 1 {
		h.t.Fatalf("audit %s on %d with outcome %s: %d rows, want exactly 1 (all rows: %+v)", action, targetID, outcome, len(match), rows)
	}
	if match[0].RequestID == "" {
		h.t.Errorf("audit %s has no request id", action)
	}
	return match[0]
}

func TestWrongPasswordAndUnknownAccountAnswerAlike(t *testing.T) {
	h := newHarness(t)
	b := h.anonymous()
	wrong := b.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": "pas-le-bon-mot"})
	unknown := b.do("POST", "/api/v1/auth/login", map[string]string{"email": "personne@nulle-part.example", "password": "pas-le-bon-mot"})
	for _, r := range []response{wrong, unknown} {
		e := decodeError(t, r.body)
		if r.status != 401 || e.Code != "invalid_credentials" || e.Message != "Identifiant ou mot de passe incorrect." {
			t.Fatalf("failed sign-in = %d %+v", r.status, e)
		}
	}
	row := h.oneAudit("auth.login", h.cast.A1.ID, "failure")
	if row.ActorEmail != h.cast.A1.Email {
		t.Errorf("failure row names %q", row.ActorEmail)
	}
	if len(h.audits("auth.login", 0)) != 2 {
		t.Errorf("want one failure row per attempt")
	}
}

func TestLoginLogoutAndAudit(t *testing.T) {
	h := newHarness(t)
	b := h.login(h.cast.A1.Email)
	if !strings.Contains(b.cookie, "portal_session=") {
		t.Fatalf("no session cookie: %q", b.cookie)
	}
	h.oneAudit("auth.login", h.cast.A1.ID, "success")
	r := b.do("GET", "/api/v1/auth/session", nil)
	var v sessionView
	r.json(t, &v)
	if r.status != 200 || v.User.Email != h.cast.A1.Email || v.User.ClientName == nil || *v.User.ClientName != "alpha" || v.CSRFToken != b.csrf {
		t.Fatalf("session = %d %s", r.status, r.body)
	}
	if strings.Contains(r.body, "password") && strings.Contains(r.body, "$argon2") {
		t.Fatal("the session view leaks the password hash")
	}
	if r := b.do("POST", "/api/v1/auth/logout", nil); r.status != 204 {
		t.Fatalf("logout = %d %s", r.status, r.body)
	}
	h.oneAudit("auth.logout", h.cast.A1.ID, "success")
	// The old cookie is dead server-side, not only cleared in the browser.
	stale := &browser{h: h, cookie: h.s.cookieName() + "=" + "x"}
	if r := stale.do("GET", "/api/v1/auth/session", nil); r.status != 200 || r.body != `{"user":null}` {
		t.Fatalf("a made-up cookie = %d %s", r.status, r.body)
	}
}

func TestSessionCookieIsNewAtEachSignInAndHardened(t *testing.T) {
	h := newHarness(t)
	b1 := h.login(h.cast.A1.Email)
	b2 := h.login(h.cast.A1.Email)
	if b1.cookie == b2.cookie || b1.csrf == b2.csrf {
		t.Fatal("two sign-ins share a session token")
	}
	r := h.anonymous().do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password})
	sc := strings.ToLower(r.header.Get("Set-Cookie"))
	for _, want := range []string{"httponly", "samesite=lax", "path=/"} {
		if !strings.Contains(sc, want) {
			t.Errorf("Set-Cookie %q lacks %s", sc, want)
		}
	}
}

func TestCSRFAndCrossSiteRequestsAreRefused(t *testing.T) {
	h := newHarness(t)
	b := h.login(h.cast.A1.Email)
	noToken := &browser{h: h, cookie: b.cookie}
	if r := noToken.do("POST", "/api/v1/auth/logout", nil); r.status != 403 || r.errorCode(t) != "csrf" {
		t.Fatalf("logout without CSRF token = %d %s", r.status, r.body)
	}
	wrong := &browser{h: h, cookie: b.cookie, csrf: "forged"}
	if r := wrong.do("PATCH", "/api/v1/account", map[string]string{"name": "Pirate", "language": "fr"}); r.status != 403 {
		t.Fatalf("PATCH with a forged token = %d", r.status)
	}
	// Reads need no token.
	noToken.wantSession("GET without token", true)
	for _, hdr := range [][2]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}, {"Origin", "null"}} {
		req := map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password}
		r := h.anonymous().doWith("POST", "/api/v1/auth/login", req, hdr)
		if r.status != 403 || r.errorCode(t) != "cross_site" {
			t.Errorf("login with %s: %s = %d %s", hdr[0], hdr[1], r.status, r.body)
		}
	}
	if r := h.anonymous().doWith("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password},
		[2]string{"Sec-Fetch-Site", "same-origin"}); r.status != 200 {
		t.Errorf("same-origin sign-in refused: %d", r.status)
	}
}

func TestThrottlingLocksAccountButNotReset(t *testing.T) {
	h := newHarness(t)
	b := h.anonymous()
	for i := 0; i < h.auth.MaxFailures; i++ {
		if r := b.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": "mauvais"}); r.status != 401 {
			t.Fatalf("failure %d = %d", i+1, r.status)
		}
	}
	r := b.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password})
	if e := decodeError(t, r.body); r.status != 429 || r.header.Get("Retry-After") == "" || e.Code != "too_many_attempts" ||
		e.Params["count"] != 15.0 || !strings.Contains(e.Message, "réessayez dans 15 minutes") {
		t.Fatalf("locked account with the right password = %d %s (Retry-After %q)", r.status, r.body, r.header.Get("Retry-After"))
	}
	// Another account from elsewhere is not locked by it.
	h.login(h.cast.A2.Email)
	// Password reset stays open while locked.
	if r := b.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": h.cast.A1.Email}); r.status != 202 {
		t.Fatalf("forgot password while locked = %d %s", r.status, r.body)
	}
	h.oneAudit("auth.password_reset_request", h.cast.A1.ID, "success")
}

func TestDisabledUserIsRefusedOnItsNextRequest(t *testing.T) {
	h := newHarness(t)
	victim := h.login(h.cast.A1.Email)
	adm := h.login(h.cast.Admin.Email)
	if r := adm.do("POST", "/api/v1/admin/users/"+itoa(h.cast.A1.ID)+"/disable", nil); r.status != 200 {
		t.Fatalf("disable = %d %s", r.status, r.body)
	}
	h.oneAudit("user.disable", h.cast.A1.ID, "success")
	if r := victim.do("GET", "/api/v1/auth/session", nil); r.status != 200 || r.body != `{"user":null}` {
		t.Fatalf("disabled user's session check = %d %s", r.status, r.body)
	}
	victim.wantSession("disabled user's next request", false)
	r := h.anonymous().do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password})
	if r.status != 401 || r.errorCode(t) != "account_disabled" {
		t.Fatalf("disabled user signing in = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", "/api/v1/admin/users/"+itoa(h.cast.A1.ID)+"/enable", nil); r.status != 200 {
		t.Fatalf("enable = %d", r.status)
	}
	h.oneAudit("user.enable", h.cast.A1.ID, "success")
	h.login(h.cast.A1.Email)
	if r := adm.do("POST", "/api/v1/admin/users/"+itoa(h.cast.Admin.ID)+"/disable", nil); r.status != 409 {
		t.Fatalf("an admin disabling itself = %d", r.status)
	}
}

func TestIdleAndAbsoluteSessionTimeouts(t *testing.T) {
	h := newHarness(t)
	idle := h.login(h.cast.A1.Email)
	old := h.login(h.cast.A2.Email)
	exec := func(q string, args ...any) {
		if _, err := h.db.SQL().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec("UPDATE sessions SET last_seen_at = ? WHERE user_id = ?", time.Now().UTC().Add(-h.auth.SessionIdleTimeout.D()-time.Minute), h.cast.A1.ID)
	exec("UPDATE sessions SET expires_at = ? WHERE user_id = ?", time.Now().UTC().Add(-time.Second), h.cast.A2.ID)
	for name, b := range map[string]*browser{"idle": idle, "expired": old} {
		if r := b.do("GET", "/api/v1/account", nil); r.status != 401 {
			t.Errorf("%s session = %d", name, r.status)
		}
	}
}

func TestArchivedClientLocksItsUsersOut(t *testing.T) {
	h := newHarness(t)
	a1 := h.login(h.cast.A1.Email)
	b1 := h.login(h.cast.B1.Email)
	adm := h.login(h.cast.Admin.Email)
	if r := adm.do("POST", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID)+"/archive", nil); r.status != 200 || !strings.Contains(r.body, `"archived":true`) {
		t.Fatalf("archive = %d %s", r.status, r.body)
	}
	h.oneAudit("client.archive", h.cast.ClientA.ID, "success")
	a1.wantSession("user of an archived client", false)
	b1.wantSession("user of another client", true)
	// Archived clients stay readable to admins, and can come back.
	if r := adm.do("GET", "/api/v1/admin/clients?archived=true", nil); !strings.Contains(r.body, `"name":"alpha"`) {
		t.Fatalf("archived list = %s", r.body)
	}
	if r := adm.do("POST", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID)+"/restore", nil); r.status != 200 {
		t.Fatalf("restore = %d", r.status)
	}
	h.oneAudit("client.restore", h.cast.ClientA.ID, "success")
	h.login(h.cast.A1.Email)
}

func TestTwoFactorSignIn(t *testing.T) {
	h := newHarness(t)
	b := h.login(h.cast.A1.Email)
	r := b.do("POST", "/api/v1/account/totp/setup", nil)
	var setup struct {
		Secret, URI, QRCode string `json:"-"`
	}
	var raw map[string]string
	r.json(t, &raw)
	setup.Secret, setup.URI, setup.QRCode = raw["secret"], raw["uri"], raw["qr_code"]
	if r.status != 200 || setup.Secret == "" || !strings.HasPrefix(setup.URI, "otpauth://totp/") || !strings.HasPrefix(setup.QRCode, "data:image/png;base64,") {
		t.Fatalf("setup = %d %s", r.status, r.body)
	}
	if r := b.do("POST", "/api/v1/account/totp/enable", map[string]string{"code": "000000"}); r.status != 422 {
		t.Fatalf("enable with a wrong code = %d", r.status)
	}
	code, _ := totp.GenerateCode(setup.Secret, time.Now())
	r = b.do("POST", "/api/v1/account/totp/enable", map[string]string{"code": code})
	var en struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	r.json(t, &en)
	if r.status != 200 || len(en.RecoveryCodes) != 10 {
		t.Fatalf("enable = %d %s", r.status, r.body)
	}
	h.oneAudit("account.totp_enable", h.cast.A1.ID, "success")

	// Password alone now gives a pending step, not a session.
	p := h.anonymous()
	r = p.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password})
	if r.status != 200 || !strings.Contains(r.body, `"two_factor_required":true`) {
		t.Fatalf("password step = %d %s", r.status, r.body)
	}
	if r := p.do("GET", "/api/v1/auth/session", nil); r.status != 200 || r.body != `{"user":null}` {
		t.Fatalf("a pending session opened the portal: %d %s", r.status, r.body)
	}
	if r := p.do("POST", "/api/v1/auth/login/totp", map[string]string{"code": "000000"}); r.status != 401 || r.errorCode(t) != "invalid_code" {
		t.Fatalf("wrong code = %d %s", r.status, r.body)
	}
	// The code used to enable is spent: the same time step cannot sign in again (replay).
	if r := p.do("POST", "/api/v1/auth/login/totp", map[string]string{"code": code}); r.status != 401 {
		t.Fatalf("replayed code = %d %s", r.status, r.body)
	}
	// A recovery code works once.
	r = p.do("POST", "/api/v1/auth/login/totp", map[string]string{"code": strings.ToUpper(en.RecoveryCodes[0])})
	if r.status != 200 {
		t.Fatalf("recovery code = %d %s", r.status, r.body)
	}
	if r := p.do("GET", "/api/v1/auth/session", nil); r.status != 200 {
		t.Fatalf("after the second factor = %d", r.status)
	}
	q := h.anonymous()
	q.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password})
	if r := q.do("POST", "/api/v1/auth/login/totp", map[string]string{"code": en.RecoveryCodes[0]}); r.status != 401 {
		t.Fatalf("a used recovery code worked again: %d", r.status)
	}
	// Turning it off needs the password.
	if r := b.do("POST", "/api/v1/account/totp/disable", map[string]string{"password": "faux"}); r.status != 422 {
		t.Fatalf("disable with a wrong password = %d", r.status)
	}
	if r := b.do("POST", "/api/v1/account/totp/disable", map[string]string{"password": portaltest.Password}); r.status != 204 {
		t.Fatalf("disable = %d %s", r.status, r.body)
	}
	h.oneAudit("account.totp_disable", h.cast.A1.ID, "success")
}

func TestAdminsMustUseTwoFactorWhenRequired(t *testing.T) {
	auth := newHarness(t).auth
	auth.RequireAdminTOTP = true
	h := newHarnessWith(t, auth)
	adm := h.login(h.cast.Admin.Email)
	r := adm.do("GET", "/api/v1/admin/clients", nil)
	if r.status != 403 || r.errorCode(t) != "totp_required" {
		t.Fatalf("admin without TOTP = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", "/api/v1/account/totp/setup", nil); r.status != 200 {
		t.Fatalf("the account page must stay reachable: %d", r.status)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	h := newHarness(t)
	here := h.login(h.cast.A1.Email)
	there := h.login(h.cast.A1.Email)
	if r := here.do("POST", "/api/v1/account/password", map[string]string{"current_password": "faux", "new_password": "nouvelle-phrase-secrete"}); r.status != 422 {
		t.Fatalf("wrong current password = %d", r.status)
	}
	if r := here.do("POST", "/api/v1/account/password", map[string]string{"current_password": portaltest.Password, "new_password": "azerty123"}); r.status != 422 || !strings.Contains(r.body, "trop courant") {
		t.Fatalf("common new password = %d %s", r.status, r.body)
	}
	if r := here.do("POST", "/api/v1/account/password", map[string]string{"current_password": portaltest.Password, "new_password": "nouvelle-phrase-secrete"}); r.status != 204 {
		t.Fatalf("change = %d %s", r.status, r.body)
	}
	h.oneAudit("account.password_change", h.cast.A1.ID, "success")
	there.wantSession("other session after a password change", false)
	here.wantSession("current session after a password change", true)
	r := h.anonymous().do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": "nouvelle-phrase-secrete"})
	if r.status != 200 {
		t.Fatalf("sign-in with the new password = %d", r.status)
	}
}

func TestNoMassAssignmentOnOwnAccount(t *testing.T) {
	h := newHarness(t)
	b := h.login(h.cast.A1.Email)
	r := b.do("PATCH", "/api/v1/account", map[string]any{"name": "Alice A.", "language": "en", "role": "admin",
		"client_id": h.cast.ClientB.ID, "email": "pirate@example.com", "id": h.cast.Admin.ID})
	if r.status != 200 {
		t.Fatalf("PATCH account = %d %s", r.status, r.body)
	}
	u, err := h.db.UserByID(context.Background(), h.cast.A1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != "client" || u.ClientID != h.cast.ClientA.ID || u.Email != h.cast.A1.Email || u.Name != "Alice A." || u.Language != "en" {
		t.Fatalf("account after PATCH = %+v", u)
	}
	h.oneAudit("account.update", h.cast.A1.ID, "success")
}

func TestAdminRouteDeniedToClientIsAudited(t *testing.T) {
	h := newHarness(t)
	b := h.login(h.cast.B1.Email)
	if r := b.do("GET", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID), nil); r.status != 403 {
		t.Fatalf("client on an admin route = %d", r.status)
	}
	rows := h.audits("access.denied", 0)
	if len(rows) != 1 || rows[0].ActorID != h.cast.B1.ID || rows[0].Outcome != "denied" {
		t.Fatalf("denied access rows = %+v", rows)
	}
}

func itoa(n int64) string { return fmtInt(n) }

func TestHTTPSInstallUsesHostPrefixedSecureCookie(t *testing.T) {
	h := newHarness(t)
	s, err := New(h.s.svc, Options{Frontend: testFrontend, Log: h.s.log, PublicURL: "https://portail.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	h.s = s
	r := h.anonymous().do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": "cheval-agrafe-batterie"})
	sc := r.header.Get("Set-Cookie")
	if r.status != 200 || !strings.HasPrefix(sc, "__Host-portal_session=") || !strings.Contains(strings.ToLower(sc), "secure") {
		t.Fatalf("HTTPS sign-in cookie = %d %q", r.status, sc)
	}
}
