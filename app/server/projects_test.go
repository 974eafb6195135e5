package server

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestProjectLifecycleProgressAndHistory(t *testing.T) {
	h, adm := newAdminHarness(t)
	r := adm.do("POST", "/api/v1/admin/projects", map[string]any{"client_id": h.cast.ClientA.ID, "name": "Refonte intranet",
		"description": "Ligne 1\nVoir https://exemple.fr", "start_date": "2026-01-05", "deadline": "2027-06-30", "manager_id": h.cast.Admin.ID})
	var p projectDetailView
	r.json(t, &p)
	if r.status != 201 || p.Status != "en_cours" || p.Progress.Total != 0 || p.ManagerName != "Awa Admin" || *p.Deadline != "2027-06-30" {
		t.Fatalf("create = %d %s", r.status, r.body)
	}
	h.oneAudit("project.create", p.ID, "success")
	for _, title := range []string{"Maquettes", "Développement", "Mise en ligne"} {
		r = adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/milestones", p.ID), map[string]any{"title": title, "due_date": "2027-03-01"})
		if r.status != 201 {
			t.Fatalf("add %s = %d %s", title, r.status, r.body)
		}
	}
	r.json(t, &p)
	if len(p.Milestones) != 3 || p.Progress != (progressView{0, 0, 3}) || p.NextMilestone == nil || p.NextMilestone.Title != "Maquettes" {
		t.Fatalf("after three steps: %s", r.body)
	}
	if n := len(h.audits("milestone.create", 0)); n != 3 {
		t.Fatalf("milestone.create rows = %d, want 3", n)
	}
	first := p.Milestones[0].ID
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", first), map[string]string{"state": "livree"})
	r.json(t, &p)
	if r.status != 200 || p.Progress != (progressView{33, 1, 3}) || p.Milestones[0].DeliveredBy != "Awa Admin" || p.NextMilestone.Title != "Développement" {
		t.Fatalf("after delivering one of three: %d %s", r.status, r.body)
	}
	if len(p.History) != 1 || p.History[0].Kind != "delivered" || p.History[0].Title != "Maquettes" || p.History[0].By != "Awa Admin" {
		t.Fatalf("history = %+v", p.History)
	}
	h.oneAudit("milestone.state", first, "success")

	// The client of that project sees the same figures; the other client does not see it at all.
	a1 := h.login(h.cast.A1.Email)
	r = a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), nil)
	var seen projectDetailView
	r.json(t, &seen)
	if r.status != 200 || seen.Progress.Percent != 33 || len(seen.History) != 1 || seen.Status != "en_cours" || seen.Description != "Ligne 1\nVoir https://exemple.fr" {
		t.Fatalf("client view = %d %s", r.status, r.body)
	}
	b1 := h.login(h.cast.B1.Email)
	if r := b1.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), nil); r.status != 404 {
		t.Fatalf("other client = %d", r.status)
	}
	if r := b1.do("GET", "/api/v1/projects?q=intranet", nil); strings.Contains(r.body, "Refonte") {
		t.Fatalf("other client's list shows the project: %s", r.body)
	}

	// Weights: a heavier step counts more.
	r = adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", p.Milestones[2].ID), map[string]any{"title": "Mise en ligne", "weight": 4, "due_date": "2027-03-01"})
	r.json(t, &p)
	if p.Progress.Percent != 17 { // 1 of 6 weight units
		t.Fatalf("weighted progress = %+v", p.Progress)
	}
	h.oneAudit("milestone.update", p.Milestones[2].ID, "success")

	// Reorder, reopen, status change.
	ids := []int64{p.Milestones[2].ID, p.Milestones[1].ID, p.Milestones[0].ID}
	r = adm.do("PUT", fmt.Sprintf("/api/v1/admin/projects/%d/milestones/order", p.ID), map[string]any{"ids": ids})
	r.json(t, &p)
	if r.status != 200 || p.Milestones[0].ID != ids[0] || p.Milestones[2].ID != ids[2] {
		t.Fatalf("reorder = %d %s", r.status, r.body)
	}
	h.oneAudit("milestone.reorder", p.ID, "success")
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", first), map[string]string{"state": "a_venir"})
	r.json(t, &p)
	if p.Progress.Percent != 0 || len(p.History) != 2 || p.History[0].Kind != "reopened" {
		t.Fatalf("after reopening: %+v %+v", p.Progress, p.History)
	}
	r = adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", p.ID), map[string]any{"client_id": h.cast.ClientA.ID, "name": "Refonte intranet",
		"start_date": "2026-01-05", "deadline": "2027-06-30", "status": "en_pause"})
	if r.status != 200 || !strings.Contains(r.body, `"status":"en_pause"`) {
		t.Fatalf("pause = %d %s", r.status, r.body)
	}
	if row := h.oneAudit("project.update", p.ID, "success"); !strings.Contains(row.Summary, "En cours → En pause") {
		t.Errorf("status change summary = %q", row.Summary)
	}
	// A validated step cannot be deleted; another can.
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", first), map[string]string{"state": "validee"})
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/milestones/%d", first), nil); r.status != 409 {
		t.Fatalf("deleting a validated step = %d", r.status)
	}
	r = adm.do("DELETE", fmt.Sprintf("/api/v1/admin/milestones/%d", ids[0]), nil)
	r.json(t, &p)
	if r.status != 200 || len(p.Milestones) != 2 || p.Progress != (progressView{50, 1, 2}) {
		t.Fatalf("delete = %d %s", r.status, r.body)
	}
	h.oneAudit("milestone.delete", ids[0], "success")
	// A client with projects cannot be deleted.
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/clients/%d", h.cast.ClientB.ID), map[string]string{"confirm_name": "beta"}); r.status != 409 {
		t.Fatalf("delete client with projects = %d", r.status)
	}
}

func TestProjectInputErrorsAreExplicit(t *testing.T) {
	h, adm := newAdminHarness(t)
	cases := []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"client_id": h.cast.ClientA.ID, "name": ""}, "name"},
		{map[string]any{"client_id": 0, "name": "X"}, "client_id"},
		{map[string]any{"client_id": 999999, "name": "X"}, "client_id"},
		{map[string]any{"client_id": h.cast.ClientA.ID, "name": "X", "deadline": "31/12/2026"}, "deadline"},
		{map[string]any{"client_id": h.cast.ClientA.ID, "name": "X", "start_date": "2026-12-01", "deadline": "2026-11-01"}, "deadline"},
		{map[string]any{"client_id": h.cast.ClientA.ID, "name": "X", "status": "fini"}, "status"},
		{map[string]any{"client_id": h.cast.ClientA.ID, "name": "X", "manager_id": h.cast.A1.ID}, "manager_id"},
	}
	for _, c := range cases {
		r := adm.do("POST", "/api/v1/admin/projects", c.body)
		if e := decodeError(t, r.body); r.status != 422 || e.Field != c.field || e.Message == "" {
			t.Errorf("%v = %d %s, want 422 on %s", c.body, r.status, r.body, c.field)
		}
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/milestones", h.cast.ProjectA.ID), map[string]any{"title": "X", "weight": 500}); r.status != 422 {
		t.Errorf("weight 500 = %d", r.status)
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]any{"state": "perdue"}); r.status != 422 {
		t.Errorf("unknown state = %d", r.status)
	}
}

// For every user and project: the page answers 200 if and only if the project is in that
// user's list (README, "Accounts and security").
func TestProjectPageIffInList(t *testing.T) {
	h := newHarness(t)
	for _, email := range []string{h.cast.A1.Email, h.cast.A2.Email, h.cast.B1.Email, h.cast.Admin.Email} {
		b := h.login(email)
		r := b.do("GET", "/api/v1/projects?per_page=100", nil)
		var page pageView[projectView]
		r.json(t, &page)
		listed := map[int64]bool{}
		for _, p := range page.Items {
			listed[p.ID] = true
		}
		for _, id := range []int64{h.cast.ProjectA.ID, h.cast.ProjectB.ID} {
			r := b.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), nil)
			if (r.status == 200) != listed[id] || (r.status != 200 && r.status != 404) {
				t.Errorf("%s: project %d listed=%v but page=%d", email, id, listed[id], r.status)
			}
		}
		if email != h.cast.Admin.Email && len(listed) != 1 {
			t.Errorf("%s sees %d projects, want its company's one", email, len(listed))
		}
	}
	// A client cannot widen its list with another client's id.
	b := h.login(h.cast.A1.Email)
	r := b.do("GET", fmt.Sprintf("/api/v1/projects?client_id=%d", h.cast.ClientB.ID), nil)
	if strings.Contains(r.body, "Application Beta") {
		t.Fatalf("client_id from the query widened a client's list: %s", r.body)
	}
}

func TestOverdueAndLateAreFlaggedAndCounted(t *testing.T) {
	h, adm := newAdminHarness(t)
	yesterday := time.Now().In(time.UTC).AddDate(0, 0, -2).Format("2006-01-02")
	future := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	// Project A: a step overdue, deadline ahead → at risk. Project B: deadline passed → late.
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepA1.ID), map[string]any{"title": "Maquettes", "due_date": yesterday})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", h.cast.ProjectA.ID), map[string]any{"client_id": h.cast.ClientA.ID, "name": "Site vitrine Alpha", "deadline": future})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", h.cast.ProjectB.ID), map[string]any{"client_id": h.cast.ClientB.ID, "name": "Application Beta", "deadline": yesterday})

	r := adm.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil)
	var p projectDetailView
	r.json(t, &p)
	if !p.HasOverdue || p.IsLate || p.Schedule != "at_risk" || !p.Milestones[0].Overdue || p.Milestones[1].Overdue {
		t.Fatalf("project A flags: %s", r.body)
	}
	r = adm.do("GET", "/api/v1/projects?late=true", nil)
	var page pageView[projectView]
	r.json(t, &page)
	if page.Total != 1 || page.Items[0].ID != h.cast.ProjectB.ID || page.Items[0].Schedule != "late" {
		t.Fatalf("late filter = %s", r.body)
	}
	r = adm.do("GET", "/api/v1/projects?overdue=true", nil)
	r.json(t, &page)
	if page.Total != 1 || page.Items[0].ID != h.cast.ProjectA.ID {
		t.Fatalf("overdue filter = %s", r.body)
	}
	r = adm.do("GET", "/api/v1/admin/overview", nil)
	var o overviewView
	r.json(t, &o)
	if o.ActiveClients != 2 || o.ProjectsByStatus["en_cours"] != 2 || o.LateProjects != 1 || o.OverdueMilestones != 1 || o.ProjectsAtRisk != 1 ||
		len(o.OverdueList) != 1 || o.OverdueList[0].ProjectName != "Site vitrine Alpha" || len(o.LateList) != 1 {
		t.Fatalf("overview = %s", r.body)
	}
	// Delivering the step clears the alert; finishing the late project clears it too.
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "livree"})
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", h.cast.ProjectB.ID), map[string]any{"client_id": h.cast.ClientB.ID, "name": "Application Beta", "deadline": yesterday, "status": "termine"})
	r = adm.do("GET", "/api/v1/admin/overview", nil)
	r.json(t, &o)
	if o.LateProjects != 0 || o.OverdueMilestones != 0 || o.ProjectsByStatus["termine"] != 1 {
		t.Fatalf("overview after fixes = %s", r.body)
	}
}
