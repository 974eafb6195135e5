package portal

import (
	"context"
	"sync"
	"testing"
	"time"
)

// The overview is computed once while nothing it reads changes, again after any change of a
// project, a step or a client, and on a new day; admins asking at once share one computation.
func TestOverviewIsRecomputedOnlyWhenItsDataChanges(t *testing.T) {
	f, computed, overview := newOverviewProbe(t)
	ctx, svc := context.Background(), f.svc
	first := overview()
	overview()
	if n := computed(); n != 1 {
		t.Fatalf("two asks without changes: %d computations, want 1", n)
	}

	// A step delivered: its project's counters move, so does the overview.
	if _, err := svc.SetMilestoneState(ctx, f.admin, f.cast.StepA1.ID, "livree"); err != nil {
		t.Fatal(err)
	}
	overview()
	if n := computed(); n != 2 {
		t.Fatalf("after a step delivered: %d computations, want 2", n)
	}
	// A project finished: the figures say so at once.
	p := f.cast.ProjectB
	if _, err := svc.UpdateProject(ctx, f.admin, p.ID, ProjectInput{ClientID: p.ClientID, Name: p.Name, Status: StatusDone}); err != nil {
		t.Fatal(err)
	}
	if o := overview(); o.ProjectsByStatus[StatusDone] != first.ProjectsByStatus[StatusDone]+1 {
		t.Fatalf("finished projects %d, want %d", o.ProjectsByStatus[StatusDone], first.ProjectsByStatus[StatusDone]+1)
	}
	// A client archived.
	if _, err := svc.SetClientArchived(ctx, f.admin, f.cast.ClientB.ID, true); err != nil {
		t.Fatal(err)
	}
	if o := overview(); o.ActiveClients != first.ActiveClients-1 {
		t.Fatalf("active clients %d, want %d", o.ActiveClients, first.ActiveClients-1)
	}
	// The next day, whatever the data.
	before := computed()
	f.advance(24 * time.Hour)
	overview()
	if n := computed(); n != before+1 {
		t.Fatalf("on a new day: %d computations, want %d", n, before+1)
	}

	// Twenty admins at once after a change: one computation, the same figures for all.
	if _, err := svc.SetClientArchived(ctx, f.admin, f.cast.ClientB.ID, false); err != nil {
		t.Fatal(err)
	}
	before = computed()
	var wg sync.WaitGroup
	results := make([]Overview, 20)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = overview() }()
	}
	wg.Wait()
	if n := computed(); n != before+1 {
		t.Errorf("20 simultaneous asks: %d computations, want 1", n-before)
	}
	for _, o := range results {
		if o.ActiveClients != first.ActiveClients {
			t.Errorf("active clients %d, want %d", o.ActiveClients, first.ActiveClients)
		}
	}
}

// Another portal process's writes do not move this store's overview epoch: its changes show by
// the latest updated_at of the projects, and what that cannot tell (a client deleted there)
// within overviewMaxAge.
func TestOverviewSeesOtherProcessesWrites(t *testing.T) {
	f, computed, overview := newOverviewProbe(t)
	ctx, svc := context.Background(), f.svc
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := f.db.SQL().ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	first := overview()
	// A project finished elsewhere, later than any change seen here.
	exec("UPDATE projects SET status = 'termine', updated_at = ? WHERE id = ?", svc.now().Add(time.Second), f.cast.ProjectB.ID)
	if o := overview(); o.ProjectsByStatus[StatusDone] != first.ProjectsByStatus[StatusDone]+1 {
		t.Fatalf("finished projects %d after another process's change, want %d", o.ProjectsByStatus[StatusDone], first.ProjectsByStatus[StatusDone]+1)
	}
	// Two clients without projects created elsewhere (seen: a new latest id), then the first
	// deleted there: neither the latest id nor the latest updated_at moves.
	for _, name := range []string{"Éphémère 1", "Éphémère 2"} {
		exec("INSERT INTO clients (name, contact_name, contact_email, phone, address, notes, created_at, updated_at) VALUES (?, '', '', '', '', '', ?, ?)",
			name, time.Unix(0, 0), time.Unix(0, 0))
	}
	second := overview()
	if second.ActiveClients != first.ActiveClients+2 {
		t.Fatalf("active clients %d after two created elsewhere, want %d", second.ActiveClients, first.ActiveClients+2)
	}
	exec("DELETE FROM clients WHERE name = 'Éphémère 1'")
	if o := overview(); o.ActiveClients != second.ActiveClients {
		t.Fatalf("active clients %d, want the %d cached", o.ActiveClients, second.ActiveClients)
	}
	before := computed()
	f.advance(overviewMaxAge)
	if o := overview(); o.ActiveClients != second.ActiveClients-1 || computed() != before+1 {
		t.Fatalf("after %v: active clients %d (want %d), %d computations (want 1)", overviewMaxAge, o.ActiveClients, second.ActiveClients-1, computed()-before)
	}
}

// newOverviewProbe gives the statistics fixture, the number of overview computations so far,
// and the admin's overview as it is asked for.
func newOverviewProbe(t *testing.T) (f *statsFixture, computed func() int64, overview func() Overview) {
	f = newStatsFixture(t)
	computed = func() int64 { return f.svc.overview.computations.Load() }
	overview = func() Overview {
		t.Helper()
		o, err := f.svc.AdminOverview(context.Background(), f.admin)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	return f, computed, overview
}
