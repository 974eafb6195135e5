package store_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// 50 writers at once in one conversation (posts by the client and the staff, internal notes,
// deletions, read markers moving) end without a single deadlock, and the unread counts kept on
// write equal the counts computed again from the messages.
func TestUnreadCountersUnderConcurrentWrites(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	var early []int64
	for i := 0; i < 10; i++ {
		early = append(early, insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: fmt.Sprintf("avant %d", i), CreatedAt: now, Internal: i%3 == 0}).ID)
	}
	deadlocks := func() (n int64) {
		var name string
		if err := db.SQL().QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'").Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := deadlocks()
	err := storetest.Concurrently(50, func(i int) error {
		switch {
		case i < 5: // deletions of messages every reader had or had not seen
			return db.Tx(ctx, func(ctx context.Context) error {
				if _, err := db.MessageForUpdate(ctx, early[i*2]); err != nil {
					return err
				}
				return db.DeleteMessage(ctx, early[i*2], now)
			})
		case i < 10: // the client reader moves its marker
			return db.MarkRead(ctx, c.A2.ID, c.ProjectA.ID, early[i])
		default:
			author := []int64{c.A1.ID, c.Admin.ID, c.A2.ID}[i%3]
			_, err := db.InsertMessage(ctx, store.Message{ProjectID: c.ProjectA.ID, AuthorID: author, Body: fmt.Sprintf("rafale %d", i), CreatedAt: now,
				Internal: author == c.Admin.ID && i%2 == 0})
			return err
		}
	})
	if err != nil {
		t.Error(err)
	}
	if n := deadlocks() - before; n != 0 {
		t.Errorf("%d deadlocks during the burst", n)
	}
	counts := func() map[string]map[int64]int {
		out := map[string]map[int64]int{}
		for name, u := range map[string]struct {
			id    int64
			staff bool
		}{"A1": {c.A1.ID, false}, "A2": {c.A2.ID, false}, "B1": {c.B1.ID, false}, "Admin": {c.Admin.ID, true}} {
			got, err := db.UnreadCounts(ctx, u.id, []int64{c.ProjectA.ID, c.ProjectB.ID}, u.staff)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = got
		}
		return out
	}
	kept := counts()
	if err := db.RecountUnread(ctx); err != nil {
		t.Fatal(err)
	}
	if again := counts(); !maps.EqualFunc(kept, again, func(a, b map[int64]int) bool { return maps.Equal(a, b) }) {
		t.Errorf("counts kept on write %v, counted again %v", kept, again)
	}
	if kept["A2"][c.ProjectA.ID] == 0 {
		t.Errorf("the client reader has nothing unread after the burst: %v", kept)
	}
}

// The list's unread counts are one query that reads no messages: its plan is primary-key
// lookups of the projects and of the reader's markers.
func TestUnreadCountsPlan(t *testing.T) {
	db, c := castDB(t)
	for _, row := range storetest.Explain(t, db, `SELECT p.id, LEAST(CAST(p.messages_public AS SIGNED) - CAST(COALESCE(r.seen, 0) AS SIGNED), 100)
		FROM projects p LEFT JOIN message_reads r ON r.user_id = ? AND r.project_id = p.id WHERE p.id IN (?, ?)`, c.A2.ID, c.ProjectA.ID, c.ProjectB.ID) {
		if row["table"] == "messages" || row["type"] == "ALL" || row["key"] != "PRIMARY" {
			t.Errorf("unread counts plan: %v", row)
		}
	}
}
