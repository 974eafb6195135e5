package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/go-sql-driver/mysql"
)

// IdempotencyClaim is the key of a retriable write, carried by the request's context: the
// first transaction of the request inserts it before anything else (Tx), so that the key is
// committed with the write or not at all, and a duplicate running at the same time waits on
// the row until the first commits (then fails with ErrIdempotencyKeyTaken) or rolls back
// (then goes on as the first).
type IdempotencyClaim struct {
	UserID      int64
	Key         string
	Fingerprint string
	At          time.Time
	// committed is set once a transaction of the request committed the key.
	committed bool
}

// Committed tells whether the key was committed with a write of this request.
func (c *IdempotencyClaim) Committed() bool { return c.committed }

// ErrIdempotencyKeyTaken: another request with the same key committed first.
var ErrIdempotencyKeyTaken = errors.New("idempotency key taken by another request")

type claimKey struct{}

// WithIdempotencyClaim makes the transactions of ctx record the claim.
func WithIdempotencyClaim(ctx context.Context, c *IdempotencyClaim) context.Context {
	return context.WithValue(ctx, claimKey{}, c)
}

func claimOf(ctx context.Context) *IdempotencyClaim {
	c, _ := ctx.Value(claimKey{}).(*IdempotencyClaim)
	return c
}

// insertClaim runs first in a request's transaction while its key is not committed yet.
func insertClaim(ctx context.Context, q querier, c *IdempotencyClaim) error {
	_, err := q.ExecContext(ctx, "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, created_at) VALUES (?, ?, ?, ?)",
		c.UserID, c.Key, c.Fingerprint, c.At)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1062 {
		return ErrIdempotencyKeyTaken
	}
	return err
}

// IdempotencyRecord is what a key holds: Status 0 while no response is recorded.
type IdempotencyRecord struct {
	Fingerprint string
	CreatedAt   time.Time
	Status      int
	ContentType string
	Response    []byte
}

// IdempotencyKey reads a user's key (ErrNotFound when it is not committed).
func (db *DB) IdempotencyKey(ctx context.Context, userID int64, key string) (IdempotencyRecord, error) {
	var r IdempotencyRecord
	var status sql.NullInt64
	var ct sql.NullString
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT fingerprint, created_at, status, content_type, response FROM idempotency_keys WHERE user_id = ? AND idem_key = ?",
		userID, key).Scan(&r.Fingerprint, &r.CreatedAt, &status, &ct, &r.Response)
	r.Status, r.ContentType = int(status.Int64), ct.String
	return r, mapErr(err)
}

// RecordIdempotentResponse keeps the answer of the write a key committed, for its retries.
func (db *DB) RecordIdempotentResponse(ctx context.Context, userID int64, key string, status int, contentType string, body []byte) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE idempotency_keys SET status = ?, content_type = ?, response = ? WHERE user_id = ? AND idem_key = ?",
		status, contentType, body, userID, key)
	return err
}

// DeleteIdempotencyKeysBefore purges the keys created before t.
func (db *DB) DeleteIdempotencyKeysBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := db.conn(ctx).ExecContext(ctx, "DELETE FROM idempotency_keys WHERE created_at < ?", t)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
