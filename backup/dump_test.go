package backup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// fillTricky writes rows whose values are easy to lose on a round trip: NULLs, 4-byte UTF-8,
// control characters, binary keys with every byte, microseconds, dates, a generated column, the
// append-only audit log, and a deleted row (so that AUTO_INCREMENT is past the largest id).
func fillTricky(t *testing.T, db *store.DB) (token []byte) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 29, 1, 59, 58, 123456000, time.UTC)
	clientID, err := db.InsertClient(ctx, store.Client{Name: "Café ☕ Téranga 🚀", Notes: "ligne 1\nligne 2\t\"guillemets\" \\ \u2028 \x01 <b>&amp;</b>"}, now)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.InsertClient(ctx, store.Client{Name: "Supprimé", Notes: ""}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteClient(ctx, gone); err != nil {
		t.Fatal(err)
	}
	admin, err := db.InsertUser(ctx, store.User{Email: "admin@exemple.fr", Name: "Admin", Role: "admin", PasswordHash: "$argon2id$x"}, now)
	if err != nil {
		t.Fatal(err)
	}
	// An invited user: password_hash and password_set_at are NULL.
	if _, err := db.InsertUser(ctx, store.User{Email: "invite@exemple.fr", Name: "Aïssatou 👩🏾‍💻", Role: "client", ClientID: clientID}, now); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	pid, err := db.InsertProject(ctx, store.Project{ClientID: clientID, Name: "Boutique en ligne", Description: "", StartDate: &start, Status: "en_cours", ManagerID: admin}, now)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := db.BulkInsertMilestones(ctx, []store.Milestone{
		{ProjectID: pid, Position: 1, Title: "Maquettes", DueDate: &due, Weight: 3, State: "validee", DeliveredAt: &now, ValidatedAt: &now},
		{ProjectID: pid, Position: 2, Title: "Recette", Weight: 1, State: "a_venir"},
	}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.RecomputeAllProjectCounters(ctx); err != nil {
		t.Fatal(err)
	}
	token = make([]byte, 32)
	for i := range token {
		token[i] = byte(i * 8) // 0x00 ... 0xf8, with 0x00, '\'', '"', '\\' among them
	}
	token[1], token[2], token[31] = '\'', '\\', 0xff
	if err := db.InsertSession(ctx, store.Session{TokenHash: token, UserID: admin, CSRFToken: strings.Repeat("c", 43),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertAudit(ctx, store.AuditEntry{At: now, ActorID: admin, ActorRole: "admin", Action: "client.create",
		TargetType: "client", TargetID: clientID, Outcome: "success", Summary: "créé « Café ☕ »"}); err != nil {
		t.Fatal(err)
	}
	return token
}

// fillMany adds enough rows and bytes for several batches on restore: by count (audit_log) and
// by size (email_outbox, 140 kB a row).
func fillMany(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 29, 1, 59, 58, 123456000, time.UTC)
	err := db.Tx(ctx, func(ctx context.Context) error {
		for i := 0; i < 600; i++ {
			if err := db.InsertAudit(ctx, store.AuditEntry{At: now.Add(time.Duration(i) * time.Microsecond), Action: "auth.login",
				Outcome: "failure", IP: "192.0.2.1", Summary: "essai n°" + itoa(i)}); err != nil {
				return err
			}
		}
		for i := 0; i < 10; i++ {
			if _, err := db.InsertEmail(ctx, store.Email{To: "a@exemple.fr", Subject: "Bienvenue " + itoa(i),
				Text: strings.Repeat("é", 70000), HTML: "<p>🚀</p>"}, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func dumpOf(t *testing.T, db *store.DB) ([]byte, DumpInfo) {
	t.Helper()
	var buf bytes.Buffer
	info, err := DumpDatabase(context.Background(), db, &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), info
}

func TestDumpRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := storetest.New(t)
	token := fillTricky(t, src)
	fillMany(t, src)
	data, info := dumpOf(t, src)

	var header map[string]any
	if err := json.Unmarshal(data[:bytes.IndexByte(data, '\n')], &header); err != nil || header["format"] != DumpFormat {
		t.Fatalf("header = %v, %v", header, err)
	}
	ms, _ := store.Migrations()
	if info.SchemaVersion != ms[len(ms)-1].Version || info.Tables["clients"] != 1 || info.Tables["milestones"] != 2 || info.Tables["audit_log"] != 601 || info.Tables["email_outbox"] != 10 {
		t.Fatalf("dump info = %+v", info)
	}
	if bytes.Contains(data, []byte(`"is_open"`)) {
		t.Fatal("the dump holds the generated column milestones.is_open")
	}

	dst := openEmpty(t) // not even migrated
	if err := RestoreDatabase(ctx, dst, bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	want, got := tableSums(t, src), tableSums(t, dst)
	if !maps.Equal(got, want) || !maps.Equal(want, info.Checksums) || len(want) < 15 {
		t.Fatalf("checksums differ after restore:\n got %v\nwant %v\ndump %v", got, want, info.Checksums)
	}
	if _, u, err := dst.SessionWithUser(ctx, token); err != nil || u.Email != "admin@exemple.fr" {
		t.Fatalf("session by its binary token after restore: %+v, %v", u, err)
	}
	// The counters go on where they were: the deleted client's id is not handed out again.
	now := time.Now().UTC()
	a, err := src.InsertClient(ctx, store.Client{Name: "Nouveau"}, now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.InsertClient(ctx, store.Client{Name: "Nouveau"}, now)
	if err != nil || a != b {
		t.Fatalf("next client id: source %d, restored %d (%v)", a, b, err)
	}
	// The audit log stays append-only after a restore.
	if _, err := dst.SQL().ExecContext(ctx, "DELETE FROM audit_log"); err == nil {
		t.Fatal("the restored audit_log accepts DELETE")
	}
}

func TestRestoreRefusesANonEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	src := storetest.New(t)
	fillTricky(t, src)
	data, _ := dumpOf(t, src)

	dst := storetest.New(t)
	if _, err := dst.InsertClient(ctx, store.Client{Name: "Déjà là"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	err := RestoreDatabase(ctx, dst, bytes.NewReader(data))
	if !errors.Is(err, ErrDatabaseNotEmpty) || !strings.Contains(err.Error(), "clients") {
		t.Fatalf("restore into a database with a client = %v", err)
	}
	if err := CheckEmpty(ctx, dst); !errors.Is(err, ErrDatabaseNotEmpty) {
		t.Fatalf("CheckEmpty = %v", err)
	}
	if err := RestoreDatabase(ctx, src, bytes.NewReader(data)); !errors.Is(err, ErrDatabaseNotEmpty) {
		t.Fatalf("restore into its own source = %v", err)
	}
}

func TestRestoreRefusesAnotherSchemaVersion(t *testing.T) {
	ctx := context.Background()
	src := storetest.New(t)
	data, info := dumpOf(t, src)
	for _, c := range []struct {
		version int
		want    string
	}{{info.SchemaVersion + 1, "newer"}, {info.SchemaVersion - 1, "older"}} {
		edited := bytes.Replace(data, []byte(`"schema_version":`+itoa(info.SchemaVersion)), []byte(`"schema_version":`+itoa(c.version)), 1)
		dst := openEmpty(t)
		err := RestoreDatabase(ctx, dst, bytes.NewReader(edited))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("restore of a dump at version %d = %v, want %q", c.version, err, c.want)
		}
		if v, _ := dst.SchemaVersion(ctx); v != 0 {
			t.Fatalf("a refused restore migrated the database to %d", v)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// A damaged dump is refused and leaves the database empty: the rows go in one transaction.
func TestRestoreOfADamagedDumpLeavesNothing(t *testing.T) {
	ctx := context.Background()
	src := storetest.New(t)
	fillTricky(t, src)
	data, _ := dumpOf(t, src)
	lines := bytes.SplitAfter(data, []byte("\n"))
	cases := map[string][]byte{
		"truncated":        bytes.Join(lines[:len(lines)-4], nil),
		"cut mid-line":     data[:len(data)/2],
		"value changed":    bytes.Replace(data, []byte("Boutique en ligne"), []byte("Boutique en Ligne"), 1),
		"row dropped":      dropRow(t, lines, "Recette"),
		"trailing garbage": append(bytes.Clone(data), []byte(`{"k":"header"}`+"\n")...),
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			dst := openEmpty(t)
			err := RestoreDatabase(ctx, dst, bytes.NewReader(bad))
			if err == nil {
				t.Fatal("a damaged dump was restored")
			}
			t.Log(err)
			if err := CheckEmpty(ctx, dst); err != nil {
				t.Fatalf("after a refused restore: %v", err)
			}
		})
	}
}

func dropRow(t *testing.T, lines [][]byte, marker string) []byte {
	var out [][]byte
	dropped := false
	for _, l := range lines {
		if !dropped && l[0] == '[' && bytes.Contains(l, []byte(marker)) {
			dropped = true
			continue
		}
		out = append(out, l)
	}
	if !dropped {
		t.Fatalf("no row with %q", marker)
	}
	return bytes.Join(out, nil)
}

// The dump reads one snapshot: a row committed while it streams is not in it.
func TestDumpIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	now := time.Now().UTC()
	// audit_log comes before clients and is large enough that the dump writes while reading it.
	for i := 0; i < 400; i++ {
		if err := db.InsertAudit(ctx, store.AuditEntry{At: now, Action: "test", Outcome: "success", Summary: strings.Repeat("x", 1000)}); err != nil {
			t.Fatal(err)
		}
	}
	w := &hookWriter{hook: func() {
		if _, err := db.InsertClient(ctx, store.Client{Name: "Pendant la sauvegarde"}, now); err != nil {
			t.Error(err)
		}
	}}
	info, err := DumpDatabase(ctx, db, w)
	if err != nil {
		t.Fatal(err)
	}
	if !w.called || info.Tables["clients"] != 0 || info.Tables["audit_log"] != 400 || bytes.Contains(w.buf.Bytes(), []byte("Pendant la sauvegarde")) {
		t.Fatalf("hook called %v, tables %v: the dump saw a row committed after it started", w.called, info.Tables)
	}
}

type hookWriter struct {
	buf    bytes.Buffer
	hook   func()
	called bool
}

func (w *hookWriter) Write(p []byte) (int, error) {
	if !w.called {
		w.called = true
		w.hook()
	}
	return w.buf.Write(p)
}

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
