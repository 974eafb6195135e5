package store

// What backups need of the database, whatever their format (package backup writes and reads
// it): the tables as information_schema describes them, their rows in a stable order, read in
// one consistent snapshot, and an empty database loaded in one transaction.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// Table is a base table of the database.
type Table struct {
	Name string
	// Columns are the stored columns, in the table's order: generated columns are left out
	// (the server computes them).
	Columns []Column
	// PrimaryKey names the primary key's columns, in order (none: no primary key).
	PrimaryKey    []string
	AutoIncrement uint64
}

// Column is a stored column and its type (information_schema's DATA_TYPE).
type Column struct {
	Name     string
	DataType string
}

// ColumnNames lists the names of the table's stored columns.
func (t Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// order is the primary key, or every stored column of a table without one.
func (t Table) order() []string {
	if len(t.PrimaryKey) > 0 {
		return t.PrimaryKey
	}
	return t.ColumnNames()
}

// ReadSnapshot runs fn with a context whose every read (Tables, EachRow, SchemaVersion...)
// sees the database at one instant: a REPEATABLE READ, read-only transaction with a consistent
// snapshot, on a connection of its own, so that what fn reads is consistent even while the
// portal keeps writing.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	// The session's isolation level and open snapshot must not leak to the pool.
	defer discardConn(conn)
	if err := preciseStatistics(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); err != nil {
		return fmt.Errorf("snapshot: starting it: %w", err)
	}
	if err := fn(db.withConn(ctx, conn)); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// preciseStatistics makes MySQL 8 read AUTO_INCREMENT from the tables rather than from its
// statistics cache; MariaDB has no such cache (nor the variable).
func preciseStatistics(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "SET SESSION information_schema_stats_expiry = 0")
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1193 { // unknown system variable
		return nil
	}
	return err
}

// discardConn closes a connection for good instead of returning it to the pool.
func discardConn(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// Load runs fn in one transaction on a connection of its own with foreign-key checks off, for
// loading rows into an empty database whose consistency the caller checks itself; it commits
// when fn returns nil. The AUTO_INCREMENT counters are set first (DDL commits implicitly, so
// not inside the transaction), so that ids deleted before a backup are not handed out again.
func (db *DB) Load(ctx context.Context, autoIncrement map[string]uint64, fn func(ctx context.Context) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer discardConn(conn) // FOREIGN_KEY_CHECKS must not leak to the pool
	for _, name := range slices.Sorted(maps.Keys(autoIncrement)) {
		if n := autoIncrement[name]; n > 0 {
			if _, err := conn.ExecContext(ctx, "ALTER TABLE "+quoteIdent(name)+" AUTO_INCREMENT = "+strconv.FormatUint(n, 10)); err != nil {
				return fmt.Errorf("setting the AUTO_INCREMENT of %s: %w", name, err)
			}
		}
	}
	if _, err := conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 0"); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(db.withConn(ctx, tx)); err != nil {
		return err
	}
	err = tx.Commit()
	db.dataEpoch.Add(1)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 1")
	return err
}

// InsertRows inserts rows (len(args)/len(columns) of them, row after row) in one statement.
func (db *DB) InsertRows(ctx context.Context, table string, columns []string, args []any) error {
	if len(args) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString("INSERT INTO " + quoteIdent(table) + " (" + quoteList(columns) + ") VALUES ")
	ph := "(" + placeholders(len(columns)) + ")"
	for i := 0; i < len(args)/len(columns); i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(ph)
	}
	_, err := db.conn(ctx).ExecContext(ctx, q.String(), args...)
	return err
}

// EachRow reads a table's stored columns, row by row in primary-key order (so that two reads
// of the same data come in the same order, whatever the server), as the driver returns them
// (parseTime on, UTC). fn must not keep vals: the next row reuses it.
func (db *DB) EachRow(ctx context.Context, t Table, fn func(vals []any) error) error {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT "+quoteList(t.ColumnNames())+" FROM "+quoteIdent(t.Name)+" ORDER BY "+quoteList(t.order()))
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// HasRows says whether a table holds a row.
func (db *DB) HasRows(ctx context.Context, table string) (bool, error) {
	rows, err := db.conn(ctx).QueryContext(ctx, "SELECT 1 FROM "+quoteIdent(table)+" LIMIT 1")
	if err != nil {
		return false, err
	}
	has := rows.Next()
	rows.Close()
	return has, rows.Err()
}

// Tables lists the base tables of the database, in byte order of their names, with their
// stored columns, primary keys and AUTO_INCREMENT counters.
func (db *DB) Tables(ctx context.Context) ([]Table, error) {
	q := db.conn(ctx)
	var tables []Table
	idx := map[string]int{}
	err := eachRow(ctx, q, `SELECT TABLE_NAME, COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`, func(rows *sql.Rows) error {
		var t Table
		if err := rows.Scan(&t.Name, &t.AutoIncrement); err != nil {
			return err
		}
		idx[t.Name] = len(tables)
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the tables: %w", err)
	}
	err = eachRow(ctx, q, `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, COALESCE(GENERATION_EXPRESSION, '')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`, func(rows *sql.Rows) error {
		var table, extra, expr string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.DataType, &extra, &expr); err != nil {
			return err
		}
		i, ok := idx[table]
		if !ok {
			return nil // a view
		}
		extra = strings.ToUpper(extra)
		// MySQL says DEFAULT_GENERATED of a column whose default is an expression: it is stored data.
		generated := expr != "" || ((strings.Contains(extra, "VIRTUAL") || strings.Contains(extra, "STORED") ||
			strings.Contains(extra, "PERSISTENT")) && strings.Contains(extra, "GENERATED"))
		if !generated {
			tables[i].Columns = append(tables[i].Columns, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the columns: %w", err)
	}
	err = eachRow(ctx, q, `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME, SEQ_IN_INDEX`, func(rows *sql.Rows) error {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return err
		}
		if i, ok := idx[table]; ok {
			tables[i].PrimaryKey = append(tables[i].PrimaryKey, col)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the primary keys: %w", err)
	}
	// In byte order, whatever the collation of information_schema.
	slices.SortFunc(tables, func(a, b Table) int { return strings.Compare(a.Name, b.Name) })
	return tables, nil
}

func eachRow(ctx context.Context, q querier, query string, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	return readRows(rows, err, fn)
}

func quoteIdent(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}
