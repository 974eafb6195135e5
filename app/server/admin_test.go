package server

import (
	"strings"
	"testing"
)

func TestClientLifecycleIsAudited(t *testing.T) {
	h, adm := newAdminHarness(t)

	r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "  Gamma SARL  ", "contact_email": "Contact@Gamma.example", "notes": "ligne 1\nligne 2"})
	var c clientView
	r.json(t, &c)
	if r.status != 201 || c.Name != "Gamma SARL" || c.ContactEmail != "contact@gamma.example" || c.Notes != "ligne 1\nligne 2" {
		t.Fatalf("create = %d %s", r.status, r.body)
	}
	h.oneAudit("client.create", c.ID, "success")

	if r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "gamma sarl"}); r.status != 409 || r.errorCode(t) != "client_name_taken" {
		t.Fatalf("duplicate name (case-insensitive) = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "  "}); r.status != 422 || decodeError(t, r.body).Field != "name" {
		t.Fatalf("empty name = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", "/api/v1/admin/clients", `{"name":`); r.status != 422 || r.errorCode(t) != "bad_json" {
		t.Fatalf("broken JSON = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "X", "contact_email": "pas-une-adresse"}); r.status != 422 {
		t.Fatalf("bad contact e-mail = %d", r.status)
	}

	r = adm.do("PATCH", "/api/v1/admin/clients/"+itoa(c.ID), map[string]string{"name": "Gamma SAS", "phone": "+221 33 000 00 00"})
	if r.status != 200 || !strings.Contains(r.body, `"name":"Gamma SAS"`) {
		t.Fatalf("update = %d %s", r.status, r.body)
	}
	if row := h.oneAudit("client.update", c.ID, "success"); !strings.Contains(row.Summary, "name") || !strings.Contains(row.Summary, "phone") {
		t.Errorf("update audit summary %q does not name the changed fields", row.Summary)
	}

	// Search and pagination.
	r = adm.do("GET", "/api/v1/admin/clients?q=gam&per_page=1", nil)
	var page pageView[clientView]
	r.json(t, &page)
	if page.Total != 1 || len(page.Items) != 1 || page.Items[0].ID != c.ID || page.PerPage != 1 {
		t.Fatalf("search = %s", r.body)
	}
	r = adm.do("GET", "/api/v1/admin/clients?q=%25", nil) // a literal % matches nothing, not everything
	r.json(t, &page)
	if page.Total != 0 {
		t.Fatalf("search for %% matched %d clients: LIKE wildcards must be escaped", page.Total)
	}

	// Delete needs the exact name, and refuses a client with users.
	if r := adm.do("DELETE", "/api/v1/admin/clients/"+itoa(c.ID), map[string]string{"confirm_name": "gamma"}); r.status != 422 {
		t.Fatalf("delete with a wrong confirmation = %d", r.status)
	}
	if r := adm.do("DELETE", "/api/v1/admin/clients/"+itoa(h.cast.ClientA.ID), map[string]string{"confirm_name": "alpha"}); r.status != 409 || r.errorCode(t) != "client_not_empty" {
		t.Fatalf("delete of a client with users = %d %s", r.status, r.body)
	}
	if r := adm.do("DELETE", "/api/v1/admin/clients/"+itoa(c.ID), map[string]string{"confirm_name": "Gamma SAS"}); r.status != 204 {
		t.Fatalf("delete = %d %s", r.status, r.body)
	}
	h.oneAudit("client.delete", c.ID, "success")
	if r := adm.do("GET", "/api/v1/admin/clients/"+itoa(c.ID), nil); r.status != 404 {
		t.Fatalf("deleted client = %d", r.status)
	}
}

func TestUserManagementIsAudited(t *testing.T) {
	h, adm := newAdminHarness(t)

	r := adm.do("POST", "/api/v1/admin/users", map[string]any{"email": "Nouveau@Alpha.example", "name": "Nina Nouvelle", "role": "client", "client_id": h.cast.ClientA.ID})
	var u userView
	r.json(t, &u)
	if r.status != 201 || u.Email != "nouveau@alpha.example" || u.PasswordSet || u.InvitationPending == nil || !*u.InvitationPending {
		t.Fatalf("invite = %d %s", r.status, r.body)
	}
	h.oneAudit("user.invite", u.ID, "success")
	if r := adm.do("POST", "/api/v1/admin/users", map[string]any{"email": "nouveau@alpha.example", "name": "Bis", "role": "client", "client_id": h.cast.ClientA.ID}); r.status != 409 {
		t.Fatalf("duplicate e-mail = %d", r.status)
	}
	for _, bad := range []map[string]any{
		{"email": "x@y.example", "name": "X", "role": "client"},                                // no client
		{"email": "x@y.example", "name": "X", "role": "admin", "client_id": h.cast.ClientA.ID}, // admin with a client
		{"email": "x@y.example", "name": "X", "role": "root"},
		{"email": "x@y.example", "name": "X", "role": "client", "client_id": 999999},
		{"email": "x@y.example", "name": "X\r\nBcc: evil@example.com", "role": "admin"},
	} {
		if r := adm.do("POST", "/api/v1/admin/users", bad); r.status != 422 {
			t.Errorf("invite %v = %d %s", bad, r.status, r.body)
		}
	}
	if r := adm.do("POST", "/api/v1/admin/users/"+itoa(u.ID)+"/invitation", nil); r.status != 204 {
		t.Fatalf("resend = %d %s", r.status, r.body)
	}
	h.oneAudit("user.invite_resend", u.ID, "success")

	r = adm.do("PATCH", "/api/v1/admin/users/"+itoa(u.ID), map[string]any{"email": "nouveau@alpha.example", "name": "Nina N.", "role": "client", "client_id": h.cast.ClientA.ID})
	if r.status != 200 {
		t.Fatalf("update = %d %s", r.status, r.body)
	}
	h.oneAudit("user.update", u.ID, "success")

	// Moving a user to another client is a role change: its sessions end at once.
	b1 := h.login(h.cast.B1.Email)
	r = adm.do("PATCH", "/api/v1/admin/users/"+itoa(h.cast.B1.ID), map[string]any{"email": h.cast.B1.Email, "name": "Bob", "role": "client", "client_id": h.cast.ClientA.ID})
	if r.status != 200 || !strings.Contains(r.body, `"client_name":"alpha"`) {
		t.Fatalf("move = %d %s", r.status, r.body)
	}
	h.oneAudit("user.role_change", h.cast.B1.ID, "success")
	b1.wantSession("moved user's old session", false)
	if r := adm.do("PATCH", "/api/v1/admin/users/"+itoa(h.cast.Admin.ID), map[string]any{"email": h.cast.Admin.Email, "name": "A", "role": "client", "client_id": h.cast.ClientA.ID}); r.status != 422 {
		t.Fatalf("an admin demoting itself = %d", r.status)
	}

	a1 := h.login(h.cast.A1.Email)
	r = adm.do("DELETE", "/api/v1/admin/users/"+itoa(h.cast.A1.ID)+"/sessions", nil)
	if r.status != 200 || !strings.Contains(r.body, `"ended":1`) {
		t.Fatalf("end sessions = %d %s", r.status, r.body)
	}
	h.oneAudit("user.sessions_end", h.cast.A1.ID, "success")
	a1.wantSession("session after being ended by an admin", false)

	r = adm.do("GET", "/api/v1/admin/users?client_id="+itoa(h.cast.ClientA.ID)+"&role=client", nil)
	var page pageView[userView]
	r.json(t, &page)
	if page.Total != 5 { // a1, a2, off, nina, and bob moved in
		t.Fatalf("users of client A = %d: %s", page.Total, r.body)
	}
	if strings.Contains(r.body, "argon2") || strings.Contains(r.body, "totp_secret") {
		t.Fatal("the user list leaks secrets")
	}
}

func TestLogoutEverywhereIsAudited(t *testing.T) {
	h := newHarness(t)
	one := h.login(h.cast.A1.Email)
	two := h.login(h.cast.A1.Email)
	if r := one.do("POST", "/api/v1/auth/logout-all", nil); r.status != 204 {
		t.Fatalf("logout-all = %d", r.status)
	}
	h.oneAudit("auth.logout_all", h.cast.A1.ID, "success")
	two.wantSession("other session after logout-all", false)
}
