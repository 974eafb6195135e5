package store

import (
	"context"
	"sort"
	"time"
)

// The statistics (A7) are aggregates over a period, each read from a covering index
// (migration 0010) with its join order and indexes fixed (STRAIGHT_JOIN, FORCE INDEX), so that
// the plan cannot change with the data: the optimizer once chose, for the old decision-time
// query, to re-read every decision for each version (minutes at 50 000 versions). Without a
// client, a query reads the period's range of a time index; with one, the client's projects
// (ix_projects_client) and then each project's rows by an index that starts with project_id.
// EXPLAIN shows no filesort except on the few hundred per-client rows of ActivityByClient; the
// month groupings keep a temporary table of a few rows per month (a month is an expression of
// the indexed time, which no index orders).

// StatsFilter bounds the statistics: a period [From, To) and optionally one client.
type StatsFilter struct {
	From, To time.Time
	ClientID int64
	// ProjectID narrows the figures of retours (retour_stats.go) to one project, for its report.
	ProjectID int64
}

// MonthCount is a figure for one month ("2026-11") and one series.
type MonthCount struct {
	Month  string
	Series string
	Count  int
}

func (db *DB) monthCounts(ctx context.Context, query string, args ...any) ([]MonthCount, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, query, args...)
	out, err := scanAll(rows, err, func(r rowScanner) (m MonthCount, err error) {
		err = r.Scan(&m.Month, &m.Series, &m.Count)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	sortMonths(out)
	return out, nil
}

// sortMonths orders figures by month, then series: here rather than by the server (ORDER BY
// NULL), a few rows and no filesort.
func sortMonths(ms []MonthCount) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Month != ms[j].Month {
			return ms[i].Month < ms[j].Month
		}
		return ms[i].Series < ms[j].Series
	})
}

// ProjectsByMonth counts the projects created each month, by their current status.
func (db *DB) ProjectsByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	if f.ClientID == 0 {
		return db.monthCounts(ctx, `SELECT DATE_FORMAT(p.created_at, '%Y-%m'), p.status, COUNT(*)
			FROM projects p FORCE INDEX (ix_projects_created)
			WHERE p.created_at >= ? AND p.created_at < ? GROUP BY 1, 2 ORDER BY NULL`, f.From, f.To)
	}
	return db.monthCounts(ctx, `SELECT DATE_FORMAT(p.created_at, '%Y-%m'), p.status, COUNT(*)
		FROM projects p FORCE INDEX (ix_projects_client)
		WHERE p.client_id = ? AND p.created_at >= ? AND p.created_at < ? GROUP BY 1, 2 ORDER BY NULL`, f.ClientID, f.From, f.To)
}

// MilestonesDeliveredByMonth counts steps delivered each month, on time (delivered on or
// before their due day) or late.
func (db *DB) MilestonesDeliveredByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	const cols = `DATE_FORMAT(ms.delivered_at, '%Y-%m'), IF(ms.due_date IS NULL OR DATE(ms.delivered_at) <= ms.due_date, 'on_time', 'late'), COUNT(*)`
	if f.ClientID == 0 {
		return db.monthCounts(ctx, `SELECT `+cols+` FROM milestones ms FORCE INDEX (ix_milestones_delivered)
			WHERE ms.delivered_at >= ? AND ms.delivered_at < ? GROUP BY 1, 2 ORDER BY NULL`, f.From, f.To)
	}
	return db.monthCounts(ctx, `SELECT `+cols+` FROM projects p FORCE INDEX (ix_projects_client)
		STRAIGHT_JOIN milestones ms FORCE INDEX (ix_milestones_project) ON ms.project_id = p.id
		WHERE p.client_id = ? AND ms.delivered_at >= ? AND ms.delivered_at < ? GROUP BY 1, 2 ORDER BY NULL`, f.ClientID, f.From, f.To)
}

// DeliverablesByMonth counts versions uploaded ("uploaded"), and validations given
// ("validated"), each month.
func (db *DB) DeliverablesByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	if f.ClientID == 0 {
		return db.monthSeries(ctx, statement{`SELECT DATE_FORMAT(v.uploaded_at, '%Y-%m'), 'uploaded', COUNT(*)
			FROM deliverable_versions v FORCE INDEX (ix_versions_uploaded)
			WHERE v.uploaded_at >= ? AND v.uploaded_at < ? GROUP BY 1 ORDER BY NULL`, []any{f.From, f.To}},
			statement{`SELECT DATE_FORMAT(d.at, '%Y-%m'), 'validated', COUNT(*)
				FROM deliverable_decisions d FORCE INDEX (ix_decisions_decided)
				WHERE d.decision = 'valide' AND d.at >= ? AND d.at < ? GROUP BY 1 ORDER BY NULL`, []any{f.From, f.To}})
	}
	return db.monthSeries(ctx, statement{`SELECT DATE_FORMAT(v.uploaded_at, '%Y-%m'), 'uploaded', COUNT(*)
			FROM projects p FORCE INDEX (ix_projects_client)
			STRAIGHT_JOIN deliverable_versions v FORCE INDEX (ix_versions_project) ON v.project_id = p.id AND v.uploaded_at >= ? AND v.uploaded_at < ?
			WHERE p.client_id = ? GROUP BY 1 ORDER BY NULL`, []any{f.From, f.To, f.ClientID}},
		statement{`SELECT DATE_FORMAT(d.at, '%Y-%m'), 'validated', COUNT(*)
				FROM projects p FORCE INDEX (ix_projects_client)
				STRAIGHT_JOIN deliverable_versions v FORCE INDEX (ix_versions_project) ON v.project_id = p.id
				STRAIGHT_JOIN deliverable_decisions d FORCE INDEX (ix_decisions_version) ON d.version_id = v.id AND d.at >= ? AND d.at < ?
				WHERE p.client_id = ? AND d.decision = 'valide' GROUP BY 1 ORDER BY NULL`, []any{f.From, f.To, f.ClientID}})
}

// statement is a query and its arguments.
type statement struct {
	query string
	args  []any
}

// monthSeries reads series of month counts one statement each, rather than as a UNION
// (MariaDB drops the ORDER BY NULL of a UNION's parts and sorts each one), in month order.
func (db *DB) monthSeries(ctx context.Context, stmts ...statement) ([]MonthCount, error) {
	var out []MonthCount
	for _, st := range stmts {
		ms, err := db.monthCounts(ctx, st.query, st.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	sortMonths(out)
	return out, nil
}

// ClientActivity is what one client's users did in a period.
type ClientActivity struct {
	ClientID int64
	Name     string
	// ClientMessages counts the messages its users wrote, deleted ones included (the ranking
	// of activity); LiveMessages those not deleted, Answered those of them the staff answered,
	// AnswerSeconds the sum of their times to the answer (whole seconds).
	ClientMessages, LiveMessages, Answered int
	AnswerSeconds                          int64
	// Decisions counts its users' decisions on deliverables, ChangeRequests those that sent a
	// version back.
	Decisions, ChangeRequests int
}

// ActivityByClient sums, per client (one only when f.ClientID is set), the client messages and
// the decisions of the period, in client name order: the ranking of activity, the team's
// response time and the decision counts all come from it.
//
// Both halves read the projects in client order (ix_projects_client) and each project's rows
// from a covering index, so that their sums per client need no temporary table: the client
// messages of a project by ix_messages_client_activity (author_role, project_id, ...), its
// versions, then their decisions. The price is that the messages half reads every client
// message of the projects, not only the period's (created_at is checked in the index entry): a
// range cannot follow an equality join. At the scale dataset that is nearly the same rows
// (it spans 13 months); with years of history a period-ordered index would read fewer.
// Adding up the two halves per client sorts their few hundred rows (temporary table).
func (db *DB) ActivityByClient(ctx context.Context, f StatsFilter) ([]ClientActivity, error) {
	clientWhere, args := "", []any{f.From, f.To}
	if f.ClientID != 0 {
		clientWhere = " WHERE p.client_id = ?"
		args = append(args, f.ClientID)
	}
	args = append(args, args...)
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT c.id, c.name, SUM(a.messages), SUM(a.live), SUM(a.answered), SUM(a.answer_secs),
			SUM(a.decisions), SUM(a.changes)
		FROM (
			SELECT p.client_id, COUNT(*) AS messages, COALESCE(SUM(m.deleted_at IS NULL), 0) AS live,
				COUNT(IF(m.deleted_at IS NULL, m.answered_at, NULL)) AS answered,
				COALESCE(SUM(IF(m.deleted_at IS NULL, TIMESTAMPDIFF(SECOND, m.created_at, m.answered_at), NULL)), 0) AS answer_secs,
				0 AS decisions, 0 AS changes
			FROM projects p FORCE INDEX (ix_projects_client)
			STRAIGHT_JOIN messages m FORCE INDEX (ix_messages_client_activity)
				ON m.author_role = 'client' AND m.project_id = p.id AND m.created_at >= ? AND m.created_at < ?`+clientWhere+`
			GROUP BY p.client_id
			UNION ALL
			SELECT p.client_id, 0, 0, 0, 0, COUNT(*), SUM(d.decision = 'modifications')
			FROM projects p FORCE INDEX (ix_projects_client)
			STRAIGHT_JOIN deliverable_versions v FORCE INDEX (ix_versions_project) ON v.project_id = p.id
			STRAIGHT_JOIN deliverable_decisions d FORCE INDEX (ix_decisions_version) ON d.version_id = v.id AND d.at >= ? AND d.at < ?`+clientWhere+`
			GROUP BY p.client_id
		) a STRAIGHT_JOIN clients c ON c.id = a.client_id
		GROUP BY c.name, c.id ORDER BY c.name, c.id`, args...)
	return scanAll(rows, err, func(r rowScanner) (a ClientActivity, err error) {
		err = r.Scan(&a.ClientID, &a.Name, &a.ClientMessages, &a.LiveMessages, &a.Answered, &a.AnswerSeconds, &a.Decisions, &a.ChangeRequests)
		return a, err
	})
}

// DecisionDelay is the mean time, in seconds, from a version's upload to its first decision of
// the period (0 without one). One index dive per version (its decisions are in date order in
// ix_decisions_version) instead of grouping the period's decisions by version.
func (db *DB) DecisionDelay(ctx context.Context, f StatsFilter) (float64, error) {
	clientWhere, args := "", []any{f.From, f.To}
	if f.ClientID != 0 {
		clientWhere = " WHERE p.client_id = ?"
		args = append(args, f.ClientID)
	}
	var avg float64
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT COALESCE(AVG((SELECT TIMESTAMPDIFF(SECOND, v.uploaded_at, MIN(d.at))
			FROM deliverable_decisions d FORCE INDEX (ix_decisions_version) WHERE d.version_id = v.id AND d.at >= ? AND d.at < ?)), 0)
		FROM projects p FORCE INDEX (ix_projects_client)
		STRAIGHT_JOIN deliverable_versions v FORCE INDEX (ix_versions_project) ON v.project_id = p.id`+clientWhere, args...).Scan(&avg)
	return avg, err
}

// ClientRank is one line of a ranking of clients.
type ClientRank struct {
	ClientID int64
	Name     string
	Count    int
}

// MostOverdueClients ranks clients by their steps overdue on today.
func (db *DB) MostOverdueClients(ctx context.Context, today time.Time, limit int) ([]ClientRank, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT c.id, c.name, COUNT(*) AS n FROM milestones ms STRAIGHT_JOIN projects p ON p.id = ms.project_id
		JOIN clients c ON c.id = p.client_id
		WHERE ms.is_open = 1 AND ms.due_date < ? AND p.status <> 'termine'
		GROUP BY c.id, c.name ORDER BY n DESC, c.name LIMIT ?`, today, limit)
	return scanAll(rows, err, func(row rowScanner) (r ClientRank, err error) {
		err = row.Scan(&r.ClientID, &r.Name, &r.Count)
		return r, err
	})
}
