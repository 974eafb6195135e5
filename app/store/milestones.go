package store

import (
	"context"
	"time"
)

// Milestone is one step of a project.
type Milestone struct {
	ID          int64
	ProjectID   int64
	Position    int
	Title       string
	Description string
	DueDate     *time.Time
	Weight      int
	State       string // a_venir, en_cours, livree, validee
	DeliveredAt *time.Time
	DeliveredBy string
	ValidatedAt *time.Time
	ValidatedBy string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Task counters, kept on write: all tasks, and the visible ones (what a client is shown).
	TasksTotal, TasksDone               int
	VisibleTasksTotal, VisibleTasksDone int
	// ContributionMilli is what the step adds to its project's progress, in thousandths of a
	// weight unit (stepContribution).
	ContributionMilli int
}

// stepContribution is the progress rule of one step ms, in thousandths of a weight unit: a
// delivered or validated step counts its whole weight; a step in progress counts its weight
// times the share of its tasks that are finished (visible or internal alike); any other step
// counts nothing. The project's progress_milli is its sum, kept on write; the project page
// shows each step's term to explain the percentage.
const stepContribution = `IF(ms.state IN ('livree','validee'), ms.weight * 1000,
	IF(ms.state = 'en_cours' AND ms.tasks_total > 0, ms.weight * 1000 * ms.tasks_done DIV ms.tasks_total, 0))`

const milestoneColumns = `ms.id, ms.project_id, ms.position, ms.title, ms.description, ms.due_date, ms.weight, ms.state,
	ms.delivered_at, COALESCE(du.name, ''), ms.validated_at, COALESCE(vu.name, ''), ms.created_at, ms.updated_at,
	ms.tasks_total, ms.tasks_done, ms.visible_tasks_total, ms.visible_tasks_done, ` + stepContribution

const milestoneFrom = ` FROM milestones ms LEFT JOIN users du ON du.id = ms.delivered_by LEFT JOIN users vu ON vu.id = ms.validated_by `

// scanMilestone reads milestoneColumns, then any extra columns into extra.
func scanMilestone(row interface{ Scan(...any) error }, extra ...any) (Milestone, error) {
	var m Milestone
	err := row.Scan(append([]any{&m.ID, &m.ProjectID, &m.Position, &m.Title, &m.Description, &m.DueDate, &m.Weight, &m.State,
		&m.DeliveredAt, &m.DeliveredBy, &m.ValidatedAt, &m.ValidatedBy, &m.CreatedAt, &m.UpdatedAt,
		&m.TasksTotal, &m.TasksDone, &m.VisibleTasksTotal, &m.VisibleTasksDone, &m.ContributionMilli}, extra...)...)
	return m, mapErr(err)
}

// MilestonesOf returns a project's milestones in order.
func (db *DB) MilestonesOf(ctx context.Context, projectID int64) ([]Milestone, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+milestoneColumns+milestoneFrom+"WHERE ms.project_id = ? ORDER BY ms.position, ms.id", projectID)
	return scanAll(rows, err, func(r rowScanner) (Milestone, error) { return scanMilestone(r) })
}

// MilestoneByID returns one milestone.
func (db *DB) MilestoneByID(ctx context.Context, id int64) (Milestone, error) {
	return scanMilestone(db.conn(ctx).QueryRowContext(ctx, "SELECT "+milestoneColumns+milestoneFrom+"WHERE ms.id = ?", id))
}

// MilestoneIn reads a milestone inside a transaction (its project is locked by the caller).
func (db *DB) MilestoneIn(ctx context.Context, id int64) (Milestone, error) {
	q := db.conn(ctx)
	return scanMilestone(q.QueryRowContext(ctx, "SELECT "+milestoneColumns+milestoneFrom+"WHERE ms.id = ?", id))
}

// InsertMilestone appends a milestone at the end of its project.
func (db *DB) InsertMilestone(ctx context.Context, m Milestone, now time.Time) (int64, error) {
	q := db.conn(ctx)
	return insertedID(q.ExecContext(ctx, `INSERT INTO milestones (project_id, position, title, description, due_date, weight, state, created_at, updated_at)
		SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM milestones WHERE project_id = ?`,
		m.ProjectID, m.Title, m.Description, m.DueDate, m.Weight, m.State, now, now, m.ProjectID))
}

// UpdateMilestone saves title, description, due date and weight.
func (db *DB) UpdateMilestone(ctx context.Context, m Milestone, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE milestones SET title = ?, description = ?, due_date = ?, weight = ?, updated_at = ? WHERE id = ?",
		m.Title, m.Description, m.DueDate, m.Weight, now, m.ID)
	return mapErr(err)
}

// SetMilestoneState moves a milestone to state, recording who delivered or validated it.
func (db *DB) SetMilestoneState(ctx context.Context, id int64, state string, byUser int64, now time.Time) error {
	q := db.conn(ctx)
	var err error
	switch state {
	case "livree":
		_, err = q.ExecContext(ctx, "UPDATE milestones SET state = ?, delivered_at = ?, delivered_by = ?, validated_at = NULL, validated_by = NULL, updated_at = ? WHERE id = ?",
			state, now, nullID(byUser), now, id)
	case "validee":
		_, err = q.ExecContext(ctx, "UPDATE milestones SET state = ?, delivered_at = COALESCE(delivered_at, ?), validated_at = ?, validated_by = ?, updated_at = ? WHERE id = ?",
			state, now, now, nullID(byUser), now, id)
	default:
		_, err = q.ExecContext(ctx, "UPDATE milestones SET state = ?, delivered_at = NULL, delivered_by = NULL, validated_at = NULL, validated_by = NULL, updated_at = ? WHERE id = ?",
			state, now, id)
	}
	return err
}

// DeleteMilestone removes a milestone.
func (db *DB) DeleteMilestone(ctx context.Context, id int64) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "DELETE FROM milestones WHERE id = ?", id)
	return err
}

// SetMilestonePosition places a milestone.
func (db *DB) SetMilestonePosition(ctx context.Context, id int64, position int, now time.Time) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "UPDATE milestones SET position = ?, updated_at = ? WHERE id = ?", position, now, id)
	return err
}

// MilestoneEvent is one line of the history of delivered steps.
type MilestoneEvent struct {
	ID          int64
	ProjectID   int64
	MilestoneID int64
	Kind        string // delivered, validated, reopened
	At          time.Time
	ByUserID    int64
	ByName      string
	Title       string
	// TaskID is the task of a task_done line; Internal lines (internal tasks) are for staff only.
	TaskID   int64
	Internal bool
}

// InsertMilestoneEvent appends to a project's history.
func (db *DB) InsertMilestoneEvent(ctx context.Context, e MilestoneEvent) error {
	q := db.conn(ctx)
	_, err := q.ExecContext(ctx, "INSERT INTO milestone_events (project_id, milestone_id, kind, at, by_user_id, by_name, title, task_id, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.ProjectID, e.MilestoneID, e.Kind, e.At, nullID(e.ByUserID), clip(e.ByName, 200), clip(e.Title, 200), nullID(e.TaskID), e.Internal)
	return err
}

// EventsOf returns a project's history, newest first; withInternal adds the lines about
// internal tasks (staff only).
func (db *DB) EventsOf(ctx context.Context, projectID int64, withInternal bool, limit int) ([]MilestoneEvent, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT id, project_id, milestone_id, kind, at, COALESCE(by_user_id, 0), by_name, title,
			COALESCE(task_id, 0), internal
		FROM milestone_events WHERE project_id = ? AND (internal = 0 OR ?) ORDER BY at DESC, id DESC LIMIT ?`, projectID, withInternal, limit)
	return scanAll(rows, err, func(r rowScanner) (e MilestoneEvent, err error) {
		err = r.Scan(&e.ID, &e.ProjectID, &e.MilestoneID, &e.Kind, &e.At, &e.ByUserID, &e.ByName, &e.Title, &e.TaskID, &e.Internal)
		return e, err
	})
}
