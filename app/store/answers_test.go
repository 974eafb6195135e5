package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// After a bulk load, BackfillAnswers leaves each project's oldest unanswered client message
// where InsertMessage looks for it: the next staff message answers exactly the client messages
// since the last staff one, and a client message after that is unanswered again.
func TestStaffMessageAfterABulkLoadAnswersTheTrailingClientMessages(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	// The fixture's client message is answered: nothing is waiting before the load.
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 0", CreatedAt: t0})
	bulk := []store.Message{
		{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, AuthorRole: "client", Body: "question 1", CreatedAt: t0},
		{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, AuthorRole: "admin", Body: "réponse 1", CreatedAt: t0.Add(time.Minute)},
		{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, AuthorRole: "client", Body: "question 2", CreatedAt: t0.Add(2 * time.Minute)},
		{ProjectID: c.ProjectA.ID, AuthorID: c.A2.ID, AuthorRole: "client", Body: "question 3", CreatedAt: t0.Add(3 * time.Minute)},
	}
	if err := db.BulkInsertMessages(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	answer := t0.Add(10 * time.Minute)
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 2", CreatedAt: answer})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, Body: "question 4", CreatedAt: answer.Add(time.Minute)})
	// question 4 waits for an answer.
	checkAnswers(t, db, c.ProjectA.ID, map[string]*time.Time{"question 1": ptr(t0.Add(time.Minute)), "question 2": &answer, "question 3": &answer, "question 4": nil}, true)
}

func ptr[T any](v T) *T { return &v }

// checkAnswers compares the answered_at of each message (by its body; nil: unanswered) with
// want, and whether the project's conversation waits for an answer (its unanswered_from).
func checkAnswers(t *testing.T, db *store.DB, projectID int64, want map[string]*time.Time, waiting bool) {
	t.Helper()
	ctx := context.Background()
	for body, w := range want {
		var got *time.Time
		if err := db.SQL().QueryRowContext(ctx, "SELECT answered_at FROM messages WHERE body = ?", body).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (w == nil) || got != nil && !got.Equal(*w) {
			t.Errorf("%s answered_at = %v, want %v", body, got, w)
		}
	}
	var from *int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT unanswered_from FROM projects WHERE id = ?", projectID).Scan(&from); err != nil || (from != nil) != waiting {
		t.Errorf("unanswered_from = %v, %v; want a waiting conversation: %v", from, err, waiting)
	}
}

// A retour's thread answers its own client messages only: a staff message in the project's
// conversation leaves a retour's question waiting (and the other way round), and the
// conversation's unanswered_from never points at a retour's message.
func TestRetourThreadsAreAnsweredOnTheirOwn(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	r := c.RetourA.ID
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 0", CreatedAt: t0})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, RetourID: r, AuthorID: c.A1.ID, Body: "question retour", CreatedAt: t0.Add(time.Minute)})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A2.ID, Body: "question projet", CreatedAt: t0.Add(2 * time.Minute)})
	conversation := t0.Add(5 * time.Minute)
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse projet", CreatedAt: conversation})
	thread := t0.Add(9 * time.Minute)
	want := map[string]*time.Time{"question retour": nil, "question projet": &conversation}
	// The conversation waits for nothing throughout.
	check := func() { t.Helper(); checkAnswers(t, db, c.ProjectA.ID, want, false) }
	check()
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, RetourID: r, AuthorID: c.Admin.ID, Body: "réponse retour", CreatedAt: thread})
	want["question retour"] = &thread
	check()
	// The same after a bulk load and its backfill.
	if err := db.BackfillAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	check()
	ms, err := db.ProjectMessages(ctx, c.ProjectA.ID, r, 0, 10, true)
	if err != nil || len(ms) != 2 || ms[0].Body != "question retour" || ms[1].RetourID != r {
		t.Fatalf("the retour's thread = %+v, %v", ms, err)
	}
	conv, err := db.ProjectMessages(ctx, c.ProjectA.ID, 0, 0, 10, true)
	for _, m := range conv {
		if m.RetourID != 0 {
			t.Errorf("the conversation shows the retour's message %q", m.Body)
		}
	}
	if err != nil || len(conv) != 5 { // the fixture's message and internal note, réponse 0, question and réponse projet
		t.Fatalf("the conversation = %d messages, %v", len(conv), err)
	}
}
