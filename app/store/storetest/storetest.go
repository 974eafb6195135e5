// Package storetest gives each test its own freshly migrated database on a real server: the one
// named by PORTAL_TEST_DSN when set (its user needs CREATE and DROP DATABASE), otherwise a private
// throwaway MariaDB/MySQL server started once per test process.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/bigdatacenter/portal/app/dbserver"
	"github.com/bigdatacenter/portal/app/store"
)

// EnvDSN names a server to use instead of a private one.
const EnvDSN = "PORTAL_TEST_DSN"

var (
	once     sync.Once
	baseDSN  string
	startErr error
	server   *dbserver.Server
	tmpDir   string
)

// Main wraps testing.M so that the private server and its directory go away with the process.
// Use it from TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	for _, drop := range processDrops {
		drop()
	}
	if server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_ = server.Stop(ctx)
		cancel()
	}
	if tmpDir != "" {
		_ = os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// ServerDSN returns the DSN of the test server without a database, starting it if needed.
func ServerDSN(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if dsn := os.Getenv(EnvDSN); dsn != "" {
			baseDSN = dsn
			return
		}
		tmpDir, startErr = os.MkdirTemp("", "portal-testdb-")
		if startErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		server, startErr = dbserver.Start(ctx, dbserver.Options{
			DataDir: filepath.Join(tmpDir, "mysql"),
			// A test server holds little data: keep it small and skip durability work.
			BufferPoolMB: 32,
			ExtraArgs: []string{"--innodb-flush-log-at-trx-commit=2",
				"--innodb-log-file-size=16M", "--max-connections=500"},
		})
		if startErr == nil {
			baseDSN = server.DSN("")
		}
	})
	if startErr != nil {
		t.Fatalf("test database server: %v (set %s to use an existing server)", startErr, EnvDSN)
	}
	return baseDSN
}

// processDrops drop the databases made by NewForProcess when Main ends.
var processDrops []func()

// NewEmpty creates an empty database for this test, dropped when the test ends, and returns
// its DSN.
func NewEmpty(t testing.TB) string {
	t.Helper()
	dsn, drop := newDatabase(t)
	t.Cleanup(drop)
	return dsn
}

// NewForProcess returns a migrated store that outlives the test that asked for it, for data
// that is expensive to build and shared by several benchmarks; Main drops it at the end.
func NewForProcess(t testing.TB) *store.DB {
	t.Helper()
	dsn, drop := newDatabase(t)
	db, err := store.Open(context.Background(), dsn, store.Options{MaxOpenConns: 40, MaxIdleConns: 40})
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	if err := db.Migrate(context.Background(), nil); err != nil {
		t.Fatalf("migrating test database: %v", err)
	}
	processDrops = append(processDrops, func() { db.Close(); drop() })
	return db
}

func newDatabase(t testing.TB) (dsn string, drop func()) {
	t.Helper()
	cfg, err := mysql.ParseDSN(ServerDSN(t))
	if err != nil {
		t.Fatalf("%s: %v", EnvDSN, err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "portal_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	drop = func() {
		conn, err := sql.Open("mysql", cfg.FormatDSN())
		if err == nil {
			_, _ = conn.Exec("DROP DATABASE IF EXISTS " + name)
			conn.Close()
		}
	}
	dbCfg := *cfg
	dbCfg.DBName = name
	return dbCfg.FormatDSN(), drop
}

// OpenEmpty returns a store open with opt on a database of its own, not migrated; the test's
// end closes it.
func OpenEmpty(t testing.TB, opt store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), NewEmpty(t), opt)
	if err != nil {
		t.Fatalf("opening test database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// New returns an open, migrated store on a database of its own.
func New(t testing.TB) *store.DB {
	t.Helper()
	db := OpenEmpty(t, store.Options{MaxOpenConns: 20, MaxIdleConns: 5})
	if err := db.Migrate(context.Background(), nil); err != nil {
		t.Fatalf("migrating test database: %v", err)
	}
	return db
}

// Describe tells in a test log where the databases live.
func Describe() string {
	if server != nil {
		return fmt.Sprintf("private server pid %d, socket %s", server.Pid(), server.Socket)
	}
	return "server from " + EnvDSN
}

// QueueEmails inserts emails created at now into the outbox, in one transaction as the domain
// does, and returns their ids.
func QueueEmails(t testing.TB, db *store.DB, now time.Time, emails ...store.Email) []int64 {
	t.Helper()
	var ids []int64
	err := db.Tx(context.Background(), func(ctx context.Context) error {
		for _, e := range emails {
			id, err := db.InsertEmail(ctx, e, now)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// Concurrently runs fn(0) … fn(n-1) at once, each in its own goroutine, and once all have
// ended returns their errors joined (nil when all succeeded).
func Concurrently(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
