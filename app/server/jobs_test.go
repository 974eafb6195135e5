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
