package periodic

import (
	"context"
	"testing"
	"time"
)

func TestRunStopsWhenFnSaysSo(t *testing.T) {
	calls := 0
	start := time.Now()
	Run(context.Background(), 5*time.Millisecond, nil, func() bool {
		calls++
		return calls < 3
	})
	if calls != 3 {
		t.Fatalf("fn called %d times, want 3 (the third said stop)", calls)
	}
	if d := time.Since(start); d < 15*time.Millisecond {
		t.Fatalf("three calls in %v: the interval was not waited before each", d)
	}
}

func TestRunStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan struct{}, 100)
	done := make(chan struct{})
	go func() {
		Run(ctx, time.Millisecond, nil, func() bool { calls <- struct{}{}; return true })
		close(done)
	}()
	<-calls // running
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run still running 5 s after its context ended")
	}
	n := len(calls)
	time.Sleep(10 * time.Millisecond)
	if len(calls) != n {
		t.Fatal("fn called again after Run returned")
	}
}

func TestRunWaitsOneIntervalFirst(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	called := false
	Run(ctx, time.Hour, nil, func() bool { called = true; return true })
	if called {
		t.Fatal("fn called before its first interval had passed")
	}
}

func TestRunWakesAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	wake := make(chan struct{}, 1)
	wake <- struct{}{}
	called := false
	Run(ctx, time.Hour, wake, func() bool { called = true; return false })
	if !called {
		t.Fatal("a wake-up did not call fn before the interval")
	}
}
