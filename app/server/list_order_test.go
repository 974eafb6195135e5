package server

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// Lists sort their page before joining the rest of each row (no on-disk temporary table);
// these checks pin the order each sort promises, and that pages follow one another.
func TestProjectListSortsAndPages(t *testing.T) {
	h, adm := newAdminHarness(t)
	var client clientView
	if r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "Gamma SARL"}); r.status != 201 {
		t.Fatalf("create client = %d %s", r.status, r.body)
	} else {
		r.json(t, &client)
	}
	type spec struct{ name, deadline string }
	specs := []spec{{"Delta", "2027-03-01"}, {"Alpha", "2027-05-01"}, {"Charlie", ""}, {"Bravo", "2027-01-15"}, {"Echo", "2027-03-01"}}
	ids := map[string]int64{}
	for _, s := range specs {
		body := map[string]any{"client_id": client.ID, "name": s.name, "start_date": "2026-01-05"}
		if s.deadline != "" {
			body["deadline"] = s.deadline
		}
		var p projectDetailView
		r := adm.do("POST", "/api/v1/admin/projects", body)
		r.json(t, &p)
		if r.status != 201 {
			t.Fatalf("create %s = %d %s", s.name, r.status, r.body)
		}
		ids[s.name] = p.ID
		h.advance(time.Minute) // distinct updated_at
	}
	// Progress: Echo half done, then Alpha fully done (the last change).
	for _, x := range []struct {
		name  string
		steps []bool
	}{{"Echo", []bool{true, false}}, {"Alpha", []bool{true}}} {
		name := x.name
		h.advance(time.Minute)
		for _, done := range x.steps {
			var p projectDetailView
			adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/milestones", ids[name]), map[string]any{"title": "Étape"}).json(t, &p)
			if done {
				m := p.Milestones[len(p.Milestones)-1].ID
				if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", m), map[string]string{"state": "livree"}); r.status != 200 {
					t.Fatalf("deliver = %d %s", r.status, r.body)
				}
			}
		}
	}
	names := func(path string) []string {
		t.Helper()
		var out []string
		for _, p := range getPage[projectView](t, adm, path).Items {
			out = append(out, p.Name)
		}
		return out
	}
	base := fmt.Sprintf("/api/v1/projects?client_id=%d", client.ID)
	for sort, want := range map[string][]string{
		"":         {"Bravo", "Delta", "Echo", "Alpha", "Charlie"}, // by deadline, none last, then id
		"deadline": {"Bravo", "Delta", "Echo", "Alpha", "Charlie"},
		"name":     {"Alpha", "Bravo", "Charlie", "Delta", "Echo"},
		"updated":  {"Alpha", "Echo", "Bravo", "Charlie", "Delta"}, // newest change first
		"progress": {"Delta", "Charlie", "Bravo", "Echo", "Alpha"}, // 0 % by id, then 50 %, 100 %
	} {
		if got := names(base + "&sort=" + sort); !slices.Equal(got, want) {
			t.Errorf("sort %q = %v, want %v", sort, got, want)
		}
		var paged []string
		for page := 1; page <= 3; page++ {
			paged = append(paged, names(fmt.Sprintf("%s&sort=%s&per_page=2&page=%d", base, sort, page))...)
		}
		if !slices.Equal(paged, want) {
			t.Errorf("sort %q in pages of 2 = %v, want %v", sort, paged, want)
		}
	}
}

func TestLatestVersionsOrder(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1 := h.login(h.cast.A1.Email)
	var uploaded []int64
	for i := 1; i <= 4; i++ {
		var d deliverableView
		r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables?title=Livrable%%20%d", h.cast.ProjectA.ID, i),
			rawFile{fmt.Sprintf("livrable-%d.pdf", i), []byte(fmt.Sprintf("%%PDF-1.4 livrable %d", i))})
		r.json(t, &d)
		if r.status != 201 {
			t.Fatalf("upload %d = %d %s", i, r.status, r.body)
		}
		uploaded = append(uploaded, d.Versions[0].ID)
		h.advance(time.Minute)
	}
	// One of B's, which A's user must never see.
	var other deliverableView
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables?title=Autre", h.cast.ProjectB.ID), rawFile{"b.pdf", []byte("%PDF-1.4 b")}); r.status != 201 {
		t.Fatalf("upload for B = %d %s", r.status, r.body)
	} else {
		r.json(t, &other)
	}
	// The second one is validated: no longer pending.
	if r := a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", uploaded[1]), map[string]string{"decision": "valide"}); r.status != 200 {
		t.Fatalf("validate = %d %s", r.status, r.body)
	}
	ids := func(b *browser, path string) []int64 {
		t.Helper()
		var out []int64
		for _, v := range getPage[latestView](t, b, path).Items {
			if slices.Contains(uploaded, v.ID) || v.ID == other.Versions[0].ID {
				out = append(out, v.ID) // the cast's own versions are older than these
			}
		}
		return out
	}
	newestFirst := []int64{uploaded[3], uploaded[2], uploaded[1], uploaded[0]}
	if got := ids(a1, "/api/v1/versions/latest"); !slices.Equal(got, newestFirst) {
		t.Errorf("client's latest = %v, want %v (newest first, its own client only)", got, newestFirst)
	}
	if got := ids(a1, "/api/v1/versions/latest?limit=2"); !slices.Equal(got, newestFirst[:2]) {
		t.Errorf("client's latest 2 = %v, want %v", got, newestFirst[:2])
	}
	pending := ids(adm, "/api/v1/admin/versions/pending")
	if want := []int64{uploaded[0], uploaded[2], uploaded[3], other.Versions[0].ID}; !slices.Equal(pending, want) {
		t.Errorf("pending = %v, want the oldest waiting first: %v", pending, want)
	}
}
