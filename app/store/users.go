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
func (db *DB) InsertUser(ctx context.Context, u User, now time.Time) (int64, error) {
	q := db.conn(ctx)
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
	return insertedID(q.ExecContext(ctx, `INSERT INTO users (email, name, role, client_id, password_hash, password_set_at, language, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, u.Role, nullID(u.ClientID), hash, setAt, lang, now, now))
}

// UserByEmail finds a user by e-mail (compared without case by the column's collation).
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(db.conn(ctx).QueryRowContext(ctx, "SELECT "+userColumns+userFrom+"WHERE u.email = ?", email))
}

// UserByID finds a user by id.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	return scanUser(db.conn(ctx).QueryRowContext(ctx, "SELECT "+userColumns+userFrom+"WHERE u.id = ?", id))
}

// CountAdmins counts admins that can sign in.
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	return db.count(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL")
}

// UserFilter narrows a list of users.
type UserFilter struct {
	ClientID int64  // 0: any
	Role     string // "": any
	Search   string
	Limit    int
	Offset   int
}

// ListUsers returns a page of users by name, and the total.
func (db *DB) ListUsers(ctx context.Context, f UserFilter) ([]User, int, error) {
	where, args := "WHERE 1=1", []any{}
	if f.ClientID != 0 {
		where += " AND u.client_id = ?"
		args = append(args, f.ClientID)
	}
	if f.Role != "" {
		where += " AND u.role = ?"
		args = append(args, f.Role)
	}
	if s := f.Search; s != "" {
		where += " AND (u.name LIKE ? OR u.email LIKE ?)"
		p := likePattern(s)
		args = append(args, p, p)
	}
	return countedPage(ctx, db.conn(ctx), "SELECT COUNT(*)"+userFrom+where,
		"SELECT "+userColumns+userFrom+where+" ORDER BY u.name, u.id LIMIT ? OFFSET ?", args, f.Limit, f.Offset, scanUser)
}

// UserForUpdate reads and locks a user inside a transaction.
func (db *DB) UserForUpdate(ctx context.Context, id int64) (User, error) {
	q := db.conn(ctx)
	return scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+"WHERE u.id = ? FOR UPDATE", id))
}

// UpdateUserProfile saves name, e-mail, role, client and language.
func (db *DB) UpdateUserProfile(ctx context.Context, u User, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE users SET name = ?, email = ?, role = ?, client_id = ?, language = ?, updated_at = ? WHERE id = ?",
		u.Name, u.Email, u.Role, nullID(u.ClientID), u.Language, now, u.ID)
	db.authChanged(ctx)
	return mapErr(err)
}

// SetUserPassword stores a new hash.
func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE users SET password_hash = ?, password_set_at = ?, updated_at = ? WHERE id = ?", hash, now, now, id)
	db.authChanged(ctx)
	return err
}

// SetUserDisabled disables (at != nil) or enables a user.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, at *time.Time, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", at, now, id)
	db.authChanged(ctx)
	return err
}

// SetUserLastLogin records a successful sign-in.
func (db *DB) SetUserLastLogin(ctx context.Context, id int64, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE users SET last_login_at = ? WHERE id = ?", now, id)
	return err
}

// SetUserTOTP stores a TOTP secret (enabled when enabledAt is set); an empty secret turns it off.
func (db *DB) SetUserTOTP(ctx context.Context, id int64, secret string, enabledAt *time.Time, now time.Time) error {
	q := db.conn(ctx)
	var s any
	if secret != "" {
		s = secret
	}
	_, err := q.ExecContext(ctx, "UPDATE users SET totp_secret = ?, totp_enabled_at = ?, totp_last_step = 0, updated_at = ? WHERE id = ?", s, enabledAt, now, id)
	db.authChanged(ctx)
	return err
}

// AdvanceTOTPStep records the time step of an accepted code; it fails (false) when that step or
// a later one was already used, which stops replays even by two requests at once.
func (db *DB) AdvanceTOTPStep(ctx context.Context, id, step int64) (bool, error) {
	n, err := affected(db.conn(ctx).ExecContext(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", step, id, step))
	return n == 1, err
}

// ReplaceRecoveryCodes stores the hashes of a new set of recovery codes.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, userID int64, hashes [][]byte) error {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := q.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode consumes an unused code; false when none matches.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, hash []byte, now time.Time) (bool, error) {
	n, err := affected(db.conn(ctx).ExecContext(ctx, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", now, userID, hash))
	return n == 1, err
}

// CountRecoveryCodes counts the unused recovery codes of a user.
func (db *DB) CountRecoveryCodes(ctx context.Context, userID int64) (int, error) {
	return db.count(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID)
}

// HasPendingInvitation reports whether a user has an unused, unexpired invitation.
func (db *DB) HasPendingInvitation(ctx context.Context, userID int64, now time.Time) (bool, error) {
	n, err := db.count(ctx, "SELECT COUNT(*) FROM auth_tokens WHERE user_id = ? AND purpose = 'invitation' AND used_at IS NULL AND expires_at > ?", userID, now)
	return n > 0, err
}
