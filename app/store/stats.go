package store

import (
	"context"
	"time"
)

// StatsFilter bounds the statistics: a period [From, To) and optionally one client.
type StatsFilter struct {
	From, To time.Time
	ClientID int64
}

func (f StatsFilter) client(alias string) (string, []any) {
	if f.ClientID == 0 {
		return "", nil
	}
	return " AND " + alias + ".client_id = ?", []any{f.ClientID}
}

// MonthCount is a figure for one month ("2026-11") and one series.
type MonthCount struct {
	Month  string
	Series string
	Count  int
}

func (db *DB) monthCounts(ctx context.Context, query string, args ...any) ([]MonthCount, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MonthCount
	for rows.Next() {
		var m MonthCount
		if err := rows.Scan(&m.Month, &m.Series, &m.Count); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ProjectsByMonth counts the projects created each month, by their current status.
func (db *DB) ProjectsByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	cw, ca := f.client("p")
	return db.monthCounts(ctx, `SELECT DATE_FORMAT(p.created_at, '%Y-%m'), p.status, COUNT(*) FROM projects p
		WHERE p.created_at >= ? AND p.created_at < ?`+cw+` GROUP BY 1, 2 ORDER BY 1, 2`, append([]any{f.From, f.To}, ca...)...)
}

// MilestonesDeliveredByMonth counts steps delivered each month, on time (delivered on or
// before their due day) or late.
func (db *DB) MilestonesDeliveredByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	cw, ca := f.client("p")
	return db.monthCounts(ctx, `SELECT DATE_FORMAT(ms.delivered_at, '%Y-%m'),
			IF(ms.due_date IS NULL OR DATE(ms.delivered_at) <= ms.due_date, 'on_time', 'late'), COUNT(*)
		FROM milestones ms JOIN projects p ON p.id = ms.project_id
		WHERE ms.delivered_at >= ? AND ms.delivered_at < ?`+cw+` GROUP BY 1, 2 ORDER BY 1, 2`, append([]any{f.From, f.To}, ca...)...)
}

// DeliverablesByMonth counts versions uploaded, and validations given, each month.
func (db *DB) DeliverablesByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	cw, ca := f.client("p")
	args := append([]any{f.From, f.To}, ca...)
	return db.monthCounts(ctx, `SELECT DATE_FORMAT(v.uploaded_at, '%Y-%m'), 'uploaded', COUNT(*)
			FROM deliverable_versions v JOIN projects p ON p.id = v.project_id
			WHERE v.uploaded_at >= ? AND v.uploaded_at < ?`+cw+` GROUP BY 1
		UNION ALL
		SELECT DATE_FORMAT(d.at, '%Y-%m'), 'validated', COUNT(*)
			FROM deliverable_decisions d JOIN deliverable_versions v ON v.id = d.version_id JOIN projects p ON p.id = v.project_id
			WHERE d.decision = 'valide' AND d.at >= ? AND d.at < ?`+cw+` GROUP BY 1
		ORDER BY 1, 2`, append(args, args...)...)
}

// DecisionFigures summarises the client decisions of the period.
type DecisionFigures struct {
	Decisions      int
	ChangeRequests int
	// AvgDecisionSeconds is the mean time from a version's upload to its first decision.
	AvgDecisionSeconds float64
}

// Decisions computes the decision figures.
func (db *DB) Decisions(ctx context.Context, f StatsFilter) (DecisionFigures, error) {
	cw, ca := f.client("p")
	var d DecisionFigures
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(d.decision = 'modifications'), 0)
		FROM deliverable_decisions d JOIN deliverable_versions v ON v.id = d.version_id JOIN projects p ON p.id = v.project_id
		WHERE d.at >= ? AND d.at < ?`+cw, append([]any{f.From, f.To}, ca...)...).Scan(&d.Decisions, &d.ChangeRequests)
	if err != nil {
		return d, err
	}
	err = db.sql.QueryRowContext(ctx, `SELECT COALESCE(AVG(TIMESTAMPDIFF(SECOND, v.uploaded_at, first.at)), 0)
		FROM (SELECT version_id, MIN(at) AS at FROM deliverable_decisions WHERE at >= ? AND at < ? GROUP BY version_id) first
		JOIN deliverable_versions v ON v.id = first.version_id JOIN projects p ON p.id = v.project_id WHERE 1=1`+cw,
		append([]any{f.From, f.To}, ca...)...).Scan(&d.AvgDecisionSeconds)
	return d, err
}

// ResponseFigures measures how fast the team answers client messages.
type ResponseFigures struct {
	ClientMessages     int
	Answered           int
	AvgResponseSeconds float64
}

// TeamResponse computes, for client messages of the period, the time until the staff's next
// message in the same conversation (kept on write in messages.answered_at).
func (db *DB) TeamResponse(ctx context.Context, f StatsFilter) (ResponseFigures, error) {
	cw, ca := f.client("p")
	var r ResponseFigures
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(m.answered_at), COALESCE(AVG(TIMESTAMPDIFF(SECOND, m.created_at, m.answered_at)), 0)
		FROM messages m JOIN projects p ON p.id = m.project_id
		WHERE m.author_role = 'client' AND m.deleted_at IS NULL AND m.created_at >= ? AND m.created_at < ?`+cw,
		append([]any{f.From, f.To}, ca...)...).Scan(&r.ClientMessages, &r.Answered, &r.AvgResponseSeconds)
	return r, err
}

// ClientRank is one line of a ranking of clients.
type ClientRank struct {
	ClientID int64
	Name     string
	Count    int
}

func (db *DB) ranks(ctx context.Context, query string, args ...any) ([]ClientRank, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ClientRank
	for rows.Next() {
		var r ClientRank
		if err := rows.Scan(&r.ClientID, &r.Name, &r.Count); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MostActiveClients ranks clients by messages and decisions of their users in the period.
func (db *DB) MostActiveClients(ctx context.Context, f StatsFilter, limit int) ([]ClientRank, error) {
	return db.ranks(ctx, `SELECT c.id, c.name, COUNT(*) AS n FROM (
			SELECT p.client_id FROM messages m JOIN projects p ON p.id = m.project_id
				WHERE m.author_role = 'client' AND m.created_at >= ? AND m.created_at < ?
			UNION ALL
			SELECT p.client_id FROM deliverable_decisions d JOIN deliverable_versions v ON v.id = d.version_id JOIN projects p ON p.id = v.project_id
				WHERE d.at >= ? AND d.at < ?) act
		JOIN clients c ON c.id = act.client_id GROUP BY c.id, c.name ORDER BY n DESC, c.name LIMIT ?`, f.From, f.To, f.From, f.To, limit)
}

// MostOverdueClients ranks clients by their steps overdue on today.
func (db *DB) MostOverdueClients(ctx context.Context, today time.Time, limit int) ([]ClientRank, error) {
	return db.ranks(ctx, `SELECT c.id, c.name, COUNT(*) AS n FROM milestones ms STRAIGHT_JOIN projects p ON p.id = ms.project_id
		JOIN clients c ON c.id = p.client_id
		WHERE ms.is_open = 1 AND ms.due_date < ? AND p.status <> 'termine'
		GROUP BY c.id, c.name ORDER BY n DESC, c.name LIMIT ?`, today, limit)
}
