package store

import (
	"context"
	"time"
)

// AuthToken is an invitation or password-reset link, stored by the hash of its secret.
type AuthToken struct {
	TokenHash []byte
	UserID    int64
	Purpose   string // invitation or reset
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// InsertAuthToken records a link; earlier unused links of the same purpose stop working, so
// only the newest e-mail is valid.
func (db *DB) InsertAuthToken(ctx context.Context, t AuthToken) error {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "UPDATE auth_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
		t.CreatedAt, t.UserID, t.Purpose); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "INSERT INTO auth_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
		t.TokenHash, t.UserID, t.Purpose, t.CreatedAt, t.ExpiresAt)
	return err
}

// AuthTokenForUpdate reads a link and locks it, so that two uses at once cannot both succeed.
func (db *DB) AuthTokenForUpdate(ctx context.Context, hash []byte) (AuthToken, error) {
	q := db.conn(ctx)
	var t AuthToken
	err := q.QueryRowContext(ctx, "SELECT token_hash, user_id, purpose, created_at, expires_at, used_at FROM auth_tokens WHERE token_hash = ? FOR UPDATE", hash).
		Scan(&t.TokenHash, &t.UserID, &t.Purpose, &t.CreatedAt, &t.ExpiresAt, &t.UsedAt)
	return t, mapErr(err)
}

// AuthTokenByHash reads a link without locking it.
func (db *DB) AuthTokenByHash(ctx context.Context, hash []byte) (AuthToken, error) {
	return db.AuthTokenForUpdate(ctx, hash)
}

// MarkAuthTokenUsed consumes a link.
func (db *DB) MarkAuthTokenUsed(ctx context.Context, hash []byte, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE auth_tokens SET used_at = ? WHERE token_hash = ?", now, hash)
	return err
}

// DeleteStaleAuthTokens removes links used or expired before cutoff.
func (db *DB) DeleteStaleAuthTokens(ctx context.Context, cutoff time.Time) (int64, error) {
	return affected(db.conn(ctx).ExecContext(ctx, "DELETE FROM auth_tokens WHERE used_at < ? OR expires_at < ?", cutoff, cutoff))
}
