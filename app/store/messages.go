package store

import (
	"context"
	"strings"
	"time"
)

// Message is one message of a project's conversation, with its author.
type Message struct {
	ID          int64
	ProjectID   int64
	AuthorID    int64
	AuthorName  string
	AuthorRole  string
	Body        string
	CreatedAt   time.Time
	EditedAt    *time.Time
	DeletedAt   *time.Time
	Attachments []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	ID          int64
	MessageID   int64
	ProjectID   int64
	UploadedBy  int64
	FileKey     string
	FileName    string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
}

const messageColumns = `m.id, m.project_id, m.author_id, u.name, u.role, m.body, m.created_at, m.edited_at, m.deleted_at`

func scanMessage(row interface{ Scan(...any) error }, extra ...any) (Message, error) {
	var m Message
	err := row.Scan(append([]any{&m.ID, &m.ProjectID, &m.AuthorID, &m.AuthorName, &m.AuthorRole, &m.Body, &m.CreatedAt, &m.EditedAt, &m.DeletedAt}, extra...)...)
	return m, mapErr(err)
}

// InsertMessage adds a message; a staff message answers the client messages before it.
func InsertMessage(ctx context.Context, q execer, m Message) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO messages (project_id, author_id, author_role, body, created_at)
		SELECT ?, ?, role, ?, ? FROM users WHERE id = ?`, m.ProjectID, m.AuthorID, m.Body, m.CreatedAt, m.AuthorID)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	_, err = q.ExecContext(ctx, `UPDATE messages m JOIN users u ON u.id = ? SET m.answered_at = ?
		WHERE u.role = 'admin' AND m.project_id = ? AND m.author_role = 'client' AND m.answered_at IS NULL AND m.id < ?`,
		m.AuthorID, m.CreatedAt, m.ProjectID, id)
	return id, err
}

// BackfillAnswers sets answered_at on every client message from the conversations (after a
// bulk load).
func BackfillAnswers(ctx context.Context, q execer) error {
	_, err := q.ExecContext(ctx, `UPDATE messages m JOIN (
			SELECT c.id, MIN(s.created_at) AS answered
			FROM messages c JOIN messages s ON s.project_id = c.project_id AND s.id > c.id AND s.author_role = 'admin'
			WHERE c.author_role = 'client' GROUP BY c.id) x ON x.id = m.id
		SET m.answered_at = x.answered`)
	return err
}

// MessageForUpdate locks and reads a message.
func MessageForUpdate(ctx context.Context, q execer, id int64) (Message, error) {
	var locked int64
	if err := q.QueryRowContext(ctx, "SELECT id FROM messages WHERE id = ? FOR UPDATE", id).Scan(&locked); err != nil {
		return Message{}, mapErr(err)
	}
	return scanMessage(q.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
}

// MessageByID reads a message.
func (db *DB) MessageByID(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(db.sql.QueryRowContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ?", id))
	if err != nil {
		return m, err
	}
	err = db.attach(ctx, []*Message{&m})
	return m, err
}

// EditMessage replaces a message's text; DeleteMessage blanks it and keeps the trace.
func EditMessage(ctx context.Context, q execer, id int64, body string, now time.Time) error {
	_, err := q.ExecContext(ctx, "UPDATE messages SET body = ?, edited_at = ? WHERE id = ?", body, now, id)
	return err
}

// DeleteMessage marks a message deleted and removes its text.
func DeleteMessage(ctx context.Context, q execer, id int64, now time.Time) error {
	_, err := q.ExecContext(ctx, "UPDATE messages SET body = '', deleted_at = ? WHERE id = ?", now, id)
	return err
}

// ProjectMessages returns a page of a conversation in order, before (exclusive) a message id
// when before > 0: the newest `limit` messages otherwise.
func (db *DB) ProjectMessages(ctx context.Context, projectID, before int64, limit int) ([]Message, error) {
	where, args := "m.project_id = ?", []any{projectID}
	if before > 0 {
		where, args = where+" AND m.id < ?", append(args, before)
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT "+messageColumns+" FROM messages m JOIN users u ON u.id = m.author_id WHERE "+where+
		" ORDER BY m.id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Oldest first, as a conversation reads.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	ptrs := make([]*Message, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, db.attach(ctx, ptrs)
}

// attach loads the attachments of messages in one query.
func (db *DB) attach(ctx context.Context, ms []*Message) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*Message{}
	ids := make([]any, 0, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, COALESCE(message_id, 0), project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at
		FROM message_attachments WHERE message_id IN (`+placeholders(len(ids))+`) ORDER BY id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return err
		}
		if m := byID[a.MessageID]; m != nil {
			m.Attachments = append(m.Attachments, a)
		}
	}
	return rows.Err()
}

func scanAttachment(row interface{ Scan(...any) error }) (Attachment, error) {
	var a Attachment
	err := row.Scan(&a.ID, &a.MessageID, &a.ProjectID, &a.UploadedBy, &a.FileKey, &a.FileName, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt)
	return a, mapErr(err)
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// InsertAttachment records an uploaded file not yet sent with a message.
func InsertAttachment(ctx context.Context, q execer, a Attachment) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO message_attachments (project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ProjectID, a.UploadedBy, a.FileKey, a.FileName, a.ContentType, a.Size, a.SHA256, a.CreatedAt)
	if err != nil {
		return 0, mapErr(err)
	}
	return res.LastInsertId()
}

// ClaimAttachments ties the uploader's pending attachments of a project to a message; it
// returns how many it tied.
func ClaimAttachments(ctx context.Context, q execer, ids []int64, messageID, projectID, uploader int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := []any{messageID, projectID, uploader}
	for _, id := range ids {
		args = append(args, id)
	}
	res, err := q.ExecContext(ctx, `UPDATE message_attachments SET message_id = ? WHERE message_id IS NULL AND project_id = ? AND uploaded_by = ?
		AND id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// AttachmentByID reads an attachment.
func (db *DB) AttachmentByID(ctx context.Context, id int64) (Attachment, error) {
	return scanAttachment(db.sql.QueryRowContext(ctx, `SELECT id, COALESCE(message_id, 0), project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at
		FROM message_attachments WHERE id = ?`, id))
}

// MarkRead moves a user's read marker forward (never back).
func (db *DB) MarkRead(ctx context.Context, userID, projectID, messageID int64) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO message_reads (user_id, project_id, last_read) VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE last_read = GREATEST(last_read, VALUES(last_read))`, userID, projectID, messageID)
	return err
}

// LastRead returns a user's read marker in a project (0: nothing read).
func (db *DB) LastRead(ctx context.Context, userID, projectID int64) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, "SELECT last_read FROM message_reads WHERE user_id = ? AND project_id = ?", userID, projectID).Scan(&id)
	if mapErr(err) == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// UnreadCounts counts, per project, the messages others wrote after the user's read marker.
func (db *DB) UnreadCounts(ctx context.Context, userID int64, projectIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(projectIDs) == 0 {
		return out, nil
	}
	args := []any{userID, userID}
	for _, id := range projectIDs {
		args = append(args, id)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT m.project_id, COUNT(*) FROM messages m
		LEFT JOIN message_reads r ON r.user_id = ? AND r.project_id = m.project_id
		WHERE m.author_id <> ? AND m.deleted_at IS NULL AND m.id > COALESCE(r.last_read, 0) AND m.project_id IN (`+placeholders(len(projectIDs))+`)
		GROUP BY m.project_id`, args...)
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
		out[p] = n
	}
	return out, rows.Err()
}

// MessageFilter narrows the history of exchanges.
type MessageFilter struct {
	ClientID  int64
	ProjectID int64
	AuthorID  int64
	From, To  *time.Time
	Search    string // full-text, natural words
	Limit     int
	Offset    int
}

// MaxCounted caps the totals of search results.
const MaxCounted = 10000

// MessageWithContext is a message with its project and client.
type MessageWithContext struct {
	Message
	ProjectName string
	ClientID    int64
	ClientName  string
}

// SearchMessages lists messages across projects, newest first, with the total.
func (db *DB) SearchMessages(ctx context.Context, f MessageFilter) ([]MessageWithContext, int, error) {
	where, args := "WHERE m.deleted_at IS NULL", []any{}
	add := func(cond string, v any) { where += " AND " + cond; args = append(args, v) }
	if f.ClientID != 0 {
		add("p.client_id = ?", f.ClientID)
	}
	if f.ProjectID != 0 {
		add("m.project_id = ?", f.ProjectID)
	}
	if f.AuthorID != 0 {
		add("m.author_id = ?", f.AuthorID)
	}
	if f.From != nil {
		add("m.created_at >= ?", *f.From)
	}
	if f.To != nil {
		add("m.created_at < ?", *f.To)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		add("MATCH(m.body) AGAINST (? IN NATURAL LANGUAGE MODE)", s)
	}
	from := " FROM messages m JOIN projects p ON p.id = m.project_id JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = m.author_id "
	// Counting every match of a common word costs as much as reading them all: past
	// MaxCounted the total is reported as MaxCounted ("plus de 10 000").
	var total int
	if err := db.sql.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1"+from+where+" LIMIT ?) capped", append(args, MaxCounted)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT "+messageColumns+", p.name, p.client_id, c.name"+from+where+" ORDER BY m.id DESC LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []MessageWithContext
	for rows.Next() {
		var x MessageWithContext
		m, err := scanMessage(rows, &x.ProjectName, &x.ClientID, &x.ClientName)
		if err != nil {
			return nil, 0, err
		}
		x.Message = m
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// ProjectAudience returns the people of a project: its client's active users, and the staff
// (its manager, or every active admin when it has none).
func ProjectAudience(ctx context.Context, q execer, projectID int64) (clientUsers, staff []int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.role FROM users u JOIN projects p ON p.id = ?
		WHERE u.disabled_at IS NULL AND (
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
// active admin.
func (db *DB) ProjectViewers(ctx context.Context, projectID int64) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT u.id FROM users u JOIN projects p ON p.id = ?
		WHERE u.disabled_at IS NULL AND ((u.role = 'client' AND u.client_id = p.client_id) OR u.role = 'admin')`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
