package store

import (
	"context"
	"time"
)

// CalendarFeed is a user's private calendar feed; its secret is known by its hash only.
type CalendarFeed struct {
	UserID     int64
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// SetCalendarFeed turns a user's feed on, or renews its secret (the previous URL stops working).
func (db *DB) SetCalendarFeed(ctx context.Context, userID int64, hash []byte, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE token_hash = VALUES(token_hash), created_at = VALUES(created_at), last_used_at = NULL`, userID, hash, now)
	return mapErr(err)
}

// DeleteCalendarFeed turns a user's feed off; false when it was not on.
func (db *DB) DeleteCalendarFeed(ctx context.Context, userID int64) (bool, error) {
	res, err := db.conn(ctx).ExecContext(ctx, "DELETE FROM calendar_feeds WHERE user_id = ?", userID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CalendarFeedOf returns a user's feed (ErrNotFound when it is off).
func (db *DB) CalendarFeedOf(ctx context.Context, userID int64) (CalendarFeed, error) {
	var f CalendarFeed
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT user_id, created_at, last_used_at FROM calendar_feeds WHERE user_id = ?", userID).
		Scan(&f.UserID, &f.CreatedAt, &f.LastUsedAt)
	return f, mapErr(err)
}

// CalendarFeedByHash finds the feed of a secret and marks it used.
func (db *DB) CalendarFeedByHash(ctx context.Context, hash []byte, now time.Time) (CalendarFeed, error) {
	var f CalendarFeed
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT user_id, created_at, last_used_at FROM calendar_feeds WHERE token_hash = ?", hash).
		Scan(&f.UserID, &f.CreatedAt, &f.LastUsedAt)
	if err != nil {
		return f, mapErr(err)
	}
	_, err = db.conn(ctx).ExecContext(ctx, "UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?", now, f.UserID)
	return f, err
}

// CalendarItem is one dated thing of a feed: a step or a task with a due date.
type CalendarItem struct {
	Kind        string // milestone or task
	ID          int64
	ProjectID   int64
	ProjectName string
	ClientName  string
	StepTitle   string // the step of a task
	Title       string
	State       string // the step's state or the task's status
	Due         time.Time
	UpdatedAt   time.Time
}

// CalendarFilter bounds a feed: due dates in [From, To), the projects of ClientID (0: every
// client), internal tasks left out for VisibleOnly, at most Limit items of each kind.
type CalendarFilter struct {
	ClientID    int64
	VisibleOnly bool
	From, To    time.Time
	Limit       int
}

// CalendarItems returns the steps and then the tasks due in the filter's window, each in due-date
// order. Both read the due-date index of their table as a range.
func (db *DB) CalendarItems(ctx context.Context, f CalendarFilter) ([]CalendarItem, error) {
	client, visible := "", ""
	if f.ClientID != 0 {
		client = " AND p.client_id = ?"
	}
	if f.VisibleOnly {
		visible = " AND t.visible = 1"
	}
	args := func() []any {
		a := []any{f.From, f.To}
		if f.ClientID != 0 {
			a = append(a, f.ClientID)
		}
		return append(a, f.Limit)
	}
	queries := []string{
		`SELECT 'milestone', ms.id, p.id, p.name, c.name, '', ms.title, ms.state, ms.due_date, ms.updated_at
			FROM milestones ms JOIN projects p ON p.id = ms.project_id JOIN clients c ON c.id = p.client_id
			WHERE ms.due_date >= ? AND ms.due_date < ?` + client + ` ORDER BY ms.due_date, ms.id LIMIT ?`,
		`SELECT 'task', t.id, p.id, p.name, c.name, ms.title, t.title, t.status, t.due_date, t.updated_at
			FROM tasks t JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = p.client_id JOIN milestones ms ON ms.id = t.milestone_id
			WHERE t.due_date >= ? AND t.due_date < ?` + client + visible + ` ORDER BY t.due_date, t.id LIMIT ?`,
	}
	var out []CalendarItem
	for _, query := range queries {
		rows, err := db.conn(ctx).QueryContext(ctx, query, args()...)
		items, err := scanAll(rows, err, func(r rowScanner) (it CalendarItem, err error) {
			err = r.Scan(&it.Kind, &it.ID, &it.ProjectID, &it.ProjectName, &it.ClientName, &it.StepTitle, &it.Title, &it.State, &it.Due, &it.UpdatedAt)
			return it, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}
