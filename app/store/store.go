// Package store is the only package that writes SQL: the connection, transactions, migrations
// and one file per table group. It returns ErrNotFound and ErrConflict rather than driver errors.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
)

var (
	// ErrNotFound: no row matches (or the actor may not see it: callers answer alike).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique key already holds that value.
	ErrConflict = errors.New("conflict")
)

// The read and write timeouts the store gives the driver when the DSN sets none.
const (
	DefaultReadTimeout  = 5 * time.Minute
	DefaultWriteTimeout = time.Minute
)

// DB is the portal's database handle.
type DB struct {
	sql *sql.DB
	// authEpoch moves after every committed change to what resolves a session into an actor
	// (sessions ended, users' roles, passwords, second factors and disabling, clients archived
	// or deleted): a cache of that resolution is good only while the epoch it read stays.
	authEpoch atomic.Int64
	// overviewEpoch moves after every committed write of a project row or a client made
	// through this store (see OverviewVersion).
	overviewEpoch atomic.Int64
	// dataEpoch moves after every write that may have committed (pool statements and committed
	// transactions) to a table that kept answers may read (all but the quiet ones, QuietTable): an answer
	// computed from the database is current while the epoch it was read at stays.
	dataEpoch atomic.Int64
	// pool is sql, with the data epoch moved after each statement it runs outside a transaction.
	pool querier
	// Server is the version string reported by the database server.
	Server string
}

// Options tune the connection pool.
type Options struct {
	MaxOpenConns int
	MaxIdleConns int
}

// Open checks the DSN against the settings the portal relies on, connects and checks that the
// server is recent enough.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	cfg, err := secureConfig(dsn)
	if err != nil {
		return nil, err
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("database.dsn: %w", err)
	}
	sqldb := sql.OpenDB(cachingConnector{connector})
	if opt.MaxOpenConns > 0 {
		sqldb.SetMaxOpenConns(opt.MaxOpenConns)
	}
	sqldb.SetMaxIdleConns(opt.MaxIdleConns) // database/sql caps it at MaxOpenConns
	sqldb.SetConnMaxLifetime(time.Hour)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)

	db := &DB{sql: sqldb}
	db.pool = epochPool{DB: sqldb, epoch: &db.dataEpoch}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqldb.QueryRowContext(pctx, "SELECT VERSION()").Scan(&db.Server); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("connecting to the database: %w", err)
	}
	if err := CheckServerVersion(db.Server); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// secureConfig parses the DSN and forces what the portal relies on: UTC times parsed into
// time.Time, utf8mb4, strict SQL mode, and none of the options that widen an injection.
func secureConfig(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("database.dsn: %w", err)
	}
	switch {
	case cfg.MultiStatements:
		return nil, errors.New("database.dsn: multiStatements is refused (it turns an injection into arbitrary SQL)")
	case cfg.InterpolateParams:
		return nil, errors.New("database.dsn: interpolateParams is refused (parameters must stay server-side)")
	case cfg.AllowAllFiles:
		return nil, errors.New("database.dsn: allowAllFiles is refused (it lets the server read local files)")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// The columns keep microseconds at most. A parameter with nanoseconds is compared as a
	// string, which makes the server give up the index range on a date column.
	if err := cfg.Apply(mysql.TimeTruncate(time.Microsecond)); err != nil {
		return nil, err
	}
	cfg.Collation = "utf8mb4_unicode_ci"
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Params["sql_mode"] = "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	// A request's calls end at its deadline (the context each one carries, the commit
	// included: boundtx.go). These bound the calls that carry none (jobs, migrations, backups)
	// when the server stops answering: longer than the longest statement the portal runs (a
	// migration of the scale dataset takes about 30 s), short enough that a frozen server
	// frees the job's connection.
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = DefaultWriteTimeout
	}
	return cfg, nil
}

// CheckServerVersion refuses servers older than MySQL 8.0 or MariaDB 10.6.
func CheckServerVersion(v string) error {
	nums := strings.SplitN(strings.SplitN(v, "-", 2)[0], ".", 3)
	if len(nums) < 2 {
		return fmt.Errorf("unrecognised database server version %q", v)
	}
	major, _ := strconv.Atoi(nums[0])
	minor, _ := strconv.Atoi(nums[1])
	mariadb := strings.Contains(strings.ToLower(v), "mariadb")
	if mariadb && (major < 10 || (major == 10 && minor < 6)) {
		return fmt.Errorf("MariaDB %s is too old: 10.6 or newer is required", v)
	}
	if !mariadb && major < 8 {
		return fmt.Errorf("MySQL %s is too old: 8.0 or newer is required", v)
	}
	return nil
}

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// SQL exposes the pool to tests that set up or inspect rows by hand; the portal calls methods.
func (db *DB) SQL() *sql.DB { return db.sql }

// mapErr turns driver errors into the store's own.
func mapErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1062 {
		return fmt.Errorf("%w: %s", ErrConflict, me.Message)
	}
	return err
}

// insertedID is the id of the row an INSERT wrote, or the store's own error for its failure (a
// duplicate name is ErrConflict).
func insertedID(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, mapErr(err)
	}
	return res.LastInsertId()
}

// rowScanner is what a scan function reads one result from: a *sql.Row or the current row of
// a *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// readRows calls fn on every row of a query, stopping at its first error, and closes the rows;
// err is the query's own error, passed through so that callers need not check it first.
func readRows(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanAll reads every row of a query with scan (see readRows).
func scanAll[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	var out []T
	err = readRows(rows, err, func(r *sql.Rows) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanIDs reads the single id column of a query's rows (err is the query's own error).
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	return scanAll(rows, err, func(r rowScanner) (id int64, err error) {
		err = r.Scan(&id)
		return id, err
	})
}

// count reads the single integer a query answers (a COUNT, a MAX...).
func (db *DB) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := db.conn(ctx).QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// affected is how many rows a statement changed; err is the statement's own error.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// ListTotalCap bounds the total a list counts when the whole of it may grow with the data (the
// staff's lists, « À traiter »): past it the list says « plus de 1 000 », so that counting reads at
// most that many index entries, whether the portal holds 5 000 projects or 50 000 (at the scale
// dataset the staff's list of open retours would otherwise count 50 000 for a page of 25).
const ListTotalCap = 1000

// cappedCount is a statement (a subquery) counting the rows of fromWhere ("FROM … WHERE …"), up
// to ListTotalCap.
func cappedCount(fromWhere string) string {
	return "(SELECT COUNT(*) FROM (SELECT 1 " + fromWhere + " LIMIT " + strconv.Itoa(ListTotalCap) + ") capped)"
}

// countedPage counts a listing, then reads one page of it: pageSQL ends in "LIMIT ? OFFSET ?"
// and takes args (the filter's, shared with countSQL) followed by limit and offset. An empty
// listing costs the count alone.
func countedPage[T any](ctx context.Context, q querier, countSQL, pageSQL string, args []any, limit, offset int,
	scan func(rowScanner) (T, error)) ([]T, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, countSQL, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := q.QueryContext(ctx, pageSQL, append(args, limit, offset)...)
	out, err := scanAll(rows, err, scan)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}
