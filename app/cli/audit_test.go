package cli

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// portal audit verify on a sound chain, on the database restored from a backup of it, and on
// one whose row was edited in SQL.
func TestAuditVerifyCommand(t *testing.T) {
	ctx := context.Background()
	env, db := preparedPortal(t, t.TempDir(), "migrate")
	for i := range 5 {
		if err := db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), Action: "auth.login", Outcome: "success", Summary: fmt.Sprint("connexion ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := run(t, "", env, "audit", "verify")
	head := regexp.MustCompile(`audit chain intact: 5 rows, last row 5, hash ([0-9a-f]{64})`).FindStringSubmatch(out)
	if code != 0 || head == nil {
		t.Fatalf("audit verify = %d %q %q", code, out, stderr)
	}
	t.Logf("audit verify: %s", out)
	if st, err := db.AuditChainStatus(ctx); err != nil || st.VerifiedAt == nil || !st.OK || st.Rows != 5 {
		t.Fatalf("recorded status = %+v, %v", st, err)
	}

	code, out, stderr = run(t, "", env, "backup", "now")
	if code != 0 {
		t.Fatalf("backup now = %d %q %q", code, out, stderr)
	}
	archive := regexp.MustCompile(`backup written: (\S+)`).FindStringSubmatch(out)[1]
	env2 := []string{"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + t.TempDir(), "PORTAL_LOG_LEVEL=warn"}
	if code, out, stderr := run(t, "", env2, "restore", archive); code != 0 {
		t.Fatalf("restore = %d %q %q", code, out, stderr)
	}
	code, out, stderr = run(t, "", env2, "audit", "verify")
	if code != 0 || !strings.Contains(out, "5 rows, last row 5, hash "+head[1]) {
		t.Fatalf("audit verify of the restored database = %d %q %q", code, out, stderr)
	}

	for _, s := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET summary = 'rien' WHERE id = 2"} {
		if _, err := db.SQL().Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr = run(t, "", env, "audit", "verify")
	if code != 1 || !strings.Contains(stderr, "row 2 was edited") {
		t.Fatalf("audit verify after an edit = %d %q %q", code, out, stderr)
	}
	t.Logf("audit verify after an edit: %s", stderr)
	if st, err := db.AuditChainStatus(ctx); err != nil || st.OK || st.Break == nil || st.Break.Row != 2 {
		t.Fatalf("recorded status = %+v, %v", st, err)
	}
}

func TestAuditUsage(t *testing.T) {
	for _, args := range [][]string{{"audit"}, {"audit", "nope"}, {"audit", "--nope"}, {"audit", "verify", "extra"}} {
		if code, _, stderr := run(t, "", nil, args...); code != 2 || !strings.Contains(stderr, "portal --help") {
			t.Errorf("portal %v = exit %d, stderr %q; want 2", args, code, stderr)
		}
	}
	if code, out, _ := run(t, "", nil, "audit", "verify", "--help"); code != 0 || !strings.Contains(out, "Usage: portal audit verify") {
		t.Errorf("audit verify --help = %d %q", code, out)
	}
}
