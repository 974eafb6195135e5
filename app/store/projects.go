package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Project is a client's project with the counters kept from its milestones. Dates without a
// time (start, deadline, due dates) are calendar days at midnight UTC.
type Project struct {
	ID              int64
	ClientID        int64
	ClientName      string
	Name            string
	Description     string
	StartDate       *time.Time
	Deadline        *time.Time
	Status          string // en_cours, en_pause, termine
	ManagerID       int64
	ManagerName     string
	MilestonesTotal int
	MilestonesDone  int
	WeightTotal     int
	WeightDone      int
	// ProgressMilli is Σ of the steps' contributions (stepContribution), in thousandths of a weight unit.
	ProgressMilli int
	NextDueDate   *time.Time
	// NextMilestone is the first milestone in order that is not delivered yet (kept on the
	// project row, see setNextSteps).
	NextMilestone    string
	NextMilestoneDue *time.Time
	// RetoursOpen counts the retours not closed; of them RetoursNew those not yet taken into
	// account and RetoursResolved those awaiting the client's confirmation.
	RetoursOpen, RetoursNew, RetoursResolved int
	CreatedAt                                time.Time
	UpdatedAt                                time.Time
}

const projectColumns = `p.id, p.client_id, c.name, p.name, p.description, p.start_date, p.deadline, p.status,
	COALESCE(p.manager_id, 0), COALESCE(m.name, ''), p.milestones_total, p.milestones_done, p.weight_total, p.weight_done,
	p.progress_milli, p.next_due_date, p.next_step_title, p.next_step_due, p.retours_open, p.retours_new, p.retours_resolved, p.created_at, p.updated_at`

// projectJoins adds the client and the manager to projects p; the next step is on the row.
const projectJoins = ` JOIN clients c ON c.id = p.client_id LEFT JOIN users m ON m.id = p.manager_id `

const projectFrom = ` FROM projects p` + projectJoins

func scanProject(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var nextTitle sql.NullString
	err := row.Scan(&p.ID, &p.ClientID, &p.ClientName, &p.Name, &p.Description, &p.StartDate, &p.Deadline, &p.Status,
		&p.ManagerID, &p.ManagerName, &p.MilestonesTotal, &p.MilestonesDone, &p.WeightTotal, &p.WeightDone,
		&p.ProgressMilli, &p.NextDueDate, &nextTitle, &p.NextMilestoneDue, &p.RetoursOpen, &p.RetoursNew, &p.RetoursResolved, &p.CreatedAt, &p.UpdatedAt)
	p.NextMilestone = nextTitle.String
	return p, mapErr(err)
}

// ProjectFilter narrows a list of projects. ClientID is how a client user's lists are confined
// to its company: in SQL, never after fetching.
type ProjectFilter struct {
	ClientID int64
	Status   string
	Late     bool // deadline passed and not finished
	Overdue  bool // a milestone's due date passed and it is not delivered
	Search   string
	Today    time.Time
	Sort     string // deadline (default), name, updated, progress
	Limit    int
	Offset   int
}

// sortKey is one term of an ORDER BY.
type sortKey struct {
	expr string
	desc bool
}

var projectSorts = map[string][]sortKey{
	"":         {{expr: "p.deadline_last"}, {expr: "p.deadline"}, {expr: "p.id"}},
	"deadline": {{expr: "p.deadline_last"}, {expr: "p.deadline"}, {expr: "p.id"}},
	"name":     {{expr: "p.name"}, {expr: "p.id"}},
	"updated":  {{expr: "p.updated_at", desc: true}, {expr: "p.id", desc: true}},
	"progress": {{expr: "p.progress_milli / GREATEST(p.weight_total, 1)"}, {expr: "p.id"}},
}

// pageOrder returns the columns that carry the sort keys out of the page's subquery, its
// ORDER BY, and the ORDER BY of the outer query on those carried columns. Sorting the outer
// query by columns of the page alone lets the server sort the page's few rows before the
// joins; sorting it by the joined projects row would copy every row, description included
// (a TEXT column), into an on-disk temporary table.
func pageOrder(keys []sortKey) (carried, inner, outer string) {
	for i, k := range keys {
		dir, sep := "", ", "
		if k.desc {
			dir = " DESC"
		}
		if i == 0 {
			sep = ""
		}
		carried += fmt.Sprintf(", %s AS s%d", k.expr, i)
		inner += sep + k.expr + dir
		outer += fmt.Sprintf("%spage.s%d%s", sep, i, dir)
	}
	return carried, inner, outer
}

// ListProjects returns a page of projects and the total (a client's whole list exactly, any other
// list up to ListTotalCap); sorting comes from an allow-list.
// The page's ids are found first on the projects table alone (clients joined only to search
// their names), then only those rows get their names and next milestone: the per-row work is
// done for one page, not for every candidate: one query for the page, whatever it holds.
func (db *DB) ListProjects(ctx context.Context, f ProjectFilter) ([]Project, int, error) {
	where, args := "WHERE 1=1", []any{}
	add := func(cond string, v ...any) { where += " AND " + cond; args = append(args, v...) }
	if f.ClientID != 0 {
		add("p.client_id = ?", f.ClientID)
	}
	if f.Status != "" {
		add("p.status = ?", f.Status)
	}
	if f.Late {
		add("p.status <> 'termine' AND p.deadline < ?", f.Today)
	}
	if f.Overdue {
		add("p.status <> 'termine' AND p.next_due_date < ?", f.Today)
	}
	from := "FROM projects p "
	if s := strings.TrimSpace(f.Search); s != "" {
		from += "JOIN clients c ON c.id = p.client_id "
		add("(p.name LIKE ? OR c.name LIKE ?)", likePattern(s), likePattern(s))
	}
	keys, ok := projectSorts[f.Sort]
	if !ok {
		keys = projectSorts[""]
	}
	carried, inner, outer := pageOrder(keys)
	// A filtered or staff-wide list counts up to ListTotalCap: the staff's « en cours, en retard »
	// matched 17 578 projects at ten times the scale dataset, and counting them all cost ten
	// times what it did at 1× (2.4 ms of a 6 ms page).
	count := "SELECT " + cappedCount(from+where)
	if f.ClientID != 0 && len(args) == 1 {
		// A client's whole list (what its users read): the exact total is kept on the client's
		// row (migration 0028), where counting read every project of the client for each page.
		count = "SELECT projects_total FROM clients WHERE id = ?"
	}
	return countedPage(ctx, db.conn(ctx), count,
		"SELECT "+projectColumns+` FROM (SELECT p.id`+carried+" "+from+where+" ORDER BY "+inner+` LIMIT ? OFFSET ?) page
		JOIN projects p ON p.id = page.id`+projectJoins+" ORDER BY "+outer, args, f.Limit, f.Offset, scanProject)
}

// ProjectByID returns one project.
func (db *DB) ProjectByID(ctx context.Context, id int64) (Project, error) {
	return scanProject(db.conn(ctx).QueryRowContext(ctx, "SELECT "+projectColumns+projectFrom+"WHERE p.id = ?", id))
}

// ProjectForUpdate locks a project row, then reads it: milestone changes of one project run one
// at a time. The lock is taken on the project alone, not on the joined client and manager rows.
func (db *DB) ProjectForUpdate(ctx context.Context, id int64) (Project, error) {
	q := db.conn(ctx)
	var locked int64
	if err := q.QueryRowContext(ctx, "SELECT id FROM projects WHERE id = ? FOR UPDATE", id).Scan(&locked); err != nil {
		return Project{}, mapErr(err)
	}
	return scanProject(q.QueryRowContext(ctx, "SELECT "+projectColumns+projectFrom+"WHERE p.id = ?", id))
}

// InsertProject creates a project, counted on its client's row. The client's row is written
// first: the insert's foreign-key check then finds it already locked by this transaction, where
// taking it second made two projects created at once for the same client deadlock.
func (db *DB) InsertProject(ctx context.Context, p Project, now time.Time) (int64, error) {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, "UPDATE clients SET projects_total = projects_total + 1 WHERE id = ?", p.ClientID); err != nil {
		return 0, err
	}
	id, err := insertedID(q.ExecContext(ctx, `INSERT INTO projects (client_id, name, description, start_date, deadline, status, manager_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ClientID, p.Name, p.Description, p.StartDate, p.Deadline, p.Status, nullID(p.ManagerID), now, now))
	db.overviewChanged(ctx)
	return id, err
}

// UpdateProject saves the editable fields; a project moved to another client is counted on
// the other client's row (both client rows written before the project's, as InsertProject does).
func (db *DB) UpdateProject(ctx context.Context, p Project, now time.Time) error {
	q := db.conn(ctx)
	if _, err := q.ExecContext(ctx, `UPDATE clients c JOIN projects p ON p.id = ? AND p.client_id <> ?
		SET c.projects_total = c.projects_total + IF(c.id = ?, 1, -1) WHERE c.id IN (p.client_id, ?)`, p.ID, p.ClientID, p.ClientID, p.ClientID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE projects SET client_id = ?, name = ?, description = ?, start_date = ?, deadline = ?, status = ?,
		manager_id = ?, updated_at = ? WHERE id = ?`, p.ClientID, p.Name, p.Description, p.StartDate, p.Deadline, p.Status, nullID(p.ManagerID), now, p.ID)
	db.overviewChanged(ctx)
	if err != nil {
		return mapErr(err)
	}
	// The versions carry their project's client (migration 0019).
	if _, err = q.ExecContext(ctx, "UPDATE deliverable_versions SET client_id = ? WHERE project_id = ? AND NOT client_id <=> ?", p.ClientID, p.ID, p.ClientID); err != nil {
		return err
	}
	// A project moved to another client takes its retours along (their copy of client_id).
	_, err = q.ExecContext(ctx, "UPDATE retours SET client_id = ? WHERE project_id = ? AND client_id <> ?", p.ClientID, p.ID, p.ClientID)
	return err
}

// RecomputeProjectCounters refreshes a project's counters, and the task counters of its steps,
// in the transaction that changed its steps or tasks.
func (db *DB) RecomputeProjectCounters(ctx context.Context, projectID int64, now time.Time) error {
	return db.recomputeCounters(ctx, "WHERE project_id = ?", "p.id = ?", []any{projectID}, &now)
}

// recomputeCounters is the one place the counters are computed: the task counters of the steps
// first (tasks matching taskWhere), then the project counters from the steps (projects
// matching projectWhere). now, when set, becomes the projects' updated_at.
func (db *DB) recomputeCounters(ctx context.Context, taskWhere, projectWhere string, args []any, now *time.Time) error {
	q := db.conn(ctx)
	stepWhere := strings.Replace(taskWhere, "project_id", "ms.project_id", 1)
	if _, err := q.ExecContext(ctx, `UPDATE milestones ms
		LEFT JOIN (SELECT milestone_id, COUNT(*) AS total, SUM(status = 'terminee') AS done,
				SUM(visible) AS vtotal, SUM(visible AND status = 'terminee') AS vdone
			FROM tasks `+taskWhere+` GROUP BY milestone_id) t ON t.milestone_id = ms.id
		SET ms.tasks_total = COALESCE(t.total, 0), ms.tasks_done = COALESCE(t.done, 0),
			ms.visible_tasks_total = COALESCE(t.vtotal, 0), ms.visible_tasks_done = COALESCE(t.vdone, 0) `+stepWhere,
		append(append([]any{}, args...), args...)...); err != nil {
		return err
	}
	set, setArgs := "", []any{}
	if now != nil {
		set, setArgs = ", p.updated_at = ?", []any{*now}
	}
	_, err := q.ExecContext(ctx, `UPDATE projects p
		LEFT JOIN (SELECT ms.project_id,
				COUNT(*) AS total,
				SUM(ms.state IN ('livree','validee')) AS done,
				SUM(ms.weight) AS wtotal,
				SUM(IF(ms.state IN ('livree','validee'), ms.weight, 0)) AS wdone,
				SUM(`+stepContribution+`) AS milli,
				MIN(IF(ms.state IN ('livree','validee'), NULL, ms.due_date)) AS next_due
			FROM milestones ms `+stepWhere+` GROUP BY ms.project_id) m ON m.project_id = p.id
		SET p.milestones_total = COALESCE(m.total, 0), p.milestones_done = COALESCE(m.done, 0),
			p.weight_total = COALESCE(m.wtotal, 0), p.weight_done = COALESCE(m.wdone, 0), p.progress_milli = COALESCE(m.milli, 0),
			p.next_due_date = m.next_due`+set+`
		WHERE `+projectWhere, append(append(append([]any{}, args...), setArgs...), args...)...)
	db.overviewChanged(ctx)
	if err != nil {
		return err
	}
	return db.setNextSteps(ctx, projectWhere, args...)
}

// setNextSteps copies onto the projects matching where their first step in order that is not
// delivered yet (migration 0025): a list reads it with the row instead of looking it up per row.
func (db *DB) setNextSteps(ctx context.Context, where string, args ...any) error {
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE projects p
		LEFT JOIN milestones nm ON nm.id = (SELECT x.id FROM milestones x WHERE x.project_id = p.id AND x.is_open = 1
			ORDER BY x.position, x.id LIMIT 1)
		SET p.next_step_title = nm.title, p.next_step_due = nm.due_date WHERE `+where, args...)
	return err
}

// CountProjectsOfClient counts a client's projects (a client with projects cannot be deleted).
func (db *DB) CountProjectsOfClient(ctx context.Context, clientID int64) (int, error) {
	return db.count(ctx, "SELECT COUNT(*) FROM projects WHERE client_id = ?", clientID)
}
