package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/bigdatacenter/portal/app/store"
)

// ErrDatabaseNotEmpty: a restore needs a database without portal data.
var ErrDatabaseNotEmpty = errors.New("the database is not empty")

// CheckEmpty returns ErrDatabaseNotEmpty when a table other than schema_migrations (or the
// audit chain's head, which only says where the empty audit log ends) holds a row.
func CheckEmpty(ctx context.Context, db *store.DB) error {
	tables, err := db.Tables(ctx)
	if err != nil {
		return err
	}
	return checkEmpty(ctx, db, tables)
}

func checkEmpty(ctx context.Context, db *store.DB, tables []store.Table) error {
	var full []string
	for _, t := range tables {
		if t.Name == "schema_migrations" || t.Name == "audit_chain" {
			continue // audit_chain: the head of an empty audit log, which the dump's replaces
		}
		has, err := db.HasRows(ctx, t.Name)
		if err != nil {
			return err
		}
		if has {
			full = append(full, t.Name)
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("%w: table %s has rows; restore only into an empty database", ErrDatabaseNotEmpty, strings.Join(full, ", "))
	}
	return nil
}

// RestoreDatabase loads a dump into db, which must hold no portal data: it applies the
// migrations, then inserts every row in one transaction (foreign keys are checked by the source
// database's snapshot, not row by row here), compares each table with the dump's checksum and
// only then commits. Any failure leaves the database empty.
//
// The dump must come from the same schema version as this binary's latest migration: a newer
// one needs the newer portal, an older one must be restored with the portal version that made
// it, which the upgrade then migrates.
func RestoreDatabase(ctx context.Context, db *store.DB, r io.Reader) error {
	ms, err := store.Migrations()
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
	if err := CheckEmpty(ctx, db); err != nil {
		return err
	}
	if err := db.Migrate(ctx, nil); err != nil {
		return err
	}
	targets, err := dumpedTables(ctx, db)
	if err != nil {
		return err
	}
	if err := checkEmpty(ctx, db, targets); err != nil {
		return err
	}
	byName := map[string]store.Table{}
	var have []string
	for _, t := range targets {
		byName[t.Name] = t
		have = append(have, t.Name)
	}
	if !slices.Equal(slices.Sorted(slices.Values(order)), have) {
		return fmt.Errorf("restore: the dump's tables %v are not this schema's %v", order, have)
	}
	autoIncrement := map[string]uint64{}
	for _, name := range order {
		autoIncrement[name] = header.AutoIncrement[name]
	}
	err = db.Load(ctx, autoIncrement, func(ctx context.Context) error {
		// The migrated database has the head of its empty audit chain; the dump brings its own.
		if err := db.DropEmptyAuditChain(ctx); err != nil {
			return err
		}
		var total int64
		for _, name := range order {
			n, err := restoreTable(ctx, db, dec, byName[name])
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
		return nil
	})
	return err
}

// restoreTable reads one table of the dump (its line, rows and end line) and inserts its rows in
// batches; schema_migrations' rows are only compared with the ones the migrations wrote.
func restoreTable(ctx context.Context, db *store.DB, dec *json.Decoder, t store.Table) (int64, error) {
	head, err := nextControl(dec, "table")
	if err != nil {
		return 0, err
	}
	if head.Table != t.Name {
		return 0, fmt.Errorf("restore: expected table %s, the dump has %s", t.Name, head.Table)
	}
	cols := t.Columns
	kinds := make([]valueKind, len(cols))
	if len(head.Columns) != len(cols) || len(head.Types) != len(cols) {
		return 0, fmt.Errorf("restore: %s: the dump's columns %v are not this schema's", t.Name, head.Columns)
	}
	for i, c := range cols {
		k, err := kindOf(head.Types[i])
		kinds[i], _ = kindOf(c.DataType) // checked by dumpedTables
		if err != nil || head.Columns[i] != c.Name || k != kinds[i] {
			return 0, fmt.Errorf("restore: %s: the dump's column %s %s does not match this schema's %s %s", t.Name, head.Columns[i], head.Types[i], c.Name, c.DataType)
		}
	}
	insert := t.Name != "schema_migrations"
	b := batch{table: t.Name, columns: head.Columns}
	var n int64
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			return 0, fmt.Errorf("restore: %s: %w", t.Name, unexpectedEOF(err))
		}
		row, ok := v.([]any)
		if !ok {
			end, err := asControl(v, "end")
			if err != nil {
				return 0, err
			}
			if err := b.flush(ctx, db); err != nil {
				return 0, err
			}
			if end.Table != t.Name || end.Rows != n {
				return 0, fmt.Errorf("restore: %s: the dump announces %d rows of %s, it held %d", t.Name, end.Rows, end.Table, n)
			}
			// The transaction sees its own rows: check them against the dump before committing.
			_, sum, err := dumpTable(ctx, db, t, io.Discard)
			if err != nil {
				return 0, err
			}
			if sum != end.SHA256 {
				return 0, fmt.Errorf("restore: table %s differs from the dump once restored (checksum %s, dump %s)", t.Name, sum, end.SHA256)
			}
			return n, nil
		}
		if len(row) != len(cols) {
			return 0, fmt.Errorf("restore: %s: a row has %d values for %d columns", t.Name, len(row), len(cols))
		}
		n++
		if !insert {
			continue
		}
		for i, c := range cols {
			arg, size, err := decodeValue(kinds[i], row[i])
			if err != nil {
				return 0, fmt.Errorf("restore: %s.%s, row %d: %w", t.Name, c.Name, n, err)
			}
			b.args = append(b.args, arg)
			b.bytes += size
		}
		b.rows++
		if b.full() {
			if err := b.flush(ctx, db); err != nil {
				return 0, err
			}
		}
	}
}

// batch gathers rows for one multi-row INSERT with placeholders.
type batch struct {
	table   string
	columns []string
	rows    int
	bytes   int
	args    []any
}

const (
	batchRows  = 500
	batchBytes = 1 << 20
	// A prepared statement takes at most 65 535 placeholders.
	batchPlaceholders = 60000
)

func (b *batch) full() bool {
	return b.rows >= batchRows || b.bytes >= batchBytes || (b.rows+1)*len(b.columns) > batchPlaceholders
}

func (b *batch) flush(ctx context.Context, db *store.DB) error {
	if b.rows == 0 {
		return nil
	}
	if err := db.InsertRows(ctx, b.table, b.columns, b.args); err != nil {
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
