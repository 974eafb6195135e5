package store

import (
	"context"
	"database/sql"
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

// OverviewVersion is a fingerprint of every row the overview reads: projects (whose counters
// and updated_at change with each of their milestones, in the milestone's transaction) and
// clients. It changes whenever one of them is written, created or removed, and costs an
// index-only read of the projects' updated_at index instead of the overview's aggregates.
func (db *DB) OverviewVersion(ctx context.Context) (string, error) {
	var v string
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT CONCAT_WS('/',
			(SELECT CONCAT(COUNT(*), ':', COALESCE(BIT_XOR(CRC32(CONCAT(id, '@', updated_at))), 0)) FROM projects FORCE INDEX (ix_projects_updated)),
			(SELECT CONCAT(COUNT(*), ':', COALESCE(BIT_XOR(CRC32(CONCAT(id, '@', updated_at))), 0)) FROM clients))`).Scan(&v)
	return v, err
}
