package store

import (
	"context"
	"database/sql"
	"time"
)

// User is a person who signs in: staff (admin) or a contact of a client company.
type User struct {
	ID            int64
	Email         string
	Name          string
	Role          string // admin or client
	ClientID      int64  // 0 for admins
	ClientName    string
	PasswordHash  string // empty until the invitation is accepted
	DisabledAt    *time.Time
	TOTPSecret    string
	TOTPEnabledAt *time.Time
	TOTPLastStep  int64
	Language      string
	LastLoginAt   *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// ClientArchived is true when the user's company is archived: it may no longer sign in.
	ClientArchived bool
}

const userColumns = `u.id, u.email, u.name, u.role, COALESCE(u.client_id, 0), COALESCE(c.name, ''),
	COALESCE(u.password_hash, ''), u.disabled_at, COALESCE(u.totp_secret, ''), u.totp_enabled_at, u.totp_last_step,
	u.language, u.last_login_at, u.created_at, u.updated_at, c.archived_at IS NOT NULL`

const userFrom = ` FROM users u LEFT JOIN clients c ON c.id = u.client_id `

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.ClientID, &u.ClientName, &u.PasswordHash, &u.DisabledAt,
		&u.TOTPSecret, &u.TOTPEnabledAt, &u.TOTPLastStep, &u.Language, &u.LastLoginAt, &u.CreatedAt, &u.UpdatedAt, &u.ClientArchived)
	return u, mapErr(err)
}

// InsertUser creates u and returns its id; ErrConflict when the e-mail is taken.
func InsertUser(ctx context.Context, q execer, u User, now time.Time) (int64, error) {
	var hash sql.NullString
	var setAt sql.NullTime
	if u.PasswordHash != "" {
		hash = sql.NullString{String: u.PasswordHash, Valid: true}
		setAt = sql.NullTime{Time: now, Valid: true}
	}
	lang := u.Language
	if lang == "" {
		lang = "fr"
	}
	res, err := q.ExecContext(ctx, `INSERT INTO users (email, name, role, client_id, password_hash, password_set_at, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, u.Role, nullID(u.ClientID), hash, setAt, lang, now, now)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.LastInsertId()
}

// UserByEmail finds a user by e-mail (compared without case by the column's collation).
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(db.sql.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+"WHERE u.email = ?", email))
}

// UserByID finds a user by id.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	return scanUser(db.sql.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+"WHERE u.id = ?", id))
}

// CountAdmins counts admins that can sign in.
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL").Scan(&n)
	return n, err
}
