// Package boot wires the parts of the portal together for the commands of main.go: logging, the
// database (the configured server or the private one) and its migrations.
package boot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/dbserver"
	"github.com/bigdatacenter/portal/app/store"
)

// Logger builds the process logger from the configuration.
func Logger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// EmbeddedDatabaseName is the database the portal uses on its private server.
const EmbeddedDatabaseName = "portal"

// Database is an open store and, when the portal runs its own server, that server.
type Database struct {
	Store  *store.DB
	server *dbserver.Server
	log    *slog.Logger
}

// OpenDatabase connects to database.dsn, or starts the private server when it is empty. When a
// private server of the same data directory is already running (a `portal serve` beside a
// `portal migrate`), it is reused and left running.
func OpenDatabase(ctx context.Context, cfg config.Config, log *slog.Logger) (*Database, error) {
	d := &Database{log: log}
	dsn := cfg.Database.DSN
	if dsn == "" {
		var err error
		dsn, err = d.startPrivate(ctx, cfg)
		if err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, dsn, store.Options{MaxOpenConns: cfg.Database.MaxOpenConns, MaxIdleConns: cfg.Database.MaxIdleConns})
	if err != nil {
		d.Close()
		return nil, err
	}
	d.Store = db
	log.Info("database connected", "server", db.Server, "private", d.server != nil)
	return d, nil
}

func (d *Database) startPrivate(ctx context.Context, cfg config.Config) (string, error) {
	dir := cfg.DataPath("mysql")
	if running, dsn := alreadyRunning(ctx, dir); running {
		d.log.Info("reusing the private database server already running", "dir", dir)
		return dsn, nil
	}
	d.log.Info("starting the private database server", "dir", dir)
	srv, err := dbserver.Start(ctx, dbserver.Options{DataDir: dir, Binary: cfg.Database.EmbeddedBinary,
		BufferPoolMB: cfg.Database.EmbeddedBufferPoolMB})
	if err != nil {
		return "", err
	}
	d.server = srv
	if err := srv.CreateDatabase(ctx, EmbeddedDatabaseName); err != nil {
		return "", fmt.Errorf("creating the portal database: %w", err)
	}
	return srv.DSN(EmbeddedDatabaseName), nil
}

// alreadyRunning answers whether a private server already listens on dir's socket.
func alreadyRunning(ctx context.Context, dir string) (bool, string) {
	srv, err := dbserver.Attach(dir)
	if err != nil {
		return false, ""
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if srv.Ping(pctx) != nil {
		return false, ""
	}
	return true, srv.DSN(EmbeddedDatabaseName)
}

// OpenMigrated opens the database and brings its schema up to this binary's, closing it again
// on failure: what every command that uses the portal's data starts with.
func OpenMigrated(ctx context.Context, cfg config.Config, log *slog.Logger) (*Database, error) {
	db, err := OpenDatabase(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Migrate applies the migrations, refusing a database newer than this binary.
func (d *Database) Migrate(ctx context.Context) error { return d.Store.Migrate(ctx, d.log) }

// Supervise restarts the private server this process started whenever it dies (see
// dbserver.Supervise); the channel receives an error when it gave up, and the portal should then
// exit with an error. With a configured or borrowed server it never receives.
func (d *Database) Supervise() <-chan error {
	if d.server == nil {
		return nil
	}
	opt := dbserver.DefaultSupervision
	opt.Log = d.log
	return d.server.Supervise(opt)
}

// Close closes the pool, then stops the private server if this process started it.
func (d *Database) Close() {
	if d.Store != nil {
		_ = d.Store.Close()
	}
	if d.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if err := d.server.Stop(ctx); err != nil {
			d.log.Error("stopping the private database server", "err", err)
		} else {
			d.log.Info("private database server stopped")
		}
	}
}
