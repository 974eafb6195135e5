package backup

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// A restored database has the audit log's hash chain intact, even restored into a portal that
// was started (and so has the head of an empty chain), and the portal goes on chaining onto it.
func TestRestoreKeepsTheAuditChain(t *testing.T) {
	ctx := context.Background()
	src := storetest.New(t)
	for i := range 5 {
		if err := src.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "auth.login", Outcome: "success", Summary: fmt.Sprint("connexion ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	srcRep, err := src.VerifyAuditChain(ctx)
	if err != nil || srcRep.Break != nil {
		t.Fatalf("source chain: %+v, %v", srcRep.Break, err)
	}
	if _, err := src.RecordAuditVerification(ctx, srcRep, time.Now()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := DumpDatabase(ctx, src, &buf); err != nil {
		t.Fatal(err)
	}
	dst := storetest.New(t) // migrated: the head of an empty chain
	if err := RestoreDatabase(ctx, dst, &buf); err != nil {
		t.Fatal(err)
	}
	rep, err := dst.VerifyAuditChain(ctx)
	if err != nil || rep.Break != nil || rep.Rows != 5 || rep.LastHash != srcRep.LastHash {
		t.Fatalf("restored chain: %d rows, head %s (source %s), %+v, %v", rep.Rows, rep.LastHash, srcRep.LastHash, rep.Break, err)
	}
	// A restart (migrations) and a new entry keep it sound.
	if err := dst.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := dst.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "auth.logout", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	if rep, err := dst.VerifyAuditChain(ctx); err != nil || rep.Break != nil || rep.Rows != 6 {
		t.Fatalf("restored chain after a write: %d rows, %+v, %v", rep.Rows, rep.Break, err)
	}
	// A database with an audit log of its own is not empty.
	if err := CheckEmpty(ctx, dst); err == nil {
		t.Fatal("CheckEmpty accepts a database with audit rows")
	}
}
