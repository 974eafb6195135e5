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

// A retour's thread keeps its own unread counts: a burst of posts (client, staff, internal
// notes), deletions, read markers moving and transitions of the retour ends without a deadlock,
// and the counts kept on write equal those counted again; the project's conversation counts
// none of the thread's messages, and a client never counts an internal note.
func TestRetourUnreadUnderConcurrentWrites(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	r := c.RetourA
	conversation := func(userID int64, staff bool) int {
		got, err := db.UnreadCounts(ctx, userID, []int64{c.ProjectA.ID}, staff)
		if err != nil {
			t.Fatal(err)
		}
		return got[c.ProjectA.ID]
	}
	a2Conversation, adminConversation := conversation(c.A2.ID, false), conversation(c.Admin.ID, true)
	var early []int64
	for i := 0; i < 10; i++ {
		early = append(early, insertMessage(t, db, store.Message{ProjectID: r.ProjectID, RetourID: r.ID, AuthorID: c.Admin.ID,
			Body: fmt.Sprintf("avant %d", i), CreatedAt: now, Internal: i%3 == 0}).ID)
	}
	unread := func(userID int64, staff bool) int {
		t.Helper()
		got, err := db.RetourUnread(ctx, userID, []int64{r.ID, c.RetourB.ID}, staff)
		if err != nil {
			t.Fatal(err)
		}
		if got[c.RetourB.ID] != 0 {
			t.Errorf("another retour counts %d unread", got[c.RetourB.ID])
		}
		return got[r.ID]
	}
	if got := unread(c.A1.ID, false); got != 6 {
		t.Errorf("client before the burst: %d unread, want 6 (4 internal notes not counted)", got)
	}
	if got := unread(c.Admin.ID, true); got != 0 {
		t.Errorf("the author has %d unread of its own messages", got)
	}
	deadlocks := deadlocksSince(t, db)
	err := storetest.Concurrently(50, func(i int) error {
		switch {
		case i < 5: // deletions of messages the readers had or had not seen
			return db.Tx(ctx, func(ctx context.Context) error {
				if _, err := db.MessageForUpdate(ctx, early[i*2]); err != nil {
					return err
				}
				return db.DeleteMessage(ctx, early[i*2], now)
			})
		case i < 10: // the client reader moves its marker
			return db.MarkRetourRead(ctx, c.A2.ID, r.ID, early[i])
		case i < 14: // the retour moves along (its row locked, the project's counters recomputed)
			return db.Tx(ctx, func(ctx context.Context) error {
				cur, err := db.RetourForUpdate(ctx, r.ID)
				if err != nil {
					return err
				}
				cur.UpdatedAt = now
				if err := db.SaveRetourState(ctx, cur); err != nil {
					return err
				}
				return db.RecomputeRetourCounters(ctx, cur.ProjectID, now)
			})
		default:
			author := []int64{c.A1.ID, c.Admin.ID, c.A2.ID}[i%3]
			_, err := db.InsertMessage(ctx, store.Message{ProjectID: r.ProjectID, RetourID: r.ID, AuthorID: author, Body: fmt.Sprintf("rafale %d", i),
				CreatedAt: now, Internal: author == c.Admin.ID && i%2 == 0})
			return err
		}
	})
	if err != nil {
		t.Error(err)
	}
	if n := deadlocks(); n != 0 {
		t.Errorf("%d deadlocks during the burst", n)
	}
	counts := func() map[string]int {
		return map[string]int{"A1": unread(c.A1.ID, false), "A2": unread(c.A2.ID, false), "B1": unread(c.B1.ID, false), "Admin": unread(c.Admin.ID, true)}
	}
	kept := counts()
	if err := db.RecountUnread(ctx); err != nil {
		t.Fatal(err)
	}
	if again := counts(); !maps.Equal(kept, again) {
		t.Errorf("counts kept on write %v, counted again %v", kept, again)
	}
	if kept["A2"] == 0 || kept["Admin"] == 0 {
		t.Errorf("nothing unread after the burst: %v", kept)
	}
	if a2, adm := conversation(c.A2.ID, false), conversation(c.Admin.ID, true); a2 != a2Conversation || adm != adminConversation {
		t.Errorf("the thread's messages moved the conversation's counts: %d → %d, %d → %d", a2Conversation, a2, adminConversation, adm)
	}

	// Reading to the end clears the count; what others write next counts again.
	var last int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT MAX(id) FROM messages WHERE retour_id = ?", r.ID).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetourRead(ctx, c.A2.ID, r.ID, last); err != nil {
		t.Fatal(err)
	}
	if got := unread(c.A2.ID, false); got != 0 {
		t.Errorf("after reading to the end: %d unread", got)
	}
	if got, err := db.RetourLastRead(ctx, c.A2.ID, r.ID); err != nil || got != last {
		t.Errorf("marker = %d, %v; want %d", got, err, last)
	}
	insertMessage(t, db, store.Message{ProjectID: r.ProjectID, RetourID: r.ID, AuthorID: c.Admin.ID, Body: "note", CreatedAt: now, Internal: true})
	insertMessage(t, db, store.Message{ProjectID: r.ProjectID, RetourID: r.ID, AuthorID: c.Admin.ID, Body: "réponse", CreatedAt: now})
	if got := unread(c.A2.ID, false); got != 1 {
		t.Errorf("after a note and an answer: the client has %d unread, want 1", got)
	}
}
