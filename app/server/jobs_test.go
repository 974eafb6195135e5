package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/mail/mailtest"
)

func TestOverdueAlertsOncePerMilestoneAndDay(t *testing.T) {
	h, smtp, adm := newMailHarness(t)
	past := time.Now().UTC().AddDate(0, 0, -3).Format("2006-01-02")
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepA1.ID), map[string]any{"title": "Maquettes", "due_date": past})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepB1.ID), map[string]any{"title": "Cahier des charges", "due_date": past})
	ctx := context.Background()
	for i := 0; i < 3; i++ { // several runs (or processes) on the same day alert once
		if err := h.svc.RunJob(ctx, "overdue-alerts", h.svc.AlertOverdue); err != nil {
			t.Fatal(err)
		}
	}
	var bell struct {
		Unread int `json:"unread"`
		Items  []struct {
			Kind, Title string
		} `json:"items"`
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 2 || bell.Items[0].Kind != "overdue" || !strings.Contains(bell.Items[1].Title+bell.Items[0].Title, "Étape en retard : Maquettes") {
		t.Fatalf("admin's bell after three runs = %+v", bell)
	}
	a1 := h.login(h.cast.A1.Email)
	a1.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 0 {
		t.Fatalf("clients are not alerted of overdue steps (staff only): %+v", bell)
	}
	// By e-mail too, through the outbox.
	h.advance(3 * time.Minute)
	if n, _ := h.svc.SendDueNotificationEmails(ctx); n != 1 {
		t.Fatalf("alert e-mails = %d", n)
	}
	if m := h.deliverMail(smtp, 1)[0]; !strings.Contains(m.Text, "Étape en retard") || m.To[0] != h.cast.Admin.Email {
		t.Fatalf("alert e-mail to %v:\n%s", m.To, m.Text)
	}
	// The next day alerts again.
	h.advance(24 * time.Hour)
	if err := h.svc.RunJob(ctx, "overdue-alerts", h.svc.AlertOverdue); err != nil {
		t.Fatal(err)
	}
	adm = h.login(h.cast.Admin.Email)
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 4 {
		t.Fatalf("admin's bell the next day = %d", bell.Unread)
	}
	// Runs are recorded and visible to admins.
	r := adm.do("GET", "/api/v1/admin/jobs?job=overdue-alerts", nil)
	if r.status != 200 || strings.Count(r.body, `"outcome":"success"`) != 4 || !strings.Contains(r.body, "2 overdue milestones, 2 alerted today") {
		t.Fatalf("job runs = %s", r.body)
	}
}

func TestJobsRunOnceAcrossProcessesAndRecordFailures(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	started := make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = h.svc.RunJob(ctx, "backup", func(context.Context) (string, error) {
			close(started)
			<-release
			return "done", nil
		})
	}()
	<-started
	// A second process (same database) trying the same job meanwhile skips it.
	if err := h.svc.RunJob(ctx, "backup", func(context.Context) (string, error) { t.Error("ran twice at once"); return "", nil }); err != nil {
		t.Fatal(err)
	}
	close(release)
	wg.Wait()
	if err := h.svc.RunJob(ctx, "backup", func(context.Context) (string, error) { return "", errors.New("disque plein") }); err == nil {
		t.Fatal("a failing job returned no error")
	}
	adm := h.login(h.cast.Admin.Email)
	r := adm.do("GET", "/api/v1/admin/jobs?job=backup", nil)
	for _, want := range []string{`"outcome":"success"`, `"outcome":"skipped"`, `"outcome":"failure"`, "disque plein"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("job runs lack %s: %s", want, r.body)
		}
	}
}

func TestJobFailureIsMailedToAdmins(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	ctx := context.Background()
	h.svc.ReportJobFailure(ctx, "sauvegarde", errors.New("écriture impossible : disque plein"))
	h.advance(3 * time.Minute)
	if n, err := h.svc.SendDueNotificationEmails(ctx); n != 1 || err != nil {
		t.Fatalf("failure e-mails = %d, %v (one admin in the cast)", n, err)
	}
	m := h.deliverMail(smtp, 1)[0]
	if m.To[0] != h.cast.Admin.Email || !strings.Contains(m.Text, "Échec de la tâche planifiée : sauvegarde") || !strings.Contains(m.Text, "disque plein") {
		t.Fatalf("failure e-mail to %v:\n%s", m.To, m.Text)
	}
}

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
