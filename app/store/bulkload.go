package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// LoadSettings turns the server's durability down for a large load and returns what puts it
// back: the redo log is written without a flush at each commit (a crash loses the last second,
// and a crashed load is started again on an empty database anyway), and the log is larger, so
// that InnoDB does not stop the inserts to write dirty pages out at every checkpoint of a
// 96 MiB log. Both variables are dynamic (MariaDB 10.9 and later resizes the log while it
// runs); a server that refuses one (an account without the privilege, an older server) keeps
// it, and the load is only slower.
func (db *DB) LoadSettings(ctx context.Context) (restore func()) {
	q := db.SQL()
	var undo []func()
	set := func(name string, value int64, onlyRaise bool) {
		var was int64
		if err := q.QueryRowContext(ctx, "SELECT @@GLOBAL."+name).Scan(&was); err != nil || was == value || (onlyRaise && was > value) {
			return
		}
		if _, err := q.ExecContext(ctx, fmt.Sprintf("SET GLOBAL %s = %d", name, value)); err != nil {
			return
		}
		undo = append(undo, func() { _, _ = q.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("SET GLOBAL %s = %d", name, was)) })
	}
	set("innodb_flush_log_at_trx_commit", 0, false)
	set("innodb_log_file_size", loadLogSize, true)
	return func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
}

// loadLogSize is the redo log's size during a large load.
const loadLogSize = 1 << 30

// DeferIndexes drops the secondary indexes of table that no foreign key needs, and returns what
// builds them again. Rows loaded in primary key order append to the table, but an index in
// another order (a message's author, its date) takes each row at a random place: once such an
// index outgrows the buffer pool, every insert reads a page from disk. Built after the load,
// from one sorted pass over the table, the index costs a fraction of that and its pages are
// full. The definitions are read from the server, so that they stay those of the migrations.
func (db *DB) DeferIndexes(ctx context.Context, table string) (rebuild func() error, err error) {
	q := db.SQL()
	type index struct {
		name    string
		columns []string
	}
	rows, err := q.QueryContext(ctx, `SELECT index_name, column_name, sub_part FROM information_schema.statistics
		WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY' AND non_unique = 1 AND index_type = 'BTREE'
		ORDER BY index_name, seq_in_index`, table)
	if err != nil {
		return nil, err
	}
	var indexes []*index
	for rows.Next() {
		var name, column string
		var sub sql.NullInt64
		if err := rows.Scan(&name, &column, &sub); err != nil {
			rows.Close()
			return nil, err
		}
		if len(indexes) == 0 || indexes[len(indexes)-1].name != name {
			indexes = append(indexes, &index{name: name})
		}
		col := "`" + column + "`"
		if sub.Valid {
			col += fmt.Sprintf("(%d)", sub.Int64)
		}
		indexes[len(indexes)-1].columns = append(indexes[len(indexes)-1].columns, col)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Each foreign key keeps the shortest index that begins with its columns (the one the server
	// uses for it, and refuses to drop).
	rows, err = q.QueryContext(ctx, `SELECT constraint_name, column_name FROM information_schema.key_column_usage
		WHERE table_schema = DATABASE() AND table_name = ? AND referenced_table_name IS NOT NULL
		ORDER BY constraint_name, ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	var fks [][]string
	last := ""
	for rows.Next() {
		var name, column string
		if err := rows.Scan(&name, &column); err != nil {
			rows.Close()
			return nil, err
		}
		if name != last || len(fks) == 0 {
			fks = append(fks, nil)
			last = name
		}
		fks[len(fks)-1] = append(fks[len(fks)-1], "`"+column+"`")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := map[string]bool{}
	for _, fk := range fks {
		var best *index
		for _, ix := range indexes {
			if len(ix.columns) >= len(fk) && strings.Join(ix.columns[:len(fk)], ",") == strings.Join(fk, ",") &&
				(best == nil || len(ix.columns) < len(best.columns)) {
				best = ix
			}
		}
		if best != nil {
			kept[best.name] = true
		}
	}
	var drop, add []string
	for _, ix := range indexes {
		if !kept[ix.name] {
			drop = append(drop, "DROP KEY `"+ix.name+"`")
			add = append(add, "ADD KEY `"+ix.name+"` ("+strings.Join(ix.columns, ", ")+")")
		}
	}
	if len(drop) == 0 {
		return func() error { return nil }, nil
	}
	if _, err := q.ExecContext(ctx, "ALTER TABLE `"+table+"` "+strings.Join(drop, ", ")); err != nil {
		return nil, err
	}
	// One index a statement: each builds within the driver's read timeout at ten times the
	// scale dataset.
	return func() error {
		for _, a := range add {
			if _, err := q.ExecContext(ctx, "ALTER TABLE `"+table+"` "+a); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// MessageDatePeriods splits the messages' dates into periods of about per messages each: bounds[i] to
// bounds[i+1] (excluded), the last bound just after the newest message. One pass over the date
// index, read in order.
func (db *DB) MessageDatePeriods(ctx context.Context, per int) ([]time.Time, error) {
	q := db.SQL()
	rows, err := q.QueryContext(ctx, "SELECT created_at FROM messages ORDER BY created_at")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bounds []time.Time
	var t time.Time
	for n := 0; rows.Next(); n++ {
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if n%per == 0 && (len(bounds) == 0 || t.After(bounds[len(bounds)-1])) {
			bounds = append(bounds, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(bounds) > 0 {
		bounds = append(bounds, t.Add(time.Microsecond))
	}
	return bounds, nil
}
