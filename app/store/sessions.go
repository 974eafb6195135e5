package store

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored.
type Session struct {
	TokenHash  []byte
	UserID     int64
	CSRFToken  string
	MFAPending bool
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// InsertSession records a new session.
func (db *DB) InsertSession(ctx context.Context, s Session) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, mfa_pending, ip, user_agent, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.CSRFToken, s.MFAPending, clip(s.IP, 45), clip(s.UserAgent, 300),
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt)
	return err
}

// SessionWithUser returns a session and its user in one round trip: this runs on every request.
func (db *DB) SessionWithUser(ctx context.Context, tokenHash []byte) (Session, User, error) {
	var s Session
	row := db.conn(ctx).QueryRowContext(ctx, `SELECT s.token_hash, s.user_id, s.csrf_token, s.mfa_pending, s.ip, s.user_agent, s.created_at, s.last_seen_at, s.expires_at, `+
		userColumns+userFrom+` JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?`, tokenHash)
	var u User
	err := row.Scan(&s.TokenHash, &s.UserID, &s.CSRFToken, &s.MFAPending, &s.IP, &s.UserAgent, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt,
		&u.ID, &u.Email, &u.Name, &u.Role, &u.ClientID, &u.ClientName, &u.PasswordHash, &u.DisabledAt,
		&u.TOTPSecret, &u.TOTPEnabledAt, &u.TOTPLastStep, &u.Language, &u.LastLoginAt, &u.CreatedAt, &u.UpdatedAt, &u.ClientArchived)
	return s, u, mapErr(err)
}

// TouchSession records activity; callers skip it when the last touch is recent.
func (db *DB) TouchSession(ctx context.Context, tokenHash []byte, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, tokenHash)
	return err
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	db.authChanged(ctx)
	return err
}

// DeleteUserSessions ends every session of a user, and returns how many there were.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) (int64, error) {
	defer db.authChanged(ctx)
	return affected(db.conn(ctx).ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ?", userID))
}

// DeleteExpiredSessions removes sessions past their absolute or idle limit.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int64, error) {
	defer db.authChanged(ctx)
	return affected(db.conn(ctx).ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?", now, now.Add(-idle)))
}

// CountUserSessions counts a user's open sessions (admins see it on the user's page).
func (db *DB) CountUserSessions(ctx context.Context, userID int64) (int, error) {
	return db.count(ctx, "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND mfa_pending = 0", userID)
}

// DeleteOtherSessions ends every session of a user but the one given (after a password change).
func (db *DB) DeleteOtherSessions(ctx context.Context, userID int64, keep []byte) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, keep)
	db.authChanged(ctx)
	return err
}
