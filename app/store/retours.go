package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Retour is a client's feedback on a project (an anomaly, a change request, a question) with
// the names its pages show.
type Retour struct {
	ID          int64
	ProjectID   int64
	ClientID    int64
	MilestoneID int64
	VersionID   int64
	TaskID      int64
	Kind        string // anomalie, evolution, question
	Priority    string // bloquant, majeur, mineur
	Status      string // nouveau, pris_en_compte, en_cours, resolu, cloture, rouvert
	Title       string
	Description string
	OpenedBy    int64
	OpenedName  string
	OpenedRole  string
	AssigneeID  int64
	Resolution  string
	// ResolvedVersionID is the version that fixes it, when the resolution names one.
	ResolvedVersionID int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
	AcknowledgedAt    *time.Time
	FirstResolvedAt   *time.Time
	ResolvedAt        *time.Time
	ClosedAt          *time.Time
	ReopenCount       int

	// Read with it, never written.
	// TaskTitle names the task the retour is about; TaskInternal says the task is internal,
	// which a client's pages must not show (portal.Actor.retourSeen).
	TaskTitle                                             string
	TaskInternal                                          bool
	ProjectName, ClientName, MilestoneTitle, AssigneeName string
	// The deliverable and number of VersionID and ResolvedVersionID.
	VersionDeliverable, ResolvedDeliverable string
	VersionNumber, ResolvedNumber           int
	Attachments                             []Attachment
	// Unread is how many messages of its thread the reader has not seen (set by the lists).
	Unread int
}

// RetourEvent is one transition of a retour.
type RetourEvent struct {
	ID        int64
	RetourID  int64
	From, To  string
	At        time.Time
	ByUserID  int64
	ByName    string
	ByRole    string
	Comment   string
	VersionID int64
}

const retourColumns = `r.id, r.project_id, r.client_id, COALESCE(r.milestone_id, 0), COALESCE(r.version_id, 0), COALESCE(r.task_id, 0),
	r.kind, r.priority, r.status, r.title, r.description, COALESCE(r.opened_by, 0), r.opened_by_name, r.opened_role,
	COALESCE(r.assignee_id, 0), COALESCE(r.resolution, ''), COALESCE(r.resolved_version_id, 0), r.created_at, r.updated_at,
	r.acknowledged_at, r.first_resolved_at, r.resolved_at, r.closed_at, r.reopen_count,
	p.name, c.name, COALESCE(ms.title, ''), COALESCE(au.name, ''),
	COALESCE(vd.title, ''), COALESCE(v.number, 0), COALESCE(rd.title, ''), COALESCE(rv.number, 0),
	COALESCE(tk.title, ''), COALESCE(tk.visible, 1) = 0`

// retourJoins names a retour's project, client, step, assignee, versions and task: primary-key
// reads.
const retourJoins = ` JOIN projects p ON p.id = r.project_id JOIN clients c ON c.id = r.client_id
	LEFT JOIN milestones ms ON ms.id = r.milestone_id LEFT JOIN users au ON au.id = r.assignee_id
	LEFT JOIN deliverable_versions v ON v.id = r.version_id LEFT JOIN deliverables vd ON vd.id = v.deliverable_id
	LEFT JOIN deliverable_versions rv ON rv.id = r.resolved_version_id LEFT JOIN deliverables rd ON rd.id = rv.deliverable_id
	LEFT JOIN tasks tk ON tk.id = r.task_id `

func scanRetour(row interface{ Scan(...any) error }) (Retour, error) {
	var r Retour
	err := row.Scan(&r.ID, &r.ProjectID, &r.ClientID, &r.MilestoneID, &r.VersionID, &r.TaskID,
		&r.Kind, &r.Priority, &r.Status, &r.Title, &r.Description, &r.OpenedBy, &r.OpenedName, &r.OpenedRole,
		&r.AssigneeID, &r.Resolution, &r.ResolvedVersionID, &r.CreatedAt, &r.UpdatedAt,
		&r.AcknowledgedAt, &r.FirstResolvedAt, &r.ResolvedAt, &r.ClosedAt, &r.ReopenCount,
		&r.ProjectName, &r.ClientName, &r.MilestoneTitle, &r.AssigneeName,
		&r.VersionDeliverable, &r.VersionNumber, &r.ResolvedDeliverable, &r.ResolvedNumber, &r.TaskTitle, &r.TaskInternal)
	return r, mapErr(err)
}

// InsertRetour records a new retour; its client is the project's.
func (db *DB) InsertRetour(ctx context.Context, r Retour) (int64, error) {
	res, err := db.conn(ctx).ExecContext(ctx, `INSERT INTO retours (project_id, client_id, milestone_id, version_id, task_id, kind, priority,
			status, title, description, opened_by, opened_by_name, opened_role, created_at, updated_at)
		SELECT p.id, p.client_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM projects p WHERE p.id = ?`,
		nullID(r.MilestoneID), nullID(r.VersionID), nullID(r.TaskID), r.Kind, r.Priority, r.Status, r.Title, r.Description,
		nullID(r.OpenedBy), clip(r.OpenedName, 200), r.OpenedRole, r.CreatedAt, r.CreatedAt, r.ProjectID)
	if err != nil {
		return 0, mapErr(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, errors.Join(ErrNotFound, err)
	}
	return res.LastInsertId()
}

// RetourByID reads a retour with its names and the files it was opened with.
func (db *DB) RetourByID(ctx context.Context, id int64) (Retour, error) {
	r, err := scanRetour(db.conn(ctx).QueryRowContext(ctx, "SELECT "+retourColumns+" FROM retours r"+retourJoins+"WHERE r.id = ?", id))
	if err != nil {
		return r, err
	}
	r.Attachments, err = db.RetourAttachments(ctx, id)
	return r, err
}

// RetourForUpdate locks a retour, then reads it: transitions of one retour run one at a time.
// The project's row is locked first, the order of a post in the retour's thread (which counts
// its message on the retour's row): a transition and a post cannot wait on each other.
func (db *DB) RetourForUpdate(ctx context.Context, id int64) (Retour, error) {
	if err := db.lockAfterProject(ctx, "retours", id); err != nil {
		return Retour{}, err
	}
	return scanRetour(db.conn(ctx).QueryRowContext(ctx, "SELECT "+retourColumns+" FROM retours r"+retourJoins+"WHERE r.id = ?", id))
}

// SaveRetourState writes what a transition changes: the status, its dates, the resolution,
// the reopen count and the assignee.
func (db *DB) SaveRetourState(ctx context.Context, r Retour) error {
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE retours SET status = ?, resolution = ?, resolved_version_id = ?, assignee_id = ?,
			acknowledged_at = ?, first_resolved_at = ?, resolved_at = ?, closed_at = ?, reopen_count = ?, updated_at = ?
		WHERE id = ?`, r.Status, sql.NullString{String: r.Resolution, Valid: r.Resolution != ""}, nullID(r.ResolvedVersionID),
		nullID(r.AssigneeID), r.AcknowledgedAt, r.FirstResolvedAt, r.ResolvedAt, r.ClosedAt, r.ReopenCount, r.UpdatedAt, r.ID)
	return err
}

// SaveRetourTriage writes what staff may change outside a transition: priority and assignee.
func (db *DB) SaveRetourTriage(ctx context.Context, id int64, priority string, assigneeID int64, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE retours SET priority = ?, assignee_id = ?, updated_at = ? WHERE id = ?",
		priority, nullID(assigneeID), now, id)
	return err
}

// InsertRetourEvent appends a line to a retour's history.
func (db *DB) InsertRetourEvent(ctx context.Context, e RetourEvent) error {
	_, err := db.conn(ctx).ExecContext(ctx, `INSERT INTO retour_events (retour_id, from_status, to_status, at, by_user_id, by_name, by_role, comment, version_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.RetourID, e.From, e.To, e.At, nullID(e.ByUserID), clip(e.ByName, 200), e.ByRole, e.Comment, nullID(e.VersionID))
	return err
}

// RetourEvents returns a retour's history, oldest first.
func (db *DB) RetourEvents(ctx context.Context, retourID int64) ([]RetourEvent, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT id, retour_id, from_status, to_status, at, COALESCE(by_user_id, 0), by_name, by_role,
			comment, COALESCE(version_id, 0)
		FROM retour_events WHERE retour_id = ? ORDER BY id LIMIT 500`, retourID)
	return scanAll(rows, err, func(r rowScanner) (e RetourEvent, err error) {
		err = r.Scan(&e.ID, &e.RetourID, &e.From, &e.To, &e.At, &e.ByUserID, &e.ByName, &e.ByRole, &e.Comment, &e.VersionID)
		return e, err
	})
}

// RecomputeRetourCounters refreshes a project's retour counters, in the transaction that
// changed a retour; updated_at moves so that the admin overview's version changes.
func (db *DB) RecomputeRetourCounters(ctx context.Context, projectID int64, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE projects p
		LEFT JOIN (SELECT project_id, SUM(status <> 'cloture') AS open, SUM(status = 'nouveau') AS fresh, SUM(status = 'resolu') AS resolved
			FROM retours FORCE INDEX (ix_retours_project) WHERE project_id = ? GROUP BY project_id) r ON r.project_id = p.id
		SET p.retours_open = COALESCE(r.open, 0), p.retours_new = COALESCE(r.fresh, 0), p.retours_resolved = COALESCE(r.resolved, 0),
			p.updated_at = ?
		WHERE p.id = ?`, projectID, now, projectID)
	db.overviewChanged(ctx)
	return err
}

// RetourFilter narrows a list of retours. ClientID confines a client user's list to its
// company, in SQL; Status "ouvert" means every status but « clôturé ».
type RetourFilter struct {
	ClientID, ProjectID, MilestoneID, AssigneeID int64
	Status, Kind, Priority                       string
	// CreatedBefore keeps the retours opened before it (the age filter).
	CreatedBefore *time.Time
	Sort          string // recent (default), oldest, priority, updated, status
	Limit, Offset int
}

// RetourSorts is the allow-list of sort orders.
var retourSorts = map[string][]sortKey{
	"":         {{expr: "r.id", desc: true}},
	"recent":   {{expr: "r.id", desc: true}},
	"oldest":   {{expr: "r.id"}},
	"priority": {{expr: "r.priority"}, {expr: "r.id"}}, // ENUM order: bloquant first
	"status":   {{expr: "r.status"}, {expr: "r.id"}},
	"updated":  {{expr: "r.updated_at", desc: true}, {expr: "r.id", desc: true}},
}

// RetourSortKnown reports whether a sort is in the allow-list.
func RetourSortKnown(s string) bool { _, ok := retourSorts[s]; return ok }

// ListRetours returns a page of retours and the total (at most ListTotalCap). The page's ids
// come from the retours table alone, by the index its leading filter picks (project, client or status); only the
// page's rows are then joined to their names.
func (db *DB) ListRetours(ctx context.Context, f RetourFilter) ([]Retour, int, error) {
	where, args := "WHERE 1=1", []any{}
	add := func(cond string, v ...any) { where += " AND " + cond; args = append(args, v...) }
	if f.ClientID != 0 {
		add("r.client_id = ?", f.ClientID)
	}
	if f.ProjectID != 0 {
		add("r.project_id = ?", f.ProjectID)
	}
	if f.MilestoneID != 0 {
		add("r.milestone_id = ?", f.MilestoneID)
	}
	if f.AssigneeID != 0 {
		add("r.assignee_id = ?", f.AssigneeID)
	}
	switch f.Status {
	case "":
	case "ouvert":
		add("r.status IN ('nouveau','pris_en_compte','en_cours','resolu','rouvert')")
	default:
		add("r.status = ?", f.Status)
	}
	if f.Kind != "" {
		add("r.kind = ?", f.Kind)
	}
	if f.Priority != "" {
		add("r.priority = ?", f.Priority)
	}
	if f.CreatedBefore != nil {
		add("r.created_at < ?", *f.CreatedBefore)
	}
	keys, ok := retourSorts[f.Sort]
	if !ok {
		keys = retourSorts[""]
	}
	carried, inner, outer := pageOrder(keys)
	q := db.conn(ctx)
	var total int
	if err := q.QueryRowContext(ctx, "SELECT "+cappedCount("FROM retours r "+where), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT "+retourColumns+" FROM (SELECT r.id"+carried+" FROM retours r "+where+" ORDER BY "+inner+
		` LIMIT ? OFFSET ?) page JOIN retours r ON r.id = page.id`+retourJoins+"ORDER BY "+outer, append(args, f.Limit, f.Offset)...)
	out, err := scanAll(rows, err, scanRetour)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// ClaimRetourAttachments ties the uploader's pending attachments of a project to a retour (the
// files it is opened with); it returns how many it tied.
func (db *DB) ClaimRetourAttachments(ctx context.Context, ids []int64, retourID, projectID, uploader int64) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := append([]any{retourID, projectID, uploader}, anys(ids)...)
	res, err := db.conn(ctx).ExecContext(ctx, `UPDATE message_attachments SET retour_id = ?
		WHERE message_id IS NULL AND retour_id IS NULL AND project_id = ? AND uploaded_by = ?
		AND id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RetourAttachments lists the files a retour was opened with.
func (db *DB) RetourAttachments(ctx context.Context, retourID int64) ([]Attachment, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT `+attachmentColumns+`
		WHERE a.retour_id = ? AND a.message_id IS NULL ORDER BY a.id`, retourID)
	return scanAll(rows, err, scanAttachment)
}

// RetourCounts are the sums of the projects' retour counters.
type RetourCounts struct {
	Open, New, Resolved int
}

// RetourCountsOf sums the retour counters of a client's projects (every project when clientID is
// 0): one read of the projects' rows, never of the retours.
func (db *DB) RetourCountsOf(ctx context.Context, clientID int64) (RetourCounts, error) {
	where, args := "", []any{}
	if clientID != 0 {
		where, args = " WHERE client_id = ?", []any{clientID}
	}
	var c RetourCounts
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(retours_open), 0), COALESCE(SUM(retours_new), 0), COALESCE(SUM(retours_resolved), 0)
		FROM projects`+where, args...).Scan(&c.Open, &c.New, &c.Resolved)
	return c, err
}
