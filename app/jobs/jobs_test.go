package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func TestJobsRunSurvivePanicsAndDoNotOverlap(t *testing.T) {
	var runs, concurrent, maxConcurrent, panics atomic.Int32
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(log, time.UTC, []Job{
		{Name: "slow", Schedule: "@every 1s", Run: func(ctx context.Context, _ time.Duration) error {
			n := concurrent.Add(1)
			defer concurrent.Add(-1)
			for {
				m := maxConcurrent.Load()
				if n <= m || maxConcurrent.CompareAndSwap(m, n) {
					break
				}
			}
			runs.Add(1)
			select {
			case <-time.After(2500 * time.Millisecond): // longer than the period
			case <-ctx.Done():
			}
			return nil
		}},
		{Name: "panics", Schedule: "@every 1s", Run: func(context.Context, time.Duration) error { panics.Add(1); panic("boom") }},
		{Name: "fails", Schedule: "@every 1s", Run: func(context.Context, time.Duration) error { return errors.New("nope") }},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && (runs.Load() < 2 || panics.Load() < 2) {
		time.Sleep(100 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.Stop(ctx)
	if panics.Load() < 2 {
		t.Fatalf("the panicking job ran %d times: a panic must not stop the scheduler", panics.Load())
	}
	if runs.Load() < 2 {
		t.Fatalf("slow job ran %d times", runs.Load())
	}
	if maxConcurrent.Load() != 1 {
		t.Fatalf("slow job overlapped itself: %d runs at once", maxConcurrent.Load())
	}
}

func TestBadScheduleIsRefused(t *testing.T) {
	if _, err := New(slog.Default(), time.UTC, []Job{{Name: "x", Schedule: "every tuesday", Run: func(context.Context, time.Duration) error { return nil }}}); err == nil {
		t.Fatal("a bad cron spec was accepted")
	}
}

// A run is told how long until its schedule fires again: the lease of a job keeps the other
// portal processes from running the same period with it.
func TestRunIsToldItsPeriod(t *testing.T) {
	got := make(chan time.Duration, 4)
	s, err := New(slog.New(slog.NewTextHandler(io.Discard, nil)), time.UTC, []Job{{Name: "p", Schedule: "@every 2s",
		Run: func(_ context.Context, period time.Duration) error { got <- period; return nil }}})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	defer s.Stop(context.Background())
	select {
	case p := <-got:
		if p < 1500*time.Millisecond || p > 2*time.Second {
			t.Fatalf("period of an @every 2s job = %s", p)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the job did not run")
	}
}
