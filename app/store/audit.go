package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"
)

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64 // 0: nobody signed in (a failed sign-in, the command line)
	ActorRole  string
	ActorEmail string
	IP         string
	UserAgent  string
	Action     string
	TargetType string
	TargetID   int64
	ClientID   int64
	Outcome    string // success, failure, denied
	RequestID  string
	Summary    string
}

// InsertAudit appends e, in the transaction ctx carries (or one of its own), chained onto the
// last row (see auditchain.go). Call it last in the transaction: the chain head it locks stays
// locked until the commit, and every audited action waits for it.
func (db *DB) InsertAudit(ctx context.Context, e AuditEntry) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx)
		r := newChainRow(e)
		var lastID uint64
		var lastHash string
		err := q.QueryRowContext(ctx, "SELECT last_id, last_hash FROM audit_chain WHERE id = 1 FOR UPDATE").Scan(&lastID, &lastHash)
		if errors.Is(err, sql.ErrNoRows) {
			return errors.New("audit log: the chain head is missing (the database was not migrated by this portal: run portal migrate)")
		}
		if err != nil {
			return err
		}
		r.id = int64(lastID) + 1
		err = insertChained(ctx, q, &r, lastHash)
		var me *mysql.MySQLError
		if errors.As(err, &me) && me.Number == 1062 {
			// A row slipped in behind the portal's back holds the next id. It must not make every
			// audited action fail: the new row goes after the last one, and verification names the
			// intruder. (Reading the last id every time would cost a round trip under the lock.)
			var tail int64
			if err := q.QueryRowContext(ctx, "SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 FOR UPDATE").Scan(&tail); err != nil {
				return err
			}
			r.id = tail + 1
			err = insertChained(ctx, q, &r, lastHash)
		}
		if err != nil {
			return err
		}
		_, err = q.ExecContext(ctx, "UPDATE audit_chain SET last_id = ?, last_hash = ? WHERE id = 1", r.id, r.hash)
		return err
	})
}

// insertChained inserts r with its id, after the row whose hash is prev.
func insertChained(ctx context.Context, q querier, r *chainRow, prev string) error {
	r.prev = sql.NullString{String: prev, Valid: true}
	r.hash = sql.NullString{String: r.computeHash(nil), Valid: true}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor_role, actor_email, ip, user_agent, action, target_type, target_id, client_id, outcome, request_id, summary, prev_hash, row_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.id, r.at, r.actorID, r.actorRole, r.actorEmail, r.ip, r.userAgent, r.action, r.targetType, r.targetID, r.clientID,
		r.outcome, r.requestID, r.summary, r.prev, r.hash)
	return err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// clip cuts s to n characters without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Action     string
	ActorID    int64
	TargetType string
	TargetID   int64
	ClientID   int64
	From, To   *time.Time
	Limit      int
	Offset     int
}

// where builds the filter's condition.
func (f AuditFilter) where() (string, []any) {
	where, args := "WHERE 1=1", []any{}
	add := func(cond string, v any) { where += " AND " + cond; args = append(args, v) }
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.ActorID != 0 {
		add("actor_id = ?", f.ActorID)
	}
	if f.TargetType != "" {
		add("target_type = ?", f.TargetType)
	}
	if f.TargetID != 0 {
		add("target_id = ?", f.TargetID)
	}
	if f.ClientID != 0 {
		add("client_id = ?", f.ClientID)
	}
	if f.From != nil {
		add("at >= ?", *f.From)
	}
	if f.To != nil {
		add("at < ?", *f.To)
	}
	return where, args
}

// CountAudit counts matching entries up to ListTotalCap: the log only grows (every sign-in, every
// change), and counting all of it for each page would cost more every day.
func (db *DB) CountAudit(ctx context.Context, f AuditFilter) (int, error) {
	where, args := f.where()
	var n int
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT "+cappedCount("FROM audit_log "+where), args...).Scan(&n)
	return n, err
}

// ListAudit returns matching entries, newest first.
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where, args := f.where()
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_role, actor_email, ip, user_agent, action, target_type,
		COALESCE(target_id, 0), COALESCE(client_id, 0), outcome, request_id, summary FROM audit_log `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	return scanAll(rows, err, func(r rowScanner) (e AuditEntry, err error) {
		err = r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorRole, &e.ActorEmail, &e.IP, &e.UserAgent, &e.Action, &e.TargetType,
			&e.TargetID, &e.ClientID, &e.Outcome, &e.RequestID, &e.Summary)
		return e, err
	})
}
