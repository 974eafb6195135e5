package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Email is one message of the outbox. Rows are written in the transaction of the event they
// announce and handed to the SMTP server later by the worker (app/notify), so that an outage
// delays mail and never loses it.
type Email struct {
	ID          int64
	To, Subject string
	Text, HTML  string
	Attempts    int // failed deliveries so far
	CreatedAt   time.Time
	// NextAttemptAt is when the e-mail is due; for a claimed e-mail, the end of the claim.
	NextAttemptAt time.Time
	LastError     string
	DeadAt        *time.Time // set once the worker gave up
	SentAt        *time.Time
}

// outboxTime rounds t to what DATETIME(6) stores, so that a value read back compares equal to the
// value written (MariaDB truncates extra digits, MySQL rounds them: both keep whole microseconds).
func outboxTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// InsertEmail queues e inside the caller's transaction, so that the e-mail exists if and only if
// the event it announces was committed. It is due at once.
func (db *DB) InsertEmail(ctx context.Context, e Email, now time.Time) (int64, error) {
	q := db.conn(ctx)
	now = outboxTime(now)
	return insertedID(q.ExecContext(ctx, `INSERT INTO email_outbox (to_addr, subject, text_body, html_body, created_at, next_attempt_at)
		VALUES (?, ?, ?, ?, ?, ?)`, e.To, e.Subject, e.Text, e.HTML, now, now))
}

const emailColumns = `id, to_addr, subject, text_body, html_body, attempts, created_at, next_attempt_at, last_error, dead_at, sent_at`

// outboxPending selects e-mails the worker still has to deliver.
const outboxPending = `sent_at IS NULL AND dead_at IS NULL`

// ClaimDueEmails takes up to limit due e-mails for this process and hides them from every other
// one until now+lease: several portal processes may share the database. SKIP LOCKED lets two
// claimers pass each other instead of waiting, and the pushed next_attempt_at keeps the claim
// after the transaction ends. The lease must outlast the sending of the whole batch, or another
// process may send an e-mail a second time. Each returned e-mail's NextAttemptAt is the end of
// the lease, the token ReleaseEmails expects.
func (db *DB) ClaimDueEmails(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]Email, error) {
	now = outboxTime(now)
	until := outboxTime(now.Add(lease))
	var out []Email
	err := db.Tx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx)
		rows, err := q.QueryContext(ctx, `SELECT `+emailColumns+` FROM email_outbox
			WHERE `+outboxPending+` AND next_attempt_at <= ?
			ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED`, now, limit)
		if out, err = scanAll(rows, err, scanEmail); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]any, 0, len(out)+1)
		ids = append(ids, until)
		for i := range out {
			ids = append(ids, out[i].ID)
			out[i].NextAttemptAt = until
		}
		_, err = q.ExecContext(ctx, `UPDATE email_outbox SET next_attempt_at = ? WHERE id IN (`+outboxPlaceholders(len(out))+`)`, ids...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReleaseEmails makes claimed e-mails due again at once, for a worker that stops before it has
// sent them all. leaseUntil is the claim's token: an e-mail whose lease ran out and was claimed
// again by another process is left to that process.
func (db *DB) ReleaseEmails(ctx context.Context, ids []int64, leaseUntil, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{outboxTime(now), outboxTime(leaseUntil)}, anys(ids)...)
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE email_outbox SET next_attempt_at = ?
		WHERE `+outboxPending+` AND next_attempt_at = ? AND id IN (`+outboxPlaceholders(len(ids))+`)`, args...)
	return err
}

// MarkEmailSent records that the SMTP server accepted the e-mail. ErrNotFound: no such e-mail
// waits (it was already marked sent, which means it was sent twice).
func (db *DB) MarkEmailSent(ctx context.Context, id int64, now time.Time) error {
	res, err := db.conn(ctx).ExecContext(ctx, `UPDATE email_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL`, outboxTime(now), id)
	if err != nil {
		return err
	}
	// sent_at goes from NULL to a time, so the row counts as affected whenever it matched.
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = ErrNotFound
		}
		return err
	}
	return nil
}

// MarkEmailFailed records a failed delivery: attempts is the new count, next when to try again;
// dead gives up for good (the e-mail then shows among DeadEmails).
func (db *DB) MarkEmailFailed(ctx context.Context, id int64, attempts int, errText string, next time.Time, dead bool, now time.Time) error {
	var deadAt sql.NullTime
	if dead {
		deadAt = sql.NullTime{Time: outboxTime(now), Valid: true}
	}
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE email_outbox SET attempts = ?, last_error = ?, next_attempt_at = ?, dead_at = ?
		WHERE id = ? AND sent_at IS NULL`, attempts, clip(errText, 1000), outboxTime(next), deadAt, id)
	return err
}

// OutboxStats counts the e-mails still to deliver and those given up.
func (db *DB) OutboxStats(ctx context.Context) (pending, dead int, err error) {
	err = db.conn(ctx).QueryRowContext(ctx, `SELECT
		COALESCE(SUM(`+outboxPending+`), 0), COALESCE(SUM(sent_at IS NULL AND dead_at IS NOT NULL), 0)
		FROM email_outbox`).Scan(&pending, &dead)
	return pending, dead, err
}

// DeadEmails lists the e-mails given up, most recent first, with their last error.
func (db *DB) DeadEmails(ctx context.Context, limit int) ([]Email, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT `+emailColumns+` FROM email_outbox
		WHERE sent_at IS NULL AND dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT ?`, limit)
	return scanAll(rows, err, scanEmail)
}

func scanEmail(r rowScanner) (e Email, err error) {
	err = r.Scan(&e.ID, &e.To, &e.Subject, &e.Text, &e.HTML, &e.Attempts, &e.CreatedAt, &e.NextAttemptAt,
		&e.LastError, &e.DeadAt, &e.SentAt)
	return e, err
}

// outboxPlaceholders returns "?, ?, ?" for n values.
func outboxPlaceholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
