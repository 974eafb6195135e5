package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// 50 writers at once in one conversation (posts by the client and the staff, internal notes,
// deletions, read markers moving) end without a single deadlock, and the unread counts kept on
// write equal the counts computed again from the messages.
func TestUnreadCountersUnderConcurrentWrites(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	th := thread{db: db, c: c, projectID: c.ProjectA.ID, now: time.Now().UTC()}
	early := th.seed(t)
	th.burst(t, early, func(marker int64) error { return db.MarkRead(ctx, c.A2.ID, c.ProjectA.ID, marker) })
	kept := keptEqualsRecounted(t, db, func() map[string]map[int64]int {
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
	})
	if kept["A2"][c.ProjectA.ID] == 0 {
		t.Errorf("the client reader has nothing unread after the burst: %v", kept)
	}
}

// A retour's thread keeps its own unread counts: a burst of posts (client, staff, internal
// notes), deletions, read markers moving and transitions of the retour ends without a deadlock,
// and the counts kept on write equal those counted again; the project's conversation counts
// none of the thread's messages, and a client never counts an internal note.
func TestRetourUnreadUnderConcurrentWrites(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	r := c.RetourA
	th := thread{db: db, c: c, projectID: r.ProjectID, retourID: r.ID, now: time.Now().UTC()}
	conversation := func(userID int64, staff bool) int {
		got, err := db.UnreadCounts(ctx, userID, []int64{c.ProjectA.ID}, staff)
		if err != nil {
			t.Fatal(err)
		}
		return got[c.ProjectA.ID]
	}
	a2Conversation, adminConversation := conversation(c.A2.ID, false), conversation(c.Admin.ID, true)
	early := th.seed(t)
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
	// The retour moves along meanwhile (its row locked, the project's counters recomputed).
	transition := func() error {
		return db.Tx(ctx, func(ctx context.Context) error {
			cur, err := db.RetourForUpdate(ctx, r.ID)
			if err != nil {
				return err
			}
			cur.UpdatedAt = th.now
			if err := db.SaveRetourState(ctx, cur); err != nil {
				return err
			}
			return db.RecomputeRetourCounters(ctx, cur.ProjectID, th.now)
		})
	}
	th.burst(t, early, func(marker int64) error { return db.MarkRetourRead(ctx, c.A2.ID, r.ID, marker) },
		transition, transition, transition, transition)
	kept := keptEqualsRecounted(t, db, func() map[string]int {
		return map[string]int{"A1": unread(c.A1.ID, false), "A2": unread(c.A2.ID, false), "B1": unread(c.B1.ID, false), "Admin": unread(c.Admin.ID, true)}
	})
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
	insertMessage(t, db, th.message(c.Admin.ID, "note", true))
	insertMessage(t, db, th.message(c.Admin.ID, "réponse", false))
	if got := unread(c.A2.ID, false); got != 1 {
		t.Errorf("after a note and an answer: the client has %d unread, want 1", got)
	}
}

// thread is where a burst writes: the conversation of a project (retourID 0) or a retour's thread.
type thread struct {
	db                  *store.DB
	c                   portaltest.Cast
	projectID, retourID int64
	now                 time.Time
}

func (th thread) message(author int64, body string, internal bool) store.Message {
	return store.Message{ProjectID: th.projectID, RetourID: th.retourID, AuthorID: author, Body: body, CreatedAt: th.now, Internal: internal}
}

// seed posts the staff's ten messages that a burst deletes or marks read; every third one is an
// internal note.
func (th thread) seed(t *testing.T) []int64 {
	t.Helper()
	var early []int64
	for i := 0; i < 10; i++ {
		early = append(early, insertMessage(t, th.db, th.message(th.c.Admin.ID, fmt.Sprintf("avant %d", i), i%3 == 0)).ID)
	}
	return early
}

// burst runs 50 writers at once in the thread: five delete seeded messages (every other one,
// seen by the readers or not), five move the client reader's marker (markRead) onto the others,
// then one writer for each of more, and the rest post as A1, Admin or A2 (half of the staff's
// as internal notes). It fails the test on an error, or on a deadlock the server counted
// meanwhile.
func (th thread) burst(t *testing.T, early []int64, markRead func(marker int64) error, more ...func() error) {
	t.Helper()
	ctx := context.Background()
	deadlocks := deadlocksSince(t, th.db)
	err := storetest.Concurrently(50, func(i int) error {
		switch {
		case i < 5:
			return th.db.Tx(ctx, func(ctx context.Context) error {
				if _, err := th.db.MessageForUpdate(ctx, early[i*2]); err != nil {
					return err
				}
				return th.db.DeleteMessage(ctx, early[i*2], th.now)
			})
		case i < 10:
			return markRead(early[i])
		case i < 10+len(more):
			return more[i-10]()
		default:
			author := []int64{th.c.A1.ID, th.c.Admin.ID, th.c.A2.ID}[i%3]
			_, err := th.db.InsertMessage(ctx, th.message(author, fmt.Sprintf("rafale %d", i), author == th.c.Admin.ID && i%2 == 0))
			return err
		}
	})
	if err != nil {
		t.Error(err)
	}
	if n := deadlocks(); n != 0 {
		t.Errorf("%d deadlocks during the burst", n)
	}
}

// keptEqualsRecounted returns the unread counts that counts reads, kept on write, after checking
// that RecountUnread, counting them again from the messages, finds the same.
func keptEqualsRecounted[T any](t *testing.T, db *store.DB, counts func() T) T {
	t.Helper()
	kept := counts()
	if err := db.RecountUnread(context.Background()); err != nil {
		t.Fatal(err)
	}
	if again := counts(); !reflect.DeepEqual(kept, again) {
		t.Errorf("counts kept on write %v, counted again %v", kept, again)
	}
	return kept
}

// deadlocksSince returns how many deadlocks the server has counted since the call.
func deadlocksSince(t *testing.T, db *store.DB) func() int64 {
	t.Helper()
	count := func() (n int64) {
		var name string
		if err := db.SQL().QueryRowContext(context.Background(), "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'").Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	return func() int64 { return count() - before }
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
