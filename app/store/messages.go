package store

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"time"
)

// Message is one message of a project's conversation, with its author. Internal marks a staff
// note, never shown to a client (migration 0017): set when it is written and never changed, so
// that no edit can publish a note.
type Message struct {
	ID        int64
	ProjectID int64
	// RetourID is the retour whose thread holds the message; 0 for the project's conversation.
	RetourID    int64
	AuthorID    int64
	AuthorName  string
	AuthorRole  string
	Body        string
	CreatedAt   time.Time
	EditedAt    *time.Time
	DeletedAt   *time.Time
	Internal    bool
	Attachments []Attachment
}

const messageColumns = `m.id, m.project_id, COALESCE(m.retour_id, 0), m.author_id, u.name, u.role, m.body, m.created_at, m.edited_at, m.deleted_at, m.internal`

func scanMessage(row interface{ Scan(...any) error }, extra ...any) (Message, error) {
	var m Message
	err := row.Scan(append([]any{&m.ID, &m.ProjectID, &m.RetourID, &m.AuthorID, &m.AuthorName, &m.AuthorRole, &m.Body, &m.CreatedAt, &m.EditedAt, &m.DeletedAt, &m.Internal}, extra...)...)
	return m, mapErr(err)
}

// LockConversation locks a project's row until the transaction ends and returns the oldest
// client message of its conversation its staff has not answered (0: none). The posts of one
// project (its conversation and its retours' threads) thus take turns: a poster that reads its
// clock after this call gives its message a time that follows the order of the ids, and the
// answer below touches committed rows only.
func (db *DB) LockConversation(ctx context.Context, projectID int64) (unansweredFrom int64, err error) {
	var from sql.NullInt64
	err = db.conn(ctx).QueryRowContext(ctx, "SELECT unanswered_from FROM projects WHERE id = ? FOR UPDATE", projectID).Scan(&from)
	return from.Int64, mapErr(err)
}

// InsertMessage adds a message; a staff message answers the client messages before it in the
// same thread (the project's conversation, or one retour's: m.RetourID), an internal note
// answers nothing (the client never read it). It runs in the caller's transaction (or its own),
// after LockConversation when the caller reads its clock.
//
// It writes its own row and its project's row, never a range other posts insert into: the
// staff's answer updates the conversation's client messages from unanswered_from on through
// ix_messages_project (a retour's, its few messages through ix_messages_thread), which the
// project's lock keeps free of uncommitted rows.
func (db *DB) InsertMessage(ctx context.Context, m Message) (id int64, err error) {
	err = db.Tx(ctx, func(ctx context.Context) error {
		id, err = db.insertMessage(ctx, m)
		return err
	})
	return id, err
}

func (db *DB) insertMessage(ctx context.Context, m Message) (int64, error) {
	q := db.conn(ctx)
	from, err := db.LockConversation(ctx, m.ProjectID)
	if err != nil {
		return 0, err
	}
	var role string
	if err := q.QueryRowContext(ctx, "SELECT role FROM users WHERE id = ?", m.AuthorID).Scan(&role); err != nil {
		return 0, mapErr(err)
	}
	// A retour's thread is not the project's conversation: it stays out of the project's unread
	// counters (migration 0018), as it stays out of its list, and has its own (0027).
	count := "messages_all = messages_all + 1, messages_public = messages_public + 1"
	if m.Internal {
		count = "messages_all = messages_all + 1"
	}
	counted := "UPDATE projects SET " + count + " WHERE id = ?"
	if m.RetourID != 0 {
		counted = "UPDATE retours SET " + count + " WHERE id = ? AND project_id = ?"
	}
	if _, err := q.ExecContext(ctx, counted, threadArgs(m.ProjectID, m.RetourID)...); err != nil {
		return 0, err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO messages (project_id, retour_id, author_id, author_role, body, created_at, internal) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.ProjectID, nullID(m.RetourID), m.AuthorID, role, m.Body, m.CreatedAt, m.Internal)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	switch {
	case m.RetourID != 0 && role == "admin" && !m.Internal:
		_, err = q.ExecContext(ctx, `UPDATE messages FORCE INDEX (ix_messages_thread) SET answered_at = ?
			WHERE project_id = ? AND retour_id = ? AND id < ? AND author_role = 'client' AND answered_at IS NULL`,
			m.CreatedAt, m.ProjectID, m.RetourID, id)
	case m.RetourID != 0:
	case role == "client" && from == 0:
		_, err = q.ExecContext(ctx, "UPDATE projects SET unanswered_from = ? WHERE id = ?", id, m.ProjectID)
	case role == "admin" && from != 0 && !m.Internal:
		_, err = q.ExecContext(ctx, `UPDATE messages FORCE INDEX (ix_messages_project) SET answered_at = ?
			WHERE project_id = ? AND id >= ? AND id < ? AND author_role = 'client' AND answered_at IS NULL AND retour_id IS NULL`,
			m.CreatedAt, m.ProjectID, from, id)
		if err == nil {
			_, err = q.ExecContext(ctx, "UPDATE projects SET unanswered_from = NULL WHERE id = ?", m.ProjectID)
		}
	}
	if err != nil {
		return id, err
	}
	if err := db.indexWords(ctx, "m.id = ?", id); err != nil {
		return id, err
	}
	// The author has seen its own message, wherever its marker is (a post from another device
	// moves no marker): the unread counters kept on write (migrations 0018, 0027) count it as seen.
	marker := "INSERT INTO message_reads (user_id, project_id, last_read, seen) VALUES (?, ?, 0, 1) ON DUPLICATE KEY UPDATE seen = seen + 1"
	if m.RetourID != 0 {
		marker = "INSERT INTO retour_reads (user_id, retour_id, last_read, seen) VALUES (?, ?, 0, 1) ON DUPLICATE KEY UPDATE seen = seen + 1"
	}
	_, err = q.ExecContext(ctx, marker, m.AuthorID, threadArgs(m.ProjectID, m.RetourID)[0])
	return id, err
}

// threadArgs are the ids that name a thread's counters: the retour's (and its project, as a
// check), or the project's for its conversation.
func threadArgs(projectID, retourID int64) []any {
	if retourID != 0 {
		return []any{retourID, projectID}
	}
	return []any{projectID}
}

// BackfillAnswers completes, after a bulk load of messages, what InsertMessage keeps on write:
// answered_at on every client message from the conversations, and the search words of every
// message (about 25 s per 500 000 messages).
func (db *DB) BackfillAnswers(ctx context.Context) error {
	if err := db.BackfillAnswersOf(ctx, 0, math.MaxInt64); err != nil {
		return err
	}
	return db.IndexAllWords(ctx)
}

// IndexAllWords fills the search words of every message, in one statement and in the index's
// key order, so that its pages fill up. It sorts every word of every message at once: past a
// few million messages that outlasts the driver's read timeout (DefaultReadTimeout), and a
// large load calls IndexWordsBetween by periods instead.
func (db *DB) IndexAllWords(ctx context.Context) error {
	return db.indexWords(ctx, "TRUE ORDER BY 1, 2, 3")
}

// IndexWordsBetween fills the search words of the messages written from from (included) to to
// (excluded). A large load calls it over successive periods: the index is ordered by word, then
// date, so each period's entries go after the previous period's in every word's range, and the
// inserts append at a few places (one per word) instead of splitting pages all over an index
// larger than the buffer pool, as ranges of projects did.
func (db *DB) IndexWordsBetween(ctx context.Context, from, to time.Time) error {
	return db.indexWords(ctx, "m.created_at >= ? AND m.created_at < ? ORDER BY 1, 2, 3", from, to)
}

// BackfillAnswersOf sets answered_at and the projects' first unanswered message (not the
// words) for the projects whose ids run from first to last: a large load completes its
// projects by ranges, each statement a transaction of its own with a bounded undo log.
func (db *DB) BackfillAnswersOf(ctx context.Context, first, last int64) error {
	q := db.conn(ctx)
	// A client message is answered at the earliest public staff message after it in its thread:
	// one pass over each thread in id order (a window), not every pair of its messages (a
	// self-join, five times slower on the scale dataset).
	_, err := q.ExecContext(ctx, `UPDATE messages m JOIN (
			SELECT id, author_role, MIN(IF(author_role = 'admin' AND NOT internal, created_at, NULL))
				OVER (PARTITION BY project_id, retour_id ORDER BY id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS answered
			FROM messages WHERE project_id BETWEEN ? AND ?) x ON x.id = m.id
		SET m.answered_at = x.answered WHERE x.author_role = 'client' AND x.answered IS NOT NULL`, first, last)
	if err == nil {
		_, err = q.ExecContext(ctx, `UPDATE projects p LEFT JOIN (
				SELECT project_id, MIN(id) AS first_id FROM messages
				WHERE author_role = 'client' AND answered_at IS NULL AND retour_id IS NULL AND project_id BETWEEN ? AND ? GROUP BY project_id
			) x ON x.project_id = p.id
			SET p.unanswered_from = x.first_id WHERE p.id BETWEEN ? AND ?`, first, last, first, last)
	}
	return err
}

// MessageForUpdate locks and reads a message.
func (db *DB) MessageForUpdate(ctx context.Context, id int64) (Message, error) {
	// The conversation first, then the message, the order of a post (whose staff answer
	// updates earlier messages): an edit or a deletion and a post cannot wait on each other.
	if err := db.lockAfterProject(ctx, "messages", id); err != nil {
		return Message{}, err
	}
	return scanMessage(db.conn(ctx).QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
}

// lockAfterProject locks a row of a project's table (messages, retours) after the project's own
// row, the order in which a post takes them.
func (db *DB) lockAfterProject(ctx context.Context, table string, id int64) error {
	q := db.conn(ctx)
	var projectID int64
	if err := q.QueryRowContext(ctx, "SELECT project_id FROM "+table+" WHERE id = ?", id).Scan(&projectID); err != nil {
		return mapErr(err)
	}
	if _, err := db.LockConversation(ctx, projectID); err != nil {
		return err
	}
	var locked int64
	return mapErr(q.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE id = ? FOR UPDATE", id).Scan(&locked))
}

// MessageByID reads a message.
func (db *DB) MessageByID(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(db.conn(ctx).QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
	if err != nil {
		return m, err
	}
	err = db.attach(ctx, []*Message{&m})
	return m, err
}

// EditMessage replaces a message's text (and its search words); DeleteMessage blanks it and
// keeps the trace. Both belong in the caller's transaction (db.Tx).
func (db *DB) EditMessage(ctx context.Context, id int64, body string, now time.Time) error {
	q := db.conn(ctx)
	if err := db.unindexWords(ctx, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, "UPDATE messages SET body = ?, edited_at = ? WHERE id = ?", body, now, id); err != nil {
		return err
	}
	return db.indexWords(ctx, "m.id = ?", id)
}

// DeleteMessage marks a message deleted and removes its text and its search words.
func (db *DB) DeleteMessage(ctx context.Context, id int64, now time.Time) error {
	q := db.conn(ctx)
	if err := db.unindexWords(ctx, id); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, "UPDATE messages SET body = '', deleted_at = ? WHERE id = ? AND deleted_at IS NULL", now, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	// The unread counts (migrations 0018, 0027): the thread (the project's conversation, or a
	// retour's) holds one message less, and the readers who had seen it have seen one less;
	// those who had not see one unread less. The caller holds the project's row
	// (MessageForUpdate). Of each pair of statements, the one of the other kind of thread
	// matches no row.
	for _, st := range []string{
		`UPDATE projects p JOIN messages m ON m.id = ? AND m.project_id = p.id AND m.retour_id IS NULL
		SET p.messages_all = p.messages_all - 1, p.messages_public = p.messages_public - (NOT m.internal)`,
		`UPDATE message_reads r JOIN messages m ON m.id = ? AND m.project_id = r.project_id AND m.retour_id IS NULL
			JOIN users u ON u.id = r.user_id
			SET r.seen = r.seen - 1
			WHERE (r.last_read >= m.id OR r.user_id = m.author_id) AND r.seen > 0 AND (u.role = 'admin' OR NOT m.internal)`,
		`UPDATE retours t JOIN messages m ON m.id = ? AND m.retour_id = t.id
		SET t.messages_all = t.messages_all - 1, t.messages_public = t.messages_public - (NOT m.internal)`,
		`UPDATE retour_reads r JOIN messages m ON m.id = ? AND m.retour_id = r.retour_id
			JOIN users u ON u.id = r.user_id
			SET r.seen = r.seen - 1
			WHERE (r.last_read >= m.id OR r.user_id = m.author_id) AND r.seen > 0 AND (u.role = 'admin' OR NOT m.internal)`,
	} {
		if _, err := q.ExecContext(ctx, st, id); err != nil {
			return err
		}
	}
	return nil
}

// ProjectMessages returns a page of a thread in order: the project's conversation (retourID 0)
// or one retour's, before (exclusive) a message id when before > 0, the newest `limit` messages
// otherwise. Internal notes are read only when withInternal is set (staff readers).
func (db *DB) ProjectMessages(ctx context.Context, projectID, retourID, before int64, limit int, withInternal bool) ([]Message, error) {
	where, args := "m.project_id = ? AND m.retour_id <=> ?", []any{projectID, nullID(retourID)}
	if !withInternal {
		where += " AND NOT m.internal"
	}
	if before > 0 {
		where, args = where+" AND m.id < ?", append(args, before)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+messageColumns+" FROM messages m FORCE INDEX (ix_messages_thread) JOIN users u ON u.id = m.author_id WHERE "+where+
		" ORDER BY m.id DESC LIMIT ?", append(args, limit)...)
	out, err := scanAll(rows, err, func(r rowScanner) (Message, error) { return scanMessage(r) })
	if err != nil {
		return nil, err
	}
	slices.Reverse(out) // oldest first, as a conversation reads
	ptrs := make([]*Message, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, db.attach(ctx, ptrs)
}

// ProjectAudience returns the people of a project: its client's active users, and the staff
// (its manager, or every active admin when it has none). Read from ix_users_client as
// ProjectViewers is: for a project without a manager, the OR of roles read every user.
func (db *DB) ProjectAudience(ctx context.Context, projectID int64) (clientUsers, staff []int64, err error) {
	q := db.conn(ctx)
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.role FROM projects p JOIN users u ON u.client_id = p.client_id OR u.client_id IS NULL
		WHERE p.id = ? AND u.disabled_at IS NULL AND (
			(u.role = 'client' AND u.client_id = p.client_id) OR
			(u.role = 'admin' AND (u.id = p.manager_id OR p.manager_id IS NULL)))`, projectID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			return nil, nil, err
		}
		if role == "client" {
			clientUsers = append(clientUsers, id)
		} else {
			staff = append(staff, id)
		}
	}
	return clientUsers, staff, rows.Err()
}

// ProjectViewers lists everyone who may see a project: its client's active users and every
// active admin. Admins are the users without a client (ck_users_role_client), so the join on
// "the project's client or none" reads both halves from ix_users_client in one pass
// (ref_or_null); the OR of roles alone read every user (15 013 at 10×).
func (db *DB) ProjectViewers(ctx context.Context, projectID int64) ([]int64, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT u.id FROM projects p JOIN users u ON u.client_id = p.client_id OR u.client_id IS NULL
		WHERE p.id = ? AND u.disabled_at IS NULL AND ((u.role = 'client' AND u.client_id = p.client_id) OR u.role = 'admin')`, projectID)
	return scanIDs(rows, err)
}
