package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version  int
	Name     string
	Checksum string
	SQL      string
}

// ErrSchemaNewer means the database was migrated by a newer portal than this binary.
var ErrSchemaNewer = errors.New("the database schema is newer than this portal binary")

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) { return loadMigrations(migrationFiles) }

func loadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, p := range entries {
		base := path.Base(p)
		num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		out = append(out, Migration{Version: v, Name: name, Checksum: hex.EncodeToString(sum[:]), SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the embedded migrations that the database lacks, then chains the audit rows
// written before the audit chain existed (once).
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	if err := db.migrate(ctx, ms, log); err != nil {
		return err
	}
	return db.initAuditChain(ctx)
}

const migrationLock = "portal.migrate"

// migrate holds a named database lock for the whole run so that two processes starting at once
// apply each migration exactly once; the lock belongs to one connection, so everything runs on it.
func (db *DB) migrate(ctx context.Context, ms []Migration, log *slog.Logger) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	lockName := migrationLock + "." + currentDatabase(ctx, conn)
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 60)", lockName).Scan(&got); err != nil {
		return fmt.Errorf("taking the migration lock: %w", err)
	}
	if !got.Valid || got.Int64 != 1 {
		return errors.New("another process has held the migration lock for 60s: retry when it is done")
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", lockName) //nolint:errcheck

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INT NOT NULL PRIMARY KEY,
		name VARCHAR(200) NOT NULL,
		checksum CHAR(64) NOT NULL,
		applied_at DATETIME(6) NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	applied := map[int]string{}
	rows, err := conn.QueryContext(ctx, "SELECT version, checksum FROM schema_migrations")
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			rows.Close()
			return err
		}
		applied[v] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	known := map[int]Migration{}
	latest := 0
	for _, m := range ms {
		known[m.Version] = m
		latest = max(latest, m.Version)
	}
	for v, sum := range applied {
		m, ok := known[v]
		if !ok && v > latest {
			return fmt.Errorf("%w: it has migration %d, this binary knows up to %d; run the newer binary or restore a backup", ErrSchemaNewer, v, latest)
		}
		if !ok {
			return fmt.Errorf("database has migration %d that this binary does not know", v)
		}
		if m.Checksum != sum {
			return fmt.Errorf("migration %04d_%s was changed after it was applied (checksum differs): migrations are append-only", v, m.Name)
		}
	}
	for _, m := range ms {
		if _, done := applied[m.Version]; done {
			continue
		}
		start := time.Now()
		for i, stmt := range splitStatements(m.SQL) {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migration %04d_%s, statement %d: %w", m.Version, m.Name, i+1, err)
			}
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
			m.Version, m.Name, m.Checksum, time.Now().UTC()); err != nil {
			return err
		}
		if log != nil {
			log.Info("migration applied", "version", m.Version, "name", m.Name, "took", time.Since(start).Round(time.Millisecond))
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration (0 for an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.conn(ctx).QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1146 { // table does not exist yet
		return 0, nil
	}
	return int(v.Int64), err
}

func currentDatabase(ctx context.Context, conn *sql.Conn) string {
	var name sql.NullString
	_ = conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&name)
	return name.String
}

// splitStatements cuts a migration file into statements: the driver runs one at a time because
// multiStatements stays off. A statement ends with a semicolon at the end of a line; lines that
// start with "--" are comments.
func splitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || (trimmed == "" && cur.Len() == 0) {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			stmt := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			if strings.TrimSpace(stmt) != "" {
				out = append(out, stmt)
			}
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, rest)
	}
	return out
}
