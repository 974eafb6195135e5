package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// openEmpty is a store on a database of the test's own that no migration has touched.
func openEmpty(t testing.TB) *store.DB {
	t.Helper()
	return storetest.OpenEmpty(t, store.Options{MaxOpenConns: 10})
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	ms, err := store.Migrations()
	if err != nil || len(ms) == 0 {
		t.Fatalf("embedded migrations: %v, %d", err, len(ms))
	}
	for i := 0; i < 3; i++ {
		if err := db.Migrate(ctx, nil); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Fatalf("schema_migrations has %d rows after three runs, want %d", n, len(ms))
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, ms[len(ms)-1].Version)
	}
}

func TestMigrateConcurrentProcessesApplyOnce(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.NewEmpty(t)
	err := storetest.Concurrently(4, func(i int) error {
		db, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 2})
		if err != nil {
			return fmt.Errorf("migrator %d: %w", i, err)
		}
		defer db.Close()
		if err := db.Migrate(ctx, nil); err != nil {
			return fmt.Errorf("migrator %d: %w", i, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	var n, distinct int
	if err := check.SQL().QueryRow("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations").Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	ms, _ := store.Migrations()
	if n != len(ms) || distinct != len(ms) {
		t.Fatalf("rows %d distinct %d, want %d each", n, distinct, len(ms))
	}
}

// Migrate refuses a schema it does not know: one that a newer portal migrated further, or one
// whose applied migration was edited since.
func TestMigrateRefusesUnknownSchema(t *testing.T) {
	for _, tc := range []struct {
		name, change string
		refused      func(error) bool
	}{
		{"newer schema", "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', REPEAT('0', 64), NOW())",
			func(err error) bool { return errors.Is(err, store.ErrSchemaNewer) }},
		{"edited migration", "UPDATE schema_migrations SET checksum = REPEAT('a', 64) WHERE version = 1",
			func(err error) bool { return err != nil && strings.Contains(err.Error(), "checksum") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db := openEmpty(t)
			if err := db.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL().Exec(tc.change); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx, nil); !tc.refused(err) {
				t.Fatalf("Migrate on a %s = %v, want a refusal", tc.name, err)
			}
		})
	}
}

func TestOpenRefusesDangerousDSNOptions(t *testing.T) {
	base := storetest.NewEmpty(t)
	for _, opt := range []string{"multiStatements=true", "interpolateParams=true", "allowAllFiles=true"} {
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		_, err := store.Open(context.Background(), base+sep+opt, store.Options{})
		if err == nil || !strings.Contains(err.Error(), "database.dsn") {
			t.Errorf("Open with %s = %v, want a refusal naming database.dsn", opt, err)
		}
	}
}

func TestConnectionIsUTF8MB4AndUTC(t *testing.T) {
	db := storetest.New(t)
	var charset, tz string
	if err := db.SQL().QueryRow("SELECT @@character_set_connection, @@session.time_zone").Scan(&charset, &tz); err != nil {
		t.Fatal(err)
	}
	if charset != "utf8mb4" || tz != "+00:00" {
		t.Fatalf("connection charset %q time zone %q, want utf8mb4 and +00:00", charset, tz)
	}
	// A 4-byte character survives a round trip (utf8mb3 would refuse or mangle it).
	if _, err := db.SQL().Exec("INSERT INTO settings (name, value) VALUES ('emoji', ?)", "Projet 🚀 réussi"); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := db.SQL().QueryRow("SELECT value FROM settings WHERE name = 'emoji'").Scan(&v); err != nil || v != "Projet 🚀 réussi" {
		t.Fatalf("round trip = %q, %v", v, err)
	}
}

func TestCheckServerVersion(t *testing.T) {
	cases := []struct {
		v  string
		ok bool
	}{
		{"10.11.19-MariaDB-0+deb12u1", true},
		{"10.6.0-MariaDB", true},
		{"10.5.23-MariaDB", false},
		{"11.4.2-MariaDB", true},
		{"8.0.36", true},
		{"5.7.44-log", false},
		{"garbage", false},
	}
	for _, c := range cases {
		if err := store.CheckServerVersion(c.v); (err == nil) != c.ok {
			t.Errorf("CheckServerVersion(%q) = %v, want ok=%v", c.v, err, c.ok)
		}
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now().UTC(), Action: "test.action", Outcome: "success"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("UPDATE audit_log SET action = 'forged'"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("UPDATE audit_log = %v, want refusal", err)
	}
	if _, err := db.SQL().Exec("DELETE FROM audit_log"); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("DELETE FROM audit_log = %v, want refusal", err)
	}
	rows, err := db.ListAudit(ctx, store.AuditFilter{Action: "test.action"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows after refused edits = %d, %v", len(rows), err)
	}
}
