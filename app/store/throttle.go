package store

import (
	"context"
	"database/sql"
	"time"
)

// Throttle is the failure count of one account or IP.
type Throttle struct {
	Failures    int
	WindowStart time.Time
	LockedUntil *time.Time
}

// ThrottleState returns the current count of scope/subject (zero when none).
func (db *DB) ThrottleState(ctx context.Context, scope, subject string) (Throttle, error) {
	var t Throttle
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT failures, window_start, locked_until FROM login_throttle WHERE scope = ? AND subject = ?",
		scope, clip(subject, 254)).Scan(&t.Failures, &t.WindowStart, &t.LockedUntil)
	if err == sql.ErrNoRows {
		return Throttle{}, nil
	}
	return t, err
}

// RecordFailure counts one failure in a window starting at the first failure; reaching max
// locks the subject until now+lockout. It returns the new state. One statement, so that
// concurrent failures all count.
func (db *DB) RecordFailure(ctx context.Context, scope, subject string, now time.Time, window time.Duration, max int, lockout time.Duration) (Throttle, error) {
	subject = clip(subject, 254)
	_, err := db.conn(ctx).ExecContext(ctx, `INSERT INTO login_throttle (scope, subject, failures, window_start, locked_until)
		VALUES (?, ?, 1, ?, IF(1 >= ?, ?, NULL))
		ON DUPLICATE KEY UPDATE
			locked_until = IF(window_start <= ?, IF(1 >= ?, VALUES(locked_until), NULL), IF(failures + 1 >= ?, ?, locked_until)),
			failures     = IF(window_start <= ?, 1, failures + 1),
			window_start = IF(window_start <= ?, VALUES(window_start), window_start)`,
		scope, subject, now, max, now.Add(lockout),
		now.Add(-window), max, max, now.Add(lockout),
		now.Add(-window), now.Add(-window))
	if err != nil {
		return Throttle{}, err
	}
	return db.ThrottleState(ctx, scope, subject)
}

// ClearThrottle forgets the failures of scope/subject (after a successful sign-in or reset).
func (db *DB) ClearThrottle(ctx context.Context, scope, subject string) error {
	_, err := db.conn(ctx).ExecContext(ctx, "DELETE FROM login_throttle WHERE scope = ? AND subject = ?", scope, clip(subject, 254))
	return err
}

// DeleteStaleThrottles forgets counts whose window and lock both ended before cutoff.
func (db *DB) DeleteStaleThrottles(ctx context.Context, cutoff time.Time) (int64, error) {
	return affected(db.conn(ctx).ExecContext(ctx, "DELETE FROM login_throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)", cutoff, cutoff))
}
