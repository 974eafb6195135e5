package storetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/bigdatacenter/portal/app/store"
)

// CaptureSelects runs fn with the server's general log on and returns the distinct SELECT
// statements that connections to db's database sent meanwhile (prepared ones with their
// parameters filled in), for tests that check the plans of what a page really asks.
func CaptureSelects(t testing.TB, db *store.DB, fn func()) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, q := range CaptureStatements(t, db, fn) {
		if !seen[q] && strings.HasPrefix(strings.ToUpper(strings.TrimSpace(q)), "SELECT") {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}

// CaptureStatements is every statement run meanwhile, in order and each time it ran: what a
// test counts to bound the queries of a request.
func CaptureStatements(t testing.TB, db *store.DB, fn func()) []string {
	t.Helper()
	ctx, conn := oneConn(t, db)
	defer conn.Close()
	exec := func(q string) {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("TRUNCATE mysql.general_log")
	exec("SET GLOBAL log_output = 'TABLE'")
	exec("SET GLOBAL general_log = 1")
	fn()
	exec("SET GLOBAL general_log = 0")
	// The statements of this test's database: those of the connections open on it.
	var stmts []string
	for _, q := range column[string](t, conn, `SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log
		WHERE command_type IN ('Query', 'Execute') AND thread_id IN (SELECT id FROM information_schema.processlist WHERE db = DATABASE())
		ORDER BY event_time`) {
		if !strings.HasPrefix(q, "SET GLOBAL general_log") {
			stmts = append(stmts, q)
		}
	}
	return stmts
}

// Column returns the single column of every row of a query on db.
func Column[T any](t testing.TB, db *store.DB, q string, args ...any) []T {
	t.Helper()
	return column[T](t, db.SQL(), q, args...)
}

func column[T any](t testing.TB, conn interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, args ...any) []T {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Explain returns the rows of EXPLAIN q (with its arguments), each as column name → value
// ("" for NULL).
func Explain(t testing.TB, db *store.DB, q string, args ...any) []map[string]string {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), "EXPLAIN "+q, args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, c := range cols {
			row[c] = vals[i].String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// HandlerReads runs q alone on one connection and returns the rows and index entries it read
// (the server's Handler_read_* counters of the session), less what reading them costs.
func HandlerReads(t testing.TB, db *store.DB, q string) int {
	t.Helper()
	ctx, conn := oneConn(t, db)
	defer conn.Close()
	counters := func() (n int) {
		rows, err := conn.QueryContext(ctx, "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_first', 'Handler_read_key', 'Handler_read_last', 'Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd')")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var v int
			if err := rows.Scan(&name, &v); err != nil {
				t.Fatal(err)
			}
			n += v
		}
		return n
	}
	run := func(q string) int {
		before := counters()
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
		}
		rows.Close()
		return counters() - before
	}
	return run(q) - run("SELECT 1")
}

// oneConn takes one connection of db (the caller closes it): session counters and settings
// hold on it alone.
func oneConn(t testing.TB, db *store.DB) (context.Context, *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, conn
}
