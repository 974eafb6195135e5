package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/live"
	"github.com/bigdatacenter/portal/app/live/natstest"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

// newPeer is another portal process on h's database (with h's cast), its live events carried
// by NATS at natsURL, serving on a real loopback port.
func newPeer(t *testing.T, h *harness, natsURL string) *harness {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	hub := live.NewHub()
	bus, err := live.ConnectBus(hub, live.BusOptions{URL: natsURL, SubjectPrefix: "test"}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	svc := portal.New(h.db, portal.Options{Log: quiet, PasswordParams: portaltest.FastHash, Auth: h.auth, Files: h.fs, Live: bus, SharedDatabase: true})
	s, err := New(svc, Options{Frontend: testFrontend, Log: quiet, Hub: hub, EventsReady: bus.Ready, SharedDatabase: true})
	if err != nil {
		t.Fatal(err)
	}
	p := &harness{t: t, s: s, db: h.db, cast: h.cast, fs: h.fs, hub: hub, svc: svc, auth: h.auth}
	p.base = serveForReal(t, p)
	return p
}

// streamEvents collects the event names of b's live stream on p during d; opened is closed
// once the stream is open.
func streamEvents(t *testing.T, p *harness, b *browser, d time.Duration, opened chan struct{}) (got []string) {
	eachEvent(t, p, b, d, func(ev string) bool {
		if ev == "ready" {
			close(opened)
		} else {
			got = append(got, ev)
		}
		return false
	})
	select {
	case <-opened:
	default:
		close(opened) // the stream failed: the test does not wait for it
	}
	return got
}

func count(list []string, s string) (n int) {
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// Two portal processes on one database and one NATS server: a message posted through one
// reaches, live and once, the streams opened on either, and only those of its project's people.
func TestLiveEventsCrossProcessesOnce(t *testing.T) {
	nats := natstest.Start(t)
	h := newHarness(t)
	p1, p2 := newPeer(t, h, nats.URL), newPeer(t, h, nats.URL)
	adm := p1.login(h.cast.Admin.Email)
	a1On1, a1On2 := p1.login(h.cast.A1.Email), p2.login(h.cast.A1.Email)
	b1On2 := p2.login(h.cast.B1.Email)

	var wg sync.WaitGroup
	results := make([][]string, 3)
	for i, s := range []struct {
		p *harness
		b *browser
	}{{p1, a1On1}, {p2, a1On2}, {p2, b1On2}} {
		opened := make(chan struct{})
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = streamEvents(t, s.p, s.b, 3*time.Second, opened) }()
		<-opened
	}
	r := adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "Vu depuis l'autre serveur"})
	if r.status != 201 {
		t.Fatalf("post = %d %s", r.status, r.body)
	}
	wg.Wait()
	onPublisher, onOther, otherClient := results[0], results[1], results[2]
	if count(onPublisher, "message") != 1 || count(onOther, "message") != 1 {
		t.Fatalf("client A's message events: %v on the posting process, %v on the other; want one each", onPublisher, onOther)
	}
	if count(onOther, "notifications") != count(onPublisher, "notifications") || count(onOther, "notifications") == 0 {
		t.Fatalf("client A's bell events: %v on the posting process, %v on the other", onPublisher, onOther)
	}
	if len(otherClient) != 0 {
		t.Fatalf("client B received client A's events through the other process: %v", otherClient)
	}

	// /readyz reports the link, and NATS down degrades without failing the process.
	if r := do(t, p2.s.App(), "GET", "/readyz"); r.status != 200 || !strings.Contains(r.body, `"events":"ok"`) {
		t.Fatalf("readyz with NATS up = %d %s", r.status, r.body)
	}
	nats.Stop()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := do(t, p2.s.App(), "GET", "/readyz")
		if r.status == 200 && strings.Contains(r.body, `"status":"degraded"`) && strings.Contains(r.body, "NATS") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz with NATS down = %d %s", r.status, r.body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "NATS absent"}); r.status != 201 {
		t.Fatalf("post with NATS down = %d %s", r.status, r.body)
	}
}

// Two processes on one database: what one writes, the other shows on its very next request —
// no answer or session kept in a process's memory outlives another process's write.
func TestProcessesSeeEachOthersWritesAtOnce(t *testing.T) {
	nats := natstest.Start(t)
	h := newHarness(t)
	p1, p2 := newPeer(t, h, nats.URL), newPeer(t, h, nats.URL)
	adm := p1.login(h.cast.Admin.Email)
	a1 := p2.login(h.cast.A1.Email)
	nextStep := func() string {
		t.Helper()
		for _, p := range getPage[projectView](t, a1, "/api/v1/projects?per_page=50").Items {
			if p.ID == h.cast.ProjectA.ID && p.NextMilestone != nil {
				return p.NextMilestone.Title
			}
		}
		return ""
	}
	// Read twice: a process keeping answers would now hold this one.
	if first, again := nextStep(), nextStep(); first != h.cast.StepA1.Title || again != first {
		t.Fatalf("next step on process 2: %q then %q, want %q", first, again, h.cast.StepA1.Title)
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "livree"}); r.status != 200 {
		t.Fatalf("deliver through process 1 = %d %s", r.status, r.body)
	}
	if got := nextStep(); got != h.cast.StepA2.Title {
		t.Fatalf("process 2 right after a step delivered through process 1: next step %q, want %q", got, h.cast.StepA2.Title)
	}
	// A user disabled through process 1 is refused by process 2 on its next request.
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/users/%d/disable", h.cast.A1.ID), nil); r.status != 200 && r.status != 204 {
		t.Fatalf("disable through process 1 = %d %s", r.status, r.body)
	}
	if r := a1.do("GET", "/api/v1/projects?per_page=50", nil); r.status != 401 {
		t.Fatalf("a user disabled through process 1, on process 2: %d %s, want 401", r.status, r.body)
	}
}

// Two processes fire the same schedule: each period runs once, whichever process fires
// first; a run longer than the lease's term keeps it by renewal; a process that died holding
// the lease delays the job by the term only.
func TestScheduledJobRunsOncePerPeriodAcrossProcesses(t *testing.T) {
	h := newHarness(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	procs := []*portal.Service{
		portal.New(h.db, portal.Options{Log: quiet, JobLease: time.Second}),
		portal.New(h.db, portal.Options{Log: quiet, JobLease: time.Second}),
	}
	ctx := context.Background()
	var runs atomic.Int32
	quick := func(context.Context) (string, error) { runs.Add(1); return "ok", nil }

	const period = 1200 * time.Millisecond
	for p := 0; p < 3; p++ {
		before := runs.Load()
		var wg sync.WaitGroup
		for i, svc := range procs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// The second process's schedule fires a little later (clocks, start times).
				time.Sleep(time.Duration(i) * 150 * time.Millisecond)
				if err := svc.RunJobEvery(ctx, "sync", period, quick); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := runs.Load() - before; n != 1 {
			t.Fatalf("period %d: the job ran %d times across the two processes", p+1, n)
		}
		time.Sleep(period - 150*time.Millisecond)
	}

	// A run three times longer than the lease's term: the other process never runs meanwhile.
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- procs[0].RunJob(ctx, "long", func(context.Context) (string, error) {
			close(started)
			time.Sleep(3 * time.Second)
			return "long done", nil
		})
	}()
	<-started
	for i := 0; i < 4; i++ {
		time.Sleep(600 * time.Millisecond)
		if err := procs[1].RunJob(ctx, "long", func(context.Context) (string, error) {
			t.Error("the other process ran a job whose run renews its lease")
			return "", nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("the long run = %v", err)
	}

	// A process took the lease and died: the job waits for the term, then runs elsewhere.
	if ok, err := h.db.TakeJobLease(ctx, "orphan", "dead:1:0", time.Second); !ok || err != nil {
		t.Fatal(ok, err)
	}
	before := runs.Load()
	if err := procs[1].RunJob(ctx, "orphan", quick); err != nil || runs.Load() != before {
		t.Fatalf("ran while a (dead) process held the lease: %v", err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := procs[1].RunJob(ctx, "orphan", quick); err != nil || runs.Load() != before+1 {
		t.Fatalf("did not run once the dead process's lease expired: %v", err)
	}

	adm := h.login(h.cast.Admin.Email)
	var page struct {
		Items []struct{ Job, Runner, Outcome string }
	}
	adm.do("GET", "/api/v1/admin/jobs?limit=200", nil).json(t, &page)
	outcomes := map[string]int{}
	for _, r := range page.Items {
		outcomes[r.Job+" "+r.Outcome]++
		if r.Runner == "" && r.Outcome != "skipped" {
			t.Errorf("run without its runner: %+v", r)
		}
	}
	if outcomes["sync success"] != 3 || outcomes["long success"] != 1 || outcomes["long skipped"] != 4 || outcomes["orphan skipped"] != 1 || outcomes["orphan success"] != 1 {
		t.Fatalf("recorded runs: %v", outcomes)
	}
}
