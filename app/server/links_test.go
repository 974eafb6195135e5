package server

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

var linkPattern = regexp.MustCompile(`/definir-mot-de-passe#([A-Za-z0-9_-]{43})`)

// invite creates a client user of client A as b; anything but 201 fails the test.
func invite(t *testing.T, b *browser, email, name string) userView {
	t.Helper()
	r := b.do("POST", "/api/v1/admin/users", map[string]any{"email": email, "name": name, "role": "client", "client_id": b.h.cast.ClientA.ID})
	if r.status != 201 {
		t.Fatalf("invite %s = %d %s", email, r.status, r.body)
	}
	var u userView
	r.json(t, &u)
	return u
}

func tokenIn(t *testing.T, m mailtest.Received) string {
	t.Helper()
	found := linkPattern.FindStringSubmatch(m.Text)
	if found == nil || !strings.Contains(m.HTML, found[0]) {
		t.Fatalf("no set-password link in both parts of %q:\n%s", m.Subject, m.Text)
	}
	return found[1]
}

func TestInvitationByEmailSetsThePasswordOnce(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	u := invite(t, adm, "invitee@alpha.example", "Inès Invitée")
	msgs := h.deliverMail(smtp, 1)
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "invitee@alpha.example" || !strings.Contains(m.Subject, "Invitation") || !strings.Contains(m.Text, "Inès Invitée") || !strings.Contains(m.Text, "alpha") {
		t.Fatalf("invitation e-mail = to %v, subject %q:\n%s", m.To, m.Subject, m.Text)
	}
	token := tokenIn(t, m)

	anon := h.anonymous()
	r := anon.do("POST", "/api/v1/auth/links/inspect", map[string]string{"token": token})
	if r.status != 200 || !strings.Contains(r.body, `"purpose":"invitation"`) || !strings.Contains(r.body, "invitee@alpha.example") {
		t.Fatalf("inspect = %d %s", r.status, r.body)
	}
	if r := anon.do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": "court"}); r.status != 422 {
		t.Fatalf("short password = %d", r.status)
	}
	if r := anon.do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": "ma-phrase-de-passe-2026"}); r.status != 204 {
		t.Fatalf("set password = %d %s", r.status, r.body)
	}
	h.oneAudit("auth.invitation_accept", u.ID, "success")
	r = anon.do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": "une-autre-phrase-2026"})
	if e := decodeError(t, r.body); r.status != 409 || e.Code != "link_used" || !strings.Contains(e.Message, "déjà été utilisé") {
		t.Fatalf("second use = %d %s", r.status, r.body)
	}
	if r := anon.do("POST", "/api/v1/auth/login", map[string]string{"email": "invitee@alpha.example", "password": "ma-phrase-de-passe-2026"}); r.status != 200 {
		t.Fatalf("sign-in with the chosen password = %d %s", r.status, r.body)
	}
}

func TestResendInvalidatesTheEarlierLink(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	u := invite(t, adm, "late@alpha.example", "Léa")
	first := tokenIn(t, h.deliverMail(smtp, 1)[0])
	if r := adm.do("POST", "/api/v1/admin/users/"+itoa(u.ID)+"/invitation", nil); r.status != 204 {
		t.Fatalf("resend = %d", r.status)
	}
	second := tokenIn(t, h.deliverMail(smtp, 2)[1])
	if first == second {
		t.Fatal("the resent invitation reuses the token")
	}
	if r := h.anonymous().do("POST", "/api/v1/auth/links/inspect", map[string]string{"token": first}); r.status != 409 {
		t.Fatalf("the first link after a resend = %d %s", r.status, r.body)
	}
	if r := h.anonymous().do("POST", "/api/v1/auth/links/inspect", map[string]string{"token": second}); r.status != 200 {
		t.Fatalf("the new link = %d %s", r.status, r.body)
	}
}

func TestPasswordResetByEmail(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	victim := h.login(h.cast.A1.Email)
	anon := h.anonymous()
	if r := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": "nobody@nowhere.example"}); r.status != 202 {
		t.Fatalf("forgot for an unknown address = %d", r.status)
	}
	r := anon.do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": strings.ToUpper(h.cast.A1.Email)})
	if r.status != 202 {
		t.Fatalf("forgot = %d", r.status)
	}
	msgs := h.deliverMail(smtp, 1)
	if len(smtp.Messages()) != 1 || msgs[0].To[0] != h.cast.A1.Email {
		t.Fatalf("reset mails = %d (an unknown address must receive nothing)", len(smtp.Messages()))
	}
	token := tokenIn(t, msgs[0])
	if r := anon.do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": "nouvelle-phrase-secrete"}); r.status != 204 {
		t.Fatalf("reset = %d %s", r.status, r.body)
	}
	h.oneAudit("auth.password_reset", h.cast.A1.ID, "success")
	victim.wantSession("old session after a reset", false)
	notice := h.deliverMail(smtp, 2)[1]
	if !strings.Contains(notice.Text, "mot de passe") {
		t.Fatalf("password-changed notice:\n%s", notice.Text)
	}
	if r := anon.do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.A1.Email, "password": portaltest.Password}); r.status != 401 {
		t.Fatalf("old password after a reset = %d", r.status)
	}
}

func TestExpiredLinkIsExplained(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	h.anonymous().do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": h.cast.A2.Email})
	token := tokenIn(t, h.deliverMail(smtp, 1)[0])
	if _, err := h.db.SQL().Exec("UPDATE auth_tokens SET expires_at = ? WHERE user_id = ?", time.Now().UTC().Add(-time.Minute), h.cast.A2.ID); err != nil {
		t.Fatal(err)
	}
	r := h.anonymous().do("POST", "/api/v1/auth/links/password", map[string]string{"token": token, "password": "nouvelle-phrase-secrete"})
	if e := decodeError(t, r.body); r.status != 409 || e.Code != "link_expired" || !strings.Contains(e.Message, "expiré") {
		t.Fatalf("expired link = %d %s", r.status, r.body)
	}
}

func TestLinkOfADisabledAccountIsExplained(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	h.anonymous().do("POST", "/api/v1/auth/password/forgot", map[string]string{"email": h.cast.A2.Email})
	token := tokenIn(t, h.deliverMail(smtp, 1)[0])
	portaltest.Disable(t, h.db, h.cast.A2.ID)
	for _, path := range []string{"/api/v1/auth/links/inspect", "/api/v1/auth/links/password"} {
		r := h.anonymous().do("POST", path, map[string]string{"token": token, "password": "nouvelle-phrase-secrete"})
		if e := decodeError(t, r.body); r.status != 409 || e.Code != "account_disabled" {
			t.Errorf("%s for a disabled account = %d %s", path, r.status, r.body)
		}
	}
}
