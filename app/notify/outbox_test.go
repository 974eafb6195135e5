package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/notify"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// clock is a hand-moved time source; calls counts the readings.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	calls atomic.Int64
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 2, 14, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.calls.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// queue inserts n e-mails created at now, each with its own subject "Message n°i", and returns
// the subjects.
func queue(t *testing.T, db *store.DB, n int, now time.Time) []string {
	t.Helper()
	subjects := make([]string, n)
	emails := make([]store.Email, n)
	for i := range emails {
		subjects[i] = fmt.Sprintf("Message n°%d — été", i)
		emails[i] = store.Email{To: fmt.Sprintf("u%d@example.test", i), Subject: subjects[i], Text: "Bonjour", HTML: "<p>Bonjour</p>"}
	}
	storetest.QueueEmails(t, db, now, emails...)
	return subjects
}

// deliveredOnce checks that the server received each subject exactly once, and nothing else.
func deliveredOnce(t *testing.T, srv *mailtest.Server, subjects []string) {
	t.Helper()
	count := map[string]int{}
	for _, m := range srv.Messages() {
		if m.ParseErr != nil {
			t.Fatalf("unparsable message: %v", m.ParseErr)
		}
		count[m.Subject]++
	}
	for _, s := range subjects {
		if count[s] != 1 {
			t.Errorf("%q delivered %d times, want once", s, count[s])
		}
	}
	if got := len(srv.Messages()); got != len(subjects) {
		t.Errorf("%d messages received, want %d", got, len(subjects))
	}
}

func stats(t *testing.T, db *store.DB) (pending, dead int) {
	t.Helper()
	pending, dead, err := db.OutboxStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pending, dead
}

func runOnce(t *testing.T, o *notify.Outbox, wantSent, wantFailed int) {
	t.Helper()
	sent, failed, err := o.RunOnce(context.Background())
	if err != nil || sent != wantSent || failed != wantFailed {
		t.Fatalf("RunOnce = %d sent, %d failed, %v; want %d, %d", sent, failed, err, wantSent, wantFailed)
	}
}

func TestOutboxRetriesThroughAnOutage(t *testing.T) {
	db := storetest.New(t)
	srv := mailtest.Start(t)
	clk := newClock()
	o := notify.NewOutbox(db, mail.NewSender(srv.Config()), quiet, notify.OutboxOptions{
		Now: clk.Now, Backoff: func(int) time.Duration { return time.Minute }})
	subjects := queue(t, db, 5, clk.Now())

	srv.SetRefuse(true)
	for round := 0; round < 3; round++ {
		runOnce(t, o, 0, 5)
		runOnce(t, o, 0, 0) // nothing is due before the backoff has passed
		clk.Add(time.Minute)
	}
	if n := srv.Refused(); n < 15 {
		t.Fatalf("the server refused %d commands, want at least one per e-mail and round (15)", n)
	}
	if pending, dead := stats(t, db); pending != 5 || dead != 0 {
		t.Fatalf("during the outage: %d pending, %d dead; want 5, 0", pending, dead)
	}

	srv.SetRefuse(false)
	runOnce(t, o, 5, 0)
	clk.Add(time.Hour)
	runOnce(t, o, 0, 0)
	deliveredOnce(t, srv, subjects)
	if pending, dead := stats(t, db); pending != 0 || dead != 0 {
		t.Fatalf("after the outage: %d pending, %d dead; want 0, 0", pending, dead)
	}
}

func TestOutboxGivesUpAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	srv := mailtest.Start(t)
	clk := newClock()
	o := notify.NewOutbox(db, mail.NewSender(srv.Config()), quiet, notify.OutboxOptions{
		Now: clk.Now, MaxAttempts: 3, Backoff: func(int) time.Duration { return time.Minute }})
	queue(t, db, 1, clk.Now())

	srv.SetRefuse(true)
	for attempt := 1; attempt <= 3; attempt++ {
		runOnce(t, o, 0, 1)
		clk.Add(time.Minute)
	}
	if pending, dead := stats(t, db); pending != 0 || dead != 1 {
		t.Fatalf("after 3 failures: %d pending, %d dead; want 0, 1", pending, dead)
	}
	deadList, err := db.DeadEmails(ctx, 10)
	if err != nil || len(deadList) != 1 || deadList[0].Attempts != 3 || !strings.Contains(deadList[0].LastError, "451") {
		t.Fatalf("DeadEmails = %+v, %v; want one after 3 attempts with the 451 error", deadList, err)
	}

	// Dead stays dead, even once the server is back.
	srv.SetRefuse(false)
	clk.Add(24 * time.Hour)
	runOnce(t, o, 0, 0)
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("a dead e-mail was sent (%d messages)", n)
	}
}

func TestOutboxGivesUpAtOnceOnAnInvalidEmail(t *testing.T) {
	db := storetest.New(t)
	srv := mailtest.Start(t)
	clk := newClock()
	err := db.Tx(context.Background(), func(ctx context.Context) error {
		_, err := db.InsertEmail(ctx, store.Email{To: "pas une adresse", Subject: "s", Text: "t"}, clk.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	o := notify.NewOutbox(db, mail.NewSender(srv.Config()), quiet, notify.OutboxOptions{Now: clk.Now})
	runOnce(t, o, 0, 1)
	if pending, dead := stats(t, db); pending != 0 || dead != 1 {
		t.Fatalf("%d pending, %d dead; want 0, 1: retrying cannot fix the address", pending, dead)
	}
}

func TestUnconfiguredSenderLeavesMailQueued(t *testing.T) {
	db := storetest.New(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	o := notify.NewOutbox(db, mail.NewSender(config.SMTP{Port: 587, From: "portail@example.test", TLS: "starttls"}), log, notify.OutboxOptions{})
	queue(t, db, 2, time.Now())
	runOnce(t, o, 0, 0)
	runOnce(t, o, 0, 0)
	if pending, dead := stats(t, db); pending != 2 || dead != 0 {
		t.Fatalf("%d pending, %d dead; want 2, 0", pending, dead)
	}
	if n := strings.Count(logs.String(), "no SMTP server configured"); n != 1 || !strings.Contains(logs.String(), "level=WARN") {
		t.Fatalf("want one warning, got:\n%s", logs.String())
	}
	// The e-mails were not claimed either: a configured process may send them at once.
	if got, err := db.ClaimDueEmails(context.Background(), time.Now(), 10, time.Minute); err != nil || len(got) != 2 {
		t.Fatalf("claim = %d e-mails, %v; want 2", len(got), err)
	}
}

// Two processes share one database: whatever the timing, each e-mail goes out once.
func TestTwoWorkersNeverSendTwice(t *testing.T) {
	db := storetest.New(t)
	srv := mailtest.Start(t)
	subjects := queue(t, db, 30, time.Now())

	// An outage at the start mixes failures, retries and successes across both workers.
	srv.SetRefuse(true)
	time.AfterFunc(150*time.Millisecond, func() { srv.SetRefuse(false) })

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		o := notify.NewOutbox(db, mail.NewSender(srv.Config()), quiet, notify.OutboxOptions{
			PollInterval: 10 * time.Millisecond, BatchSize: 4, MaxAttempts: 1000,
			Backoff: func(int) time.Duration { return 20 * time.Millisecond }})
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Run(ctx)
		}()
	}
	srv.WaitFor(t, 30, 20*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for pending, _ := stats(t, db); pending > 0; pending, _ = stats(t, db) {
		if time.Now().After(deadline) {
			t.Fatalf("%d e-mails still pending", pending)
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a wrongful second delivery to show
	cancel()
	wg.Wait()
	if srv.Refused() == 0 {
		t.Error("the outage was not exercised")
	}
	deliveredOnce(t, srv, subjects)
}

func TestKickWakesTheWorker(t *testing.T) {
	db := storetest.New(t)
	srv := mailtest.Start(t)
	clk := newClock()
	start := clk.Now()
	clk.Add(-time.Hour) // the e-mail below is not due for the first round
	clk.calls.Store(0)
	queue(t, db, 1, start)
	o := notify.NewOutbox(db, mail.NewSender(srv.Config()), quiet, notify.OutboxOptions{Now: clk.Now, PollInterval: time.Hour})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Run(ctx)
	}()
	defer func() { cancel(); <-done }()

	// The first round has read the clock (and found nothing due); only a Kick can start another
	// one within the hour.
	for clk.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	clk.Add(time.Hour)
	o.Kick()
	o.Kick() // never blocks, even with a wake-up pending
	got := srv.WaitFor(t, 1, 5*time.Second)
	if got[0].To[0] != "u0@example.test" {
		t.Fatalf("delivered to %v", got[0].To)
	}
}

// gatedSender holds each Send until the test opens the gate.
type gatedSender struct {
	*mail.Sender
	started chan struct{}
	gate    chan struct{}
}

func (g *gatedSender) Send(ctx context.Context, m mail.Message) error {
	g.started <- struct{}{}
	<-g.gate
	return g.Sender.Send(ctx, m)
}

func TestRunFinishesTheEmailInFlight(t *testing.T) {
	db := storetest.New(t)
	srv := mailtest.Start(t)
	queue(t, db, 3, time.Now())
	g := &gatedSender{Sender: mail.NewSender(srv.Config()), started: make(chan struct{}, 3), gate: make(chan struct{})}
	o := notify.NewOutbox(db, g, quiet, notify.OutboxOptions{BatchSize: 3})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Run(ctx)
	}()
	<-g.started
	cancel()
	select {
	case <-done:
		t.Fatal("Run returned with an e-mail in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(g.gate)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the e-mail in flight")
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages sent after the cancellation, want only the one in flight", n)
	}
	if pending, _ := stats(t, db); pending != 2 {
		t.Fatalf("%d pending, want 2: the one in flight is recorded as sent", pending)
	}
	// The two not tried were handed back: due now, not hidden until the lease's end.
	if got, err := db.ClaimDueEmails(context.Background(), time.Now(), 10, time.Minute); err != nil || len(got) != 2 {
		t.Fatalf("claim after shutdown = %d e-mails, %v; want the 2 released", len(got), err)
	}
}

func TestDefaultBackoff(t *testing.T) {
	for _, c := range []struct {
		attempt int
		base    time.Duration
	}{{1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute}, {7, 32 * time.Minute}, {8, time.Hour}, {200, time.Hour}} {
		for i := 0; i < 20; i++ {
			if d := notify.DefaultBackoff(c.attempt); d < c.base || d > c.base+c.base/10 {
				t.Fatalf("DefaultBackoff(%d) = %v, want %v plus at most 10%%", c.attempt, d, c.base)
			}
		}
	}
}
