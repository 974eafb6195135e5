package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// TestCleanupJobRemovesStaleUploads: the scheduled clean-up, as serve wires it, removes the
// temporary file of an upload cut off by a killed process once it is older than
// server.transfer_timeout, while the portal keeps running; a file still being written stays.
func TestCleanupJobRemovesStaleUploads(t *testing.T) {
	cfg := config.Default()
	cfg.Data.Dir = t.TempDir()
	cfg.Server.TransferTimeout = config.Duration(time.Hour)
	db := &boot.Database{Store: storetest.New(t)}
	fs, err := openFiles(cfg)
	if err != nil {
		t.Fatal(err)
	}
	svc := newService(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, fs, nil)
	tmp := filepath.Join(cfg.DataPath("files"), "tmp")
	stale, live := filepath.Join(tmp, "upload-killed"), filepath.Join(tmp, "upload-live")
	for _, p := range []string{stale, live} {
		if err := os.WriteFile(p, []byte("moitié d'un livrable"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cut := time.Now().Add(-time.Hour - time.Minute)
	if err := os.Chtimes(stale, cut, cut); err != nil {
		t.Fatal(err)
	}
	ran := false
	for _, j := range scheduledJobs(cfg, db, svc, fs) {
		if j.Name == "cleanup" {
			if err := j.Run(context.Background(), 15*time.Minute); err != nil {
				t.Fatal(err)
			}
			ran = true
		}
	}
	if !ran {
		t.Fatal("no cleanup job in the schedule")
	}
	left, _ := fs.TempFiles()
	if len(left) != 1 || left[0] != "upload-live" {
		t.Fatalf("temporary files after the clean-up: %v, want only upload-live", left)
	}
	var details string
	if err := db.Store.SQL().QueryRow("SELECT details FROM job_runs WHERE job = 'cleanup' ORDER BY id DESC LIMIT 1").Scan(&details); err != nil ||
		!strings.Contains(details, "1 temporary files removed") {
		t.Fatalf("job run record = %q, %v", details, err)
	}
}
