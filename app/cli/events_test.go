package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bigdatacenter/portal/app/live/natstest"
	"github.com/bigdatacenter/portal/app/logtest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// An [events] setting that cannot be used stops serve at start with a message naming the key
// and what failed, before the database is touched and before anything listens.
func TestServeRefusesUnusableNATS(t *testing.T) {
	nats := natstest.Start(t, "--user", "portal", "--pass", "right")
	down := natstest.Start(t)
	down.Stop()
	withPassword := func(pw string) string { return strings.Replace(nats.URL, "nats://", "nats://portal:"+pw+"@", 1) }
	cases := []struct {
		env       []string
		key, what string
	}{
		{[]string{"PORTAL_EVENTS_NATS_URL=" + down.URL}, "events.nats_url", "unreachable"},
		{[]string{"PORTAL_EVENTS_NATS_URL=" + withPassword("wrong")}, "events.nats_url", "refused the credentials"},
		{[]string{"PORTAL_EVENTS_NATS_URL=" + withPassword("right"), "PORTAL_EVENTS_CREDENTIALS_FILE=/nonexistent/portal.creds"}, "events.credentials_file", "no such file"},
	}
	for _, c := range cases {
		dsn := storetest.NewEmpty(t)
		dir := t.TempDir()
		environ := append([]string{"PORTAL_DATABASE_DSN=" + dsn, "PORTAL_DATA_DIR=" + filepath.Join(dir, "data"), "PORTAL_LOG_LEVEL=info",
			fmt.Sprintf("PORTAL_SERVER_LISTEN=127.0.0.1:%d", freePort(t))}, c.env...)
		logs := &logtest.Buffer{}
		code := Run([]string{"serve", "--config", filepath.Join(dir, "none.toml")}, Env{Stdin: strings.NewReader(""), Stdout: logs, Stderr: logs, Environ: environ})
		out := logs.String()
		if code != 1 || !strings.Contains(out, c.key) || !strings.Contains(out, c.what) {
			t.Errorf("serve with %v = %d, want 1 and a message naming %s (%s):\n%s", c.env, code, c.key, c.what, out)
		}
		if strings.Contains(out, "wrong") || strings.Contains(out, "right@") {
			t.Errorf("the message shows the password:\n%s", out)
		}
		if strings.Contains(out, "portal listening") {
			t.Errorf("serve listened although NATS could not be used:\n%s", out)
		}
		db, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		if v, err := db.SchemaVersion(context.Background()); v != 0 || err != nil {
			t.Errorf("the database was migrated (version %d, %v) by a portal that did not start", v, err)
		}
		db.Close()
	}
}
