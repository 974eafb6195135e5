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
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestServeOwnDatabaseLifecycle runs the real binary on its private database: it serves, stops
// on SIGTERM without leaving the database process behind, and keeps its data across a restart.
func TestServeOwnDatabaseLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped in -short mode")
	}
	dir := t.TempDir()
	bin := buildPortal(t, dir)
	dataDir := filepath.Join(dir, "data")
	env, base := serveEnv(t, dataDir)

	start := func() (*exec.Cmd, *syncBuffer) {
		return startServe(t, bin, dir, env, base)
	}
	stop := func(cmd *exec.Cmd, logs *syncBuffer) {
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
	body := get(t, base+"/tableau-de-bord")
	if !strings.Contains(body, "<title>") || !strings.Contains(body, `lang="fr"`) {
		t.Fatalf("/tableau-de-bord did not return the SPA: %.200s", body)
	}
	if body := get(t, base+"/api/v1/nope"); !strings.Contains(body, `"error":{"code":"not_found"`) {
		t.Fatalf("/api/v1/nope = %s", body)
	}
	// Create an admin through the running portal's database (a second process reuses the socket).
	admin := exec.Command(bin, "admin", "create", "--config", filepath.Join(dir, "none.toml"))
	admin.Env = env
	admin.Stdin = strings.NewReader("persist@exemple.fr\ncheval-agrafe-batterie\n")
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("admin create beside serve: %v\n%s", err, out)
	}
	stop(cmd, logs)

	cmd, logs = start()
	again := exec.Command(bin, "admin", "create", "--config", filepath.Join(dir, "none.toml"))
	again.Env = env
	again.Stdin = strings.NewReader("persist@exemple.fr\ncheval-agrafe-batterie\n")
	out, err := again.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "existe déjà") {
		t.Fatalf("after a restart the admin is gone (create succeeded again): %v\n%s", err, out)
	}
	stop(cmd, logs)
}

// buildPortal builds the binary under test into dir.
func buildPortal(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "portal")
	build := exec.Command("go", "build", "-o", bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveEnv is the environment of a portal on its private database in dataDir, listening on a
// free loopback port whose URL it returns.
func serveEnv(t *testing.T, dataDir string) (env []string, base string) {
	port := freePort(t)
	env = append(os.Environ(), "PORTAL_DATA_DIR="+dataDir, fmt.Sprintf("PORTAL_SERVER_LISTEN=127.0.0.1:%d", port),
		"PORTAL_DATABASE_DSN=", "PORTAL_SERVER_SHUTDOWN_TIMEOUT=10s")
	return env, fmt.Sprintf("http://127.0.0.1:%d", port)
}

// startServe runs "portal serve" and waits until it is ready.
func startServe(t *testing.T, bin, dir string, env []string, base string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", filepath.Join(dir, "none.toml"))
	cmd.Env = env
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitHTTP(t, base+"/readyz", logs)
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

// syncBuffer collects a child's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitHTTP(t *testing.T, url string, logs *syncBuffer) {
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
