package store

import (
	"context"
	"strconv"
	"strings"
)

// MarkRead moves a user's read marker forward (never back).
func (db *DB) MarkRead(ctx context.Context, userID, projectID, messageID int64) error {
	_, err := db.conn(ctx).ExecContext(ctx, `INSERT INTO message_reads (user_id, project_id, last_read) VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE last_read = GREATEST(last_read, VALUES(last_read))`, userID, projectID, messageID)
	return err
}

// LastRead returns a user's read marker in a project (0: nothing read).
func (db *DB) LastRead(ctx context.Context, userID, projectID int64) (int64, error) {
	var id int64
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT last_read FROM message_reads WHERE user_id = ? AND project_id = ?", userID, projectID).Scan(&id)
	if mapErr(err) == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// UnreadCap bounds each project's unread count: past it the count is UnreadCap (the dashboard
// shows « 99+ »), so that a conversation nobody opened costs no more than that to count.
const UnreadCap = 100

// UnreadCounts counts, per project, the messages others wrote after the user's read marker and
// not deleted, at most UnreadCap per project. Each project is an index-only range scan of
// ix_messages_thread (the conversation, not retours) from its marker: MariaDB reads the marker's primary-key subquery as a
// constant before it plans the range.
func (db *DB) UnreadCounts(ctx context.Context, userID int64, projectIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	// One counting subquery per project, each an index range from the read marker that stops
	// at the cap; the statement is prepared once per number of projects (the store's cache).
	parts := make([]string, 0, len(projectIDs))
	args := make([]any, 0, 4*len(projectIDs))
	for _, id := range projectIDs {
		parts = append(parts, "SELECT ?, COUNT(*) FROM (SELECT 1 FROM messages FORCE INDEX (ix_messages_thread) WHERE project_id = ? AND retour_id IS NULL"+
			" AND id > COALESCE((SELECT last_read FROM message_reads WHERE user_id = ? AND project_id = ?), 0)"+
			" AND author_id <> ? AND deleted_at IS NULL LIMIT "+strconv.Itoa(UnreadCap)+") u")
		args = append(args, id, id, userID, id, userID)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, strings.Join(parts, "\nUNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p int64
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		if n > 0 {
			out[p] = n
		}
	}
	return out, rows.Err()
}
