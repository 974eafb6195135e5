package store

import (
	"context"
	"time"
)

// The figures of retours for the statistics and the follow-up reports. Like the other
// statistics they are SQL aggregates over the period's range of an index of retours (the
// times are kept on the row when they happen: acknowledged_at, first_resolved_at, closed_at,
// reopen_count); with a client, its range of ix_retours_client_created.

// RetoursByMonth counts the retours opened ("opened") and closed ("closed") each month.
func (db *DB) RetoursByMonth(ctx context.Context, f StatsFilter) ([]MonthCount, error) {
	var opened, closed []MonthCount
	var err error
	if f.ClientID == 0 {
		opened, err = db.monthCounts(ctx, `SELECT DATE_FORMAT(r.created_at, '%Y-%m'), 'opened', COUNT(*)
			FROM retours r FORCE INDEX (ix_retours_created) WHERE r.created_at >= ? AND r.created_at < ? GROUP BY 1 ORDER BY NULL`, f.From, f.To)
		if err == nil {
			closed, err = db.monthCounts(ctx, `SELECT DATE_FORMAT(r.closed_at, '%Y-%m'), 'closed', COUNT(*)
				FROM retours r FORCE INDEX (ix_retours_closed) WHERE r.closed_at >= ? AND r.closed_at < ? GROUP BY 1 ORDER BY NULL`, f.From, f.To)
		}
	} else {
		opened, err = db.monthCounts(ctx, `SELECT DATE_FORMAT(r.created_at, '%Y-%m'), 'opened', COUNT(*)
			FROM retours r FORCE INDEX (ix_retours_client_created) WHERE r.client_id = ? AND r.created_at >= ? AND r.created_at < ? GROUP BY 1 ORDER BY NULL`,
			f.ClientID, f.From, f.To)
		if err == nil {
			closed, err = db.monthCounts(ctx, `SELECT DATE_FORMAT(r.closed_at, '%Y-%m'), 'closed', COUNT(*)
				FROM retours r FORCE INDEX (ix_retours_client) WHERE r.client_id = ? AND r.closed_at >= ? AND r.closed_at < ? GROUP BY 1 ORDER BY NULL`,
				f.ClientID, f.From, f.To)
		}
	}
	if err != nil {
		return nil, err
	}
	out := append(opened, closed...)
	sortMonths(out)
	return out, nil
}

// Spread is the median and 90th percentile of a duration in seconds over Count retours.
type Spread struct {
	Count      int
	MedianSecs int64
	P90Secs    int64
}

// RetourFigures are the delays and the reopen rate of the retours opened in a period.
type RetourFigures struct {
	Opened int
	// Acknowledge is the time from opening to « pris en compte »; Resolve to the first
	// resolution.
	Acknowledge, Resolve Spread
	// Resolved counts those resolved at least once, Reopened those of them the client reopened.
	Resolved, Reopened int
}

// retourScope is the WHERE of the period's retours, optionally of one client, and its index.
// Without a project, the index covers every column the figures read (migration 0029): a row
// of the period is an index entry, never a primary-key lookup (56 s at 10× before).
func retourScope(f StatsFilter) (index, where string, args []any) {
	if f.ProjectID != 0 {
		return "ix_retours_project", "r.project_id = ? AND r.created_at >= ? AND r.created_at < ?", []any{f.ProjectID, f.From, f.To}
	}
	if f.ClientID == 0 {
		return "ix_retours_created", "r.created_at >= ? AND r.created_at < ?", []any{f.From, f.To}
	}
	return "ix_retours_client_created", "r.client_id = ? AND r.created_at >= ? AND r.created_at < ?", []any{f.ClientID, f.From, f.To}
}

// spread computes the median and 90th percentile of a duration column over the period's
// retours that have it: the count, then the two ranks read in order (portable SQL: MariaDB's
// PERCENTILE_CONT is not in MySQL).
func (db *DB) spread(ctx context.Context, f StatsFilter, until string) (Spread, error) {
	index, where, args := retourScope(f)
	expr := "TIMESTAMPDIFF(SECOND, r.created_at, r." + until + ")"
	cond := " WHERE " + where + " AND r." + until + " IS NOT NULL"
	var s Spread
	q := db.conn(ctx)
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM retours r FORCE INDEX ("+index+")"+cond, args...).Scan(&s.Count); err != nil || s.Count == 0 {
		return s, err
	}
	rank := func(p float64) (int64, error) {
		// The nearest-rank percentile: the smallest value with at least p of them at or below it.
		k := int(p*float64(s.Count)+0.999999) - 1
		k = max(0, min(k, s.Count-1))
		var v int64
		err := q.QueryRowContext(ctx, "SELECT "+expr+" AS d FROM retours r FORCE INDEX ("+index+")"+cond+" ORDER BY d LIMIT 1 OFFSET ?",
			append(args, k)...).Scan(&v)
		return v, err
	}
	var err error
	if s.MedianSecs, err = rank(0.5); err != nil {
		return s, err
	}
	s.P90Secs, err = rank(0.9)
	return s, err
}

// RetourFiguresOf computes the delays and the reopen rate of the period's retours.
func (db *DB) RetourFiguresOf(ctx context.Context, f StatsFilter) (RetourFigures, error) {
	var out RetourFigures
	index, where, args := retourScope(f)
	err := db.conn(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COUNT(r.first_resolved_at), COALESCE(SUM(r.first_resolved_at IS NOT NULL AND r.reopen_count > 0), 0)
		FROM retours r FORCE INDEX (`+index+`) WHERE `+where, args...).Scan(&out.Opened, &out.Resolved, &out.Reopened)
	if err != nil {
		return out, err
	}
	if out.Acknowledge, err = db.spread(ctx, f, "acknowledged_at"); err != nil {
		return out, err
	}
	out.Resolve, err = db.spread(ctx, f, "first_resolved_at")
	return out, err
}

// RetourAge is how many retours of a priority are open, by age: "lt7" (under a week), "lt30",
// "gte30" days.
type RetourAge struct {
	Priority string
	Age      string
	Count    int
}

// OpenRetoursByAge counts the retours not closed on today, by priority and age, optionally of
// one client (or one project).
func (db *DB) OpenRetoursByAge(ctx context.Context, now time.Time, clientID, projectID int64) ([]RetourAge, error) {
	where, args := "r.status <> 'cloture'", []any{now.AddDate(0, 0, -7), now.AddDate(0, 0, -30)}
	index := "ix_retours_status"
	if clientID != 0 {
		where, args, index = where+" AND r.client_id = ?", append(args, clientID), "ix_retours_client"
	}
	if projectID != 0 {
		where, args, index = where+" AND r.project_id = ?", append(args, projectID), "ix_retours_project"
	}
	rows, err := db.conn(ctx).QueryContext(ctx, `SELECT r.priority, CASE WHEN r.created_at >= ? THEN 'lt7' WHEN r.created_at >= ? THEN 'lt30' ELSE 'gte30' END AS age,
			COUNT(*) FROM retours r FORCE INDEX (`+index+`) WHERE `+where+` GROUP BY 1, 2 ORDER BY 1, 2`, args...)
	return scanAll(rows, err, func(r rowScanner) (a RetourAge, err error) {
		err = r.Scan(&a.Priority, &a.Age, &a.Count)
		return a, err
	})
}
