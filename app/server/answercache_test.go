package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store/storetest"
)

// The answers of the list and the project page are kept in memory (answercache.go); a write of
// any kind is seen by the very next read all the same, one user never gets another's answer,
// and a new day recomputes what is late without any write.
func TestAnswerCacheSeesEveryWriteOnTheNextRequest(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1, b1 := h.login(h.cast.A1.Email), h.login(h.cast.B1.Email)
	list := func(b *browser) []projectView {
		t.Helper()
		return getPage[projectView](t, b, "/api/v1/projects?per_page=50").Items
	}
	ofA := func(ps []projectView) projectView {
		t.Helper()
		for _, p := range ps {
			if p.ID == h.cast.ProjectA.ID {
				return p
			}
		}
		t.Fatalf("project A missing from %+v", ps)
		return projectView{}
	}
	before := ofA(list(a1))
	if before.NextMilestone == nil || before.NextMilestone.Title != h.cast.StepA1.Title {
		t.Fatalf("next step before = %+v", before.NextMilestone)
	}

	// Read again with nothing written: served without a query on the projects.
	stmts := storetest.CaptureSelects(t, h.db, func() { list(a1) })
	for _, q := range stmts {
		if strings.Contains(q, "projects") {
			t.Errorf("a list read again with nothing written queried the database: %s", q)
		}
	}

	// A step delivered: the next step and the progress move on the client's very next read.
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "livree"}); r.status != 200 {
		t.Fatalf("deliver = %d %s", r.status, r.body)
	}
	after := ofA(list(a1))
	if after.NextMilestone == nil || after.NextMilestone.Title != h.cast.StepA2.Title || after.Progress.Percent != 50 {
		t.Fatalf("after delivering the first step: next %+v, progress %+v", after.NextMilestone, after.Progress)
	}
	var page projectDetailView
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &page)
	if page.Progress.Percent != 50 || len(page.History) != 1 {
		t.Fatalf("page after delivering: %+v, %d history lines", page.Progress, len(page.History))
	}

	// A message from the staff: the client's unread count moves.
	if r := adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]any{"body": "Livraison faite."}); r.status != 201 {
		t.Fatalf("post = %d %s", r.status, r.body)
	}
	if got := ofA(list(a1)); got.UnreadMessages != after.UnreadMessages+1 {
		t.Fatalf("unread after a staff message = %d, want %d", got.UnreadMessages, after.UnreadMessages+1)
	}

	// Another client's user at the same address gets its own list.
	for _, p := range list(b1) {
		if p.ClientID != h.cast.ClientB.ID {
			t.Fatalf("B's list holds a project of another client: %+v", p)
		}
	}

	// A compressed answer is kept compressed, and served again whole.
	gz := [2]string{"Accept-Encoding", "gzip"}
	var bodies []string
	for range 2 {
		r := a1.doWith("GET", "/api/v1/projects?per_page=50", nil, gz)
		if r.status != 200 || r.header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("gzip list = %d, Content-Encoding %q", r.status, r.header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader([]byte(r.body)))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(plain))
	}
	if bodies[0] != bodies[1] || !strings.Contains(bodies[1], h.cast.ProjectA.Name) {
		t.Fatalf("the gzip answer served again differs: %q vs %q", bodies[0], bodies[1])
	}

	// A due date today: not overdue today, overdue just after midnight with nothing written
	// since the last read. The clock is moved by steps shorter than the idle timeout, each
	// read touching the session (a write) and keeping its answer, up to 30 s before midnight;
	// the read after midnight comes within the minute that touches no session.
	due := h.now().Format("2006-01-02")
	if r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/milestones/%d", h.cast.StepA2.ID),
		map[string]any{"title": h.cast.StepA2.Title, "weight": 1, "due_date": due}); r.status != 200 {
		t.Fatalf("due date = %d %s", r.status, r.body)
	}
	midnight := h.now().Truncate(24 * time.Hour).Add(24 * time.Hour) // the portal's zone is UTC here
	for {
		if got := ofA(list(a1)); got.HasOverdue {
			t.Fatalf("overdue on its due date: %+v", got)
		}
		left := midnight.Add(-30 * time.Second).Sub(h.now())
		if left <= 0 {
			break
		}
		h.advance(min(left, h.auth.SessionIdleTimeout.D()/2))
	}
	h.advance(40 * time.Second)
	if got := ofA(list(a1)); !got.HasOverdue {
		t.Fatalf("not overdue the day after its due date: %+v", got)
	}
}
