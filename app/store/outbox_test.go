package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// queue inserts n e-mails at now, in a transaction as the domain does, and returns their ids.
func queue(t *testing.T, db *store.DB, n int, now time.Time) []int64 {
	t.Helper()
	emails := make([]store.Email, n)
	for i := range emails {
		emails[i] = store.Email{To: fmt.Sprintf("u%d@example.test", i), Subject: fmt.Sprintf("Sujet n°%d é", i), Text: "texte", HTML: "<p>html</p>"}
	}
	return storetest.QueueEmails(t, db, now, emails...)
}

func TestInsertEmailJoinsTheTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Date(2026, 12, 2, 14, 30, 0, 0, time.UTC)
	boom := errors.New("the event failed")
	err := db.Tx(ctx, func(ctx context.Context) error {
		if _, err := db.InsertEmail(ctx, store.Email{To: "a@example.test", Subject: "s"}, now); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx = %v", err)
	}
	if pending, dead, err := db.OutboxStats(ctx); err != nil || pending != 0 || dead != 0 {
		t.Fatalf("after a rolled back event: pending %d dead %d err %v, want 0 0", pending, dead, err)
	}
}

func TestClaimDueEmails(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Date(2026, 12, 2, 14, 30, 0, 123456789, time.UTC)
	ids := queue(t, db, 3, now)
	later := queue(t, db, 1, now.Add(time.Hour))

	got, err := db.ClaimDueEmails(ctx, now, 2, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != ids[0] || got[1].ID != ids[1] {
		t.Fatalf("first claim = %+v, want ids %v", got, ids[:2])
	}
	e := got[0]
	if e.To != "u0@example.test" || e.Subject != "Sujet n°0 é" || e.Text != "texte" || e.HTML != "<p>html</p>" ||
		e.Attempts != 0 || !e.CreatedAt.Equal(now.Truncate(time.Microsecond)) {
		t.Fatalf("claimed e-mail = %+v", e)
	}
	if want := now.Add(time.Minute).Truncate(time.Microsecond); !e.NextAttemptAt.Equal(want) {
		t.Fatalf("NextAttemptAt = %v, want the lease end %v", e.NextAttemptAt, want)
	}

	// The claimed ones stay hidden during the lease; the one due later is not due yet.
	got, err = db.ClaimDueEmails(ctx, now.Add(30*time.Second), 10, time.Minute)
	if err != nil || len(got) != 1 || got[0].ID != ids[2] {
		t.Fatalf("second claim = %+v, %v; want only id %d", got, err, ids[2])
	}
	// Once the lease is over, unsent e-mails come back, oldest due first.
	got, err = db.ClaimDueEmails(ctx, now.Add(2*time.Hour), 10, time.Minute)
	if err != nil || len(got) != 4 || got[3].ID != later[0] {
		t.Fatalf("claim after the lease = %+v, %v; want 4 ending with %d", got, err, later[0])
	}
}

func TestMarkEmailSentAndFailed(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ids := queue(t, db, 3, now)

	if err := db.MarkEmailSent(ctx, ids[0], now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkEmailSent(ctx, ids[0], now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("marking sent twice = %v, want ErrNotFound", err)
	}
	next := now.Add(10 * time.Minute)
	if err := db.MarkEmailFailed(ctx, ids[1], 1, "451 try later", next, false, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkEmailFailed(ctx, ids[2], 10, "550 no such user", next, true, now); err != nil {
		t.Fatal(err)
	}
	pending, dead, err := db.OutboxStats(ctx)
	if err != nil || pending != 1 || dead != 1 {
		t.Fatalf("stats = %d pending, %d dead, %v; want 1, 1", pending, dead, err)
	}
	// The failed one waits for its next attempt; the sent and the dead ones never come back.
	if got, err := db.ClaimDueEmails(ctx, next.Add(-time.Second), 10, time.Minute); err != nil || len(got) != 0 {
		t.Fatalf("claim before the retry time = %+v, %v", got, err)
	}
	got, err := db.ClaimDueEmails(ctx, next.Add(24*time.Hour), 10, time.Minute)
	if err != nil || len(got) != 1 || got[0].ID != ids[1] || got[0].Attempts != 1 || got[0].LastError != "451 try later" {
		t.Fatalf("claim after the retry time = %+v, %v; want id %d with 1 attempt", got, err, ids[1])
	}
	deadList, err := db.DeadEmails(ctx, 10)
	if err != nil || len(deadList) != 1 {
		t.Fatalf("DeadEmails = %+v, %v; want one", deadList, err)
	}
	if d := deadList[0]; d.ID != ids[2] || d.LastError != "550 no such user" || d.Attempts != 10 || d.DeadAt == nil || !d.DeadAt.Equal(now) {
		t.Fatalf("dead e-mail = %+v", d)
	}
}

func TestMarkEmailFailedClipsLongErrors(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Now()
	id := queue(t, db, 1, now)[0]
	long := strings.Repeat("é", 3000)
	if err := db.MarkEmailFailed(ctx, id, 1, long, now, true, now); err != nil {
		t.Fatalf("a 3000-character error must be clipped, not refused: %v", err)
	}
	d, err := db.DeadEmails(ctx, 1)
	if err != nil || len(d) != 1 || utf8.RuneCountInString(d[0].LastError) != 1000 {
		t.Fatalf("DeadEmails = %v; want the error clipped to 1000 characters", err)
	}
}

func TestReleaseEmails(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	queue(t, db, 3, now)
	claimed, err := db.ClaimDueEmails(ctx, now, 3, time.Hour)
	if err != nil || len(claimed) != 3 {
		t.Fatalf("claim = %v, %v", claimed, err)
	}
	lease := claimed[0].NextAttemptAt
	// A wrong token (another process's claim) releases nothing.
	if err := db.ReleaseEmails(ctx, []int64{claimed[0].ID}, lease.Add(time.Second), now); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ClaimDueEmails(ctx, now.Add(time.Minute), 10, time.Hour); len(got) != 0 {
		t.Fatalf("released with a wrong token: %+v", got)
	}
	if err := db.ReleaseEmails(ctx, []int64{claimed[1].ID, claimed[2].ID}, lease, now); err != nil {
		t.Fatal(err)
	}
	got, err := db.ClaimDueEmails(ctx, now.Add(time.Minute), 10, time.Hour)
	if err != nil || len(got) != 2 || got[0].ID != claimed[1].ID || got[1].ID != claimed[2].ID {
		t.Fatalf("claim after release = %+v, %v; want ids %d, %d", got, err, claimed[1].ID, claimed[2].ID)
	}
}

// Several processes share one database: concurrent claims must never hand out an e-mail twice.
func TestConcurrentClaimsAreDisjoint(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Now()
	ids := queue(t, db, 60, now)

	var mu sync.Mutex
	seen := map[int64]int{}
	err := storetest.Concurrently(8, func(int) error {
		for {
			got, err := db.ClaimDueEmails(ctx, now, 3, time.Hour)
			if err != nil || len(got) == 0 {
				return err
			}
			mu.Lock()
			for _, e := range got {
				seen[e.ID]++
			}
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("e-mail %d claimed %d times, want exactly once", id, seen[id])
		}
	}
}
