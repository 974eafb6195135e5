package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/go-sql-driver/mysql"
)

// Every store method takes ctx first and runs its SQL on db.conn(ctx): the transaction that
// ctx carries, when the call is made inside db.Tx, else the pool. A use case therefore calls
// the same methods inside and outside a transaction, and never handles one.

// querier is what the pool, a transaction and a snapshot's connection all offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type txKey struct{}

// txValue ties the carried transaction to its database: a context that reached another
// database's store (a test's second server) does not run there on the wrong connection.
type txValue struct {
	db *DB
	q  querier
	// authChanged and overviewChanged are set by a write that moves the auth epoch, or the
	// overview's: the epoch moves after the commit.
	authChanged, overviewChanged *bool
}

func (db *DB) withConn(ctx context.Context, q querier) context.Context {
	return context.WithValue(ctx, txKey{}, txValue{db: db, q: q, authChanged: new(bool), overviewChanged: new(bool)})
}

// AuthEpoch is the count of committed changes to sessions, users and clients that a session's
// actor depends on. A reader takes it before it reads: a change committed after that moves it.
func (db *DB) AuthEpoch() int64 { return db.authEpoch.Load() }

// authChanged records a write that changes how sessions resolve: the epoch moves now when
// the write is already committed (no transaction), else once the transaction has committed.
func (db *DB) authChanged(ctx context.Context) {
	db.epochChanged(ctx, &db.authEpoch, func(v txValue) *bool { return v.authChanged })
}

// overviewChanged records a write to what the admin overview reads (a project row or a
// client), as authChanged does for its epoch (see OverviewVersion).
func (db *DB) overviewChanged(ctx context.Context) {
	db.epochChanged(ctx, &db.overviewEpoch, func(v txValue) *bool { return v.overviewChanged })
}

// epochChanged moves epoch now when the write is already committed (no transaction), else
// marks the transaction's flag so that it moves once the transaction has committed.
func (db *DB) epochChanged(ctx context.Context, epoch *atomic.Int64, flag func(txValue) *bool) {
	if v, ok := ctx.Value(txKey{}).(txValue); ok && v.db == db {
		if f := flag(v); f != nil {
			*f = true
			return
		}
	}
	epoch.Add(1)
}

// DataEpoch is the count of writes to the database made through this store: it moves after
// each statement run outside a transaction and after each transaction's commit. A reader that
// takes it before reading may keep what it read while the epoch stays (server's answer cache).
// Another process's writes do not move it.
func (db *DB) DataEpoch() int64 { return db.dataEpoch.Load() }

// epochPool is the pool, moving the data epoch once each statement has run (and so, outside a
// transaction, committed). Reads run as they are: only a write can make a kept answer stale.
type epochPool struct {
	*sql.DB
	epoch *atomic.Int64
}

func (p epochPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer p.epoch.Add(1)
	return p.DB.ExecContext(ctx, query, args...)
}

// conn picks where a call runs: the transaction (or snapshot) ctx carries, else the pool.
func (db *DB) conn(ctx context.Context) querier {
	if v, ok := ctx.Value(txKey{}).(txValue); ok && v.db == db {
		return v.q
	}
	return db.pool
}

// txAttempts bounds how many times a transaction chosen as a deadlock's victim is run.
const txAttempts = 3

// Tx runs fn in a transaction carried by the context it hands fn, committing when fn returns
// nil: every store method called with that context runs in the transaction. Called with a
// context that already carries one, fn joins it (the outer Tx commits, or retries, the whole).
//
// When the server breaks a deadlock by rolling this transaction back (two admins inviting users
// at the same instant, say), the whole of fn runs again, up to txAttempts times: fn must
// therefore only touch the database through the context it is given and assign (not
// accumulate) what it hands out, which is how every caller writes it (side effects run after
// the commit). On a Galera cluster, a transaction that loses a certification conflict (another
// node committed the same rows first) fails with the same error 1213, and is run again alike.
func (db *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if v, ok := ctx.Value(txKey{}).(txValue); ok && v.db == db {
		return fn(ctx)
	}
	for attempt := 1; ; attempt++ {
		err := db.tx(ctx, fn)
		var me *mysql.MySQLError
		if attempt < txAttempts && errors.As(err, &me) && me.Number == 1213 && ctx.Err() == nil {
			continue
		}
		return err
	}
}

func (db *DB) tx(ctx context.Context, fn func(ctx context.Context) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	claim := claimOf(ctx)
	if claim != nil && !claim.committed {
		// First thing: a duplicate of this request waits here until this one ends.
		if err := insertClaim(ctx, tx, claim); err != nil {
			_ = tx.Rollback()
			return err
		}
	} else {
		claim = nil
	}
	inner := db.withConn(ctx, tx)
	if err := fn(inner); err != nil {
		_ = tx.Rollback()
		return err
	}
	v := inner.Value(txKey{}).(txValue)
	// Also when the commit's outcome is unknown: a cache read again costs one query.
	if *v.authChanged {
		defer db.authEpoch.Add(1)
	}
	if *v.overviewChanged {
		defer db.overviewEpoch.Add(1)
	}
	// Moved once the commit has answered, also when its outcome is unknown.
	defer db.dataEpoch.Add(1)
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %w", ErrCommitUncertain, err)
	}
	if claim != nil {
		claim.committed = true
	}
	return nil
}

// ErrCommitUncertain: the COMMIT was sent but its answer never came (the request's deadline cut
// it, the connection broke): the server may have made the transaction durable or not. Callers
// keep what the transaction may refer to (an uploaded file) rather than remove it.
var ErrCommitUncertain = errors.New("the outcome of the commit is unknown")
