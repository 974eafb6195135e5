package store

import (
	"context"
	"time"
)

// Task is one piece of work inside a step.
type Task struct {
	ID           int64
	ProjectID    int64
	MilestoneID  int64
	Position     int
	Title        string
	Description  string
	Status       string // a_faire, en_cours, en_revue, terminee
	AssigneeID   int64
	AssigneeName string
	DueDate      *time.Time
	Visible      bool // false: internal, staff only
	// RetourID is the retour the task answers, of the same project; RetourTitle comes with it.
	RetourID    int64
	RetourTitle string
	DoneAt      *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// MilestoneTitle and MilestonePosition come with the task for lists across steps.
	MilestoneTitle    string
	MilestonePosition int
}

const taskColumns = `t.id, t.project_id, t.milestone_id, t.position, t.title, t.description, t.status, COALESCE(t.assignee_id, 0),
	COALESCE(u.name, ''), t.due_date, t.visible, COALESCE(t.retour_id, 0), COALESCE(r.title, ''), t.done_at, t.created_at, t.updated_at, ms.title, ms.position`

const taskFrom = ` FROM tasks t JOIN milestones ms ON ms.id = t.milestone_id LEFT JOIN users u ON u.id = t.assignee_id
	LEFT JOIN retours r ON r.id = t.retour_id `

func scanTask(row interface{ Scan(...any) error }, extra ...any) (Task, error) {
	var t Task
	err := row.Scan(append([]any{&t.ID, &t.ProjectID, &t.MilestoneID, &t.Position, &t.Title, &t.Description, &t.Status, &t.AssigneeID,
		&t.AssigneeName, &t.DueDate, &t.Visible, &t.RetourID, &t.RetourTitle, &t.DoneAt, &t.CreatedAt, &t.UpdatedAt, &t.MilestoneTitle, &t.MilestonePosition}, extra...)...)
	return t, mapErr(err)
}

// TaskFilter selects tasks of one project. VisibleOnly is how a client's list leaves internal
// tasks out: in SQL, so that counts and pages never include them.
type TaskFilter struct {
	ProjectID   int64
	MilestoneID int64
	// RetourID keeps the tasks that answer that retour.
	RetourID    int64
	Status      string
	VisibleOnly bool
	Limit       int
	Offset      int
}

// ListTasks returns a page of a project's tasks in the order of its steps, then of the tasks,
// and the total.
func (db *DB) ListTasks(ctx context.Context, f TaskFilter) ([]Task, int, error) {
	where, args := "WHERE t.project_id = ?", []any{f.ProjectID}
	if f.MilestoneID != 0 {
		where, args = where+" AND t.milestone_id = ?", append(args, f.MilestoneID)
	}
	if f.RetourID != 0 {
		where, args = where+" AND t.retour_id = ?", append(args, f.RetourID)
	}
	if f.Status != "" {
		where, args = where+" AND t.status = ?", append(args, f.Status)
	}
	if f.VisibleOnly {
		where += " AND t.visible = 1"
	}
	return countedPage(ctx, db.conn(ctx), "SELECT COUNT(*) FROM tasks t "+where,
		"SELECT "+taskColumns+taskFrom+where+" ORDER BY ms.position, ms.id, t.position, t.id LIMIT ? OFFSET ?", args, f.Limit, f.Offset,
		func(r rowScanner) (Task, error) { return scanTask(r) })
}

// TaskByID returns one task.
func (db *DB) TaskByID(ctx context.Context, id int64) (Task, error) {
	return scanTask(db.conn(ctx).QueryRowContext(ctx, "SELECT "+taskColumns+taskFrom+"WHERE t.id = ?", id))
}

// TaskIDsOf returns the ids of a step's tasks in order.
func (db *DB) TaskIDsOf(ctx context.Context, milestoneID int64) ([]int64, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT id FROM tasks WHERE milestone_id = ? ORDER BY position, id", milestoneID)
	return scanIDs(rows, err)
}

// InsertTasks appends tasks to the end of their step (all of one step), in the order given,
// and returns their ids.
func (db *DB) InsertTasks(ctx context.Context, ts []Task, now time.Time) ([]int64, error) {
	if len(ts) == 0 {
		return nil, nil
	}
	q := db.conn(ctx)
	var last int
	if err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) FROM tasks WHERE milestone_id = ?", ts[0].MilestoneID).Scan(&last); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(ts))
	for i, t := range ts {
		res, err := q.ExecContext(ctx, `INSERT INTO tasks (project_id, milestone_id, position, title, description, status, assignee_id, due_date,
			visible, retour_id, done_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ProjectID, t.MilestoneID, last+i+1, t.Title, t.Description, t.Status, nullID(t.AssigneeID), t.DueDate, t.Visible,
			nullID(t.RetourID), t.DoneAt, now, now)
		if err != nil {
			return nil, mapErr(err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// UpdateTask saves a task's fields; done_at follows the status (set when it becomes finished,
// cleared when it is not any more).
func (db *DB) UpdateTask(ctx context.Context, t Task, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE tasks SET title = ?, description = ?,
			done_at = IF(? = 'terminee', IF(status = 'terminee', done_at, ?), NULL), status = ?,
			assignee_id = ?, due_date = ?, visible = ?, retour_id = ?, updated_at = ? WHERE id = ?`,
		t.Title, t.Description, t.Status, now, t.Status, nullID(t.AssigneeID), t.DueDate, t.Visible, nullID(t.RetourID), now, t.ID)
	return mapErr(err)
}

// PlaceTask puts a task in a step at a position.
func (db *DB) PlaceTask(ctx context.Context, id, milestoneID int64, position int, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE tasks SET milestone_id = ?, position = ?, updated_at = ? WHERE id = ?", milestoneID, position, now, id)
	return err
}

// DeleteTask removes a task.
func (db *DB) DeleteTask(ctx context.Context, id int64) error {
	_, err := db.conn(ctx).ExecContext(ctx, "DELETE FROM tasks WHERE id = ?", id)
	return err
}

// SetTaskEventsInternal follows a task's visibility in the history already written about it, so
// that a task made internal leaves the client's history too.
func (db *DB) SetTaskEventsInternal(ctx context.Context, taskID int64, internal bool) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE milestone_events SET internal = ? WHERE task_id = ?", internal, taskID)
	return err
}

// OverdueTask is an open task past due, with what an alert names.
type OverdueTask struct {
	Task
	ProjectName string
	ClientName  string
}

// OverdueTasks lists open tasks due before today in projects not finished, oldest first.
func (db *DB) OverdueTasks(ctx context.Context, today time.Time, limit int) ([]OverdueTask, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+taskColumns+`, p.name, c.name
		FROM tasks t STRAIGHT_JOIN projects p ON p.id = t.project_id JOIN clients c ON c.id = p.client_id
		JOIN milestones ms ON ms.id = t.milestone_id LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN retours r ON r.id = t.retour_id
		WHERE t.is_open = 1 AND t.due_date < ? AND p.status <> 'termine'
		ORDER BY t.due_date, t.project_id, t.id LIMIT ?`, today, limit)
	return scanAll(rows, err, func(r rowScanner) (o OverdueTask, err error) {
		o.Task, err = scanTask(r, &o.ProjectName, &o.ClientName)
		return o, err
	})
}

// ClaimTaskOverdueAlert records that a task's overdue alert of day is sent; false when it was already.
func (db *DB) ClaimTaskOverdueAlert(ctx context.Context, taskID int64, day, now time.Time) (bool, error) {
	n, err := affected(db.conn(ctx).ExecContext(ctx, "INSERT IGNORE INTO task_overdue_alerts (task_id, day, sent_at) VALUES (?, ?, ?)", taskID, day, now))
	return n == 1, err
}

// BulkInsertTasks inserts tasks with their positions as given (demo and scale datasets).
func (db *DB) BulkInsertTasks(ctx context.Context, ts []Task, now time.Time) error {
	return db.bulkInsert(ctx, `INSERT INTO tasks (project_id, milestone_id, position, title, description, status, assignee_id, due_date,
		visible, done_at, created_at, updated_at) VALUES `, 12, len(ts),
		func(i int) []any {
			t := ts[i]
			return []any{t.ProjectID, t.MilestoneID, t.Position, t.Title, t.Description, t.Status, nullID(t.AssigneeID), t.DueDate,
				t.Visible, t.DoneAt, now, now}
		})
}
