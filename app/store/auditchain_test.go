package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// chained returns a database whose audit log holds n rows written by the portal, with values
// that are easy to encode ambiguously (empty and NULL fields, separators, 4-byte UTF-8, invalid
// UTF-8, text longer than its column).
func chained(t *testing.T, n int) *store.DB {
	t.Helper()
	db := storetest.New(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 29, 1, 59, 58, 123456789, time.UTC)
	for i := range n {
		e := store.AuditEntry{At: at.Add(time.Duration(i) * time.Second), Action: "auth.login", Outcome: "success",
			ActorID: int64(i % 3), ActorRole: "admin", ActorEmail: "a,b:c@exemple.fr", IP: "2001:db8::1",
			UserAgent: "Mozilla 🚀 \xff\xfe", TargetType: "user", TargetID: int64(i), ClientID: int64(i % 2),
			RequestID: fmt.Sprintf("req-%d", i), Summary: fmt.Sprintf("ligne %d, 5:abcde,", i)}
		if i == 1 {
			e.Summary = string(bytes.Repeat([]byte("é"), 1200))
		}
		if err := db.InsertAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func verify(t *testing.T, db *store.DB) store.ChainReport {
	t.Helper()
	rep, err := db.VerifyAuditChain(context.Background())
	if err != nil {
		t.Fatalf("VerifyAuditChain: %v", err)
	}
	return rep
}

func wantBreak(t *testing.T, db *store.DB, kind string, row int64) {
	t.Helper()
	rep := verify(t, db)
	if rep.Break == nil || rep.Break.Kind != kind || rep.Break.Row != row {
		t.Fatalf("verification = %+v, want a break %q at row %d", rep.Break, kind, row)
	}
	t.Logf("named: %s", rep.Break.Detail)
}

// tamper runs SQL as someone holding the database would, past the append-only triggers.
func tamper(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	for _, s := range append([]string{"DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete"}, stmts...) {
		if _, err := db.SQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditChainCleanVerifies(t *testing.T) {
	db := chained(t, 6)
	rep := verify(t, db)
	if rep.Break != nil || rep.Rows != 6 || rep.LastID != 6 || len(rep.LastHash) != 64 {
		t.Fatalf("clean chain: %+v %+v", rep, rep.Break)
	}
	// The documented encoding, recomputed by the database itself, gives every row's hash, and
	// each row points at the one before it.
	var bad, unlinked int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE row_hash IS NULL OR row_hash <> " + store.AuditHashSQL).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_log a LEFT JOIN audit_log p ON p.id = a.id - 1
		WHERE a.prev_hash <> COALESCE(p.row_hash, REPEAT('0', 64))`).Scan(&unlinked); err != nil {
		t.Fatal(err)
	}
	if bad != 0 || unlinked != 0 {
		t.Fatalf("%d rows whose hash SQL does not recompute, %d not linked to the row before", bad, unlinked)
	}
	// An empty log verifies too.
	if rep := verify(t, storetest.New(t)); rep.Break != nil || rep.Rows != 0 {
		t.Fatalf("empty log: %+v", rep.Break)
	}
}

func TestAuditChainNamesEditedRow(t *testing.T) {
	db := chained(t, 6)
	tamper(t, db, "UPDATE audit_log SET summary = 'rien à signaler' WHERE id = 4")
	wantBreak(t, db, store.ChainEdited, 4)
}

func TestAuditChainNamesEditedCaseOnly(t *testing.T) {
	db := chained(t, 3)
	// The collation takes these for equal; the hash does not.
	tamper(t, db, "UPDATE audit_log SET actor_email = UPPER(actor_email) WHERE id = 2")
	wantBreak(t, db, store.ChainEdited, 2)
}

func TestAuditChainNamesDeletedRow(t *testing.T) {
	db := chained(t, 6)
	tamper(t, db, "DELETE FROM audit_log WHERE id = 3")
	wantBreak(t, db, store.ChainDeleted, 4)
	rep := verify(t, db)
	if rep.Break.From != 3 || rep.Break.To != 3 {
		t.Fatalf("missing ids %d..%d, want 3..3", rep.Break.From, rep.Break.To)
	}
}

func TestAuditChainNamesDeletedFirstAndLastRows(t *testing.T) {
	db := chained(t, 4)
	tamper(t, db, "DELETE FROM audit_log WHERE id = 1")
	wantBreak(t, db, store.ChainDeleted, 2)

	db = chained(t, 4)
	tamper(t, db, "DELETE FROM audit_log WHERE id = 4")
	wantBreak(t, db, store.ChainTruncated, 3)
}

// A truncation that also rewinds the chain head is caught by the last verification's reference.
func TestAuditChainNamesTruncationBehindTheHead(t *testing.T) {
	db := chained(t, 4)
	ctx := context.Background()
	if _, err := db.RecordAuditVerification(ctx, verify(t, db), time.Now()); err != nil {
		t.Fatal(err)
	}
	tamper(t, db, "DELETE FROM audit_log WHERE id = 4",
		"UPDATE audit_chain SET last_id = 3, last_hash = (SELECT row_hash FROM audit_log WHERE id = 3)")
	wantBreak(t, db, store.ChainTruncated, 3)
}

func TestAuditChainNamesInsertedRows(t *testing.T) {
	ctx := context.Background()
	forge := func(db *store.DB, id int64, prev string) {
		// Appended by hand, with a correct hash that links to the row before: only the chain
		// head and the row the portal writes next can tell.
		tamper(t, db, fmt.Sprintf(`INSERT INTO audit_log (id, at, action, outcome, summary, prev_hash)
			VALUES (%d, '2026-03-29 02:00:00', 'user.role', 'success', 'promoted to admin', %s)`, id, prev),
			fmt.Sprintf("UPDATE audit_log SET row_hash = %s WHERE id = %d", store.AuditHashSQL, id))
	}

	// Without a hash, anywhere.
	db := chained(t, 3)
	tamper(t, db, "INSERT INTO audit_log (id, at, action, outcome) VALUES (4, NOW(6), 'auth.login', 'success')")
	wantBreak(t, db, store.ChainInserted, 4)

	// Forged at the end: the head does not know it.
	db = chained(t, 3)
	forge(db, 4, "(SELECT row_hash FROM audit_log a WHERE a.id = 3)")
	wantBreak(t, db, store.ChainInserted, 4)

	// Forged at the end, then the portal writes on: its row goes after the intruder (no
	// duplicate id), chained to the real last row, so the intruder is named.
	db = chained(t, 3)
	forge(db, 4, "(SELECT row_hash FROM audit_log a WHERE a.id = 3)")
	if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "auth.logout", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	wantBreak(t, db, store.ChainInserted, 4)

}

func TestAuditChainConcurrentInserts(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	const workers, each = 20, 10
	err := storetest.Concurrently(workers, func(w int) error {
		for i := range each {
			e := store.AuditEntry{At: time.Now(), Action: "test.concurrent", Outcome: "success", Summary: fmt.Sprintf("%d/%d", w, i)}
			var err error
			if i%2 == 0 {
				err = db.InsertAudit(ctx, e)
			} else {
				// Inside a transaction that wrote something else first, as the portal does.
				err = db.Tx(ctx, func(ctx context.Context) error {
					if err := db.Exec(ctx, "INSERT INTO settings (name, value) VALUES (?, 'x')", fmt.Sprintf("t%d.%d", w, i)); err != nil {
						return err
					}
					return db.InsertAudit(ctx, e)
				})
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := verify(t, db)
	if rep.Break != nil || rep.Rows != workers*each || rep.LastID != workers*each {
		t.Fatalf("after %d concurrent inserts: %d rows, last %d, %+v", workers*each, rep.Rows, rep.LastID, rep.Break)
	}
}

// A failed transaction leaves neither a row nor a moved head.
func TestAuditChainRollback(t *testing.T) {
	db := chained(t, 2)
	ctx := context.Background()
	err := db.Tx(ctx, func(ctx context.Context) error {
		if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "test", Outcome: "success"}); err != nil {
			return err
		}
		return fmt.Errorf("changed my mind")
	})
	if err == nil {
		t.Fatal("want the transaction's error")
	}
	if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "test", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, db); rep.Break != nil || rep.LastID != 3 {
		t.Fatalf("after a rollback: last %d, %+v", rep.LastID, rep.Break)
	}
}

// Rows written before the chain existed are chained once, at the first start of the new portal;
// a row slipped in after that is not excused by a restart.
func TestAuditChainBackfill(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if err := db.MigrateBefore(ctx, 13, nil); err != nil {
		t.Fatal(err)
	}
	// As the old portal wrote them: auto-increment ids with a gap (a rolled-back insert).
	for i := 1; i <= 1203; i++ {
		if i == 7 {
			continue
		}
		if _, err := db.SQL().Exec(`INSERT INTO audit_log (id, at, actor_id, action, outcome, summary, user_agent)
			VALUES (?, ?, IF(? % 2 = 0, NULL, ?), 'auth.login', 'success', ?, 'Mozilla 🚀')`,
			i, time.Date(2025, 1, 1, 0, 0, i%60, 999999000, time.UTC), i, i, fmt.Sprintf("ligne %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	rep := verify(t, db)
	if rep.Break != nil || rep.Rows != 1202 || rep.LastID != 1203 {
		t.Fatalf("after the backfill: %d rows, last %d, %+v", rep.Rows, rep.LastID, rep.Break)
	}
	var bad int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM audit_log WHERE row_hash IS NULL OR row_hash <> " + store.AuditHashSQL).Scan(&bad); err != nil || bad != 0 {
		t.Fatalf("%d rows whose hash SQL does not recompute (%v)", bad, err)
	}
	// Chained rows are append-only again, hashes included.
	if _, err := db.SQL().Exec("UPDATE audit_log SET row_hash = NULL WHERE id = 3"); err == nil {
		t.Fatal("a chained row accepts UPDATE")
	}
	if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "auth.logout", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	// Someone adds an unhashed row; the next start must not chain it.
	if _, err := db.SQL().Exec("INSERT INTO audit_log (id, at, action, outcome) VALUES (1300, NOW(6), 'user.role', 'success')"); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	wantBreak(t, db, store.ChainInserted, 1300)
}

// The log only grows: a page counts its entries up to ListTotalCap, filtered or not, and exactly
// below it.
func TestAuditCountsUpToTheCap(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, fmt.Sprintf(`INSERT INTO audit_log (at, action, outcome, target_type, target_id)
		SELECT NOW(6), IF(seq %% 2 = 0, 'auth.login', 'project.update'), 'success', 'user', seq FROM seq_1_to_%d`, store.ListTotalCap+1)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f    store.AuditFilter
		want int
	}{
		{store.AuditFilter{}, store.ListTotalCap},
		{store.AuditFilter{Action: "auth.login"}, (store.ListTotalCap + 1) / 2},
		{store.AuditFilter{Action: "project.update"}, store.ListTotalCap/2 + 1},
		{store.AuditFilter{TargetType: "user", TargetID: 7}, 1},
	} {
		if n, err := db.CountAudit(ctx, c.f); err != nil || n != c.want {
			t.Errorf("CountAudit(%+v) = %d, %v; want %d", c.f, n, err, c.want)
		}
	}
}
