package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

// Two transactions that lock two rows in opposite orders deadlock; the server rolls one back,
// and Tx runs that one again, so both succeed and both writes are there.
func TestDeadlockVictimIsRunAgain(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if _, err := db.SQL().Exec("CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("INSERT INTO pair VALUES (1, 0), (2, 0)"); err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	holding := make(chan struct{}, 2)
	both := make(chan struct{})
	var once sync.Once
	lockBoth := func(first, second int) func(ctx context.Context) error {
		var firstRun atomic.Bool
		firstRun.Store(true)
		return func(ctx context.Context) error {
			runs.Add(1)
			if err := db.Exec(ctx, "UPDATE pair SET n = n + 1 WHERE id = ?", first); err != nil {
				return err
			}
			if firstRun.Swap(false) {
				// Both hold their first row before either asks for its second: a deadlock.
				holding <- struct{}{}
				if len(holding) == 2 {
					once.Do(func() { close(both) })
				}
				<-both
			}
			return db.Exec(ctx, "UPDATE pair SET n = n + 1 WHERE id = ?", second)
		}
	}
	errs := make(chan error, 2)
	go func() { errs <- db.Tx(ctx, lockBoth(1, 2)) }()
	go func() { errs <- db.Tx(ctx, lockBoth(2, 1)) }()
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Errorf("transaction %d: %v", i+1, err)
		}
	}
	if n := runs.Load(); n != 3 {
		t.Errorf("the transactions ran %d times, want 3 (one victim run again)", n)
	}
	var a, b int
	if err := db.SQL().QueryRow("SELECT (SELECT n FROM pair WHERE id = 1), (SELECT n FROM pair WHERE id = 2)").Scan(&a, &b); err != nil {
		t.Fatal(err)
	}
	if a != 2 || b != 2 {
		t.Errorf("rows hold %d and %d, want 2 and 2 (each transaction's two writes, once)", a, b)
	}
}

// A Tx inside a Tx joins it: what the inner one wrote goes when the outer one fails, and a
// method called with the outer transaction's context sees the inner one's write.
func TestNestedTxJoinsTheOuterOne(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if _, err := db.SQL().Exec("CREATE TABLE note (id INT PRIMARY KEY) ENGINE=InnoDB"); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("outer fails")
	err := db.Tx(ctx, func(ctx context.Context) error {
		if err := db.Tx(ctx, func(ctx context.Context) error { return db.Exec(ctx, "INSERT INTO note VALUES (1)") }); err != nil {
			return err
		}
		// A duplicate in the same transaction: the inner write is visible here.
		if err := db.Exec(ctx, "INSERT INTO note VALUES (1)"); err == nil {
			t.Error("the outer transaction does not see the inner one's row")
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Tx = %v", err)
	}
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM note").Scan(&n); err != nil || n != 0 {
		t.Fatalf("rows after the rollback = %d (%v), want 0", n, err)
	}
}
