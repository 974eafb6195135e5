package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
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
	return db.initAuditChain(ctx, log)
}

// migrationLease is how long the migrating process holds the migration lock without renewing
// it: a process that died while migrating blocks the others this long at most.
const migrationLease = time.Minute

// migrate applies the missing migrations in one process while the others wait: two processes
// starting at once, on one server or on two nodes of a Galera cluster, apply each migration
// exactly once. The lock is a lease row (GET_LOCK is not replicated by Galera); a process that
// finds the schema already complete returns at once, without taking it.
func (db *DB) migrate(ctx context.Context, ms []Migration, log *slog.Logger) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, ddl := range []string{`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INT NOT NULL PRIMARY KEY,
		name VARCHAR(200) NOT NULL,
		checksum CHAR(64) NOT NULL,
		applied_at DATETIME(6) NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`, `CREATE TABLE IF NOT EXISTS ` + migrationLocks + ` (
		name VARCHAR(64) NOT NULL PRIMARY KEY,
		owner VARCHAR(120) NOT NULL DEFAULT '',
		until DATETIME(6) NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`} {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("creating the migrations' tables: %w", err)
		}
	}
	pending := func() (bool, error) {
		missing, err := missingMigrations(ctx, conn, ms)
		return len(missing) > 0, err
	}
	return db.underMigrationLock(ctx, conn, log, pending, func() error {
		// Read again under the lock: the previous holder may have applied some since.
		missing, err := missingMigrations(ctx, conn, ms)
		if err != nil {
			return err
		}
		for _, m := range missing {
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
	})
}

// underMigrationLock runs fn in one process at a time, holding the migration lock, while pending
// says there is work; the other processes wait until the holder is done, and return at once
// when pending says there is nothing left (without taking the lock). The lock is renewed while
// fn runs, so that a long migration does not let another process in, and a process that died
// holding it blocks the others for migrationLease at most.
func (db *DB) underMigrationLock(ctx context.Context, conn *sql.Conn, log *slog.Logger, pending func() (bool, error), fn func() error) error {
	owner := LeaseOwner()
	lockName := "migrate." + currentDatabase(ctx, conn)
	waitingSince := time.Time{}
	for {
		work, err := pending()
		if err != nil || !work {
			return err
		}
		got, err := takeLease(ctx, conn, migrationLocks, lockName, owner, migrationLease)
		if err != nil {
			return fmt.Errorf("taking the migration lock: %w", err)
		}
		if got {
			break
		}
		if log != nil && (waitingSince.IsZero() || time.Since(waitingSince) > 30*time.Second) {
			log.Info("waiting for another process to finish migrating the database")
			waitingSince = time.Now()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for another process's migrations: %w", ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		for {
			select {
			case <-stop:
				return
			case <-time.After(migrationLease / 4):
				// On the pool: the migrating connection is busy with a statement.
				if ok, err := renewLease(ctx, db.sql, migrationLocks, lockName, owner, migrationLease); !ok && log != nil {
					log.Error("the migration lock could not be renewed: another process may start migrating", "err", err)
				}
			}
		}
	}()
	defer func() {
		close(stop)
		<-renewed
		// Deleted rather than kept free: a freshly migrated database stays empty of rows, as
		// a restore requires.
		_, _ = db.sql.ExecContext(context.WithoutCancel(ctx), "DELETE FROM "+migrationLocks+" WHERE name = ? AND owner = ?", lockName, owner)
	}()
	return fn()
}

// missingMigrations checks the applied migrations against ms (none unknown, none edited) and
// returns those still to apply, in order.
func missingMigrations(ctx context.Context, conn *sql.Conn, ms []Migration) ([]Migration, error) {
	applied := map[int]string{}
	rows, err := conn.QueryContext(ctx, "SELECT version, checksum FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		applied[v] = sum
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
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
			return nil, fmt.Errorf("%w: it has migration %d, this binary knows up to %d; run the newer binary or restore a backup", ErrSchemaNewer, v, latest)
		}
		if !ok {
			return nil, fmt.Errorf("database has migration %d that this binary does not know", v)
		}
		if m.Checksum != sum {
			return nil, fmt.Errorf("migration %04d_%s was changed after it was applied (checksum differs): migrations are append-only", v, m.Name)
		}
	}
	var missing []Migration
	for _, m := range ms {
		if _, done := applied[m.Version]; !done {
			missing = append(missing, m)
		}
	}
	return missing, nil
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

// LeaseOwner names a lease's holder: this host and process, and a random part so that two
// holders in one process (a test's two "processes", two runs) are told apart.
func LeaseOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return clip(fmt.Sprintf("%s:%d:%x", host, os.Getpid(), b), 120)
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
