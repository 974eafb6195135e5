package cli

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/logtest"
)

// TestServeOwnDatabaseLifecycle runs the real binary on its private database: it serves, stops
// on SIGTERM without leaving the database process behind, and keeps its data across a restart.
func TestServeOwnDatabaseLifecycle(t *testing.T) {
	p := newPrivatePortal(t)
	dataDir := p.dataDir
	start := func() (*exec.Cmd, *logtest.Buffer) { return p.start(t) }
	stop := func(cmd *exec.Cmd, logs *logtest.Buffer) {
		dbPid := readPid(t, filepath.Join(dataDir, "mysql", "server.pid"))
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := waitExit(t, cmd, logs, 60*time.Second); err != nil {
			t.Fatalf("portal exited with %v\n%s", err, logs)
		}
		if syscall.Kill(dbPid, 0) == nil {
			t.Fatalf("database process %d still runs after the portal stopped\n%s", dbPid, logs)
		}
		if !strings.Contains(logs.String(), "private database server stopped") {
			t.Fatalf("the private database was not stopped cleanly:\n%s", logs)
		}
	}

	cmd, logs := start()
	body := get(t, p.base+"/tableau-de-bord")
	if !strings.Contains(body, "<title>") || !strings.Contains(body, `lang="fr"`) {
		t.Fatalf("/tableau-de-bord did not return the SPA: %.200s", body)
	}
	if body := get(t, p.base+"/api/v1/nope"); !strings.Contains(body, `"error":{"code":"not_found"`) {
		t.Fatalf("/api/v1/nope = %s", body)
	}
	// Create an admin through the running portal's database (a second process reuses the socket).
	admin := p.command("admin", "create")
	admin.Stdin = strings.NewReader("persist@exemple.fr\ncheval-agrafe-batterie\n")
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("admin create beside serve: %v\n%s", err, out)
	}
	stop(cmd, logs)

	cmd, logs = start()
	again := p.command("admin", "create")
	again.Stdin = strings.NewReader("persist@exemple.fr\ncheval-agrafe-batterie\n")
	out, err := again.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "existe déjà") {
		t.Fatalf("after a restart the admin is gone (create succeeded again): %v\n%s", err, out)
	}
	stop(cmd, logs)
}

// privatePortal is the built binary and the environment of a portal on its private database.
type privatePortal struct {
	bin, dir, dataDir string
	// base is the URL of its listener, on a free loopback port.
	base string
	env  []string
}

// newPrivatePortal builds the binary under test and prepares its data directory and port; it
// skips the test in -short mode.
func newPrivatePortal(t *testing.T) *privatePortal {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped in -short mode")
	}
	dir := t.TempDir()
	p := &privatePortal{bin: filepath.Join(dir, "portal"), dir: dir, dataDir: filepath.Join(dir, "data")}
	build := exec.Command("go", "build", "-o", p.bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	port := freePort(t)
	p.env = append(os.Environ(), "PORTAL_DATA_DIR="+p.dataDir, fmt.Sprintf("PORTAL_SERVER_LISTEN=127.0.0.1:%d", port),
		"PORTAL_DATABASE_DSN=", "PORTAL_SERVER_SHUTDOWN_TIMEOUT=10s")
	p.base = fmt.Sprintf("http://127.0.0.1:%d", port)
	return p
}

// command prepares "portal ARGS --config <none>" in the portal's environment.
func (p *privatePortal) command(args ...string) *exec.Cmd {
	cmd := exec.Command(p.bin, append(args, "--config", filepath.Join(p.dir, "none.toml"))...)
	cmd.Env = p.env
	return cmd
}

// start runs "portal serve" and waits until it is ready.
func (p *privatePortal) start(t *testing.T) (*exec.Cmd, *logtest.Buffer) {
	t.Helper()
	cmd := p.command("serve")
	logs := &logtest.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitHTTP(t, p.base+"/readyz", logs)
	return cmd, logs
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitHTTP(t *testing.T, url string, logs *logtest.Buffer) {
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s not ready within 90s\n%s", url, logs)
}

func get(t *testing.T, url string) string {
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func readPid(t *testing.T, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the database pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}
