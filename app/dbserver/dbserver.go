// Package dbserver runs a private MariaDB/MySQL server as a child process: its own data
// directory, a unix socket and no TCP port. It is what makes the one-command start work without
// a database to set up, and what gives every test process a real throwaway server.
package dbserver

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Options says where the server lives.
type Options struct {
	// DataDir holds the database files; it is initialised on first start.
	DataDir string
	// Binary is mariadbd or mysqld; empty means search PATH and /usr/sbin.
	Binary string
	// BufferPoolMB is InnoDB's buffer pool in MiB; 0 means a quarter of the memory available.
	BufferPoolMB int
	// ExtraArgs are appended to the server's command line (tests use them to skip durability work).
	ExtraArgs []string
}

// Server is a running private database server.
type Server struct {
	Socket  string
	DataDir string
	User    string
	bin     string
	args    []string

	// mu guards cur, which a restart replaces.
	mu  sync.Mutex
	cur *run
	// stopping closes when Stop is called: a supervisor must not restart what is being stopped.
	stopping chan struct{}
	stopOnce sync.Once
}

// run is one life of the server process.
type run struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // the process's exit status, set before exited closes
}

// ErrNoServerBinary means neither mariadbd nor mysqld is installed.
var ErrNoServerBinary = errors.New("no MariaDB/MySQL server binary found (mariadbd or mysqld): " +
	"install the Debian package mariadb-server (apt-get install mariadb-server), " +
	"or set database.dsn to an existing server")

var searchDirs = []string{"/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/mysql/bin"}

func findBinary(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
		for _, d := range searchDirs {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return p
			}
		}
	}
	return ""
}

// Start initialises the data directory when it is new, starts the server and waits until it
// accepts connections.
func Start(ctx context.Context, opt Options) (*Server, error) {
	bin := opt.Binary
	if bin == "" {
		bin = findBinary("mariadbd", "mysqld")
	}
	if bin == "" {
		return nil, ErrNoServerBinary
	}
	dataDir, err := filepath.Abs(opt.DataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("database directory: %w", err)
	}
	u, err := user.Current()
	if err != nil {
		return nil, fmt.Errorf("current user: %w", err)
	}
	s := &Server{DataDir: dataDir, User: u.Username, Socket: socketPath(dataDir), bin: bin, stopping: make(chan struct{})}

	// Its temporary tables go beside its data, not in /tmp: a clean-up of /tmp (or a
	// service's private /tmp) must not pull files from under a running query, and servers set
	// up side by side (tests) must not share temporary table names.
	tmpDir := dataDir + "-tmp"
	if err := os.MkdirAll(tmpDir, 0o700); err != nil {
		return nil, fmt.Errorf("database temporary directory: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "mysql")); errors.Is(err, os.ErrNotExist) {
		if err := initialise(ctx, bin, dataDir, tmpDir, u.Username); err != nil {
			return nil, err
		}
	}
	args := []string{
		"--no-defaults",
		"--tmpdir=" + tmpDir,
		"--datadir=" + dataDir,
		"--socket=" + s.Socket,
		"--pid-file=" + filepath.Join(dataDir, "server.pid"),
		"--log-error=" + filepath.Join(dataDir, "server.err"),
		"--skip-networking",
		"--character-set-server=utf8mb4",
		"--collation-server=utf8mb4_unicode_ci",
		"--default-time-zone=+00:00",
		// The default 128 MiB pool holds too little of a busy portal's tables and indexes.
		bufferPoolArg(opt.BufferPoolMB),
	}
	if os.Geteuid() == 0 {
		// mariadbd refuses to run as root unless told to; the socket is 0777 but the only
		// account that exists authenticates by the peer's Unix user, so it stays private.
		args = append(args, "--user=root")
	}
	s.args = append(args, opt.ExtraArgs...)
	r, err := s.spawn()
	if err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx, r); err != nil {
		_ = s.Stop(context.Background())
		return nil, err
	}
	// Other commands of the same install (portal migrate beside portal serve) find the socket here.
	if err := os.WriteFile(filepath.Join(dataDir, socketNoteFile), []byte(s.Socket), 0o600); err != nil {
		_ = s.Stop(context.Background())
		return nil, err
	}
	return s, nil
}

const socketNoteFile = "portal-socket.path"

// Attach describes the private server of dataDir started by another process, without starting
// or owning it (Stop does nothing). The caller checks that it answers.
func Attach(dataDir string) (*Server, error) {
	dataDir, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	sock, err := os.ReadFile(filepath.Join(dataDir, socketNoteFile))
	if err != nil {
		return nil, err
	}
	u, err := user.Current()
	if err != nil {
		return nil, err
	}
	return &Server{DataDir: dataDir, Socket: string(sock), User: u.Username, stopping: make(chan struct{})}, nil
}

// socketPath keeps the socket under the data directory unless that path is too long for a
// unix socket (108 bytes on Linux), in which case it goes to the temp directory.
func socketPath(dataDir string) string {
	p := filepath.Join(dataDir, "mysql.sock")
	if len(p) < 100 {
		return p
	}
	f, err := os.MkdirTemp("", "portal-db-")
	if err != nil {
		return p
	}
	return filepath.Join(f, "mysql.sock")
}

func initialise(ctx context.Context, bin, dataDir, tmpDir, osUser string) error {
	var cmd *exec.Cmd
	if tool := findBinary("mariadb-install-db", "mysql_install_db"); tool != "" && strings.Contains(filepath.Base(bin), "mariadb") {
		// The socket authentication creates root@localhost and an account for osUser, both
		// reachable only by that Unix user through the socket: no password anywhere.
		cmd = exec.CommandContext(ctx, tool, "--no-defaults", "--datadir="+dataDir, "--tmpdir="+tmpDir, "--user="+osUser,
			"--auth-root-authentication-method=socket", "--skip-test-db", "--skip-name-resolve")
	} else {
		// Oracle MySQL: root@localhost without password, only reachable through the socket
		// because networking is off.
		cmd = exec.CommandContext(ctx, bin, "--no-defaults", "--initialize-insecure", "--datadir="+dataDir, "--tmpdir="+tmpDir, "--user="+osUser)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		_ = os.RemoveAll(filepath.Join(dataDir, "mysql"))
		return fmt.Errorf("initialising the private database in %s: %w\n%s", dataDir, err, tail(out.String(), 2000))
	}
	return nil
}

// spawn starts the server in its own process group, so that Ctrl-C in a terminal reaches the
// portal only and the portal can stop the database after the last request. Pdeathsig ends the
// server if the portal dies without stopping it; it is bound to the OS thread that started the
// child, so that thread stays locked until the child exits. The caller holds no lock; spawn
// refuses once Stop has been called, so that a restart cannot outlive the portal's shutdown.
func (s *Server) spawn() (*run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.stopping:
		return nil, errStopping
	default:
	}
	// A socket left by a crashed run would make the new server refuse to start.
	_ = os.Remove(s.Socket)
	r := &run{exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		cmd := exec.Command(s.bin, s.args...)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
		if err := cmd.Start(); err != nil {
			started <- fmt.Errorf("starting %s: %w", s.bin, err)
			return
		}
		r.cmd = cmd
		started <- nil
		r.err = cmd.Wait()
		close(r.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	s.cur = r
	return r, nil
}

// Ping checks that the server accepts connections. This package talks to the server itself
// (no database selected, before the store has one to open), hence its own connection.
func (s *Server) Ping(ctx context.Context) error {
	db, err := sql.Open("mysql", s.DSN(""))
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// CreateDatabase creates a database in utf8mb4 unless it exists.
func (s *Server) CreateDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("mysql", s.DSN(""))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS `"+strings.ReplaceAll(name, "`", "``")+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}

var errStopping = errors.New("the private database server is being stopped")

func (s *Server) waitReady(ctx context.Context, r *run) error {
	deadline := time.Now().Add(90 * time.Second)
	for {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := s.Ping(pctx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-r.exited:
			return fmt.Errorf("the private database server stopped at start-up (%v); its log says:\n%s",
				r.err, s.logTail(3000))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the private database server did not accept connections within 90s: %v", err)
		}
	}
}

func (s *Server) logTail(n int) string {
	return tail(readFile(filepath.Join(s.DataDir, "server.err")), n)
}

// DSN returns a go-sql-driver DSN for database name (empty: no default database).
func (s *Server) DSN(name string) string {
	c := mysql.NewConfig()
	c.User = s.User
	c.Net = "unix"
	c.Addr = s.Socket
	c.DBName = name
	return c.FormatDSN()
}

// Stop asks the server to shut down cleanly (SIGTERM flushes InnoDB) and waits for it. It also
// ends the supervision: a server being stopped is not restarted.
func (s *Server) Stop(ctx context.Context) error {
	if s == nil || s.stopping == nil {
		return nil
	}
	s.stopOnce.Do(func() { close(s.stopping) })
	s.mu.Lock()
	r := s.cur
	s.mu.Unlock()
	if r == nil || r.cmd == nil {
		return nil
	}
	select {
	case <-r.exited:
		return nil
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
		return nil
	case <-ctx.Done():
		_ = r.cmd.Process.Kill()
		<-r.exited
		return fmt.Errorf("the private database server did not stop in time and was killed")
	}
}

// Pid is the server's process id (0 when not running).
func (s *Server) Pid() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.cmd == nil {
		return 0
	}
	return s.cur.cmd.Process.Pid
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
