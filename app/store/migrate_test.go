package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
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

// Migration 0011 reads the French sentences of the old notifications back into parameters;
// what it cannot read keeps its text.
func TestMigrationReadsOldNotificationsIntoParameters(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if err := db.MigrateTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	q, now := db.SQL(), time.Now().UTC()
	clientID, err := db.InsertClient(ctx, store.Client{Name: "Alpha", ContactEmail: "c@alpha.example"}, now)
	if err != nil {
		t.Fatal(err)
	}
	userID, err := db.InsertUser(ctx, store.User{Email: "a@alpha.example", Name: "Alice", Role: "client", ClientID: clientID, PasswordHash: "x"}, now)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of migration 10 (today's InsertProject counts the project on its client's row, migration 0028).
	res, err := q.ExecContext(ctx, "INSERT INTO projects (client_id, name, description, status, created_at, updated_at) VALUES (?, 'Site — vitrine', '', 'en_cours', ?, ?)",
		clientID, now, now)
	if err != nil {
		t.Fatal(err)
	}
	projectID, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	delID, err := db.InsertDeliverable(ctx, store.Deliverable{ProjectID: projectID, Title: "Maquettes"}, userID, now)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of migration 10 (today's InsertVersion writes columns added since).
	for i, size := range []int64{1536, 2048} {
		if _, err := q.ExecContext(ctx, `INSERT INTO deliverable_versions (deliverable_id, project_id, number, file_key, file_name, content_type, size, sha256, note, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, 'm.pdf', 'application/pdf', ?, 's', '', ?, ?)`, delID, projectID, i+1, fmt.Sprint("k", i), size, userID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := q.ExecContext(ctx, "UPDATE deliverables SET latest_version = ? WHERE id = ?", i+1, delID); err != nil {
			t.Fatal(err)
		}
	}
	old := []struct{ kind, title, body string }{
		{"message", "Nouveau message de Awa Admin — Site — vitrine", "Bonjour"},
		{"milestone", "Étape livrée : Recette — Site — vitrine", ""},
		{"status", "Le projet Site — vitrine est maintenant « En pause »", ""},
		{"deliverable", "Nouveau livrable à valider : Maquettes — Site — vitrine", "m.pdf (1,5 Ko)"},
		{"deliverable", "Nouvelle version (v2) à valider : Maquettes — Site — vitrine", "m.pdf (2 Ko)"},
		{"decision", "Alice a validé « Maquettes » v2 — Site — vitrine", ""},
		{"decision", "Alice demande des modifications sur « Maquettes » v1 — Site — vitrine", "Le logo"},
		{"overdue", "Étape en retard : Recette — Site — vitrine (Alpha)", "Prévue le 01/12/2026, non livrée depuis 3 jours."},
		{"deliverable", "Nouveau livrable à valider : Supprimé — Site — vitrine", "x.pdf (1 Ko)"},
	}
	for _, n := range old {
		if _, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, project_id, title, body, link, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, userID, n.kind, projectID, n.title, n.body, "/projets/1", now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at)
		VALUES (?, 'job_failure', 'Échec de la tâche planifiée : sauvegarde', 'disk full', '/admin', ?)`, userID, now); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}

	items, _, err := db.NotificationsOf(ctx, userID, false, 100)
	if err != nil {
		t.Fatal(err)
	}
	p, d := float64(projectID), float64(delID)
	want := []map[string]any{ // oldest first
		{"project_id": p, "author": "Awa Admin", "project": "Site — vitrine", "excerpt": "Bonjour"},
		{"project_id": p, "step": "Recette", "project": "Site — vitrine"},
		{"project_id": p, "project": "Site — vitrine", "status": "en_pause"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 1.0, "file": "m.pdf", "size": 1536.0, "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 2.0, "file": "m.pdf", "size": 2048.0, "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 2.0, "decision": "valide", "comment": "", "author": "Alice", "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 1.0, "decision": "modifications", "comment": "Le logo", "author": "Alice", "project": "Site — vitrine"},
		{"project_id": p, "text": "Étape en retard : Recette — Site — vitrine (Alpha)", "body": "Prévue le 01/12/2026, non livrée depuis 3 jours."},
		{"project_id": p, "text": "Nouveau livrable à valider : Supprimé — Site — vitrine", "body": "x.pdf (1 Ko)"},
		{"job": "sauvegarde", "error": "disk full"},
	}
	if len(items) != len(want) {
		t.Fatalf("%d notifications after the migration, want %d", len(items), len(want))
	}
	for i, w := range want {
		n := items[len(items)-1-i]
		var got map[string]any
		if err := json.Unmarshal(n.Params, &got); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("%s %d: params %s (%v), want %v", n.Kind, i, n.Params, err, w)
		}
	}
}
