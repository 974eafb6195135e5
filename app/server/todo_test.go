package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

type clientTodoBody struct {
	Client *struct {
		Versions  todoListView[latestView]     `json:"versions"`
		Resolved  todoListView[todoRetourView] `json:"resolved"`
		Questions todoListView[todoRetourView] `json:"questions"`
	} `json:"client"`
	Staff *struct {
		DelayDays int                          `json:"delay_days"`
		New       todoListView[todoRetourView] `json:"new"`
		Blocking  todoListView[todoRetourView] `json:"blocking"`
		Late      todoListView[todoRetourView] `json:"late"`
	} `json:"staff"`
}

func (b *browser) todo() clientTodoBody {
	b.h.t.Helper()
	var body clientTodoBody
	r := b.do("GET", "/api/v1/todo", nil)
	if r.status != 200 {
		b.h.t.Fatalf("GET /api/v1/todo = %d %s", r.status, r.body)
	}
	r.json(b.h.t, &body)
	return body
}

func retourIDs(l todoListView[todoRetourView]) []int64 {
	var ids []int64
	for _, r := range l.Items {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

// « À traiter » for client A, client B and the staff, as retours move: what waits for a client
// is its versions to decide on, its resolved retours and the staff's questions it has not
// answered; what waits for the staff is the new or reopened retours, the bloquants and those past
// the response delay. Nothing of client B ever reaches client A, and no entry waits for both.
func TestTodoListsByRole(t *testing.T) {
	h := newHarness(t)
	a1, a2, b1, adm := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email), h.login(h.cast.B1.Email), h.login(h.cast.Admin.Email)
	pa, pb := h.cast.ProjectA.ID, h.cast.ProjectB.ID
	ra, rb := h.cast.RetourA.ID, h.cast.RetourB.ID

	// Staff ask client A a question, and open a bloquant for client B on its behalf.
	q := adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", pa), map[string]any{"kind": "question", "priority": "mineur",
		"title": "Quel navigateur utilisez-vous ?", "description": "Pour reproduire l'anomalie."}, 201)
	blk := adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", pb), map[string]any{"kind": "anomalie", "priority": "bloquant",
		"title": "Le paiement échoue", "description": "Signalé par téléphone."}, 201)
	// Staff resolve client A's retour.
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", ra), map[string]any{"to": "pris_en_compte"}, 200)
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", ra), map[string]any{"to": "resolu", "comment": "Corrigé.", "version_id": h.cast.VersionA.ID}, 200)

	ta := a1.todo()
	if ta.Staff != nil || ta.Client == nil {
		t.Fatalf("a client gets the client's lists only: %+v", ta)
	}
	if c := ta.Client; len(c.Versions.Items) != 1 || c.Versions.Items[0].ID != h.cast.VersionA.ID || c.Versions.Total != 1 ||
		!slices.Equal(retourIDs(c.Resolved), []int64{ra}) || c.Resolved.Total != 1 || c.Resolved.Items[0].ResolvedVersion == nil ||
		!slices.Equal(retourIDs(c.Questions), []int64{q.ID}) || c.Questions.Total != 1 {
		t.Fatalf("client A's « À traiter » = %+v", c)
	}
	if c := a2.todo().Client; c.Versions.Total != 1 || c.Resolved.Total != 1 || c.Questions.Total != 1 {
		t.Errorf("client A's colleague sees the same lists: %+v", c)
	}
	if c := b1.todo().Client; len(c.Versions.Items) != 1 || c.Versions.Items[0].ID != h.cast.VersionB.ID ||
		c.Resolved.Total != 0 || c.Questions.Total != 0 || len(c.Resolved.Items)+len(c.Questions.Items) != 0 {
		t.Fatalf("client B's « À traiter » = %+v", c)
	}
	// Client B's body names nothing of client A.
	if body := b1.do("GET", "/api/v1/todo", nil).body; strings.Contains(body, "Alpha") || strings.Contains(body, "navigateur") {
		t.Errorf("client B's lists name client A's things: %s", body)
	}

	ts := adm.todo()
	if ts.Client != nil || ts.Staff == nil || ts.Staff.DelayDays != 2 {
		t.Fatalf("staff get the staff's lists with the delay: %+v", ts)
	}
	// The question waits for client A, not for the staff; client A's resolved retour waits for A.
	if s := ts.Staff; !slices.Equal(retourIDs(s.New), []int64{rb, blk.ID}) || s.New.Total != 2 ||
		!slices.Equal(retourIDs(s.Blocking), []int64{blk.ID}) || s.Blocking.Total != 1 || s.Late.Total != 0 {
		t.Fatalf("staff's « À traiter » = new %v, blocking %v, late %v", retourIDs(s.New), retourIDs(s.Blocking), retourIDs(s.Late))
	}

	// Client A answers the question in its thread: it leaves A's list and joins the staff's.
	if r := a1.do("POST", fmt.Sprintf("/api/v1/retours/%d/messages", q.ID), map[string]any{"body": "Firefox 140."}); r.status != 201 {
		t.Fatalf("answering = %d %s", r.status, r.body)
	}
	if c := a1.todo().Client; c.Questions.Total != 0 {
		t.Errorf("an answered question still waits for the client: %+v", c.Questions)
	}
	if s := adm.todo().Staff; !slices.Contains(retourIDs(s.New), q.ID) {
		t.Errorf("the answered question does not wait for the staff: %v", retourIDs(s.New))
	}

	// Client A closes its retour from the list: it leaves it. Taking client B's bloquant into
	// account takes it out of « nouveaux », not out of the bloquants.
	a1.retour(fmt.Sprintf("/api/v1/retours/%d/transition", ra), map[string]any{"to": "cloture"}, 200)
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", blk.ID), map[string]any{"to": "pris_en_compte"}, 200)
	if c := a1.todo().Client; c.Resolved.Total != 0 {
		t.Errorf("a closed retour still waits: %+v", c.Resolved)
	}
	if s := adm.todo().Staff; slices.Contains(retourIDs(s.New), blk.ID) || !slices.Equal(retourIDs(s.Blocking), []int64{blk.ID}) {
		t.Errorf("after taking the bloquant into account: new %v, blocking %v", retourIDs(s.New), retourIDs(s.Blocking))
	}

	// A week later the retours still new are past the delay of 2 working days.
	h.advance(7 * 24 * time.Hour)
	adm = h.login(h.cast.Admin.Email) // the session has expired meanwhile
	s := adm.todo().Staff
	if !slices.Equal(retourIDs(s.Late), []int64{rb, q.ID}) || s.Late.Total != 2 {
		t.Fatalf("late after a week = %v", retourIDs(s.Late))
	}
	for _, r := range s.Late.Items {
		if r.WaitingDays != 5 {
			t.Errorf("retour %d waited %d working days in a week, want 5", r.ID, r.WaitingDays)
		}
	}
}

// The daily job alerts the staff of each retour past the response delay once per retour and
// day, whatever the number of runs; clients never.
func TestLateRetourAlertOncePerRetourAndDay(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	adm, a1 := h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)
	lateAlerts := func(b *browser) int {
		t.Helper()
		body := b.do("GET", "/api/v1/notifications?limit=100", nil).body
		return strings.Count(body, `"event":"late"`)
	}
	run := func() string {
		t.Helper()
		details, err := h.svc.AlertLateRetours(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return details
	}
	if d := run(); !strings.HasPrefix(d, "0 retours") || lateAlerts(adm) != 0 {
		t.Fatalf("fresh retours alerted: %s", d)
	}
	h.advance(7 * 24 * time.Hour)
	for i := 0; i < 3; i++ {
		run()
	}
	adm, a1 = h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email) // the sessions have expired meanwhile
	if n := lateAlerts(adm); n != 2 {
		t.Fatalf("admin's late alerts after three runs the same day = %d, want 2 (RetourA and RetourB)", n)
	}
	if n := lateAlerts(a1); n != 0 {
		t.Fatalf("a client got %d late alerts", n)
	}
	var bell struct {
		Items []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if len(bell.Items) == 0 || !strings.Contains(bell.Items[0].Title, "Retour sans réponse depuis 5 jours ouvrés") {
		t.Errorf("the alert's sentence = %+v", bell.Items)
	}
	// Taken into account, a retour is no longer alerted; the other one is, the next day.
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", h.cast.RetourA.ID), map[string]any{"to": "pris_en_compte"}, 200)
	h.advance(24 * time.Hour)
	adm = h.login(h.cast.Admin.Email)
	if d := run(); !strings.Contains(d, "1 alerted today") {
		t.Errorf("next day: %s", d)
	}
	if n := lateAlerts(adm); n != 3 {
		t.Errorf("admin's late alerts on the next day = %d, want 3", n)
	}
}
