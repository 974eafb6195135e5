// Package natstest runs a real nats-server on a free loopback port for tests. The binary is
// the one PORTAL_NATS_SERVER names, else nats-server in PATH or in Go's bin directory, where
// scripts/test.sh installs it (go install github.com/nats-io/nats-server/v2@v2.15.3).
package natstest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// EnvBinary names the nats-server binary to run.
const EnvBinary = "PORTAL_NATS_SERVER"

// Server is one nats-server process.
type Server struct {
	URL  string
	port int
	args []string
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd exits
	out  *bytes.Buffer
}

// Binary finds nats-server.
func Binary() (string, error) {
	if p := os.Getenv(EnvBinary); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("nats-server"); err == nil {
		return p, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, _ := os.UserHomeDir()
		gopath = filepath.Join(home, "go")
	}
	if p := filepath.Join(gopath, "bin", "nats-server"); fileExists(p) {
		return p, nil
	}
	return "", errors.New("nats-server not found: run scripts/test.sh once, or go install github.com/nats-io/nats-server/v2@v2.15.3, or set " + EnvBinary)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Start runs a nats-server with extra args (e.g. "--user", "u", "--pass", "p") until the test ends.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := &Server{URL: fmt.Sprintf("nats://127.0.0.1:%d", port), port: port, args: args}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Start runs the server (again, after Stop) on its port and waits until it accepts connections.
func (s *Server) Start() error {
	bin, err := Binary()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out = &bytes.Buffer{}
	cmd := exec.Command(bin, append([]string{"-a", "127.0.0.1", "-p", strconv.Itoa(s.port)}, s.args...)...)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			return fmt.Errorf("nats-server exited at start: %s", s.out)
		default:
		}
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), time.Second); err == nil {
			c.Close()
			s.cmd, s.done = cmd, exited
			return nil
		}
	}
	_ = cmd.Process.Kill()
	return fmt.Errorf("nats-server did not listen on port %d within 20s: %s", s.port, s.out)
}

// Stop kills the server (a crash, as far as its clients can tell).
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		_ = s.cmd.Process.Kill()
		<-s.done
		s.cmd = nil
	}
}
