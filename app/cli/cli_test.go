package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func run(t *testing.T, stdin string, environ []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Environ: environ})
	return code, out.String(), errOut.String()
}

// preparedPortal runs one command (migrate, demo) on a fresh empty database and the data
// directory data, and returns the environment that names them and the database, for the test
// to read and change behind the commands' back.
func preparedPortal(t *testing.T, data, command string) (env []string, db *store.DB) {
	t.Helper()
	dsn := storetest.NewEmpty(t)
	env = []string{"PORTAL_DATABASE_DSN=" + dsn, "PORTAL_DATA_DIR=" + data, "PORTAL_LOG_LEVEL=warn"}
	if code, out, stderr := run(t, "", env, command); code != 0 {
		t.Fatalf("%s = %d %q %q", command, code, out, stderr)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return env, db
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := [][]string{{"nope"}, {"serve", "--nope"}, {"migrate", "extra"}, {"admin"}, {"admin", "delete"}, {"version", "-x"}}
	for _, args := range cases {
		code, _, stderr := run(t, "", nil, args...)
		if code != 2 || !strings.Contains(stderr, "portal --help") {
			t.Errorf("portal %v = exit %d, stderr %q; want 2 with a hint", args, code, stderr)
		}
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	code, out, _ := run(t, "", nil, "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, c.name) {
			t.Errorf("--help does not list %s", c.name)
		}
		args := []string{c.name, "--help"}
		code, out, _ := run(t, "", nil, args...)
		if code != 0 || !strings.Contains(out, "Usage: portal "+c.name) {
			t.Errorf("portal %s --help = %d %q", c.name, code, out)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", nil, "version")
	if code != 0 || !strings.HasPrefix(out, "portal ") {
		t.Fatalf("version = %d %q", code, out)
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	code, _, stderr := run(t, "", []string{"PORTAL_SERVER_LISTEN=nowhere"}, "migrate")
	if code != 1 || !strings.Contains(stderr, "server.listen") {
		t.Fatalf("migrate with a bad listen = %d %q", code, stderr)
	}
}

func TestAdminCreateFromStdin(t *testing.T) {
	dsn := storetest.NewEmpty(t)
	env := []string{"PORTAL_DATABASE_DSN=" + dsn, "PORTAL_LOG_LEVEL=warn"}
	code, out, stderr := run(t, "Chef@Exemple.fr\ncheval-agrafe-batterie\n", env, "admin", "create", "--name", "Awa Diop")
	if code != 0 || !strings.Contains(out, "admin chef@exemple.fr created") {
		t.Fatalf("admin create = %d %q %q", code, out, stderr)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UserByEmail(context.Background(), "chef@exemple.fr")
	if err != nil || u.Role != "admin" || u.Name != "Awa Diop" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Fatalf("created admin = %+v, %v", u, err)
	}
	rows, err := db.ListAudit(context.Background(), store.AuditFilter{Action: "user.create", TargetID: u.ID})
	if err != nil || len(rows) != 1 || !strings.HasPrefix(rows[0].ActorEmail, "cli:") {
		t.Fatalf("audit rows of admin create = %+v, %v", rows, err)
	}
	code, _, stderr = run(t, "chef@exemple.fr\nautre-mot-de-passe-long\n", env, "admin", "create")
	if code != 1 || !strings.Contains(stderr, "existe déjà") {
		t.Fatalf("second admin create with the same e-mail = %d %q", code, stderr)
	}
	code, _, stderr = run(t, "autre@exemple.fr\nazerty123\n", env, "admin", "create")
	if code != 1 || !strings.Contains(stderr, "trop courant") {
		t.Fatalf("admin create with a common password = %d %q", code, stderr)
	}
	code, _, stderr = run(t, "only-one-line@exemple.fr\n", env, "admin", "create")
	if code != 2 {
		t.Fatalf("admin create without a password line = %d %q", code, stderr)
	}
}

func TestMigrateCommand(t *testing.T) {
	env := []string{"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_LOG_LEVEL=warn"}
	for i := 0; i < 2; i++ {
		code, out, stderr := run(t, "", env, "migrate")
		if code != 0 || !strings.Contains(out, "database schema at version") {
			t.Fatalf("migrate run %d = %d %q %q", i+1, code, out, stderr)
		}
	}
}
