package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// The data epoch moves after a write that a kept answer may read, and stays after writes to the
// quiet tables only (a session kept alive, an audit row in its own transaction).
func TestDataEpochIgnoresQuietWrites(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	hash := []byte("0123456789abcdef0123456789abcdef")
	if err := db.InsertSession(ctx, store.Session{TokenHash: hash, UserID: c.A1.ID, CSRFToken: "x", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	before := db.DataEpoch()
	if err := db.TouchSession(ctx, hash, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertAudit(ctx, store.AuditEntry{At: now, Action: "test.quiet", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	if got := db.DataEpoch(); got != before {
		t.Fatalf("a session touched and an audit row moved the data epoch from %d to %d", before, got)
	}
	err := db.Tx(ctx, func(ctx context.Context) error {
		p, err := db.ProjectForUpdate(ctx, c.ProjectA.ID)
		if err != nil {
			return err
		}
		p.Name = "Renommé"
		if err := db.UpdateProject(ctx, p, now); err != nil {
			return err
		}
		return db.InsertAudit(ctx, store.AuditEntry{At: now, Action: "project.update", Outcome: "success"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if db.DataEpoch() == before {
		t.Fatal("a project renamed left the data epoch where it was")
	}
	before = db.DataEpoch()
	if err := db.MarkRead(ctx, c.A2.ID, c.ProjectA.ID, 0); err != nil {
		t.Fatal(err)
	}
	if db.DataEpoch() == before {
		t.Fatal("a read marker moved (the reader's unread counts) left the data epoch where it was")
	}
}
