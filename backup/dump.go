package backup

// The database part of a backup (X5): DumpDatabase writes every table of the database, read in one
// consistent snapshot, as a versioned stream of JSON lines; RestoreDatabase loads such a stream into an
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
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/bigdatacenter/portal/app/store"
)

const (
	// DumpFormat names the dump format in its header line.
	DumpFormat = "portal-dump"
	// DumpFormatVersion is the version of the dump format this binary writes and reads.
	DumpFormatVersion = 1
)

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

// DumpDatabase writes every base table of the database to w, read in one snapshot
// (store.ReadSnapshot), so that the dump is consistent even while the portal keeps writing. It
// streams: no table is held in memory.
func DumpDatabase(ctx context.Context, db *store.DB, w io.Writer) (DumpInfo, error) {
	var info DumpInfo
	err := db.ReadSnapshot(ctx, func(ctx context.Context) (err error) {
		info, err = dumpDatabase(ctx, db, w)
		return err
	})
	return info, err
}

// TableChecksums fingerprints every table (in one snapshot): the SHA-256 of its column names and
// its rows in primary-key order, each value encoded as in a dump. The result depends on the
// data only, not on the server, its row format or the order of inserts; generated columns and
// schema_migrations.applied_at are left out. A restored database has the checksums of the
// database it was dumped from.
func TableChecksums(ctx context.Context, db *store.DB) (map[string]string, error) {
	info, err := DumpDatabase(ctx, db, io.Discard)
	return info.Checksums, err
}

func dumpDatabase(ctx context.Context, db *store.DB, w io.Writer) (info DumpInfo, err error) {
	tables, err := dumpedTables(ctx, db)
	if err != nil {
		return info, err
	}
	if !slices.ContainsFunc(tables, func(t store.Table) bool { return t.Name == "schema_migrations" }) {
		return info, errors.New("dump: the database has no schema_migrations table: it is not a portal database")
	}
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return info, fmt.Errorf("dump: reading the schema version: %w", err)
	}
	info = DumpInfo{SchemaVersion: version, Server: db.Server, Tables: map[string]int64{}, Checksums: map[string]string{}}

	bw := bufio.NewWriterSize(w, 256<<10)
	header := dumpLine{K: "header", Format: DumpFormat, Version: DumpFormatVersion, SchemaVersion: info.SchemaVersion,
		Server: db.Server, AutoIncrement: map[string]uint64{}}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name
		if t.AutoIncrement > 0 {
			header.AutoIncrement[t.Name] = t.AutoIncrement
		}
	}
	header.Tables = names
	if err := writeLine(bw, header); err != nil {
		return info, err
	}
	for _, t := range tables {
		n, sum, err := dumpTable(ctx, db, t, bw)
		if err != nil {
			return info, err
		}
		info.Tables[t.Name] = n
		info.Checksums[t.Name] = sum
		info.Rows += n
	}
	if err := writeLine(bw, dumpLine{K: "done", TableCount: len(tables), Rows: info.Rows}); err != nil {
		return info, err
	}
	return info, bw.Flush()
}

// dumpedTables lists the tables, refusing a column type the dump cannot encode rather than
// guessing.
func dumpedTables(ctx context.Context, db *store.DB) ([]store.Table, error) {
	tables, err := db.Tables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		for _, c := range t.Columns {
			if _, err := kindOf(c.DataType); err != nil {
				return nil, fmt.Errorf("reading the columns: %s.%s: %w", t.Name, c.Name, err)
			}
		}
	}
	return tables, nil
}

func writeLine(w io.Writer, l dumpLine) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// dumpTable writes one table (its line, its rows, its end line) to w and returns its row count
// and checksum.
func dumpTable(ctx context.Context, db *store.DB, t store.Table, w io.Writer) (int64, string, error) {
	names := t.ColumnNames()
	types := make([]string, len(t.Columns))
	kinds := make([]valueKind, len(t.Columns))
	skip := -1
	for i, c := range t.Columns {
		types[i] = c.DataType
		kinds[i], _ = kindOf(c.DataType) // checked by dumpedTables
		if checksumSkips[t.Name] == c.Name {
			skip = i
		}
	}
	if err := writeLine(w, dumpLine{K: "table", Table: t.Name, Columns: names, Types: types}); err != nil {
		return 0, "", err
	}
	h := sha256.New()
	hashed := names
	if skip >= 0 {
		hashed = slices.Delete(slices.Clone(names), skip, skip+1)
	}
	hb, _ := json.Marshal(hashed)
	h.Write(append(hb, '\n'))

	var n int64
	var line, hline, val []byte
	var rowErr error // an error of the encoding or of w, not of the reading
	err := db.EachRow(ctx, t, func(vals []any) (err error) {
		defer func() { rowErr = err }()
		line, hline = append(line[:0], '['), append(hline[:0], '[')
		for i, k := range kinds {
			if val, err = appendValue(val[:0], k, vals[i]); err != nil {
				return fmt.Errorf("dump: %s.%s: %w", t.Name, names[i], err)
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
			return err
		}
		if skip >= 0 {
			h.Write(append(hline, ']', '\n'))
		} else {
			h.Write(line)
		}
		n++
		return nil
	})
	if err != nil {
		if err != rowErr {
			err = fmt.Errorf("dump: reading %s: %w", t.Name, err)
		}
		return 0, "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if err := writeLine(w, dumpLine{K: "end", Table: t.Name, Rows: n, SHA256: sum}); err != nil {
		return 0, "", err
	}
	return n, sum, nil
}
