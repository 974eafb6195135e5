package dbserver

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"
)

func TestMissingBinaryNamesThePackage(t *testing.T) {
	saved := searchDirs
	searchDirs = nil
	t.Cleanup(func() { searchDirs = saved })
	t.Setenv("PATH", t.TempDir())
	_, err := Start(context.Background(), Options{DataDir: t.TempDir()})
	if !errors.Is(err, ErrNoServerBinary) || !strings.Contains(err.Error(), "mariadb-server") {
		t.Fatalf("Start without a server binary = %v, want an error naming mariadb-server", err)
	}
}

func TestStartStopKeepsData(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a database server twice: skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "db")
	s, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	exec := func(s *Server, q string) {
		db, err := sql.Open("mysql", s.DSN(""))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(s, "CREATE DATABASE kept")
	exec(s, "CREATE TABLE kept.t (v VARCHAR(20)) DEFAULT CHARSET=utf8mb4")
	exec(s, "INSERT INTO kept.t VALUES ('été ✓')")
	attached, err := Attach(dir)
	if err != nil || attached.Socket != s.Socket {
		t.Fatalf("Attach = %+v, %v; want socket %s", attached, err, s.Socket)
	}
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	s2, err := Start(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Stop(ctx)
	db, _ := sql.Open("mysql", s2.DSN("kept"))
	defer db.Close()
	var v string
	if err := db.QueryRow("SELECT v FROM t").Scan(&v); err != nil || v != "été ✓" {
		t.Fatalf("after restart: %q, %v", v, err)
	}
	var networking string
	if err := db.QueryRow("SELECT @@skip_networking").Scan(&networking); err != nil || networking != "1" {
		t.Fatalf("skip_networking = %q, %v: the private server must not open a TCP port", networking, err)
	}
}

// startSmall starts a server in the memory-saving configuration of the test servers, stopped at
// the end of the test; it skips the test in -short mode.
func startSmall(t *testing.T) (context.Context, *Server) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a database server: skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	s, err := Start(ctx, Options{DataDir: filepath.Join(t.TempDir(), "db"), BufferPoolMB: 32,
		ExtraArgs: []string{"--innodb-log-file-size=16M"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	return ctx, s
}

// The buffer pool asked for is the server's, not MariaDB's default.
func TestStartGivesTheBufferPoolAsked(t *testing.T) {
	ctx, s := startSmall(t)
	db, err := sql.Open("mysql", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var size int64
	if err := db.QueryRowContext(ctx, "SELECT @@innodb_buffer_pool_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if size != 32<<20 {
		t.Fatalf("innodb_buffer_pool_size = %d, want 32 MiB", size)
	}
}

// Unasked, the pool is a quarter of the machine's memory or of the cgroup's limit, whichever
// is lower, and never under 256 MiB.
func TestBufferPoolFollowsTheMemory(t *testing.T) {
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	meminfo := file("meminfo", "MemFree:  1000 kB\nMemTotal:       25165824 kB\nSwapTotal: 0 kB\n")
	if got := memTotalMB(meminfo); got != 24576 {
		t.Errorf("memTotalMB = %d, want 24576", got)
	}
	// A service's own cgroup, from /proc/self/cgroup, and the lowest limit on its way to the root.
	if got := ownCgroup(file("self-cgroup", "0::/system.slice/portal.service\n")); got != "/system.slice/portal.service" {
		t.Errorf("ownCgroup = %q", got)
	}
	if got := ownCgroup(filepath.Join(dir, "absent")); got != "/" {
		t.Errorf("ownCgroup(absent) = %q, want /", got)
	}
	for _, d := range []string{"cg/system.slice/portal.service", "cg/system.slice/other.service"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	file("cg/system.slice/portal.service/memory.max", "max\n")
	if got := cgroupLimitMB(filepath.Join(dir, "cg"), "/system.slice/portal.service"); got != 0 {
		t.Errorf("cgroupLimitMB(no limit anywhere) = %d, want 0", got)
	}
	file("cg/system.slice/memory.max", "8589934592\n")
	file("cg/system.slice/other.service/memory.max", "1073741824\n")
	if got := cgroupLimitMB(filepath.Join(dir, "cg"), "/system.slice/portal.service"); got != 8192 {
		t.Errorf("cgroupLimitMB(8 GiB on the slice) = %d, want 8192 (a sibling's limit is not ours)", got)
	}
	file("cg/system.slice/portal.service/memory.max", "4294967296\n")
	if got := cgroupLimitMB(filepath.Join(dir, "cg"), "/system.slice/portal.service"); got != 4096 {
		t.Errorf("cgroupLimitMB(4 GiB on the service) = %d, want 4096", got)
	}
	if got := bufferPoolMB(100); got != 100 {
		t.Errorf("bufferPoolMB(100) = %d, want what was asked", got)
	}
	if got, want := bufferPoolMB(0), max(availableMemoryMB()/4, minBufferPoolMB); got != want || got < minBufferPoolMB {
		t.Errorf("bufferPoolMB(0) = %d, want %d (a quarter of %d MiB, at least %d)", got, want, availableMemoryMB(), minBufferPoolMB)
	}
}

// TestSuperviseRestartsAKilledServer kills the server with SIGKILL: the supervisor brings it
// back on the same socket with its committed data, and an open pool works again by itself.
func TestSuperviseRestartsAKilledServer(t *testing.T) {
	ctx, s := startSmall(t)
	fatal := s.Supervise(SuperviseOptions{MaxFailures: 5, Window: time.Minute, FirstDelay: 100 * time.Millisecond, MaxDelay: time.Second})
	db, err := sql.Open("mysql", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"CREATE DATABASE kept", "CREATE TABLE kept.t (v INT)", "INSERT INTO kept.t VALUES (42)"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	first := s.Pid()
	killed := time.Now()
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var v int
	for {
		err = db.QueryRowContext(ctx, "SELECT v FROM kept.t").Scan(&v)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the server did not come back: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("back %s after SIGKILL", time.Since(killed).Round(time.Millisecond))
	if v != 42 || s.Pid() == first || s.Pid() == 0 {
		t.Fatalf("after the restart: v=%d, pid %d (was %d)", v, s.Pid(), first)
	}
	select {
	case err := <-fatal:
		t.Fatalf("the supervisor gave up after one death: %v", err)
	default:
	}
	// A stop is not a death: the supervisor lets it be and reports nothing.
	stopped := s.Pid()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if s.Pid() != stopped || syscall.Kill(stopped, 0) == nil {
		t.Fatalf("the server was restarted after Stop (pid %d, was %d)", s.Pid(), stopped)
	}
	select {
	case err := <-fatal:
		t.Fatalf("Stop was reported as a failure: %v", err)
	default:
	}
}

// TestSuperviseGivesUp: a server that keeps dying makes the supervisor report an error on the
// MaxFailures-th death, and leave it dead.
func TestSuperviseGivesUp(t *testing.T) {
	ctx, s := startSmall(t)
	fatal := s.Supervise(SuperviseOptions{MaxFailures: 3, Window: time.Minute, FirstDelay: 50 * time.Millisecond, MaxDelay: time.Second})
	killed := map[int]bool{}
	for {
		if pid := s.Pid(); pid != 0 && !killed[pid] {
			killed[pid] = true
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		select {
		case err := <-fatal:
			if len(killed) != 3 || !strings.Contains(err.Error(), "3 times") {
				t.Fatalf("gave up after %d kills with %v", len(killed), err)
			}
			time.Sleep(300 * time.Millisecond)
			for pid := range killed {
				if syscall.Kill(pid, 0) == nil && pid == s.Pid() {
					t.Fatalf("server %d runs after the supervisor gave up", pid)
				}
			}
			return
		case <-ctx.Done():
			t.Fatalf("the supervisor never gave up (%d kills)", len(killed))
		case <-time.After(20 * time.Millisecond):
		}
	}
}
