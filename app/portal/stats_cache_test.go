package portal

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// statsFixture is a service on the fixture cast whose clock only moves when told.
type statsFixture struct {
	t     *testing.T
	svc   *Service
	db    *store.DB
	cast  portaltest.Cast
	admin Actor
	shift atomic.Int64
}

func newStatsFixture(t *testing.T) *statsFixture {
	t.Helper()
	db, fs := storetest.New(t), portaltest.Files(t)
	f := &statsFixture{t: t, db: db}
	base := time.Now().UTC()
	f.svc = New(db, Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordParams: portaltest.FastHash, Files: fs,
		Now: func() time.Time { return base.Add(time.Duration(f.shift.Load())) }})
	f.cast = portaltest.New(t, db, fs)
	f.admin = Actor{UserID: f.cast.Admin.ID, Role: RoleAdmin, Email: f.cast.Admin.Email}
	// No computation may outlive the test's database.
	t.Cleanup(f.idle)
	return f
}

func (f *statsFixture) advance(d time.Duration) { f.shift.Add(int64(d)) }

// idle waits until no computation runs.
func (f *statsFixture) idle() {
	f.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		f.svc.stats.mu.Lock()
		pending := f.svc.stats.pending
		f.svc.stats.mu.Unlock()
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%d statistics computations still running after 30 s", pending)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *statsFixture) stats(q StatsQuery) Statistics {
	f.t.Helper()
	st, err := f.svc.Statistics(context.Background(), f.admin, q)
	if err != nil {
		f.t.Fatal(err)
	}
	return st
}

func (f *statsFixture) computations() int64 { return f.svc.stats.computations.Load() }

// clientMessage adds a message of client A's first user to project A, now.
func (f *statsFixture) clientMessage() {
	f.t.Helper()
	if _, err := f.db.InsertMessage(context.Background(), store.Message{ProjectID: f.cast.ProjectA.ID, AuthorID: f.cast.A1.ID,
		Body: "Une question de plus", CreatedAt: f.svc.now()}); err != nil {
		f.t.Fatal(err)
	}
}

// allTime is a period that the moved clock cannot leave (the default one ends today).
var allTime = StatsQuery{From: "2000-01-01", To: "2100-12-31"}

func TestStatisticsServeOldFiguresWhileOneRecomputationRuns(t *testing.T) {
	f := newStatsFixture(t)
	first := f.stats(allTime)
	if f.computations() != 1 || first.ComputedAt.IsZero() {
		t.Fatalf("first request: %d computations, computed at %v", f.computations(), first.ComputedAt)
	}
	n := first.Response.ClientMessages
	f.clientMessage()

	// Within statsTTL: the same figures, no new computation.
	f.advance(statsTTL / 2)
	if st := f.stats(allTime); st.Response.ClientMessages != n || f.computations() != 1 {
		t.Fatalf("fresh figures: %d client messages, %d computations; want %d and 1", st.Response.ClientMessages, f.computations(), n)
	}
	// Past it: the old figures at once, and one recomputation in the background.
	f.advance(statsTTL)
	st := f.stats(allTime)
	if st.Response.ClientMessages != n || !st.ComputedAt.Equal(first.ComputedAt) {
		t.Fatalf("stale request got %d client messages computed at %v, want the old %d of %v", st.Response.ClientMessages, st.ComputedAt, n, first.ComputedAt)
	}
	f.idle()
	if f.computations() != 2 {
		t.Fatalf("%d computations, want 2", f.computations())
	}
	st = f.stats(allTime)
	if st.Response.ClientMessages != n+1 || !st.ComputedAt.After(first.ComputedAt) {
		t.Fatalf("after the recomputation: %d client messages computed at %v, want %d after %v", st.Response.ClientMessages, st.ComputedAt, n+1, first.ComputedAt)
	}
	if f.computations() != 2 {
		t.Fatalf("%d computations, want 2 (the new figures are fresh)", f.computations())
	}
}

func TestStatisticsWarmedAtStartServeTheFirstRequest(t *testing.T) {
	f := newStatsFixture(t)
	f.svc.WarmStatistics()
	f.idle()
	if f.computations() != 1 {
		t.Fatalf("after warming: %d computations, want 1", f.computations())
	}
	warmed := f.stats(StatsQuery{})
	if f.computations() != 1 || warmed.ComputedAt.IsZero() {
		t.Fatalf("first request after warming: %d computations (want 1, the warmed figures), computed at %v", f.computations(), warmed.ComputedAt)
	}
	// Warming again with the figures at hand computes nothing.
	f.svc.WarmStatistics()
	if f.computations() != 1 {
		t.Fatalf("warming warm figures: %d computations, want 1", f.computations())
	}
}

func TestStatisticsTooOldAreRecomputedBeforeAnswering(t *testing.T) {
	f := newStatsFixture(t)
	n := f.stats(allTime).Response.ClientMessages
	f.clientMessage()
	f.advance(statsMaxStale + time.Minute)
	if st := f.stats(allTime); st.Response.ClientMessages != n+1 {
		t.Fatalf("figures older than statsMaxStale: %d client messages, want the new %d", st.Response.ClientMessages, n+1)
	}
}

func TestStatisticsSimultaneousRequestsShareOneComputation(t *testing.T) {
	f := newStatsFixture(t)
	queries := []StatsQuery{{}, {ClientID: f.cast.ClientA.ID}, {ClientID: f.cast.ClientB.ID}}
	var wg sync.WaitGroup
	results := make([]Statistics, 60)
	errs := make([]error, len(results))
	start := make(chan struct{})
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = f.svc.Statistics(context.Background(), f.admin, queries[i%len(queries)])
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if want := results[i%len(queries)]; !results[i].ComputedAt.Equal(want.ComputedAt) || results[i].Response != want.Response {
			t.Fatalf("request %d got other figures than request %d", i, i%len(queries))
		}
	}
	// One computation per period and client: the unfiltered one, and one per client (their
	// rankings are the unfiltered ones, not computed again).
	if got := f.computations(); got != 3 {
		t.Fatalf("60 simultaneous requests made %d computations, want 3", got)
	}
	all, a := results[0], results[1]
	if a.Response.ClientMessages != 1 || results[2].Response.ClientMessages != 1 || all.Response.ClientMessages != 2 {
		t.Fatalf("client messages: all %d, A %d, B %d; want 2, 1, 1", all.Response.ClientMessages, a.Response.ClientMessages, results[2].Response.ClientMessages)
	}
	if len(a.MostActiveClients) != 2 || a.MostActiveClients[0] != all.MostActiveClients[0] {
		t.Fatalf("client A's page ranks %+v, want every client's ranking %+v", a.MostActiveClients, all.MostActiveClients)
	}
	// The default period and the same days typed are the same figures.
	typed := f.stats(StatsQuery{From: all.From.Format(time.DateOnly), To: all.To.Format(time.DateOnly)})
	if !typed.ComputedAt.Equal(all.ComputedAt) || f.computations() != 3 {
		t.Fatalf("the default period typed out was computed again (%d computations)", f.computations())
	}
}

func TestStatisticsComputationOutlivesTheRequestThatStartedIt(t *testing.T) {
	f := newStatsFixture(t)
	// Another heavy query holds the slot: the computation waits for it.
	f.svc.heavySlots <- struct{}{}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.svc.Statistics(ctx, f.admin, allTime); !errors.Is(err, errBusy) {
		t.Fatalf("a request whose time ran out before the first figures = %v, want errBusy (429)", err)
	}
	<-f.svc.heavySlots
	f.idle()
	// The computation finished anyway: the next request is served from it.
	f.stats(allTime)
	if f.computations() != 1 {
		t.Fatalf("%d computations, want 1", f.computations())
	}

	// Stale figures are served even while the slot is taken, and even past statsMaxStale when
	// the request's time runs out: old figures with their date beat an error.
	f.svc.heavySlots <- struct{}{}
	f.advance(statsMaxStale + time.Minute)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if st, err := f.svc.Statistics(ctx2, f.admin, allTime); err != nil || st.ComputedAt.IsZero() {
		t.Fatalf("very old figures while busy = %v, %v; want the old figures", st.ComputedAt, err)
	}
	<-f.svc.heavySlots
}

func TestStatisticsBoundedPendingComputations(t *testing.T) {
	f := newStatsFixture(t)
	f.svc.heavySlots <- struct{}{}
	var busy int
	for i := 0; i < statsMaxPending+3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		day := time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		if _, err := f.svc.Statistics(ctx, f.admin, StatsQuery{From: "2025-01-01", To: day}); errors.Is(err, errBusy) {
			busy++
		}
		cancel()
	}
	if f.computations() != statsMaxPending || busy != statsMaxPending+3 {
		t.Fatalf("%d computations started (want %d), %d busy answers", f.computations(), statsMaxPending, busy)
	}
	<-f.svc.heavySlots
}

func TestStatisticsCacheEvictsTheLeastRecentlyUsed(t *testing.T) {
	c := &statsCache{}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < statsCacheEntries; i++ {
		c.entry(statsKey{ClientID: int64(i)}).used = base.Add(time.Duration(i) * time.Second)
	}
	c.entries[statsKey{ClientID: 0}].used = base.Add(time.Hour) // asked for again
	c.entry(statsKey{ClientID: -1})
	if len(c.entries) != statsCacheEntries {
		t.Fatalf("%d entries, want %d", len(c.entries), statsCacheEntries)
	}
	if c.entries[statsKey{ClientID: 1}] != nil || c.entries[statsKey{ClientID: 0}] == nil {
		t.Fatal("the least recently used entry was not the one evicted")
	}
}
