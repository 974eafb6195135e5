package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Bulk inserts for the demo and scale datasets: many rows per statement, so that 50 000
// milestones load in seconds rather than minutes.

const bulkRows = 500

func (db *DB) bulkInsert(ctx context.Context, head string, cols int, n int, row func(i int) []any) error {
	q := db.conn(ctx)
	for start := 0; start < n; start += bulkRows {
		end := min(start+bulkRows, n)
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, (end-start)*cols)
		ph := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(",")
			}
			b.WriteString(ph)
			args = append(args, row(i)...)
		}
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// BulkInsertClients inserts clients; ids are assigned in order from the first returned id.
func (db *DB) BulkInsertClients(ctx context.Context, cs []Client, now time.Time) error {
	defer db.overviewChanged(ctx)
	return db.bulkInsert(ctx, "INSERT INTO clients (name, contact_name, contact_email, phone, address, notes, created_at, updated_at) VALUES ", 8, len(cs),
		func(i int) []any {
			c := cs[i]
			return []any{c.Name, c.ContactName, c.ContactEmail, c.Phone, c.Address, c.Notes, now, now}
		})
}

// BulkInsertUsers inserts users with their password hash.
func (db *DB) BulkInsertUsers(ctx context.Context, us []User, now time.Time) error {
	return db.bulkInsert(ctx, "INSERT INTO users (email, name, role, client_id, password_hash, password_set_at, language, created_at, updated_at) VALUES ", 9, len(us),
		func(i int) []any {
			u := us[i]
			return []any{u.Email, u.Name, u.Role, nullID(u.ClientID), u.PasswordHash, now, "fr", now, now}
		})
}

// BulkInsertProjects inserts projects (counters are refreshed by RecomputeAllProjectCounters).
func (db *DB) BulkInsertProjects(ctx context.Context, ps []Project, now time.Time) error {
	defer db.overviewChanged(ctx)
	return db.bulkInsert(ctx, "INSERT INTO projects (client_id, name, description, start_date, deadline, status, manager_id, created_at, updated_at) VALUES ", 9, len(ps),
		func(i int) []any {
			p := ps[i]
			return []any{p.ClientID, p.Name, p.Description, p.StartDate, p.Deadline, p.Status, nullID(p.ManagerID), now, now}
		})
}

// BulkInsertMilestones inserts milestones with their state and positions as given.
func (db *DB) BulkInsertMilestones(ctx context.Context, ms []Milestone, now time.Time) error {
	return db.bulkInsert(ctx, "INSERT INTO milestones (project_id, position, title, description, due_date, weight, state, delivered_at, validated_at, created_at, updated_at) VALUES ", 11, len(ms),
		func(i int) []any {
			m := ms[i]
			return []any{m.ProjectID, m.Position, m.Title, m.Description, m.DueDate, m.Weight, m.State, m.DeliveredAt, m.ValidatedAt, now, now}
		})
}

// BulkInsertMilestoneEvents appends history lines.
func (db *DB) BulkInsertMilestoneEvents(ctx context.Context, es []MilestoneEvent) error {
	return db.bulkInsert(ctx, "INSERT INTO milestone_events (project_id, milestone_id, kind, at, by_user_id, by_name, title, task_id, internal) VALUES ", 9, len(es),
		func(i int) []any {
			e := es[i]
			return []any{e.ProjectID, e.MilestoneID, e.Kind, e.At, nullID(e.ByUserID), e.ByName, e.Title, nullID(e.TaskID), e.Internal}
		})
}

// RecomputeAllProjectCounters refreshes the counters and the next step of every project, the
// counters of every step and each client's number of projects.
func (db *DB) RecomputeAllProjectCounters(ctx context.Context) error {
	if err := db.recomputeCounters(ctx, "WHERE 1 = 1", "1 = 1", nil, nil); err != nil {
		return err
	}
	if _, err := db.conn(ctx).ExecContext(ctx, `UPDATE clients c
		LEFT JOIN (SELECT client_id, COUNT(*) AS n FROM projects GROUP BY client_id) p ON p.client_id = c.id
		SET c.projects_total = COALESCE(p.n, 0)`); err != nil {
		return err
	}
	_, err := db.conn(ctx).ExecContext(ctx, `UPDATE projects p
		LEFT JOIN (SELECT project_id, SUM(status <> 'cloture') AS open, SUM(status = 'nouveau') AS fresh, SUM(status = 'resolu') AS resolved
			FROM retours GROUP BY project_id) r ON r.project_id = p.id
		SET p.retours_open = COALESCE(r.open, 0), p.retours_new = COALESCE(r.fresh, 0), p.retours_resolved = COALESCE(r.resolved, 0)`)
	db.overviewChanged(ctx)
	return err
}

// IDsInOrder returns every id of a table in insertion order (the demo reads back what it made
// in a database that had none of it).
func (db *DB) IDsInOrder(ctx context.Context, table string) ([]int64, error) {
	q := db.conn(ctx)
	switch table {
	case "clients", "projects", "milestones", "deliverables", "deliverable_versions", "retours", "tasks":
	default:
		panic("store: IDsInOrder on an unexpected table " + table)
	}
	return scanIDs(q.QueryContext(ctx, "SELECT id FROM "+table+" ORDER BY id"))
}

// UserIDByEmail finds a user's id inside a transaction.
func (db *DB) UserIDByEmail(ctx context.Context, email string) (int64, error) {
	q := db.conn(ctx)
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM users WHERE email = ?", email).Scan(&id)
	return id, mapErr(err)
}

// CountRows counts the rows of the portal's main tables.
func (db *DB) CountRows(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"clients", "users", "projects", "milestones", "tasks", "messages", "deliverable_versions", "retours"} {
		var n int
		if err := db.conn(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}

// BulkInsertMessages inserts conversation messages, then completes what posting keeps on write.
func (db *DB) BulkInsertMessages(ctx context.Context, ms []Message) error {
	if err := db.BulkAppendMessages(ctx, ms); err != nil {
		return err
	}
	return db.BackfillMessages(ctx)
}

// BackfillMessages completes, after messages written by BulkAppendMessages, their answers, search
// words and unread counters.
func (db *DB) BackfillMessages(ctx context.Context) error {
	if err := db.BackfillAnswers(ctx); err != nil {
		return err
	}
	return db.RecountUnread(ctx)
}

// BulkAppendMessages inserts conversation messages and nothing else: a large load writes them by
// chunks (bounded memory) and calls BackfillMessages once at the end.
func (db *DB) BulkAppendMessages(ctx context.Context, ms []Message) error {
	return db.bulkInsert(ctx, "INSERT INTO messages (project_id, retour_id, author_id, author_role, body, created_at, internal) VALUES ", 7, len(ms),
		func(i int) []any {
			m := ms[i]
			return []any{m.ProjectID, nullID(m.RetourID), m.AuthorID, m.AuthorRole, m.Body, m.CreatedAt, m.Internal}
		})
}

// RecountUnread computes the unread counters kept on write after a bulk load that wrote messages
// without them: the project conversations' (migration 0018; 0022, whose statements these are,
// leaves the retours' threads out) and the retours' threads' (0027).
func (db *DB) RecountUnread(ctx context.Context) error {
	for _, name := range []string{"migrations/0022_retour_thread_index.sql", "migrations/0027_retour_reads.sql"} {
		src, err := migrationFiles.ReadFile(name)
		if err != nil {
			return err
		}
		for _, st := range splitStatements(string(src)) {
			if strings.HasPrefix(st, "ALTER") || strings.HasPrefix(st, "CREATE") {
				continue
			}
			if _, err := db.conn(ctx).ExecContext(ctx, st); err != nil {
				return err
			}
		}
	}
	return nil
}

// BulkInsertDeliverables inserts deliverables with their latest version number.
func (db *DB) BulkInsertDeliverables(ctx context.Context, ds []Deliverable, now time.Time) error {
	return db.bulkInsert(ctx, "INSERT INTO deliverables (project_id, milestone_id, title, latest_version, created_at, updated_at) VALUES ", 6, len(ds),
		func(i int) []any {
			d := ds[i]
			return []any{d.ProjectID, nullID(d.MilestoneID), d.Title, d.LatestVersion, now, now}
		})
}

// BulkInsertVersions inserts deliverable versions.
func (db *DB) BulkInsertVersions(ctx context.Context, vs []Version) error {
	err := db.bulkInsert(ctx, "INSERT INTO deliverable_versions (deliverable_id, project_id, number, file_key, file_name, content_type, size, sha256, note, status, uploaded_at) VALUES ", 11, len(vs),
		func(i int) []any {
			v := vs[i]
			return []any{v.DeliverableID, v.ProjectID, v.Number, v.FileKey, v.FileName, v.ContentType, v.Size, v.SHA256, v.Note, v.Status, v.UploadedAt}
		})
	if err != nil {
		return err
	}
	// Their project's client (migration 0019, whose statement this is).
	_, err = db.conn(ctx).ExecContext(ctx, "UPDATE deliverable_versions v JOIN projects p ON p.id = v.project_id SET v.client_id = p.client_id WHERE v.client_id IS NULL")
	return err
}

// BulkInsertRetours inserts retours with their state and dates as given (counters are
// refreshed by RecomputeAllProjectCounters).
func (db *DB) BulkInsertRetours(ctx context.Context, rs []Retour) error {
	return db.bulkInsert(ctx, `INSERT INTO retours (project_id, client_id, milestone_id, version_id, kind, priority, status, title, description,
		opened_by, opened_by_name, opened_role, assignee_id, resolution, resolved_version_id, created_at, updated_at, acknowledged_at,
		first_resolved_at, resolved_at, closed_at, reopen_count) VALUES `, 22, len(rs),
		func(i int) []any {
			r := rs[i]
			resolution := sql.NullString{String: r.Resolution, Valid: r.Resolution != ""}
			return []any{r.ProjectID, r.ClientID, nullID(r.MilestoneID), nullID(r.VersionID), r.Kind, r.Priority, r.Status, r.Title, r.Description,
				nullID(r.OpenedBy), r.OpenedName, r.OpenedRole, nullID(r.AssigneeID), resolution, nullID(r.ResolvedVersionID), r.CreatedAt,
				r.UpdatedAt, r.AcknowledgedAt, r.FirstResolvedAt, r.ResolvedAt, r.ClosedAt, r.ReopenCount}
		})
}

// BulkInsertRetourEvents appends retours' history lines.
func (db *DB) BulkInsertRetourEvents(ctx context.Context, es []RetourEvent) error {
	return db.bulkInsert(ctx, "INSERT INTO retour_events (retour_id, from_status, to_status, at, by_user_id, by_name, by_role, comment, version_id) VALUES ", 9, len(es),
		func(i int) []any {
			e := es[i]
			return []any{e.RetourID, e.From, e.To, e.At, nullID(e.ByUserID), e.ByName, e.ByRole, e.Comment, nullID(e.VersionID)}
		})
}

// RaiseBufferPool grows the server's InnoDB buffer pool to at least size bytes for a bulk load
// and returns what puts it back. A load whose secondary indexes outgrow the pool inserts into
// them at random places read from disk page by page (the messages' created_at and author
// indexes at ten times the scale dataset: most of its load time). The server resizes the pool
// while it runs (MariaDB 10.2 and later, MySQL 5.7 and later); a server that refuses (an account
// without the privilege) keeps its pool, and the load is only slower.
func (db *DB) RaiseBufferPool(ctx context.Context, size int64) (restore func()) {
	var was int64
	if err := db.sql.QueryRowContext(ctx, "SELECT @@GLOBAL.innodb_buffer_pool_size").Scan(&was); err != nil || was >= size {
		return func() {}
	}
	if _, err := db.sql.ExecContext(ctx, "SET GLOBAL innodb_buffer_pool_size = ?", size); err != nil {
		return func() {}
	}
	return func() {
		_, _ = db.sql.ExecContext(context.WithoutCancel(ctx), "SET GLOBAL innodb_buffer_pool_size = ?", was)
	}
}

// AnalyzeTables refreshes the optimizer's statistics of every table. After a bulk load the
// server still believes the tables hold the few rows they had, and picks plans for those (a
// full scan where an index range would read a hundred rows) until its own sampling catches up.
func (db *DB) AnalyzeTables(ctx context.Context) error {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")
	names, err := scanAll(rows, err, func(r rowScanner) (n string, err error) {
		err = r.Scan(&n)
		return "`" + strings.ReplaceAll(n, "`", "``") + "`", err
	})
	if err != nil || len(names) == 0 {
		return err
	}
	// ANALYZE answers with a result set (one status row per table): read it to the end.
	res, err := db.conn(ctx).QueryContext(ctx, "ANALYZE TABLE "+strings.Join(names, ", "))
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
	}
	return res.Err()
}
