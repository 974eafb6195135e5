package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

// Overview is the admin's general dashboard in figures (A1).
type Overview struct {
	ActiveClients     int
	ProjectsByStatus  map[string]int
	LateProjects      int
	OverdueMilestones int
	ProjectsAtRisk    int // with an overdue milestone, not yet late
	// The retours not closed, new and awaiting the client, summed from the projects' counters.
	Retours RetourCounts
}

// Overview computes the dashboard figures in two indexed queries.
func (db *DB) Overview(ctx context.Context, today time.Time) (Overview, error) {
	o := Overview{ProjectsByStatus: map[string]int{"en_cours": 0, "en_pause": 0, "termine": 0}}
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM clients WHERE archived_at IS NULL),
			(SELECT COUNT(*) FROM projects WHERE status <> 'termine' AND deadline < ?),
			(SELECT COUNT(*) FROM milestones ms STRAIGHT_JOIN projects p ON p.id = ms.project_id
				WHERE ms.is_open = 1 AND ms.due_date < ? AND p.status <> 'termine'),
			(SELECT COUNT(*) FROM projects WHERE status <> 'termine' AND next_due_date < ? AND (deadline IS NULL OR deadline >= ?))`,
		today, today, today, today).Scan(&o.ActiveClients, &o.LateProjects, &o.OverdueMilestones, &o.ProjectsAtRisk)
	if err != nil {
		return o, err
	}
	if o.Retours, err = db.RetourCountsOf(ctx, 0); err != nil {
		return o, err
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT status, COUNT(*) FROM projects GROUP BY status")
	err = readRows(rows, err, func(r *sql.Rows) error {
		var st string
		var n int
		err := r.Scan(&st, &n)
		o.ProjectsByStatus[st] = n
		return err
	})
	return o, err
}

// OverdueMilestone is a late step with the names needed to show and link it.
type OverdueMilestone struct {
	Milestone
	ProjectName string
	ClientID    int64
	ClientName  string
}

// OverdueMilestones lists steps past due and not delivered, oldest first, optionally of one client.
func (db *DB) OverdueMilestones(ctx context.Context, today time.Time, clientID int64, limit int) ([]OverdueMilestone, error) {
	where, args := "", []any{today}
	if clientID != 0 {
		where, args = " AND p.client_id = ?", append(args, clientID)
	}
	// The milestones drive the join, in the order of their (is_open, due_date) index, so the
	// LIMIT stops the read early.
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+milestoneColumns+`, p.name, p.client_id, c.name
		FROM milestones ms STRAIGHT_JOIN projects p ON p.id = ms.project_id JOIN clients c ON c.id = p.client_id
		LEFT JOIN users du ON du.id = ms.delivered_by LEFT JOIN users vu ON vu.id = ms.validated_by
		WHERE ms.is_open = 1 AND ms.due_date < ? AND p.status <> 'termine'`+where+`
		ORDER BY ms.due_date, ms.project_id, ms.id LIMIT ?`, append(args, limit)...)
	return scanAll(rows, err, func(r rowScanner) (o OverdueMilestone, err error) {
		o.Milestone, err = scanMilestone(r, &o.ProjectName, &o.ClientID, &o.ClientName)
		return o, err
	})
}

// OverviewVersion tells whether what the overview reads may have changed: projects (whose
// counters and updated_at change with each of their milestones and retours, in that change's
// transaction) and clients. It is constant in cost, whatever the data (the fingerprint of every
// row it replaces read 50 555 projects and 5 003 clients per call at 10×, 0.31 s):
//   - the overview epoch, moved after the commit of every write of a project row or a client
//     made through this store: exact for this process;
//   - the latest updated_at and id of projects and clients, one index dive each (ix_projects_updated,
//     ix_clients_updated, the primary keys): another process's creations and changes.
//
// What neither sees, another process's client deleted or a change committed after a later
// one with an earlier updated_at, the caller bounds by an age (portal's overviewMaxAge).
func (db *DB) OverviewVersion(ctx context.Context) (string, error) {
	// Taken before the read: a write committed after it moves it.
	epoch := db.overviewEpoch.Load()
	var v string
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT CONCAT_WS('/',
			COALESCE((SELECT MAX(updated_at) FROM projects), ''), COALESCE((SELECT MAX(id) FROM projects), 0),
			COALESCE((SELECT MAX(updated_at) FROM clients), ''), COALESCE((SELECT MAX(id) FROM clients), 0))`).Scan(&v)
	return strconv.FormatInt(epoch, 10) + "/" + v, err
}
