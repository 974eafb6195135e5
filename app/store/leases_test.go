package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestJobLeaseOneHolderExpiryRenewalAndHold(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	take := func(owner string, ttl time.Duration) bool {
		t.Helper()
		ok, err := db.TakeJobLease(ctx, "backup", owner, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !take("p1", time.Second) {
		t.Fatal("a free lease (no row yet) was not taken")
	}
	if take("p2", time.Second) {
		t.Fatal("a held lease was taken by another owner")
	}
	if running, _ := db.JobLeaseRunning(ctx, "backup"); !running {
		t.Fatal("a held lease is not reported running")
	}
	// Renewed while its run goes on, it outlives its first term.
	for i := 0; i < 3; i++ {
		time.Sleep(400 * time.Millisecond)
		if ok, err := db.RenewJobLease(ctx, "backup", "p1", time.Second); !ok || err != nil {
			t.Fatalf("renewal %d = %v, %v", i+1, ok, err)
		}
	}
	if take("p2", time.Second) {
		t.Fatal("a renewed lease was taken after its first term")
	}
	// Its owner dies (no more renewals): once the term runs out, another takes it, and the dead
	// owner's renewal fails.
	time.Sleep(1100 * time.Millisecond)
	if !take("p2", time.Second) {
		t.Fatal("an expired lease was not taken over")
	}
	if ok, _ := db.RenewJobLease(ctx, "backup", "p1", time.Second); ok {
		t.Fatal("the former owner renewed a lease it lost")
	}
	// Released with a hold: no one runs it again for the hold, then anyone may.
	if err := db.ReleaseJobLease(ctx, "backup", "p2", 700*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if running, _ := db.JobLeaseRunning(ctx, "backup"); running {
		t.Fatal("a released lease is reported running")
	}
	if take("p1", time.Second) || take("p2", time.Second) {
		t.Fatal("a lease was taken during the hold after its release")
	}
	time.Sleep(800 * time.Millisecond)
	if !take("p1", time.Second) {
		t.Fatal("the lease was not free after the hold")
	}
	// Other jobs have their own leases.
	if ok, _ := db.TakeJobLease(ctx, "cleanup", "p2", time.Second); !ok {
		t.Fatal("another job's lease was not free")
	}
}

// A process that died while migrating left the lock behind: the next one waits for the lock's
// term to run out, then migrates.
func TestMigrateTakesOverTheLockOfADeadProcess(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if err := db.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec("REPLACE INTO migration_locks (name, owner, until) VALUES (CONCAT('migrate.', DATABASE()), 'dead:1:0', NOW(6) + INTERVAL 1500000 MICROSECOND)"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Fatalf("migrated after %s, while a (dead) process held the lock for 1.5s", d)
	}
	ms, _ := store.Migrations()
	if v, err := db.SchemaVersion(ctx); err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("schema version %d, %v", v, err)
	}
	var n int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM migration_locks").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the lock after migrating: %d rows, %v (want released: a restore needs a database without rows)", n, err)
	}
}
