package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
)

// unitKeys reads a systemd unit into section -> key -> values.
func unitKeys(t *testing.T, unit string) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	section := ""
	for _, l := range strings.Split(unit, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = l
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(l, "=")
			if !ok || section == "" {
				t.Fatalf("not a unit line: %q", l)
			}
			out[section][k] = append(out[section][k], v)
		}
	}
	return out
}

func productionOptions() serviceOptions {
	return serviceOptions{Executable: "/usr/local/bin/portal", ConfigPath: "/etc/portal/portal.toml", User: "portal",
		DataDir: "/var/lib/portal", WritablePaths: []string{"/var/backups/portal"}, ShutdownTimeout: 30 * time.Second}
}

func TestSystemdUnit(t *testing.T) {
	o := productionOptions()
	unit := systemdUnit(o)
	if strings.Contains(unit, "{{") {
		t.Fatal("the unit holds a template action: kardianos/service would rewrite it")
	}
	keys := unitKeys(t, unit)
	want := map[string]map[string]string{
		"[Unit]": {"Wants": "network-online.target", "After": "network-online.target mariadb.service mysql.service"},
		"[Service]": {
			"User": "portal", "Group": "portal",
			"ExecStart":           "/usr/local/bin/portal serve --config /etc/portal/portal.toml",
			"ExecReload":          "/bin/kill -HUP $MAINPID",
			"WorkingDirectory":    "/var/lib/portal",
			"Restart":             "on-failure",
			"KillSignal":          "SIGTERM",
			"KillMode":            "mixed",
			"StandardOutput":      "journal",
			"StandardError":       "journal",
			"AmbientCapabilities": "CAP_NET_BIND_SERVICE", "CapabilityBoundingSet": "CAP_NET_BIND_SERVICE",
			"NoNewPrivileges": "true", "ProtectSystem": "strict", "ProtectHome": "true",
			// Ready only when it says so: "systemctl start" waits for it.
			"Type": "notify", "NotifyAccess": "main",
			"ReadWritePaths":          "-/var/lib/portal -/var/backups/portal",
			"MemoryDenyWriteExecute":  "true",
			"RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6",
			"SystemCallErrorNumber":   "EPERM",
		},
		"[Install]": {"WantedBy": "multi-user.target"},
	}
	for section, kv := range want {
		for k, v := range kv {
			if got := keys[section][k]; len(got) != 1 || got[0] != v {
				t.Errorf("%s %s = %q, want %q", section, k, got, v)
			}
		}
	}
	stop, err := strconv.Atoi(keys["[Service]"]["TimeoutStopSec"][0])
	if err != nil || time.Duration(stop)*time.Second < o.ShutdownTimeout+10*time.Second {
		t.Errorf("TimeoutStopSec = %v, want comfortably above the shutdown timeout %v", keys["[Service]"]["TimeoutStopSec"], o.ShutdownTimeout)
	}
	if u := keys["[Service]"]["User"]; u[0] == "root" {
		t.Error("the service runs as root")
	}
	// The allowed set, what is taken out of it, what is given back (in that order).
	if f := keys["[Service]"]["SystemCallFilter"]; len(f) != 3 || f[0] != "@system-service" || f[1] != "~@privileged @resources" || f[2] != "@chown" {
		t.Errorf("SystemCallFilter = %q", f)
	}
	if !strings.Contains(unit, "systemctl edit portal") {
		t.Error("the unit's header does not say how to relax it with a drop-in")
	}

	o.ShutdownTimeout = 2 * time.Minute
	if !strings.Contains(systemdUnit(o), "\nTimeoutStopSec=150\n") {
		t.Errorf("TimeoutStopSec does not follow server.shutdown_timeout:\n%s", systemdUnit(o))
	}
}

func TestSystemdUnitProtectionsFollowThePaths(t *testing.T) {
	o := productionOptions()
	o.DataDir = "/home/portal/data"
	if u := systemdUnit(o); strings.Contains(u, "ProtectHome") || !strings.Contains(u, "ProtectSystem=strict\nReadWritePaths=-/home/portal/data -/var/backups/portal\n") {
		t.Errorf("data in /home: ProtectHome must go, ProtectSystem stay with the data writable:\n%s", u)
	}
	o = productionOptions()
	o.WritablePaths = []string{"/etc/portal/backups", "/srv/portail client/cache"}
	if u := systemdUnit(o); !strings.Contains(u, "ProtectSystem=strict\nReadWritePaths=-/var/lib/portal -/etc/portal/backups \"-/srv/portail client/cache\"\n") || !strings.Contains(u, "ProtectHome=true") {
		t.Errorf("backups under /etc, a cache path with a space: both writable, quoted:\n%s", u)
	}
	o = productionOptions()
	o.Executable = "/opt/portail client/portal%1"
	if u := systemdUnit(o); !strings.Contains(u, `ExecStart="/opt/portail client/portal%%1" serve --config /etc/portal/portal.toml`) {
		t.Errorf("ExecStart not quoted:\n%s", u)
	}
}

func TestSystemdArg(t *testing.T) {
	for in, want := range map[string]string{
		"/usr/local/bin/portal": "/usr/local/bin/portal",
		"/a b/c":                `"/a b/c"`,
		`/a"b`:                  `"/a\"b"`,
		"/x/%h/$HOME":           "/x/%%h/$$HOME",
		"":                      `""`,
	} {
		if got := systemdArg(in); got != want {
			t.Errorf("systemdArg(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestServiceConfig(t *testing.T) {
	o := productionOptions()
	c := serviceConfig(o)
	if c.Name != "portal" || c.UserName != "portal" || c.Executable != o.Executable || c.WorkingDirectory != o.DataDir {
		t.Fatalf("service config = %+v", c)
	}
	if strings.Join(c.Arguments, " ") != "serve --config /etc/portal/portal.toml" {
		t.Fatalf("arguments = %q", c.Arguments)
	}
	if c.Option["SystemdScript"] != systemdUnit(o) || c.Option["Restart"] != "on-failure" || c.Option["LogOutput"] != false {
		t.Fatalf("options = %v", c.Option)
	}
}

func TestServiceOptionsFromConfig(t *testing.T) {
	cfg := config.Default()
	if _, err := serviceOptionsFrom(cfg, "/etc/portal/portal.toml", "portal", "/usr/local/bin/portal"); err == nil || !strings.Contains(err.Error(), "data.dir") {
		t.Fatalf("relative data.dir accepted: %v", err)
	}
	cfg.Data.Dir, cfg.Backup.Dir = "/var/lib/portal", "backups"
	if _, err := serviceOptionsFrom(cfg, "/etc/portal/portal.toml", "portal", "/usr/local/bin/portal"); err == nil || !strings.Contains(err.Error(), "backup.dir") {
		t.Fatalf("relative backup.dir accepted: %v", err)
	}
	cfg.Backup.Dir, cfg.TLS.CacheDir = "/srv/backups/portal/", "autocert"
	if _, err := serviceOptionsFrom(cfg, "/etc/portal/portal.toml", "portal", "/usr/local/bin/portal"); err == nil || !strings.Contains(err.Error(), "tls.cache_dir") {
		t.Fatalf("relative tls.cache_dir accepted: %v", err)
	}
	cfg.TLS.CacheDir = "/var/cache/portal-acme"
	o, err := serviceOptionsFrom(cfg, "/etc/portal/portal.toml", "portal", "/usr/local/bin/portal")
	if err != nil || o.DataDir != "/var/lib/portal" || strings.Join(o.WritablePaths, " ") != "/srv/backups/portal /var/cache/portal-acme" || o.ShutdownTimeout != 30*time.Second {
		t.Fatalf("options = %+v, %v", o, err)
	}
}

func TestServiceCommandLine(t *testing.T) {
	for _, args := range [][]string{{"service"}, {"service", "bogus"}, {"service", "install", "--nope"}, {"service", "status", "extra"}} {
		if code, _, stderr := run(t, "", nil, args...); code != 2 || !strings.Contains(stderr, "portal --help") {
			t.Errorf("portal %v = %d %q, want 2", args, code, stderr)
		}
	}
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "portal.toml")
	if code, _, stderr := run(t, "", nil, "service", "install", "--print", "--config", cfgPath); code != 1 || !strings.Contains(stderr, "install.sh") {
		t.Errorf("install without a configuration file = %d %q", code, stderr)
	}
	if err := os.WriteFile(cfgPath, []byte("[data]\ndir = \"/var/lib/portal\"\n[server]\nshutdown_timeout = \"45s\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", nil, "service", "install", "--print", "--config", cfgPath, "--user", "portail", "--binary", "/usr/local/bin/portal")
	if code != 0 {
		t.Fatalf("install --print = %d %q", code, stderr)
	}
	for _, want := range []string{"ExecStart=/usr/local/bin/portal serve --config " + cfgPath + "\n", "User=portail\n", "TimeoutStopSec=75\n", "AmbientCapabilities=CAP_NET_BIND_SERVICE\n", "Type=notify\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("install --print lacks %q:\n%s", want, out)
		}
	}
}
