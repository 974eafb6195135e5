package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestBackupCommands(t *testing.T) {
	data := t.TempDir()
	env, db := preparedPortal(t, data, "demo")

	code, out, stderr := run(t, "", env, "backup", "list")
	if code != 0 || !strings.Contains(out, "no backup in "+filepath.Join(data, "backups")) {
		t.Fatalf("backup list before any = %d %q %q", code, out, stderr)
	}
	code, out, stderr = run(t, "", env, "backup", "now")
	if code != 0 || !strings.Contains(out, "backup written: ") {
		t.Fatalf("backup now = %d %q %q", code, out, stderr)
	}
	t.Logf("backup now:\n%s", out)
	archive := regexp.MustCompile(`backup written: (\S+)`).FindStringSubmatch(out)[1]
	if filepath.Dir(archive) != filepath.Join(data, "backups") || !regexp.MustCompile(`^portal-\d{8}-\d{6}\.tar\.gz$`).MatchString(filepath.Base(archive)) {
		t.Fatalf("archive written at %s", archive)
	}
	if !regexp.MustCompile(`\d+ rows, [1-9]\d* files`).MatchString(out) {
		t.Fatalf("backup now does not say what it saved: %q", out)
	}

	code, out, _ = run(t, "", env, "backup", "list")
	if code != 0 || !strings.Contains(out, filepath.Base(archive)) || !strings.Contains(out, "1 backups") {
		t.Fatalf("backup list = %d %q", code, out)
	}
	t.Logf("backup list:\n%s", out)
	code, out, stderr = run(t, "", env, "backup", "verify", archive)
	if code != 0 || !strings.Contains(out, "OK") {
		t.Fatalf("backup verify = %d %q %q", code, out, stderr)
	}
	// Flags may come after the archive.
	code, out, stderr = run(t, "", env, "backup", "verify", archive, "--database")
	if code != 0 || !strings.Contains(out, "identical") {
		t.Fatalf("backup verify --database = %d %q %q", code, out, stderr)
	}
	t.Logf("backup verify --database:\n%s", out)

	if _, err := db.InsertClient(context.Background(), store.Client{Name: "Arrivé après"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", env, "backup", "verify", "--database", archive)
	if code != 1 || !strings.Contains(stderr, "differs") || !strings.Contains(stderr, "clients") {
		t.Fatalf("verify --database after a change = %d %q", code, stderr)
	}

	// A damaged copy.
	b, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	bad := filepath.Join(t.TempDir(), "abimee.tar.gz")
	if err := os.WriteFile(bad, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", env, "backup", "verify", bad)
	if code != 1 || !strings.Contains(stderr, "corrupt") {
		t.Fatalf("verify of a damaged archive = %d %q", code, stderr)
	}

	// Another directory.
	other := filepath.Join(t.TempDir(), "ailleurs")
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) // one archive name per second
	if code, out, stderr := run(t, "", env, "backup", "now", "--dir", other); code != 0 || !strings.Contains(out, other) {
		t.Fatalf("backup now --dir = %d %q %q", code, out, stderr)
	}
	if code, out, _ := run(t, "", append(env, "PORTAL_BACKUP_DIR="+other), "backup", "list"); code != 0 || !strings.Contains(out, "1 backups in "+other) {
		t.Fatalf("backup list with backup.dir = %d %q", code, out)
	}

	// Restore into a new install, then refuse to restore over it.
	data2 := t.TempDir()
	env2 := []string{"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + data2, "PORTAL_LOG_LEVEL=warn"}
	code, out, stderr = run(t, "", env2, "restore", archive)
	if code != 0 || !strings.Contains(out, "restored "+archive) || !regexp.MustCompile(`[1-9]\d* files`).MatchString(out) {
		t.Fatalf("restore = %d %q %q", code, out, stderr)
	}
	t.Logf("restore:\n%s", out)
	if code, out, stderr := run(t, "", env2, "backup", "verify", archive, "--database"); code != 0 || !strings.Contains(out, "identical") {
		t.Fatalf("verify --database of the restored install = %d %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, "", env2, "restore", archive)
	if code != 1 || !strings.Contains(stderr, "not empty") {
		t.Fatalf("restore over a restored install = %d %q", code, stderr)
	}
}

func TestBackupUsage(t *testing.T) {
	for _, args := range [][]string{{"backup"}, {"backup", "nope"}, {"backup", "--nope"}, {"backup", "verify"}, {"backup", "verify", "a", "b"},
		{"backup", "now", "extra"}, {"backup", "list", "--nope"}, {"restore"}, {"restore", "a", "b"}, {"restore", "a", "--nope"}} {
		code, _, stderr := run(t, "", nil, args...)
		if code != 2 || !strings.Contains(stderr, "portal --help") {
			t.Errorf("portal %v = exit %d, stderr %q; want 2", args, code, stderr)
		}
	}
	for _, args := range [][]string{{"backup", "--help"}, {"backup", "now", "--help"}, {"backup", "list", "-h"}, {"backup", "verify", "--help"}, {"restore", "--help"}} {
		code, out, _ := run(t, "", nil, args...)
		if code != 0 || !strings.Contains(out, "Usage: portal "+args[0]) {
			t.Errorf("portal %v = %d %q", args, code, out)
		}
	}
	code, out, _ := run(t, "", nil, "--help")
	if code != 0 || !strings.Contains(out, "backup") || !strings.Contains(out, "restore") {
		t.Fatalf("--help = %q", out)
	}
}
