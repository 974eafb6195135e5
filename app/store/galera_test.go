package store_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// EnvGaleraNodes lists the host:port of the nodes of a Galera cluster (comma-separated) that
// storetest's server (PORTAL_TEST_DSN, pointing at one of them) belongs to. The cluster test
// (issue 19) sets both; without them the tests below have nothing to run on.
const EnvGaleraNodes = "PORTAL_TEST_GALERA_NODES"

// galeraNodes opens one store per node of the cluster on a fresh database.
func galeraNodes(t *testing.T) []*store.DB {
	t.Helper()
	nodes := os.Getenv(EnvGaleraNodes)
	if nodes == "" {
		t.Skip("no Galera cluster: set " + EnvGaleraNodes + " and " + storetest.EnvDSN)
	}
	dsn := storetest.NewEmpty(t)
	var dbs []*store.DB
	for _, addr := range strings.Split(nodes, ",") {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Addr = strings.TrimSpace(addr)
		// The other nodes apply the CREATE DATABASE a moment after the first one answered it.
		var db *store.DB
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if db, err = store.Open(context.Background(), cfg.FormatDSN(), store.Options{MaxOpenConns: 20}); err == nil {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("node %s: %v", cfg.Addr, err)
			}
		}
		t.Cleanup(func() { db.Close() })
		dbs = append(dbs, db)
	}
	if len(dbs) < 2 {
		t.Fatalf("%s names %d node: a cluster test needs two or more", EnvGaleraNodes, len(dbs))
	}
	return dbs
}

// Processes starting at once on different nodes migrate once: GET_LOCK is per node on Galera,
// the migration lock's row is not.
func TestGaleraMigratorsOnTwoNodes(t *testing.T) {
	dbs := galeraNodes(t)
	var wg sync.WaitGroup
	errs := make([]error, 2*len(dbs))
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = dbs[i%len(dbs)].Migrate(context.Background(), nil) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("migrator %d: %v", i, err)
		}
	}
	ms, _ := store.Migrations()
	for i, db := range dbs {
		var n, distinct int
		if err := db.SQL().QueryRow("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations").Scan(&n, &distinct); err != nil || n != len(ms) || distinct != len(ms) {
			t.Fatalf("node %d: %d migrations recorded (%d distinct), want %d: %v", i+1, n, distinct, len(ms), err)
		}
	}
}

// Runners racing for a job's lease on every node at the same instant: one gets it, each round.
func TestGaleraJobLeaseOneHolderAcrossNodes(t *testing.T) {
	dbs := galeraNodes(t)
	ctx := context.Background()
	// As processes starting on each node would: the first migrates, the others find it done
	// once their node has applied it.
	for _, db := range dbs {
		if err := db.Migrate(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	for round := 0; round < 20; round++ {
		var got atomic.Int32
		var winner atomic.Value
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < 4*len(dbs); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := store.LeaseOwner()
				<-start
				ok, err := dbs[i%len(dbs)].TakeJobLease(ctx, "race", owner, 30*time.Second)
				if err != nil {
					t.Error(err)
				}
				if ok {
					got.Add(1)
					winner.Store([2]any{owner, i % len(dbs)})
				}
			}()
		}
		close(start)
		wg.Wait()
		if got.Load() != 1 {
			t.Fatalf("round %d: %d runners took the lease", round+1, got.Load())
		}
		// Released through the node it was taken on, as a process does: another node may apply
		// the take a moment later, and would not find the lease to release yet.
		w := winner.Load().([2]any)
		if err := dbs[w[1].(int)].ReleaseJobLease(ctx, "race", w[0].(string), 0); err != nil {
			t.Fatal(err)
		}
	}
}

// Two transactions on two nodes change the same row: Galera refuses one at commit (a
// certification conflict, error 1213) and Tx runs it again, so both increments are there.
func TestGaleraCertificationConflictIsRunAgain(t *testing.T) {
	dbs := galeraNodes(t)
	ctx := context.Background()
	if _, err := dbs[0].SQL().Exec("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB"); err != nil {
		t.Fatal(err)
	}
	if _, err := dbs[0].SQL().Exec("INSERT INTO counter VALUES (1, 0)"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the row reaches the other node (replication is virtually synchronous)
	var runs atomic.Int32
	both := make(chan struct{}, 2)
	release := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := true
			errs[i] = dbs[i].Tx(ctx, func(ctx context.Context) error {
				runs.Add(1)
				if err := dbs[i].Exec(ctx, "UPDATE counter SET n = n + 1 WHERE id = 1"); err != nil {
					return err
				}
				if first {
					// Both have changed the row on their node before either commits.
					first = false
					both <- struct{}{}
					if len(both) == 2 {
						once.Do(func() { close(release) })
					}
					<-release
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("transaction on node %d: %v", i+1, err)
		}
	}
	var n int
	if err := dbs[1].SQL().QueryRow("SELECT n FROM counter WHERE id = 1").Scan(&n); err != nil || n != 2 {
		t.Fatalf("counter = %d, %v; want 2", n, err)
	}
	if r := runs.Load(); r != 3 {
		t.Errorf("the transactions ran %d times, want 3 (one certification failure run again)", r)
	}
}
