package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// Notification is one thing to tell one person, in the portal and possibly by e-mail.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	ProjectID int64
	// Params are what the notification says (ids, names, numbers), as a JSON object: the
	// reader's interface writes the sentence in its language.
	Params     json.RawMessage
	CreatedAt  time.Time
	ReadAt     *time.Time
	EmailMode  string // none, immediate, digest
	EmailDueAt *time.Time
	EmailedAt  *time.Time
}

// InsertNotification records a notification in the event's transaction.
func (db *DB) InsertNotification(ctx context.Context, n Notification) (int64, error) {
	q := db.conn(ctx)
	res, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, project_id, params, created_at, email_mode, email_due_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, n.UserID, n.Kind, nullID(n.ProjectID), string(n.Params), n.CreatedAt, n.EmailMode, n.EmailDueAt)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

const notificationColumns = `id, user_id, kind, COALESCE(project_id, 0), params, created_at, read_at, email_mode, email_due_at, emailed_at`

func scanNotification(row interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.ProjectID, &n.Params, &n.CreatedAt, &n.ReadAt, &n.EmailMode, &n.EmailDueAt, &n.EmailedAt)
	return n, mapErr(err)
}

// NotificationsOf lists a user's notifications, newest first, and how many are unread.
func (db *DB) NotificationsOf(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]Notification, int, error) {
	var unread int
	if err := db.conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	where := "user_id = ?"
	if unreadOnly {
		where += " AND read_at IS NULL"
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+notificationColumns+" FROM notifications WHERE "+where+" ORDER BY id DESC LIMIT ?", userID, limit)
	out, err := scanAll(rows, err, scanNotification)
	if err != nil {
		return nil, 0, err
	}
	return out, unread, nil
}

// UnreadNotifications counts a user's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	return db.count(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", userID)
}

// MarkNotificationsRead marks one (id > 0) or all of a user's notifications read; it only
// touches the user's own rows.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID, id int64, now time.Time) (int64, error) {
	q, args := "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", []any{now, userID}
	if id > 0 {
		q, args = q+" AND id = ?", append(args, id)
	}
	return affected(db.conn(ctx).ExecContext(ctx, q, args...))
}

// DueEmailUsers lists the users who are owed e-mail now.
func (db *DB) DueEmailUsers(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT DISTINCT user_id FROM notifications WHERE email_due_at <= ? AND emailed_at IS NULL LIMIT ?", now, limit)
	return scanIDs(rows, err)
}

// ClaimDueNotifications locks a user's notifications whose e-mail is due, for the
// transaction that queues that e-mail and marks them sent: two processes never both take them.
func (db *DB) ClaimDueNotifications(ctx context.Context, userID int64, now time.Time) ([]Notification, error) {
	q := db.conn(ctx)
	rows, err := q.QueryContext(ctx, "SELECT "+notificationColumns+` FROM notifications
		WHERE user_id = ? AND email_due_at <= ? AND emailed_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED`, userID, now)
	return scanAll(rows, err, scanNotification)
}

// MarkNotificationsEmailed records that the e-mail of these notifications is queued.
func (db *DB) MarkNotificationsEmailed(ctx context.Context, ids []int64, now time.Time) error {
	q := db.conn(ctx)
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{now}, anys(ids)...)
	_, err := q.ExecContext(ctx, "UPDATE notifications SET emailed_at = ? WHERE id IN ("+placeholders(len(ids))+")", args...)
	return err
}

// NotificationPrefs returns a user's modes by kind (kinds absent use the default), and the
// digest hour.
func (db *DB) NotificationPrefs(ctx context.Context, userID int64) (map[string]string, int, error) {
	out := map[string]string{}
	var hour int
	if err := db.conn(ctx).QueryRowContext(ctx, "SELECT digest_hour FROM users WHERE id = ?", userID).Scan(&hour); err != nil {
		return nil, 0, mapErr(err)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT kind, mode FROM notification_prefs WHERE user_id = ?", userID)
	err = readRows(rows, err, func(r *sql.Rows) error {
		var k, m string
		err := r.Scan(&k, &m)
		out[k] = m
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, hour, nil
}

// PrefsOf returns the modes and digest hours of several users, in one round trip each.
func (db *DB) PrefsOf(ctx context.Context, userIDs []int64) (map[int64]map[string]string, map[int64]int, error) {
	q := db.conn(ctx)
	modes, hours := map[int64]map[string]string{}, map[int64]int{}
	if len(userIDs) == 0 {
		return modes, hours, nil
	}
	args := make([]any, len(userIDs))
	for i, id := range userIDs {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, "SELECT id, digest_hour FROM users WHERE id IN ("+placeholders(len(args))+")", args...)
	err = readRows(rows, err, func(r *sql.Rows) error {
		var id int64
		var h int
		err := r.Scan(&id, &h)
		hours[id] = h
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	rows, err = q.QueryContext(ctx, "SELECT user_id, kind, mode FROM notification_prefs WHERE user_id IN ("+placeholders(len(args))+")", args...)
	err = readRows(rows, err, func(r *sql.Rows) error {
		var id int64
		var k, m string
		if err := r.Scan(&id, &k, &m); err != nil {
			return err
		}
		if modes[id] == nil {
			modes[id] = map[string]string{}
		}
		modes[id][k] = m
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return modes, hours, nil
}

// SetNotificationPrefs replaces a user's modes and digest hour.
func (db *DB) SetNotificationPrefs(ctx context.Context, userID int64, modes map[string]string, hour int) error {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "UPDATE users SET digest_hour = ? WHERE id = ?", hour, userID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM notification_prefs WHERE user_id = ?", userID); err != nil {
		return err
	}
	for k, m := range modes {
		if _, err := q.ExecContext(ctx, "INSERT INTO notification_prefs (user_id, kind, mode) VALUES (?, ?, ?)", userID, k, m); err != nil {
			return err
		}
	}
	return nil
}
