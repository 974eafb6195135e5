// Package s3test runs a real S3-compatible server for tests: versitygw (the POSIX gateway of
// Versity), one per test on a free loopback port, over a temporary directory, with an empty
// bucket. scripts/lib.sh (need_versitygw) installs it; tests skip without it unless
// PORTAL_TEST_REQUIRE_S3 is set (as scripts/test.sh does), where its absence fails them.
package s3test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/bigdatacenter/portal/app/config"
)

const (
	// EnvBinary names the versitygw binary; otherwise PATH, then the scripts' tool cache.
	EnvBinary = "PORTAL_TEST_VERSITYGW"
	// EnvRequire makes a missing versitygw fail the tests that need it instead of skipping them.
	EnvRequire = "PORTAL_TEST_REQUIRE_S3"

	AccessKey = "portal-test"
	SecretKey = "portal-test-secret-key"
	Bucket    = "portal-files"
)

// Server is a running versitygw.
type Server struct {
	Endpoint string
	// Client speaks to it with the test credentials (to look behind the portal's back).
	Client *minio.Client
	stop   func()
}

// Stop kills the server before the test ends (a store that went away).
func (s *Server) Stop() { s.stop() }

// Binary finds versitygw, or returns "".
func Binary() string {
	if p := os.Getenv(EnvBinary); p != "" {
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if dir, err := os.UserCacheDir(); err == nil {
		if p := filepath.Join(dir, "portal-tools", "bin", "versitygw"); isExec(p) {
			return p
		}
	}
	return ""
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

// Start runs a server for this test, stopped when it ends, with an empty bucket named Bucket.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if bin == "" {
		msg := "versitygw not found (install it: . scripts/lib.sh && need_versitygw; or set " + EnvBinary + ")"
		if os.Getenv(EnvRequire) != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	dir := t.TempDir()
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logf, err := os.Create(filepath.Join(dir, "versitygw.log"))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--access", AccessKey, "--secret", SecretKey, "--port", addr, "posix", root)
	cmd.Stdout, cmd.Stderr = logf, logf
	// The server goes with the test process, even one killed before its clean-ups run. Pdeathsig
	// is bound to the OS thread that started the child, not the process: that thread stays
	// locked (to this goroutine) until the child exits, or the runtime could end it and the
	// server with it (as app/dbserver does).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	started := make(chan error, 1)
	exited := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(exited)
	}()
	if err := <-started; err != nil {
		t.Fatalf("starting versitygw: %v", err)
	}
	stop := sync.OnceFunc(func() {
		_ = cmd.Process.Kill()
		<-exited
		logf.Close()
	})
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			log, _ := os.ReadFile(logf.Name())
			t.Logf("versitygw at %s, state %v, log:\n%s", addr, cmd.ProcessState, log)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("versitygw exited before listening:\n%s", log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s within 30 s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	client, err := minio.New(addr, &minio.Options{Creds: credentials.NewStaticV4(AccessKey, SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.MakeBucket(context.Background(), Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("creating the test bucket: %v", err)
	}
	return &Server{Endpoint: addr, Client: client, stop: stop}
}

// Config is the [storage] section that uses this server.
func (s *Server) Config() config.Storage {
	return config.Storage{Backend: "s3", Endpoint: s.Endpoint, Bucket: Bucket, PathStyle: true,
		AccessKey: AccessKey, SecretKey: SecretKey, PartSizeMB: 5}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// String describes the server in test logs.
func (s *Server) String() string { return fmt.Sprintf("versitygw at %s", s.Endpoint) }
