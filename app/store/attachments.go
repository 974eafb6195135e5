package store

import (
	"context"
	"strings"
	"time"
)

// Attachment is a file sent with a message.
type Attachment struct {
	ID        int64
	MessageID int64
	// RetourID is set on the files a retour was opened with (MessageID is then 0).
	RetourID    int64
	ProjectID   int64
	UploadedBy  int64
	FileKey     string
	FileName    string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
	// Internal: the file belongs to an internal note (staff only).
	Internal bool
}

// attachmentColumns reads an attachment (a) with the visibility of its message (m, left joined).
const attachmentColumns = `a.id, COALESCE(a.message_id, 0), COALESCE(a.retour_id, 0), a.project_id, a.uploaded_by, a.file_key, a.file_name, a.content_type, a.size, a.sha256, a.created_at,
	COALESCE(m.internal, FALSE) FROM message_attachments a LEFT JOIN messages m ON m.id = a.message_id`

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
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT `+attachmentColumns+` WHERE a.message_id IN (`+placeholders(len(ids))+`) ORDER BY a.id`, ids...)
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
	err := row.Scan(&a.ID, &a.MessageID, &a.RetourID, &a.ProjectID, &a.UploadedBy, &a.FileKey, &a.FileName, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt, &a.Internal)
	return a, mapErr(err)
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// anys turns ids into the arguments of an IN list.
func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// InsertAttachment records an uploaded file not yet sent with a message.
func (db *DB) InsertAttachment(ctx context.Context, a Attachment) (int64, error) {
	q := db.conn(ctx)
	return insertedID(q.ExecContext(ctx, `INSERT INTO message_attachments (project_id, uploaded_by, file_key, file_name, content_type, size, sha256, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ProjectID, a.UploadedBy, a.FileKey, a.FileName, a.ContentType, a.Size, a.SHA256, a.CreatedAt))
}

// ClaimAttachments ties the uploader's pending attachments of a project to a message; it
// returns how many it tied.
func (db *DB) ClaimAttachments(ctx context.Context, ids []int64, messageID, projectID, uploader int64) (int64, error) {
	q := db.conn(ctx)
	if len(ids) == 0 {
		return 0, nil
	}
	args := append([]any{messageID, projectID, uploader}, anys(ids)...)
	res, err := q.ExecContext(ctx, `UPDATE message_attachments SET message_id = ? WHERE message_id IS NULL AND retour_id IS NULL AND project_id = ? AND uploaded_by = ?
		AND id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// AttachmentByID reads an attachment.
func (db *DB) AttachmentByID(ctx context.Context, id int64) (Attachment, error) {
	return scanAttachment(db.conn(ctx).QueryRowContext(ctx, `SELECT `+attachmentColumns+` WHERE a.id = ?`, id))
}
