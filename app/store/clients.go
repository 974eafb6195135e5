package store

import (
	"context"
	"strings"
	"time"
)

// Client is a client company.
type Client struct {
	ID           int64
	Name         string
	ContactName  string
	ContactEmail string
	Phone        string
	Address      string
	Notes        string
	ArchivedAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	UserCount    int
}

// ClientFilter narrows a list of clients.
type ClientFilter struct {
	Search   string
	Archived bool // true: only archived ones; false: only active ones
	Limit    int
	Offset   int
}

const clientColumns = `c.id, c.name, c.contact_name, c.contact_email, c.phone, c.address, c.notes, c.archived_at, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM users u WHERE u.client_id = c.id)`

func scanClient(row interface{ Scan(...any) error }) (Client, error) {
	var c Client
	err := row.Scan(&c.ID, &c.Name, &c.ContactName, &c.ContactEmail, &c.Phone, &c.Address, &c.Notes, &c.ArchivedAt, &c.CreatedAt, &c.UpdatedAt, &c.UserCount)
	return c, mapErr(err)
}

// likePattern escapes LIKE wildcards typed by users.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// ListClients returns a page of clients by name, and the total count.
func (db *DB) ListClients(ctx context.Context, f ClientFilter) ([]Client, int, error) {
	where := "WHERE c.archived_at IS NULL"
	if f.Archived {
		where = "WHERE c.archived_at IS NOT NULL"
	}
	args := []any{}
	if s := strings.TrimSpace(f.Search); s != "" {
		where += " AND (c.name LIKE ? OR c.contact_name LIKE ? OR c.contact_email LIKE ?)"
		p := likePattern(s)
		args = append(args, p, p, p)
	}
	return countedPage(ctx, db.conn(ctx), "SELECT COUNT(*) FROM clients c "+where,
		"SELECT "+clientColumns+" FROM clients c "+where+" ORDER BY c.name LIMIT ? OFFSET ?", args, f.Limit, f.Offset, scanClient)
}

// ClientByID returns one client.
func (db *DB) ClientByID(ctx context.Context, id int64) (Client, error) {
	return scanClient(db.conn(ctx).QueryRowContext(ctx, "SELECT "+clientColumns+" FROM clients c WHERE c.id = ?", id))
}

// ClientForUpdate reads and locks a client inside a transaction.
func (db *DB) ClientForUpdate(ctx context.Context, id int64) (Client, error) {
	q := db.conn(ctx)
	return scanClient(q.QueryRowContext(ctx, "SELECT "+clientColumns+" FROM clients c WHERE c.id = ? FOR UPDATE", id))
}

// InsertClient creates a client; ErrConflict when the name is taken.
func (db *DB) InsertClient(ctx context.Context, c Client, now time.Time) (int64, error) {
	q := db.conn(ctx)
	id, err := insertedID(q.ExecContext(ctx, `INSERT INTO clients (name, contact_name, contact_email, phone, address, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.ContactName, c.ContactEmail, c.Phone, c.Address, c.Notes, now, now))
	db.overviewChanged(ctx)
	return id, err
}

// UpdateClient saves the editable fields of c.
func (db *DB) UpdateClient(ctx context.Context, c Client, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, `UPDATE clients SET name = ?, contact_name = ?, contact_email = ?, phone = ?, address = ?, notes = ?, updated_at = ?
		WHERE id = ?`, c.Name, c.ContactName, c.ContactEmail, c.Phone, c.Address, c.Notes, now, c.ID)
	db.authChanged(ctx)
	db.overviewChanged(ctx)
	return mapErr(err)
}

// SetClientArchived archives (at != nil) or restores a client.
func (db *DB) SetClientArchived(ctx context.Context, id int64, at *time.Time, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE clients SET archived_at = ?, updated_at = ? WHERE id = ?", at, now, id)
	db.authChanged(ctx)
	db.overviewChanged(ctx)
	return err
}

// ClientAttachments counts what hangs on a client and would be lost by deleting it.
func (db *DB) ClientAttachments(ctx context.Context, id int64) (int, error) {
	return db.count(ctx, "SELECT (SELECT COUNT(*) FROM users WHERE client_id = ?) + (SELECT COUNT(*) FROM projects WHERE client_id = ?)", id, id)
}

// DeleteClient removes a client row.
func (db *DB) DeleteClient(ctx context.Context, id int64) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "DELETE FROM clients WHERE id = ?", id)
	db.authChanged(ctx)
	db.overviewChanged(ctx)
	return mapErr(err)
}
