package store

// The database part of a backup (X5): Dump writes every table of the database, read in one
// consistent snapshot, as a versioned stream of JSON lines; Restore loads such a stream into an
// empty database of the same schema, in one transaction, and checks every table against the
// checksums of the dump before it commits.
//
// The dump format ("portal-dump", version 1), one JSON value per line:
//
//	{"k":"header","format":"portal-dump","version":1,"schema_version":6,"server":"…","tables":["audit_log",…],"auto_increment":{"audit_log":42,…}}
//	{"k":"table","table":"clients","columns":["id","name",…],"types":["bigint","varchar",…]}
//	[1,"Atlantique Logistique",…,null,"2026-01-02T03:04:05.123456Z",…]   one array per row
//	{"k":"end","table":"clients","rows":6,"sha256":"…"}
//	…
//	{"k":"done","table_count":19,"rows":1234}
//
// Values are lossless: null; integers as JSON numbers (64-bit, signed or not); DATE as
// "2006-01-02"; DATETIME and TIMESTAMP as RFC 3339 UTC with their microseconds; binary columns
// (BINARY, VARBINARY, BLOB, BIT) as standard base64; DECIMAL and every text column as strings.
// Generated columns are left out: the server computes them again. Rows come in primary-key
// order, so that two dumps of the same data are the same bytes and each table's "sha256"
// (SHA-256 of its column list and row lines, see TableChecksums) does not depend on the server.

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"
)

const (
	// DumpFormat names the dump format in its header line.
	DumpFormat = "portal-dump"
	// DumpFormatVersion is the version of the dump format this binary writes and reads.
	DumpFormatVersion = 1
)

// ErrDatabaseNotEmpty: a restore needs a database without portal data.
var ErrDatabaseNotEmpty = errors.New("the database is not empty")

// DumpInfo says what a dump holds.
type DumpInfo struct {
	// SchemaVersion is the highest migration applied to the dumped database.
	SchemaVersion int `json:"schema_version"`
	// Server is the version string of the database server that was dumped.
	Server string `json:"server"`
	// Tables counts the rows of each table.
	Tables map[string]int64 `json:"tables"`
	// Checksums is the SHA-256 (hex) of each table, as TableChecksums computes it.
	Checksums map[string]string `json:"checksums"`
	// Rows is the total of Tables.
	Rows int64 `json:"rows"`
}

// checksumSkips lists the columns a checksum leaves out: when a database was migrated is a fact
// about that database, not portal data, and a restored database was migrated at restore time.
var checksumSkips = map[string]string{"schema_migrations": "applied_at"}

// dumpLine is every line of a dump that is not a row.
type dumpLine struct {
	K             string            `json:"k"`
	Format        string            `json:"format,omitempty"`
	Version       int               `json:"version,omitempty"`
	SchemaVersion int               `json:"schema_version,omitempty"`
	Server        string            `json:"server,omitempty"`
	Tables        []string          `json:"tables,omitempty"`
	TableCount    int               `json:"table_count,omitempty"`
	AutoIncrement map[string]uint64 `json:"auto_increment,omitempty"`
	Table         string            `json:"table,omitempty"`
	Columns       []string          `json:"columns,omitempty"`
	Types         []string          `json:"types,omitempty"`
	Rows          int64             `json:"rows,omitempty"`
	SHA256        string            `json:"sha256,omitempty"`
}

// Dump writes every base table of the database to w, read in one REPEATABLE READ snapshot on
// one connection, so that the dump is consistent even while the portal keeps writing. It
// streams: no table is held in memory.
func (db *DB) Dump(ctx context.Context, w io.Writer) (DumpInfo, error) {
	return db.dump(ctx, w)
}

// TableChecksums fingerprints every table (in one snapshot): the SHA-256 of its column names and
// its rows in primary-key order, each value encoded as in a dump. The result depends on the
// data only, not on the server, its row format or the order of inserts; generated columns and
// schema_migrations.applied_at are left out. A restored database has the checksums of the
// database it was dumped from.
func (db *DB) TableChecksums(ctx context.Context) (map[string]string, error) {
	info, err := db.dump(ctx, io.Discard)
	return info.Checksums, err
}

func (db *DB) dump(ctx context.Context, w io.Writer) (info DumpInfo, err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return info, err
	}
	// The session's isolation level and open snapshot must not leak to the pool.
	defer discardConn(conn)
	if err := preciseStatistics(ctx, conn); err != nil {
		return info, err
	}
	if _, err := conn.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
		return info, fmt.Errorf("dump: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); err != nil {
		return info, fmt.Errorf("dump: starting the snapshot: %w", err)
	}
	tables, err := readSchema(ctx, conn)
	if err != nil {
		return info, err
	}
	if !slices.ContainsFunc(tables, func(t tableMeta) bool { return t.name == "schema_migrations" }) {
		return info, errors.New("dump: the database has no schema_migrations table: it is not a portal database")
	}
	var v sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return info, fmt.Errorf("dump: reading the schema version: %w", err)
	}
	info = DumpInfo{SchemaVersion: int(v.Int64), Server: db.Server, Tables: map[string]int64{}, Checksums: map[string]string{}}

	bw := bufio.NewWriterSize(w, 256<<10)
	header := dumpLine{K: "header", Format: DumpFormat, Version: DumpFormatVersion, SchemaVersion: info.SchemaVersion,
		Server: db.Server, AutoIncrement: map[string]uint64{}}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
		if t.autoIncrement > 0 {
			header.AutoIncrement[t.name] = t.autoIncrement
		}
	}
	header.Tables = names
	if err := writeLine(bw, header); err != nil {
		return info, err
	}
	for _, t := range tables {
		n, sum, err := dumpTable(ctx, conn, t, bw)
		if err != nil {
			return info, err
		}
		info.Tables[t.name] = n
		info.Checksums[t.name] = sum
		info.Rows += n
	}
	if err := writeLine(bw, dumpLine{K: "done", TableCount: len(tables), Rows: info.Rows}); err != nil {
		return info, err
	}
	if err := bw.Flush(); err != nil {
		return info, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return info, err
	}
	return info, nil
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

func writeLine(w io.Writer, l dumpLine) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// dumpTable writes one table (its line, its rows, its end line) to w and returns its row count
// and checksum.
func dumpTable(ctx context.Context, q queryer, t tableMeta, w io.Writer) (int64, string, error) {
	cols := t.dumped()
	names := make([]string, len(cols))
	types := make([]string, len(cols))
	skip := -1
	for i, c := range cols {
		names[i], types[i] = c.name, c.dataType
		if checksumSkips[t.name] == c.name {
			skip = i
		}
	}
	if err := writeLine(w, dumpLine{K: "table", Table: t.name, Columns: names, Types: types}); err != nil {
		return 0, "", err
	}
	h := sha256.New()
	hashed := names
	if skip >= 0 {
		hashed = slices.Delete(slices.Clone(names), skip, skip+1)
	}
	hb, _ := json.Marshal(hashed)
	h.Write(append(hb, '\n'))

	rows, err := q.QueryContext(ctx, "SELECT "+quoteList(names)+" FROM "+quoteIdent(t.name)+" ORDER BY "+quoteList(t.order()))
	if err != nil {
		return 0, "", fmt.Errorf("dump: reading %s: %w", t.name, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	var line, hline, val []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, "", fmt.Errorf("dump: reading %s: %w", t.name, err)
		}
		line, hline = append(line[:0], '['), append(hline[:0], '[')
		for i, c := range cols {
			if val, err = appendValue(val[:0], c.kind, vals[i]); err != nil {
				return 0, "", fmt.Errorf("dump: %s.%s: %w", t.name, c.name, err)
			}
			if i > 0 {
				line = append(line, ',')
			}
			line = append(line, val...)
			if skip >= 0 && i != skip {
				if len(hline) > 1 {
					hline = append(hline, ',')
				}
				hline = append(hline, val...)
			}
		}
		line = append(line, ']', '\n')
		if _, err := w.Write(line); err != nil {
			return 0, "", err
		}
		if skip >= 0 {
			h.Write(append(hline, ']', '\n'))
		} else {
			h.Write(line)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, "", fmt.Errorf("dump: reading %s: %w", t.name, err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := writeLine(w, dumpLine{K: "end", Table: t.name, Rows: n, SHA256: sum}); err != nil {
		return 0, "", err
	}
	return n, sum, nil
}

// CheckEmpty returns ErrDatabaseNotEmpty when a table other than schema_migrations (or the
// audit chain's head, which only says where the empty audit log ends) holds a row.
func (db *DB) CheckEmpty(ctx context.Context) error {
	tables, err := readSchema(ctx, db.sql)
	if err != nil {
		return err
	}
	return checkEmpty(ctx, db.sql, tables)
}

func checkEmpty(ctx context.Context, q queryer, tables []tableMeta) error {
	var full []string
	for _, t := range tables {
		if t.name == "schema_migrations" || t.name == "audit_chain" {
			continue // audit_chain: the head of an empty audit log, which the dump's replaces
		}
		rows, err := q.QueryContext(ctx, "SELECT 1 FROM "+quoteIdent(t.name)+" LIMIT 1")
		if err != nil {
			return err
		}
		has := rows.Next()
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if has {
			full = append(full, t.name)
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: table %s has rows; restore only into an empty database", ErrDatabaseNotEmpty, strings.Join(full, ", "))
	}
	return nil
}

// Restore loads a dump into this database, which must hold no portal data: it applies the
// migrations, then inserts every row in one transaction (foreign keys are checked by the source
// database's snapshot, not row by row here), compares each table with the dump's checksum and
// only then commits. Any failure leaves the database empty.
//
// The dump must come from the same schema version as this binary's latest migration: a newer
// one needs the newer portal, an older one must be restored with the portal version that made
// it, which the upgrade then migrates.
func (db *DB) Restore(ctx context.Context, r io.Reader) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	header, err := nextControl(dec, "header")
	if err != nil {
		return err
	}
	if header.Format != DumpFormat || header.Version != DumpFormatVersion {
		return fmt.Errorf("restore: not a %s version %d stream (format %q, version %d)", DumpFormat, DumpFormatVersion, header.Format, header.Version)
	}
	switch {
	case header.SchemaVersion > latest:
		return fmt.Errorf("restore: the dump has schema version %d, newer than this portal (%d): restore it with the portal version that made it", header.SchemaVersion, latest)
	case header.SchemaVersion < latest:
		return fmt.Errorf("restore: the dump has schema version %d, older than this portal (%d): restore it with the portal version that made it, then upgrade", header.SchemaVersion, latest)
	}
	order := header.Tables

	// Refuse before migrating: an older database with data must not be touched.
	if err := db.CheckEmpty(ctx); err != nil {
		return err
	}
	// Migrations only: the audit chain's head comes from the dump, with the rows it chains.
	if err := db.migrate(ctx, ms, nil); err != nil {
		return err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer discardConn(conn) // FOREIGN_KEY_CHECKS must not leak to the pool
	targets, err := readSchema(ctx, conn)
	if err != nil {
		return err
	}
	if err := checkEmpty(ctx, conn, targets); err != nil {
		return err
	}
	byName := map[string]tableMeta{}
	var have []string
	for _, t := range targets {
		byName[t.name] = t
		have = append(have, t.name)
	}
	if !slices.Equal(slices.Sorted(slices.Values(order)), have) {
		return fmt.Errorf("restore: the dump's tables %v are not this schema's %v", order, have)
	}
	// DDL commits implicitly: set the counters before the transaction, so that ids deleted
	// before the backup are not handed out again.
	for _, name := range order {
		if n := header.AutoIncrement[name]; n > 0 {
			if _, err := conn.ExecContext(ctx, "ALTER TABLE "+quoteIdent(name)+" AUTO_INCREMENT = "+strconv.FormatUint(n, 10)); err != nil {
				return fmt.Errorf("restore: %s: %w", name, err)
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

	// A started portal has the head of its empty audit chain; the dump brings the head of its own.
	if _, err := tx.ExecContext(ctx, "DELETE FROM audit_chain"); err != nil {
		return err
	}
	var total int64
	for _, name := range order {
		n, err := restoreTable(ctx, dec, tx, byName[name])
		if err != nil {
			return err
		}
		total += n
	}
	done, err := nextControl(dec, "done")
	if err != nil {
		return err
	}
	if done.TableCount != len(order) || done.Rows != total {
		return fmt.Errorf("restore: the dump ends with %d tables and %d rows, it held %d and %d", done.TableCount, done.Rows, len(order), total)
	}
	// Reading to the end lets a checking reader (the backup's checksum) refuse before commit.
	var extra json.RawMessage
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err == nil {
			err = errors.New("data after the end of the dump")
		}
		return fmt.Errorf("restore: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 1")
	return err
}

// restoreTable reads one table of the dump (its line, rows and end line) and inserts its rows in
// batches; schema_migrations' rows are only compared with the ones the migrations wrote.
func restoreTable(ctx context.Context, dec *json.Decoder, tx *sql.Tx, t tableMeta) (int64, error) {
	head, err := nextControl(dec, "table")
	if err != nil {
		return 0, err
	}
	if head.Table != t.name {
		return 0, fmt.Errorf("restore: expected table %s, the dump has %s", t.name, head.Table)
	}
	cols := t.dumped()
	if len(head.Columns) != len(cols) || len(head.Types) != len(cols) {
		return 0, fmt.Errorf("restore: %s: the dump's columns %v are not this schema's", t.name, head.Columns)
	}
	for i, c := range cols {
		k, err := kindOf(head.Types[i])
		if err != nil || head.Columns[i] != c.name || k != c.kind {
			return 0, fmt.Errorf("restore: %s: the dump's column %s %s does not match this schema's %s %s", t.name, head.Columns[i], head.Types[i], c.name, c.dataType)
		}
	}
	insert := t.name != "schema_migrations"
	b := batch{table: t.name, head: "INSERT INTO " + quoteIdent(t.name) + " (" + quoteList(head.Columns) + ") VALUES ", cols: len(cols)}
	var n int64
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			return 0, fmt.Errorf("restore: %s: %w", t.name, unexpectedEOF(err))
		}
		row, ok := v.([]any)
		if !ok {
			end, err := asControl(v, "end")
			if err != nil {
				return 0, err
			}
			if err := b.flush(ctx, tx); err != nil {
				return 0, err
			}
			if end.Table != t.name || end.Rows != n {
				return 0, fmt.Errorf("restore: %s: the dump announces %d rows of %s, it held %d", t.name, end.Rows, end.Table, n)
			}
			// The transaction sees its own rows: check them against the dump before committing.
			_, sum, err := dumpTable(ctx, tx, t, io.Discard)
			if err != nil {
				return 0, err
			}
			if sum != end.SHA256 {
				return 0, fmt.Errorf("restore: table %s differs from the dump once restored (checksum %s, dump %s)", t.name, sum, end.SHA256)
			}
			return n, nil
		}
		if len(row) != len(cols) {
			return 0, fmt.Errorf("restore: %s: a row has %d values for %d columns", t.name, len(row), len(cols))
		}
		n++
		if !insert {
			continue
		}
		for i, c := range cols {
			arg, size, err := decodeValue(c.kind, row[i])
			if err != nil {
				return 0, fmt.Errorf("restore: %s.%s, row %d: %w", t.name, c.name, n, err)
			}
			b.args = append(b.args, arg)
			b.bytes += size
		}
		b.rows++
		if b.full() {
			if err := b.flush(ctx, tx); err != nil {
				return 0, err
			}
		}
	}
}

// batch gathers rows for one multi-row INSERT with placeholders.
type batch struct {
	table string
	head  string
	cols  int
	rows  int
	bytes int
	args  []any
}

const (
	batchRows  = 500
	batchBytes = 1 << 20
	// A prepared statement takes at most 65 535 placeholders.
	batchPlaceholders = 60000
)

func (b *batch) full() bool {
	return b.rows >= batchRows || b.bytes >= batchBytes || (b.rows+1)*b.cols > batchPlaceholders
}

func (b *batch) flush(ctx context.Context, tx *sql.Tx) error {
	if b.rows == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(b.head)
	ph := "(" + placeholders(b.cols) + ")"
	for i := 0; i < b.rows; i++ {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(ph)
	}
	if _, err := tx.ExecContext(ctx, q.String(), b.args...); err != nil {
		return fmt.Errorf("restore: inserting into %s: %w", b.table, err)
	}
	b.rows, b.bytes, b.args = 0, 0, b.args[:0]
	return nil
}

func nextControl(dec *json.Decoder, kind string) (dumpLine, error) {
	var v any
	if err := dec.Decode(&v); err != nil {
		return dumpLine{}, fmt.Errorf("restore: reading the %s line: %w", kind, unexpectedEOF(err))
	}
	return asControl(v, kind)
}

func asControl(v any, kind string) (dumpLine, error) {
	var l dumpLine
	m, ok := v.(map[string]any)
	if ok {
		b, _ := json.Marshal(m)
		if err := json.Unmarshal(b, &l); err != nil {
			return l, fmt.Errorf("restore: bad %s line: %w", kind, err)
		}
	}
	if l.K != kind {
		return l, fmt.Errorf("restore: expected the %s line, found %.80v", kind, v)
	}
	return l, nil
}

func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("the dump is truncated: %w", io.ErrUnexpectedEOF)
	}
	return err
}

// Table and column metadata from information_schema.

type valueKind int

const (
	kindInt valueKind = iota + 1
	kindFloat
	kindDecimal
	kindDate
	kindDateTime
	kindText
	kindBinary
)

// kindOf says how a column type is encoded; types the portal does not use are refused rather
// than guessed.
func kindOf(dataType string) (valueKind, error) {
	switch strings.ToLower(dataType) {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year":
		return kindInt, nil
	case "float", "double", "real":
		return kindFloat, nil
	case "decimal", "numeric":
		return kindDecimal, nil
	case "date":
		return kindDate, nil
	case "datetime", "timestamp":
		return kindDateTime, nil
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json", "time":
		return kindText, nil
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit":
		return kindBinary, nil
	}
	return 0, fmt.Errorf("column type %q is not supported by the dump", dataType)
}

type column struct {
	name      string
	dataType  string
	kind      valueKind
	generated bool
}

type tableMeta struct {
	name          string
	columns       []column
	primaryKey    []string
	autoIncrement uint64
}

// dumped returns the columns a dump holds: all but the generated ones.
func (t tableMeta) dumped() []column {
	var out []column
	for _, c := range t.columns {
		if !c.generated {
			out = append(out, c)
		}
	}
	return out
}

// order is the primary key, or every dumped column of a table without one.
func (t tableMeta) order() []string {
	if len(t.primaryKey) > 0 {
		return t.primaryKey
	}
	var out []string
	for _, c := range t.dumped() {
		out = append(out, c.name)
	}
	return out
}

// readSchema lists the base tables of the current database, by name, with their columns.
func readSchema(ctx context.Context, q queryer) ([]tableMeta, error) {
	var tables []tableMeta
	idx := map[string]int{}
	err := eachRow(ctx, q, `SELECT TABLE_NAME, COALESCE(AUTO_INCREMENT, 0) FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`, func(rows *sql.Rows) error {
		var t tableMeta
		if err := rows.Scan(&t.name, &t.autoIncrement); err != nil {
			return err
		}
		idx[t.name] = len(tables)
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the tables: %w", err)
	}
	err = eachRow(ctx, q, `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, EXTRA, COALESCE(GENERATION_EXPRESSION, '')
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`, func(rows *sql.Rows) error {
		var table, extra, expr string
		var c column
		if err := rows.Scan(&table, &c.name, &c.dataType, &extra, &expr); err != nil {
			return err
		}
		i, ok := idx[table]
		if !ok {
			return nil // a view
		}
		extra = strings.ToUpper(extra)
		// MySQL says DEFAULT_GENERATED of a column whose default is an expression: it is stored data.
		c.generated = expr != "" || ((strings.Contains(extra, "VIRTUAL") || strings.Contains(extra, "STORED") ||
			strings.Contains(extra, "PERSISTENT")) && strings.Contains(extra, "GENERATED"))
		var err error
		if c.kind, err = kindOf(c.dataType); err != nil && !c.generated {
			return fmt.Errorf("%s.%s: %w", table, c.name, err)
		}
		tables[i].columns = append(tables[i].columns, c)
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
			tables[i].primaryKey = append(tables[i].primaryKey, col)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the primary keys: %w", err)
	}
	// In byte order, whatever the collation of information_schema.
	slices.SortFunc(tables, func(a, b tableMeta) int { return strings.Compare(a.name, b.name) })
	return tables, nil
}

func eachRow(ctx context.Context, q queryer, query string, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
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

func quoteIdent(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// Values.

// appendValue encodes one value read by the driver (parseTime on, UTC) as JSON.
func appendValue(b []byte, k valueKind, v any) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	switch k {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return strconv.AppendInt(b, x, 10), nil
		case uint64:
			return strconv.AppendUint(b, x, 10), nil
		case []byte:
			if _, err := strconv.ParseInt(string(x), 10, 64); err != nil {
				if _, err := strconv.ParseUint(string(x), 10, 64); err != nil {
					return b, fmt.Errorf("integer %q: %w", x, err)
				}
			}
			return append(b, x...), nil
		}
	case kindFloat:
		switch x := v.(type) {
		case float64:
			return strconv.AppendFloat(b, x, 'g', -1, 64), nil
		case float32:
			return strconv.AppendFloat(b, float64(x), 'g', -1, 32), nil
		case []byte:
			return appendString(b, x)
		}
	case kindDate:
		switch x := v.(type) {
		case time.Time:
			return appendString(b, []byte(x.Format(time.DateOnly)))
		case []byte:
			return appendString(b, x)
		}
	case kindDateTime:
		switch x := v.(type) {
		case time.Time:
			return appendString(b, []byte(x.UTC().Format(time.RFC3339Nano)))
		case []byte:
			return appendString(b, x)
		}
	case kindDecimal, kindText:
		switch x := v.(type) {
		case []byte:
			return appendString(b, x)
		case string:
			return appendString(b, []byte(x))
		}
	case kindBinary:
		if x, ok := v.([]byte); ok {
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, x)
			return append(b, '"'), nil
		}
	}
	return b, fmt.Errorf("unexpected %T from the driver", v)
}

// appendString writes s as a JSON string; text that is not UTF-8 would not survive the trip.
func appendString(b, s []byte) ([]byte, error) {
	if !utf8.Valid(s) {
		return b, errors.New("text that is not valid UTF-8")
	}
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"'), nil
}

// decodeValue turns a JSON value of a dump back into a query argument, and says roughly how many
// bytes it weighs.
func decodeValue(k valueKind, v any) (any, int, error) {
	if v == nil {
		return nil, 4, nil
	}
	switch x := v.(type) {
	case json.Number:
		switch k {
		case kindInt:
			if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
				return i, 8, nil
			}
			u, err := strconv.ParseUint(string(x), 10, 64)
			return u, 8, err
		case kindFloat:
			f, err := strconv.ParseFloat(string(x), 64)
			return f, 8, err
		}
	case string:
		switch k {
		case kindFloat, kindDecimal, kindDate, kindText:
			return x, len(x), nil
		case kindDateTime:
			t, err := time.Parse(time.RFC3339Nano, x)
			return t.UTC(), 8, err
		case kindBinary:
			d, err := base64.StdEncoding.DecodeString(x)
			return d, len(d), err
		}
	}
	return nil, 0, fmt.Errorf("unexpected %T %.40v", v, v)
}
