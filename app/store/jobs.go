package store

import (
	"context"
	"time"
)

// JobRun is one run of a scheduled job.
type JobRun struct {
	ID         int64
	Job        string
	Runner     string // the process that ran it (host, process id)
	StartedAt  time.Time
	FinishedAt *time.Time
	Outcome    string // running, success, failure, skipped
	Details    string
}

// StartJobRun records the start of a run by runner.
func (db *DB) StartJobRun(ctx context.Context, job, runner string, now time.Time) (int64, error) {
	res, err := db.conn(ctx).ExecContext(ctx, "INSERT INTO job_runs (job, runner, started_at, outcome) VALUES (?, ?, ?, 'running')", job, clip(runner, 120), now)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FinishJobRun records how a run ended.
func (db *DB) FinishJobRun(ctx context.Context, id int64, outcome, details string, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, "UPDATE job_runs SET finished_at = ?, outcome = ?, details = ? WHERE id = ?", now, outcome, clip(details, 2000), id)
	return err
}

// RecordSkippedRun notes a run that another process was already doing.
func (db *DB) RecordSkippedRun(ctx context.Context, job string, now time.Time) error {
	_, err := db.conn(ctx).ExecContext(ctx, "INSERT INTO job_runs (job, started_at, finished_at, outcome, details) VALUES (?, ?, ?, 'skipped', 'another process was running it')", job, now, now)
	return err
}

// JobRuns lists recent runs, newest first, optionally of one job.
func (db *DB) JobRuns(ctx context.Context, job string, limit int) ([]JobRun, error) {
	where, args := "", []any{}
	if job != "" {
		where, args = "WHERE job = ?", append(args, job)
	}
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT id, job, runner, started_at, finished_at, outcome, details FROM job_runs "+where+" ORDER BY id DESC LIMIT ?", append(args, limit)...)
	return scanAll(rows, err, func(row rowScanner) (r JobRun, err error) {
		err = row.Scan(&r.ID, &r.Job, &r.Runner, &r.StartedAt, &r.FinishedAt, &r.Outcome, &r.Details)
		return r, err
	})
}

// ClaimOverdueAlert records that a milestone's overdue alert of day is sent; false when it was already.
func (db *DB) ClaimOverdueAlert(ctx context.Context, milestoneID int64, day, now time.Time) (bool, error) {
	n, err := affected(db.conn(ctx).ExecContext(ctx, "INSERT IGNORE INTO overdue_alerts (milestone_id, day, sent_at) VALUES (?, ?, ?)", milestoneID, day, now))
	return n == 1, err
}

// ActiveAdmins lists the ids of the staff who can sign in.
func (db *DB) ActiveAdmins(ctx context.Context) ([]int64, error) {
	q := db.conn(ctx)
	rows, err := q.QueryContext(ctx, "SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL")
	return scanIDs(rows, err)
}

// DeleteOldJobRuns forgets runs started before cutoff.
func (db *DB) DeleteOldJobRuns(ctx context.Context, cutoff time.Time) (int64, error) {
	return affected(db.conn(ctx).ExecContext(ctx, "DELETE FROM job_runs WHERE started_at < ?", cutoff))
}
