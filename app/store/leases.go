package store

import (
	"context"
	"errors"
	"time"

	"github.com/go-sql-driver/mysql"
)

// A lease is a row (name, owner, until) of a lease table that one owner at a time holds until
// its time runs out. Unlike GET_LOCK it is data, so it replicates: it serialises processes on
// one server, on a primary with replicas and across a Galera cluster alike. Times are the
// database's (NOW(6)), so that the processes' clocks do not matter.

// leaseTables are the tables that hold leases (the names are never user input).
const (
	jobLeases      = "job_leases"
	migrationLocks = "migration_locks"
)

// takeLease makes owner the holder of name's lease for ttl when it is free (expired) or already
// owner's. A conflict between two nodes of a Galera cluster taking it at the same instant ends
// with one of them refused at commit (error 1213): that one did not get it.
func takeLease(ctx context.Context, q querier, table, name, owner string, ttl time.Duration) (bool, error) {
	if _, err := q.ExecContext(ctx, "INSERT IGNORE INTO "+table+" (name, owner, until) VALUES (?, '', NOW(6) - INTERVAL 1 SECOND)", name); err != nil {
		return false, notTakenOnConflict(err)
	}
	n, err := affected(q.ExecContext(ctx, "UPDATE "+table+" SET owner = ?, until = NOW(6) + INTERVAL ? MICROSECOND WHERE name = ? AND (until < NOW(6) OR owner = ?)",
		owner, ttl.Microseconds(), name, owner))
	return n == 1, notTakenOnConflict(err)
}

// renewLease extends a lease that owner still holds; false when it lost it (it had expired and
// another owner took it).
func renewLease(ctx context.Context, q querier, table, name, owner string, ttl time.Duration) (bool, error) {
	n, err := affected(q.ExecContext(ctx, "UPDATE "+table+" SET until = NOW(6) + INTERVAL ? MICROSECOND WHERE name = ? AND owner = ?",
		ttl.Microseconds(), name, owner))
	return n == 1, err
}

// releaseLease gives a lease up, keeping it from everyone for hold more (0: free at once).
func releaseLease(ctx context.Context, q querier, table, name, owner string, hold time.Duration) error {
	_, err := q.ExecContext(ctx, "UPDATE "+table+" SET owner = '', until = NOW(6) + INTERVAL ? MICROSECOND WHERE name = ? AND owner = ?",
		max(hold, 0).Microseconds(), name, owner)
	return err
}

func notTakenOnConflict(err error) error {
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1213 {
		return nil
	}
	return err
}

// TakeJobLease makes owner the runner of job name for ttl, if no one else holds it (see takeLease).
func (db *DB) TakeJobLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	return takeLease(ctx, db.conn(ctx), jobLeases, name, owner, ttl)
}

// RenewJobLease extends owner's lease on job name; false when owner no longer holds it.
func (db *DB) RenewJobLease(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	return renewLease(ctx, db.conn(ctx), jobLeases, name, owner, ttl)
}

// ReleaseJobLease ends owner's run of job name; no one takes it again for hold.
func (db *DB) ReleaseJobLease(ctx context.Context, name, owner string, hold time.Duration) error {
	return releaseLease(ctx, db.conn(ctx), jobLeases, name, owner, hold)
}

// JobLeaseRunning tells whether a run of job name holds its lease now (rather than the lease
// being kept after a run for the rest of its period).
func (db *DB) JobLeaseRunning(ctx context.Context, name string) (bool, error) {
	n, err := db.count(ctx, "SELECT COUNT(*) FROM job_leases WHERE name = ? AND owner <> '' AND until >= NOW(6)", name)
	return n > 0, err
}
