package store

import (
	"context"
	"strconv"
)

// readMarkers are where a kind of thread keeps its read markers and its counts (migrations 0018
// and 0027): the project's conversation, or a retour's thread. Each reader's marker keeps how
// many of the thread's messages it had seen, counted with its own visibility; its unread count
// is the thread's count less that.
type readMarkers struct {
	table   string // the markers, one row per reader and thread
	thread  string // the thread's column in table
	counts  string // the table whose rows keep the threads' counts (messages_all, messages_public)
	project string // the project's id in a row of counts
}

var (
	conversationMarkers = readMarkers{table: "message_reads", thread: "project_id", counts: "projects", project: "t.id"}
	retourMarkers       = readMarkers{table: "retour_reads", thread: "retour_id", counts: "retours", project: "t.project_id"}
)

// MarkRead moves a user's read marker forward (never back), with the count of the messages it
// has then seen. It takes the project row's lock in share mode first, as a post or a deletion
// takes it (exclusively) first: no count changes between the project's figure and the range
// counted after the marker, and a burst of posts and reads in one conversation takes turns
// instead of deadlocking. Posts and deletions in other projects do not wait.
func (db *DB) MarkRead(ctx context.Context, userID, projectID, messageID int64) error {
	return db.markRead(ctx, conversationMarkers, userID, projectID, messageID)
}

// MarkRetourRead moves a user's read marker in a retour's thread, as MarkRead does in a
// conversation: the retour's row, which every post and deletion in its thread updates under the
// project's lock, is read in share mode.
func (db *DB) MarkRetourRead(ctx context.Context, userID, retourID, messageID int64) error {
	return db.markRead(ctx, retourMarkers, userID, retourID, messageID)
}

func (db *DB) markRead(ctx context.Context, m readMarkers, userID, threadID, messageID int64) error {
	return db.Tx(ctx, func(ctx context.Context) error {
		q := db.conn(ctx)
		var projectID, nAll, nPublic int64
		var role string
		if err := q.QueryRowContext(ctx, "SELECT "+m.project+", t.messages_all, t.messages_public, u.role FROM "+m.counts+" t JOIN users u ON u.id = ?"+
			" WHERE t.id = ? LOCK IN SHARE MODE", userID, threadID).Scan(&projectID, &nAll, &nPublic, &role); err != nil {
			return mapErr(err)
		}
		seen, visible := nPublic, " AND NOT internal"
		if role == "admin" {
			seen, visible = nAll, ""
		}
		// What is after the new marker is not seen yet: usually nothing (a reader reads to the end).
		// A conversation leaves out the retours' threads (see insertMessage).
		var retourID any
		if m == retourMarkers {
			retourID = threadID
		}
		var after int64
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM messages FORCE INDEX (ix_messages_thread) WHERE project_id = ? AND retour_id <=> ? AND id > ?"+
			" AND author_id <> ? AND deleted_at IS NULL"+visible, projectID, retourID, messageID, userID).Scan(&after); err != nil {
			return err
		}
		// The order of the assignments matters: seen is compared with the marker before it moves.
		_, err := q.ExecContext(ctx, "INSERT INTO "+m.table+" (user_id, "+m.thread+`, last_read, seen) VALUES (?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE seen = IF(VALUES(last_read) > last_read, VALUES(seen), seen),
			last_read = GREATEST(last_read, VALUES(last_read))`, userID, threadID, messageID, max(seen-after, 0))
		return err
	})
}

// LastRead returns a user's read marker in a project's conversation (0: nothing read).
func (db *DB) LastRead(ctx context.Context, userID, projectID int64) (int64, error) {
	return db.lastRead(ctx, conversationMarkers, userID, projectID)
}

// RetourLastRead returns a user's read marker in a retour's thread (0: nothing read).
func (db *DB) RetourLastRead(ctx context.Context, userID, retourID int64) (int64, error) {
	return db.lastRead(ctx, retourMarkers, userID, retourID)
}

func (db *DB) lastRead(ctx context.Context, m readMarkers, userID, threadID int64) (int64, error) {
	var id int64
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT last_read FROM "+m.table+" WHERE user_id = ? AND "+m.thread+" = ?", userID, threadID).Scan(&id)
	if mapErr(err) == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// UnreadCap bounds each thread's unread count: past it the count is UnreadCap (the dashboard
// shows « 99+ »), so that a conversation nobody opened costs no more than that to count.
const UnreadCap = 100

// UnreadCounts returns, per project, how many messages others wrote after the user's read
// marker that are not deleted, at most UnreadCap per project; internal notes only when
// withInternal is set (a staff reader), in the conversation only (not the retours' threads). The
// counts are kept on write (the project's figures less what the reader had seen, see MarkRead
// and migration 0018): one primary-key lookup per project and per marker, whatever the size of
// the conversations.
func (db *DB) UnreadCounts(ctx context.Context, userID int64, projectIDs []int64, withInternal bool) (map[int64]int, error) {
	return db.unread(ctx, conversationMarkers, userID, projectIDs, withInternal)
}

// RetourUnread returns, per retour, how many messages of its thread others wrote that the user
// has not seen, as UnreadCounts does per conversation (migration 0027).
func (db *DB) RetourUnread(ctx context.Context, userID int64, retourIDs []int64, withInternal bool) (map[int64]int, error) {
	return db.unread(ctx, retourMarkers, userID, retourIDs, withInternal)
}

func (db *DB) unread(ctx context.Context, m readMarkers, userID int64, threadIDs []int64, withInternal bool) (map[int64]int, error) {
	out := map[int64]int{}
	if len(threadIDs) == 0 {
		return out, nil
	}
	count := "t.messages_public"
	if withInternal {
		count = "t.messages_all"
	}
	// The statement is prepared once per number of threads (the store's cache); a list page
	// asks for at most its page size.
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT t.id, LEAST(CAST("+count+" AS SIGNED) - CAST(COALESCE(r.seen, 0) AS SIGNED), "+
		strconv.Itoa(UnreadCap)+") FROM "+m.counts+" t LEFT JOIN "+m.table+" r ON r.user_id = ? AND r."+m.thread+" = t.id WHERE t.id IN ("+
		placeholders(len(threadIDs))+")", append([]any{userID}, anys(threadIDs)...)...)
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
