package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
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

// Reads of the same answer that arrive while it is being computed wait for that one
// computation: after a write, 20 connections of one client reading its list at once ask the
// database for the list once (they used to ask it 20 times), and each gets the whole list,
// with the write in it. Another user's reads meanwhile are computed for that user.
func TestAnswerCacheComputesOnceForConcurrentReads(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1, b1 := h.login(h.cast.A1.Email), h.login(h.cast.B1.Email)
	path := "/api/v1/projects?per_page=50"
	getPage[projectView](t, a1, path)
	if r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/projects/%d", h.cast.ProjectA.ID), map[string]any{
		"client_id": h.cast.ClientA.ID, "name": "Refonte concurrente", "status": "en_cours"}); r.status != 200 {
		t.Fatalf("rename = %d %s", r.status, r.body)
	}
	const readers = 20
	bodies := make([]string, readers+1)
	errs := make([]error, readers+1)
	stmts := storetest.CaptureStatements(t, h.db, func() {
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range readers + 1 {
			who := a1
			if i == readers {
				who = b1
			}
			wg.Go(func() {
				<-start
				r, err := who.try("GET", path, nil)
				if err == nil && r.status != 200 {
					err = fmt.Errorf("GET %s = %d %s", path, r.status, r.body)
				}
				bodies[i], errs[i] = r.body, err
			})
		}
		close(start)
		wg.Wait()
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, body := range bodies[:readers] {
		if body != bodies[0] || !strings.Contains(body, "Refonte concurrente") {
			t.Fatalf("reader %d got %q, reader 0 %q", i, body, bodies[0])
		}
	}
	if strings.Contains(bodies[readers], "Refonte concurrente") || !strings.Contains(bodies[readers], h.cast.ProjectB.Name) {
		t.Fatalf("B's list, read meanwhile: %s", bodies[readers])
	}
	counts := 0
	for _, q := range stmts {
		if strings.Contains(q, "LIMIT 50 OFFSET 0) page") {
			counts++
		}
	}
	// One computation for A1's 20 reads, one for B1's.
	if counts != 2 {
		t.Fatalf("the lists were computed %d times for 20 reads of A1 and one of B1, want 2:\n%s", counts, strings.Join(stmts, "\n"))
	}
}

// A computation in flight answers only the reads that read the same data epoch: a read that
// arrives after a write committed leads a computation of its own.
func TestAnswerFlightsAreByEpoch(t *testing.T) {
	var c answerCache
	k := answerKey{user: 1, uri: "/api/v1/projects"}
	first, leads := c.join(k, 7)
	if !leads {
		t.Fatal("the first read of an answer does not compute it")
	}
	if f, leads := c.join(k, 7); leads || f != first {
		t.Fatal("a read of the same epoch does not wait for the computation in flight")
	}
	if f, leads := c.join(k, 8); !leads || f == first {
		t.Fatal("a read after a write waits for a computation started before it")
	}
	if _, leads := c.join(answerKey{user: 2, uri: "/api/v1/projects"}, 7); !leads {
		t.Fatal("another user's read waits for the first user's answer")
	}
	first.a, first.ok = answer{body: []byte("liste")}, true
	c.land(k, 7, first)
	if a, ok := first.wait(context.Background()); !ok || string(a.body) != "liste" {
		t.Fatalf("a waiter got %q, %v", a.body, ok)
	}
	if _, leads := c.join(k, 7); !leads {
		t.Fatal("a read after the flight landed waits for it again")
	}
}

// The writes to the store's quiet tables (sessions kept alive, notifications, e-mails queued,
// audit rows, job leases...) leave the data epoch alone, so the answers kept must not read
// them: every statement the cached routes send, for a client and for the staff, is checked
// (the session lookup aside: it runs before the cache, every request).
func TestCachedRoutesReadNoQuietTable(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1 := h.login(h.cast.A1.Email)
	var paths []string
	for _, r := range h.s.RouteTable() {
		if r.Flags.has(Cached) {
			paths = append(paths, strings.ReplaceAll(r.Path, ":id", fmtInt(h.cast.ProjectA.ID)))
		}
	}
	if len(paths) < 2 {
		t.Fatalf("cached routes: %v", paths)
	}
	stmts := storetest.CaptureSelects(t, h.db, func() {
		for _, who := range []*browser{a1, adm} {
			for _, p := range paths {
				for _, query := range []string{"", "?per_page=50&sort=name", "?status=en_cours&q=Site"} {
					if r := who.do("GET", p+query, nil); r.status != 200 {
						t.Fatalf("GET %s = %d %s", p+query, r.status, r.body)
					}
				}
			}
		}
	})
	read := 0
	for _, q := range stmts {
		if strings.Contains(q, "token_hash") {
			continue
		}
		read++
		words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
		})
		for _, w := range words {
			if store.QuietTable(w) {
				t.Errorf("a cached route reads %s, whose writes do not move the data epoch: %s", w, q)
			}
		}
	}
	if read < 4 {
		t.Fatalf("captured %d statements of the cached routes", read)
	}
}
