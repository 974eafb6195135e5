package server

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The nightly verification records its outcome for the audit page and alerts the admins of a
// break, in the portal and by e-mail, once per break however often it runs.
func TestAuditChainVerificationAlertsOncePerBreak(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	ctx := context.Background()
	var st struct {
		VerifiedAt *time.Time `json:"verified_at"`
		OK         bool       `json:"ok"`
		Rows       int64      `json:"rows"`
		Break      *struct {
			Kind string `json:"kind"`
			Row  int64  `json:"row"`
		} `json:"break"`
	}
	adm.do("GET", "/api/v1/admin/audit/chain", nil).json(t, &st)
	if st.VerifiedAt != nil || st.OK {
		t.Fatalf("before any verification: %+v", st)
	}
	if err := h.svc.RunJob(ctx, "audit-verify", h.svc.VerifyAuditChain); err != nil {
		t.Fatal(err)
	}
	adm.do("GET", "/api/v1/admin/audit/chain", nil).json(t, &st)
	if st.VerifiedAt == nil || !st.OK || st.Rows == 0 || st.Break != nil {
		t.Fatalf("after a clean verification: %+v", st)
	}

	var victim int64
	if err := h.db.SQL().QueryRow("SELECT MIN(id) FROM audit_log").Scan(&victim); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET ip = '203.0.113.9' WHERE id = " + itoa(victim)} {
		if _, err := h.db.SQL().Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if err := h.svc.RunJob(ctx, "audit-verify", h.svc.VerifyAuditChain); err == nil || !strings.Contains(err.Error(), "was edited") {
			t.Fatalf("verification of an edited log = %v", err)
		}
	}
	adm.do("GET", "/api/v1/admin/audit/chain", nil).json(t, &st)
	if st.OK || st.Break == nil || st.Break.Kind != "edited" || st.Break.Row != victim {
		t.Fatalf("after the edit: %+v", st)
	}
	var bell struct {
		Items []struct{ Kind, Title string } `json:"items"`
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	alerts := 0
	for _, n := range bell.Items {
		if n.Kind == "audit_chain" {
			alerts++
			if !strings.Contains(n.Title, "Journal d'audit altéré : l'entrée n° "+itoa(victim)+" a été modifiée") {
				t.Fatalf("alert title %q", n.Title)
			}
		}
	}
	if alerts != 1 {
		t.Fatalf("%d alerts after three runs, want 1: %+v", alerts, bell.Items)
	}
	h.advance(3 * time.Minute)
	if n, _ := h.svc.SendDueNotificationEmails(ctx); n != 1 {
		t.Fatalf("alert e-mails = %d", n)
	}
	if m := h.deliverMail(smtp, 1)[0]; !strings.Contains(m.Text, "Journal d'audit altéré") || m.To[0] != h.cast.Admin.Email {
		t.Fatalf("alert e-mail to %v:\n%s", m.To, m.Text)
	}
	r := adm.do("GET", "/api/v1/admin/jobs?job=audit-verify", nil)
	if r.status != 200 || strings.Count(r.body, `"outcome":"failure"`) != 3 {
		t.Fatalf("job runs = %s", r.body)
	}
}
