package store

import (
	"context"
	"strconv"
	"strings"
)

// MarkRead moves a user's read marker forward (never back), with the count of the messages it
// has then seen. It takes the project row's lock in share mode first, as a post or a deletion
// takes it (exclusively) first: no count changes between the project's figure and the range
// counted after the marker, and a burst of posts and reads in one conversation takes turns
// instead of deadlocking. Posts and deletions in other projects do not wait.
func (db *DB) MarkRead(ctx context.Context, userID, projectID, messageID int64) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx)
		var nAll, nPublic int64
		var role string
		if err := q.QueryRowContext(ctx, `SELECT p.messages_all, p.messages_public, u.role FROM projects p JOIN users u ON u.id = ?
			WHERE p.id = ? LOCK IN SHARE MODE`, userID, projectID).Scan(&nAll, &nPublic, &role); err != nil {
			return mapErr(err)
		}
		staff := role == "admin"
		seen := nPublic
		visible := " AND NOT internal"
		if staff {
			seen, visible = nAll, ""
		}
		// What is after the new marker is not seen yet: usually nothing (a reader reads to the end).
		// The retours' threads are not counted (see insertMessage).
		var after int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages FORCE INDEX (ix_messages_thread) WHERE project_id = ? AND retour_id IS NULL AND id > ?"+
			" AND author_id <> ? AND deleted_at IS NULL"+visible, projectID, messageID, userID).Scan(&after); err != nil {
			return err
		}
		// The order of the assignments matters: seen is compared with the marker before it moves.
		_, err := q.ExecContext(ctx, `INSERT INTO message_reads (user_id, project_id, last_read, seen) VALUES (?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE seen = IF(VALUES(last_read) > last_read, VALUES(seen), seen),
			last_read = GREATEST(last_read, VALUES(last_read))`, userID, projectID, messageID, max(seen-after, 0))
		return err
	})
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

// UnreadCounts returns, per project, how many messages others wrote after the user's read
// marker that are not deleted, at most UnreadCap per project; internal notes only when
// withInternal is set (a staff reader), in the conversation only (not the retours' threads). The counts are kept on write (the project's figures
// less what the reader had seen, see MarkRead and migration 0018): one primary-key lookup per
// project and per marker, whatever the size of the conversations.
func (db *DB) UnreadCounts(ctx context.Context, userID int64, projectIDs []int64, withInternal bool) (map[int64]int, error) {
	out := map[int64]int{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	count := "p.messages_public"
	if withInternal {
		count = "p.messages_all"
	}
	args := make([]any, 0, 1+len(projectIDs))
	args = append(args, userID)
	for _, id := range projectIDs {
		args = append(args, id)
	}
	// The statement is prepared once per number of projects (the store's cache); a list page
	// asks for at most its page size.
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT p.id, LEAST(CAST("+count+" AS SIGNED) - CAST(COALESCE(r.seen, 0) AS SIGNED), "+
		strconv.Itoa(UnreadCap)+") FROM projects p LEFT JOIN message_reads r ON r.user_id = ? AND r.project_id = p.id WHERE p.id IN (?"+
		strings.Repeat(", ?", len(projectIDs)-1)+")", args...)
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

// MarkRetourRead moves a user's read marker in a retour's thread forward (never back), with the
// count of the thread's messages it has then seen, as MarkRead does for a conversation. The
// retour's row, which every post and deletion in its thread updates under the project's lock, is
// read in share mode: no count changes between its figure and the range counted after the marker.
func (db *DB) MarkRetourRead(ctx context.Context, userID, retourID, messageID int64) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx)
		var projectID, nAll, nPublic int64
		var role string
		if err := q.QueryRowContext(ctx, `SELECT r.project_id, r.messages_all, r.messages_public, u.role FROM retours r JOIN users u ON u.id = ?
			WHERE r.id = ? LOCK IN SHARE MODE`, userID, retourID).Scan(&projectID, &nAll, &nPublic, &role); err != nil {
			return mapErr(err)
		}
		seen, visible := nPublic, " AND NOT internal"
		if role == "admin" {
			seen, visible = nAll, ""
		}
		var after int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages FORCE INDEX (ix_messages_thread) WHERE project_id = ? AND retour_id = ? AND id > ?"+
			" AND author_id <> ? AND deleted_at IS NULL"+visible, projectID, retourID, messageID, userID).Scan(&after); err != nil {
			return err
		}
		// The order of the assignments matters: seen is compared with the marker before it moves.
		_, err := q.ExecContext(ctx, `INSERT INTO retour_reads (user_id, retour_id, last_read, seen) VALUES (?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE seen = IF(VALUES(last_read) > last_read, VALUES(seen), seen),
			last_read = GREATEST(last_read, VALUES(last_read))`, userID, retourID, messageID, max(seen-after, 0))
		return err
	})
}

// RetourLastRead returns a user's read marker in a retour's thread (0: nothing read).
func (db *DB) RetourLastRead(ctx context.Context, userID, retourID int64) (int64, error) {
	var id int64
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT last_read FROM retour_reads WHERE user_id = ? AND retour_id = ?", userID, retourID).Scan(&id)
	if mapErr(err) == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// RetourUnread returns, per retour, how many messages of its thread others wrote that the user
// has not seen (at most UnreadCap); internal notes only when withInternal is set (a staff
// reader). The counts are kept on write (migration 0025): one primary-key lookup per retour and
// per marker.
func (db *DB) RetourUnread(ctx context.Context, userID int64, retourIDs []int64, withInternal bool) (map[int64]int, error) {
	out := map[int64]int{}
	if len(retourIDs) == 0 {
		return out, nil
	}
	count := "r.messages_public"
	if withInternal {
		count = "r.messages_all"
	}
	args := append([]any{userID}, anys(retourIDs)...)
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT r.id, LEAST(CAST("+count+" AS SIGNED) - CAST(COALESCE(rr.seen, 0) AS SIGNED), "+
		strconv.Itoa(UnreadCap)+") FROM retours r LEFT JOIN retour_reads rr ON rr.user_id = ? AND rr.retour_id = r.id WHERE r.id IN ("+
		placeholders(len(retourIDs))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		if n > 0 {
			out[id] = n
		}
	}
	return out, rows.Err()
}
