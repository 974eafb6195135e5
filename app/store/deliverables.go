package store

import (
	"cmp"
	"context"
	"database/sql"
	"time"
)

// Deliverable is a named file of a project, in versions.
type Deliverable struct {
	ID             int64
	ProjectID      int64
	MilestoneID    int64
	MilestoneTitle string
	Title          string
	LatestVersion  int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Version is one uploaded file of a deliverable.
type Version struct {
	ID            int64
	DeliverableID int64
	ProjectID     int64
	Number        int
	FileKey       string
	FileName      string
	ContentType   string
	Size          int64
	SHA256        string
	Note          string
	Status        string // en_attente, valide, modifications
	UploadedBy    string
	UploadedAt    time.Time
	DecidedAt     *time.Time
}

// Decision is one validation or change request on a version.
type Decision struct {
	ID            int64
	VersionID     int64
	DeliverableID int64
	Decision      string
	Comment       string
	SHA256        string
	ByUserID      int64
	ByName        string
	At            time.Time
}

// InsertDeliverable creates a deliverable (its first version follows in the same transaction).
func (db *DB) InsertDeliverable(ctx context.Context, d Deliverable, by int64, now time.Time) (int64, error) {
	q := db.conn(ctx)
	return insertedID(q.ExecContext(ctx, "INSERT INTO deliverables (project_id, milestone_id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		d.ProjectID, nullID(d.MilestoneID), d.Title, nullID(by), now, now))
}

// DeliverableForUpdate locks a deliverable row and reads it.
func (db *DB) DeliverableForUpdate(ctx context.Context, id int64) (Deliverable, error) {
	q := db.conn(ctx)
	var d Deliverable
	err := q.QueryRowContext(ctx, `SELECT d.id, d.project_id, COALESCE(d.milestone_id, 0), d.title, d.latest_version, d.created_at, d.updated_at
		FROM deliverables d WHERE d.id = ? FOR UPDATE`, id).
		Scan(&d.ID, &d.ProjectID, &d.MilestoneID, &d.Title, &d.LatestVersion, &d.CreatedAt, &d.UpdatedAt)
	return d, mapErr(err)
}

// DeliverableByID reads a deliverable.
func (db *DB) DeliverableByID(ctx context.Context, id int64) (Deliverable, error) {
	var d Deliverable
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT d.id, d.project_id, COALESCE(d.milestone_id, 0), COALESCE(m.title, ''), d.title, d.latest_version, d.created_at, d.updated_at
		FROM deliverables d LEFT JOIN milestones m ON m.id = d.milestone_id WHERE d.id = ?`, id).
		Scan(&d.ID, &d.ProjectID, &d.MilestoneID, &d.MilestoneTitle, &d.Title, &d.LatestVersion, &d.CreatedAt, &d.UpdatedAt)
	return d, mapErr(err)
}

// InsertVersion adds the next version of a deliverable and returns its id and number.
func (db *DB) InsertVersion(ctx context.Context, v Version, by int64, now time.Time) (int64, int, error) {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "UPDATE deliverables SET latest_version = latest_version + 1, updated_at = ? WHERE id = ?", now, v.DeliverableID); err != nil {
		return 0, 0, err
	}
	var number int
	if err := q.QueryRowContext(ctx, "SELECT latest_version FROM deliverables WHERE id = ?", v.DeliverableID).Scan(&number); err != nil {
		return 0, 0, err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO deliverable_versions (deliverable_id, project_id, client_id, number, file_key, file_name, content_type, size, sha256, note, uploaded_by, uploaded_at)
		SELECT ?, id, client_id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ?`,
		v.DeliverableID, number, v.FileKey, v.FileName, v.ContentType, v.Size, v.SHA256, v.Note, nullID(by), now, v.ProjectID)
	if err != nil {
		return 0, 0, mapErr(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, 0, cmp.Or(err, ErrNotFound)
	}
	id, err := res.LastInsertId()
	return id, number, err
}

const versionColumns = `v.id, v.deliverable_id, v.project_id, v.number, v.file_key, v.file_name, v.content_type, v.size, v.sha256, v.note,
	v.status, COALESCE(u.name, ''), v.uploaded_at, v.decided_at`

func scanVersion(row interface{ Scan(...any) error }, extra ...any) (Version, error) {
	var v Version
	err := row.Scan(append([]any{&v.ID, &v.DeliverableID, &v.ProjectID, &v.Number, &v.FileKey, &v.FileName, &v.ContentType, &v.Size,
		&v.SHA256, &v.Note, &v.Status, &v.UploadedBy, &v.UploadedAt, &v.DecidedAt}, extra...)...)
	return v, mapErr(err)
}

// VersionByID reads a version.
func (db *DB) VersionByID(ctx context.Context, id int64) (Version, error) {
	return scanVersion(db.conn(ctx).QueryRowContext(ctx, "SELECT "+versionColumns+" FROM deliverable_versions v LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.id = ?", id))
}

// VersionForUpdate locks a version and reads it.
func (db *DB) VersionForUpdate(ctx context.Context, id int64) (Version, error) {
	q := db.conn(ctx)
	var locked int64
	if err := q.QueryRowContext(ctx, "SELECT id FROM deliverable_versions WHERE id = ? FOR UPDATE", id).Scan(&locked); err != nil {
		return Version{}, mapErr(err)
	}
	return scanVersion(q.QueryRowContext(ctx, "SELECT "+versionColumns+" FROM deliverable_versions v LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.id = ?", id))
}

// SetVersionStatus records the outcome of a decision on a version.
func (db *DB) SetVersionStatus(ctx context.Context, id int64, status string, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE deliverable_versions SET status = ?, decided_at = ? WHERE id = ?", status, now, id)
	return err
}

// LatestVersionNumber is the number of a deliverable's newest version still there (a deleted
// newest version hands the decision back to the one before).
func (db *DB) LatestVersionNumber(ctx context.Context, deliverableID int64) (int, error) {
	return db.count(ctx, "SELECT COALESCE(MAX(number), 0) FROM deliverable_versions WHERE deliverable_id = ?", deliverableID)
}

// InsertDecision appends a decision.
func (db *DB) InsertDecision(ctx context.Context, d Decision) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, `INSERT INTO deliverable_decisions (version_id, deliverable_id, decision, comment, sha256, by_user_id, by_name, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.VersionID, d.DeliverableID, d.Decision, d.Comment, d.SHA256, nullID(d.ByUserID), clip(d.ByName, 200), d.At)
	return err
}

// DeleteVersion removes a version row and its decisions; a deliverable left without version goes too.
func (db *DB) DeleteVersion(ctx context.Context, v Version, now time.Time) (deliverableGone bool, err error) {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "DELETE FROM deliverable_decisions WHERE version_id = ?", v.ID); err != nil {
		return false, err
	}
	if _, err := q.ExecContext(ctx, "DELETE FROM deliverable_versions WHERE id = ?", v.ID); err != nil {
		return false, err
	}
	var left int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM deliverable_versions WHERE deliverable_id = ?", v.DeliverableID).Scan(&left); err != nil {
		return false, err
	}
	if left == 0 {
		_, err := q.ExecContext(ctx, "DELETE FROM deliverables WHERE id = ?", v.DeliverableID)
		return true, err
	}
	_, err = q.ExecContext(ctx, "UPDATE deliverables SET updated_at = ? WHERE id = ?", now, v.DeliverableID)
	return false, err
}

// DeliverablesOf returns a project's deliverables with all their versions and decisions, in
// three queries whatever their number.
func (db *DB) DeliverablesOf(ctx context.Context, projectID int64) ([]Deliverable, map[int64][]Version, map[int64][]Decision, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT d.id, d.project_id, COALESCE(d.milestone_id, 0), COALESCE(m.title, ''), d.title, d.latest_version, d.created_at, d.updated_at
		FROM deliverables d LEFT JOIN milestones m ON m.id = d.milestone_id WHERE d.project_id = ? ORDER BY d.updated_at DESC, d.id DESC`, projectID)
	ds, err := scanAll(rows, err, func(r rowScanner) (d Deliverable, err error) {
		err = r.Scan(&d.ID, &d.ProjectID, &d.MilestoneID, &d.MilestoneTitle, &d.Title, &d.LatestVersion, &d.CreatedAt, &d.UpdatedAt)
		return d, err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	versions := map[int64][]Version{}
	rows, err = db.conn(ctx).QueryContext(ctx, "SELECT "+versionColumns+" FROM deliverable_versions v LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.project_id = ? ORDER BY v.deliverable_id, v.number DESC", projectID)
	err = readRows(rows, err, func(r *sql.Rows) error {
		v, err := scanVersion(r)
		versions[v.DeliverableID] = append(versions[v.DeliverableID], v)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	decisions := map[int64][]Decision{}
	rows, err = db.conn(ctx).QueryContext(ctx, `SELECT c.id, c.version_id, c.deliverable_id, c.decision, c.comment, c.sha256, COALESCE(c.by_user_id, 0), c.by_name, c.at
		FROM deliverable_decisions c JOIN deliverables d ON d.id = c.deliverable_id WHERE d.project_id = ? ORDER BY c.at DESC, c.id DESC`, projectID)
	err = readRows(rows, err, func(r *sql.Rows) error {
		var c Decision
		err := r.Scan(&c.ID, &c.VersionID, &c.DeliverableID, &c.Decision, &c.Comment, &c.SHA256, &c.ByUserID, &c.ByName, &c.At)
		decisions[c.VersionID] = append(decisions[c.VersionID], c)
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return ds, versions, decisions, nil
}

// VersionWithContext is a version with its deliverable, project and client names.
type VersionWithContext struct {
	Version
	DeliverableTitle string
	ProjectName      string
	ClientID         int64
	ClientName       string
}

// LatestVersions lists the newest versions, of one client's projects or of all.
func (db *DB) LatestVersions(ctx context.Context, clientID int64, status string, limit int) ([]VersionWithContext, error) {
	out, _, err := db.versionsPage(ctx, clientID, status, limit, false)
	return out, err
}

// VersionsAwaiting lists the versions awaiting a client's decision, waiting longest first, and
// their total up to ListTotalCap, in one statement (the client's « À traiter »).
func (db *DB) VersionsAwaiting(ctx context.Context, clientID int64, limit int) ([]VersionWithContext, int, error) {
	return db.versionsPage(ctx, clientID, "en_attente", limit, true)
}

func (db *DB) versionsPage(ctx context.Context, clientID int64, status string, limit int, counted bool) ([]VersionWithContext, int, error) {
	q, args := versionsSQL(clientID, status, limit, counted)
	rows, err := db.conn(ctx).QueryContext(ctx, q, args...)
	n := 0
	out, err := scanAll(rows, err, func(r rowScanner) (x VersionWithContext, err error) {
		x.Version, err = scanVersion(r, &x.DeliverableTitle, &x.ProjectName, &x.ClientID, &x.ClientName, &n)
		return x, err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// versionsSQL is the statement of versionsPage and its arguments (the EXPLAIN test reads it too).
func versionsSQL(clientID int64, status string, limit int, counted bool) (string, []any) {
	where, args := "WHERE 1=1", []any{}
	if clientID != 0 {
		// The version's own copy of its client (migration 0019): ix_versions_client in order.
		where, args = where+" AND v.client_id = ?", append(args, clientID)
	}
	if status != "" {
		where, args = where+" AND v.status = ?", append(args, status)
	}
	keys := []sortKey{{expr: "v.uploaded_at", desc: true}, {expr: "v.id", desc: true}}
	if status == "en_attente" {
		keys = []sortKey{{expr: "v.uploaded_at"}, {expr: "v.id"}} // waiting longest first
	}
	from := " FROM deliverable_versions v " + where
	total, all := "0", append([]any{}, args...)
	if counted {
		total, all = cappedCount(from), append(all, args...)
	}
	// The page's ids first, then their rows: sorting the joined rows would copy each one, note
	// included (a TEXT column), into an on-disk temporary table.
	carried, inner, outer := pageOrder(keys)
	return "SELECT " + versionColumns + `, d.title, p.name, p.client_id, c.name, ` + total + `
		FROM (SELECT v.id` + carried + from + " ORDER BY " + inner + ` LIMIT ?) page
		JOIN deliverable_versions v ON v.id = page.id JOIN deliverables d ON d.id = v.deliverable_id JOIN projects p ON p.id = v.project_id
		JOIN clients c ON c.id = p.client_id LEFT JOIN users u ON u.id = v.uploaded_by ORDER BY ` + outer, append(all, limit)
}

// StoredFile is a file the database refers to, with the size and SHA-256 it recorded.
type StoredFile struct {
	Key    string
	Size   int64
	SHA256 string
}

// StoredFiles lists every file the database refers to, deliverable versions and attachments
// (of messages and retours) alike, by key (for `portal storage migrate`).
func (db *DB) StoredFiles(ctx context.Context) ([]StoredFile, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT file_key, size, sha256 FROM deliverable_versions
		UNION ALL SELECT file_key, size, sha256 FROM message_attachments ORDER BY 1`)
	var out []StoredFile
	err = readRows(rows, err, func(r *sql.Rows) error {
		var f StoredFile
		err := r.Scan(&f.Key, &f.Size, &f.SHA256)
		out = append(out, f)
		return err
	})
	return out, err
}

// FileKeys lists every file key the database refers to (for the consistency check).
func (db *DB) FileKeys(ctx context.Context) (map[string]bool, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT file_key FROM deliverable_versions")
	out := map[string]bool{}
	err = readRows(rows, err, func(r *sql.Rows) error {
		var k string
		err := r.Scan(&k)
		out[k] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
