package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "portal.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMissingFileMeansDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "absent.toml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("config from a missing file = %+v, want the defaults", cfg)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	p := write(t, "[server]\nlisten = \":9000\"\nshutdown_timeout = \"5s\"\n[log]\nformat = \"json\"\n")
	cfg, err := Load(p, []string{"PORTAL_SERVER_LISTEN=127.0.0.1:9100", "PORTAL_DATABASE_MAX_OPEN_CONNS=7", "OTHER=1"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Server.Listen != "127.0.0.1:9100" {
		t.Errorf("listen = %q: the environment must win over the file", cfg.Server.Listen)
	}
	if cfg.Server.ShutdownTimeout.D() != 5*time.Second || cfg.Log.Format != "json" {
		t.Errorf("file values lost: %+v", cfg)
	}
	if cfg.Database.MaxOpenConns != 7 {
		t.Errorf("max_open_conns = %d, want 7 from the environment", cfg.Database.MaxOpenConns)
	}
}

func TestValidationNamesTheKey(t *testing.T) {
	cases := []struct {
		file string
		env  []string
		key  string
	}{
		{"[server]\nlisten = \"nonsense\"\n", nil, "server.listen"},
		{"[server]\npublic_url = \"ftp://x\"\n", nil, "server.public_url"},
		{"", []string{"PORTAL_SERVER_SHUTDOWN_TIMEOUT=soon"}, "server.shutdown_timeout"},
		{"", []string{"PORTAL_DATABASE_MAX_OPEN_CONNS=many"}, "database.max_open_conns"},
		{"[database]\nmax_open_conns = 0\n", nil, "database.max_open_conns"},
		{"[database]\nembedded_buffer_pool_mb = 8\n", nil, "database.embedded_buffer_pool_mb"},
		{"[log]\nlevel = \"loud\"\n", nil, "log.level"},
		{"", []string{"PORTAL_SERVER_DEBUG_LISTEN=0.0.0.0:6060"}, "server.debug_listen"},
		{"", []string{"PORTAL_SERVER_DEBUG_LISTEN=:6060"}, "server.debug_listen"},
		{"[alerts]\nretour_response_days = 0\n", nil, "alerts.retour_response_days"},
		{"", []string{"PORTAL_ALERTS_RETOUR_RESPONSE_DAYS=61"}, "alerts.retour_response_days"},
		{"[server]\nlistn = \":1\"\n", nil, "server.listn"},
		{"[server\n", nil, "portal.toml"},
		{"", []string{"PORTAL_ALERTS_EMAIL_GROUP_WINDOW=2h"}, "alerts.email_group_window"},
		{"[alerts]\nemail_schedule = \"\"\n", nil, "alerts.email_schedule"},
		{"[events]\nnats_url = \"http://127.0.0.1:4222\"\n", nil, "events.nats_url"},
		{"", []string{"PORTAL_EVENTS_NATS_URL=nats://127.0.0.1:4222,127.0.0.1:5222"}, "events.nats_url"},
		{"[events]\nsubject_prefix = \"portal.*\"\n", nil, "events.subject_prefix"},
	}
	for _, c := range cases {
		_, err := Load(write(t, c.file), c.env)
		if err == nil || !strings.Contains(err.Error(), c.key) {
			t.Errorf("Load(%q, %v) = %v, want an error naming %s", c.file, c.env, err, c.key)
		}
	}
}

// The example file documents every key with its default: it parses to exactly Default(), and
// every key of the struct appears in it.
func TestExampleFileDocumentsEveryKey(t *testing.T) {
	body, err := os.ReadFile("../../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg Config = Config{}
	md, err := toml.Decode(string(body), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(md.Undecoded()) > 0 {
		t.Fatalf("config.example.toml has unknown keys: %v", md.Undecoded())
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("config.example.toml values differ from the defaults:\n file %+v\n code %+v", cfg, Default())
	}
	for _, k := range Keys() {
		if !md.IsDefined(strings.Split(k, ".")...) {
			t.Errorf("config.example.toml does not document %s", k)
		}
	}
	if !regexp.MustCompile(`PORTAL_SERVER_LISTEN`).Match(body) {
		t.Error("config.example.toml does not explain the environment variables")
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("database.max_open_conns"); got != "PORTAL_DATABASE_MAX_OPEN_CONNS" {
		t.Fatal(got)
	}
}

// An address with a password is refused without the password in the message (logs keep it).
func TestBadNATSAddressHidesItsPassword(t *testing.T) {
	_, err := Load(write(t, "[events]\nnats_url = \"http://user:s3cret@nats:4222\"\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "events.nats_url") || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error = %v, want one naming events.nats_url without the password", err)
	}
	cfg, err := Load(write(t, "[events]\nnats_url = \"nats://a:4222, nats://b:4222\"\n"), nil)
	if err != nil || cfg.Events.NATSURL == "" {
		t.Fatalf("a list of two servers = %v", err)
	}
}
