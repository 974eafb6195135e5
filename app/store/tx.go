package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
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
// each statement run outside a transaction and after each transaction's commit, unless they
// wrote quiet tables only (QuietTable). A reader that takes it before reading may keep what it
// read while the epoch stays (server's answer cache). Another process's writes do not move it.
func (db *DB) DataEpoch() int64 { return db.dataEpoch.Load() }

// quietTables are the tables that no kept answer reads (the answer cache's routes: a client's
// list of projects and a project page; the session lookup runs before the cache): a write to
// them alone leaves the data epoch where it was. Sessions kept alive once a minute, notification
// e-mails queued by the minute's job (one transaction per recipient), audit rows, job leases
// and sign-in throttles used to make every kept answer be computed again, for every user.
// TestCachedRoutesReadNoQuietTable (app/server) fails when a cached route reads one of them.
var quietTables = map[string]bool{"sessions": true, "notifications": true, "email_outbox": true, "job_leases": true,
	"job_runs": true, "idempotency_keys": true, "audit_log": true, "audit_chain": true, "login_throttle": true,
	"auth_tokens": true, "recovery_codes": true, "notification_prefs": true, "calendar_feeds": true,
	"overdue_alerts": true, "task_overdue_alerts": true, "retour_late_alerts": true}

// QuietTable reports whether writes to the table leave the data epoch alone.
func QuietTable(name string) bool { return quietTables[name] }

// quiet reports whether a statement is a write whose every table (written, joined or read by a
// subquery) is quiet. It errs on the side of moving the epoch: a word after FROM, JOIN, INTO or
// UPDATE that is not a quiet table (a column of ON DUPLICATE KEY UPDATE aside) makes it loud.
func quiet(query string) bool {
	words := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_'
	})
	if len(words) == 0 {
		return false
	}
	switch words[0] {
	case "insert", "update", "delete", "replace":
	default:
		return false
	}
	for i := 0; i < len(words)-1; i++ {
		switch words[i] {
		case "update":
			if i > 0 && words[i-1] == "key" {
				continue // ON DUPLICATE KEY UPDATE: columns follow
			}
		case "from", "join", "into":
		default:
			continue
		}
		if !quietTables[words[i+1]] {
			return false
		}
	}
	return true
}

// epochPool is the pool, moving the data epoch once each statement that is not quiet has run
// (and so, outside a transaction, committed). Reads run as they are: only a write can make a
// kept answer stale.
type epochPool struct {
	*sql.DB
	epoch *atomic.Int64
}

func (p epochPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !quiet(query) {
		defer p.epoch.Add(1)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

// epochTx is a transaction that records whether it ran a statement that is not quiet: the data
// epoch then moves after its commit.
type epochTx struct {
	*sql.Tx
	loud *bool
}

func (t epochTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !quiet(query) {
		*t.loud = true
	}
	return t.Tx.ExecContext(ctx, query, args...)
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
	loud := new(bool)
	inner := db.withConn(ctx, epochTx{Tx: tx, loud: loud})
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
	if *loud {
		// Moved once the commit has answered, also when its outcome is unknown.
		defer db.dataEpoch.Add(1)
	}
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
