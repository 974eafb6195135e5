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
	want := map[string]*time.Time{"question 1": ptr(t0.Add(time.Minute)), "question 2": &answer, "question 3": &answer, "question 4": nil}
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
	if err := db.SQL().QueryRowContext(ctx, "SELECT unanswered_from FROM projects WHERE id = ?", c.ProjectA.ID).Scan(&from); err != nil || from == nil {
		t.Fatalf("unanswered_from = %v, %v: question 4 waits for an answer", from, err)
	}
}

func ptr[T any](v T) *T { return &v }
