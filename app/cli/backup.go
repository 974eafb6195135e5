package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/backup"
)

const backupUsage = "portal backup now [--dir DIR]\n" +
	"       portal backup list [--dir DIR]\n" +
	"       portal backup verify ARCHIVE [--database]\n\n" +
	"now writes a backup of the database (one consistent snapshot) and of every stored file into\n" +
	"one archive, portal-YYYYMMDD-HHMMSS.tar.gz (mode 0600), written under a temporary name,\n" +
	"verified, then renamed. list shows the archives, newest first. verify reads an archive and\n" +
	"checks every checksum of its manifest; --database also compares it, table by table, with the\n" +
	"configured database. DIR defaults to backup.dir, else <data.dir>/backups. The nightly\n" +
	"backup of `portal serve` (backup.schedule) also rotates: backup.keep_daily, backup.keep_weekly."

const restoreUsage = "portal restore ARCHIVE [--config PATH]\n\n" +
	"Verifies ARCHIVE, then restores it into the configured database and data directory, which\n" +
	"must both be empty (a new install): the files first, then every table in one transaction\n" +
	"that commits only if each table matches the archive's checksums. The archive must come from\n" +
	"a portal with the same database schema version as this one."

// backupDir is where archives go: backup.dir, else <data.dir>/backups.
func backupDir(cfg config.Config) string {
	if cfg.Backup.Dir == "" {
		return cfg.DataPath("backups")
	}
	if dir, err := filepath.Abs(cfg.Backup.Dir); err == nil {
		return dir
	}
	return cfg.Backup.Dir
}

// parsePositional parses flags placed anywhere among args and returns the other arguments.
func parsePositional(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(fs)
				return nil, flag.ErrHelp
			}
			return nil, usageErr("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// interruptible is a context that Ctrl-C or SIGTERM cancels, so that an interrupted backup or
// restore cleans up after itself.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// parseBackupDir parses the flags of a backup subcommand that works on a directory of archives
// and loads the configuration; the directory is -dir, else the configured one.
func parseBackupDir(env Env, args []string) (config.Config, string, error) {
	fs, cfgPath := newFlags(env, "backup")
	dir := fs.String("dir", "", "directory of the archives (default: backup.dir, else <data.dir>/backups)")
	cfg, err := parseConfig(env, fs, cfgPath, args)
	if err != nil {
		return cfg, "", err
	}
	if *dir == "" {
		*dir = backupDir(cfg)
	}
	return cfg, *dir, nil
}

func runBackupNow(env Env, args []string) error {
	cfg, dir, err := parseBackupDir(env, args)
	if err != nil {
		return err
	}
	return withArchive(env, cfg, func(ctx context.Context, db *store.DB, fstore storage.Store) (backup.Info, error) {
		return backup.CreateFrom(ctx, db, fstore, dir, time.Now())
	}, func(info backup.Info, _ storage.Store, took time.Duration) string {
		return fmt.Sprintf("backup written: %s (%s in %s)", info.Path, byteSize(info.Size), took)
	})
}

// withArchive runs op, a backup or a restore, on the configured database and file store, then
// prints what done says of it (given how long it took) and what the archive holds.
func withArchive(env Env, cfg config.Config, op func(ctx context.Context, db *store.DB, fstore storage.Store) (backup.Info, error),
	done func(info backup.Info, fstore storage.Store, took time.Duration) string) error {
	return withDatabase(env, cfg, func(ctx context.Context, db *boot.Database) error {
		start := time.Now()
		fstore, err := openFiles(cfg)
		if err != nil {
			return err
		}
		info, err := op(ctx, db.Store, fstore)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, done(info, fstore, time.Since(start).Round(time.Millisecond)))
		fmt.Fprintf(env.Stdout, "  %s\n", describe(info.Manifest))
		return nil
	})
}

// withDatabase opens the configured database as it stands (a backup copies it, a restore
// replaces it: neither migrates it) and runs fn with it, in a context that an interrupt cancels.
func withDatabase(env Env, cfg config.Config, fn func(ctx context.Context, db *boot.Database) error) error {
	ctx, stop := interruptible()
	defer stop()
	db, err := boot.OpenDatabase(ctx, cfg, boot.Logger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, db)
}

func runBackupList(env Env, args []string) error {
	cfg, dir, err := parseBackupDir(env, args)
	if err != nil {
		return err
	}
	list, err := backup.List(dir)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(env.Stdout, "no backup in %s\n", dir)
		return nil
	}
	fmt.Fprintf(env.Stdout, "%d backups in %s, newest first:\n", len(list), dir)
	for _, a := range list {
		fmt.Fprintf(env.Stdout, "  %s  %10s  %s\n", a.Name, byteSize(a.Size), a.CreatedAt.In(cfg.Location()).Format("2006-01-02 15:04:05 MST"))
	}
	return nil
}

func runBackupVerify(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "backup")
	withDB := fs.Bool("database", false, "also compare the archive with the configured database, table by table")
	pos, err := parsePositional(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("backup verify: expected one ARCHIVE, got %d arguments", len(pos))
	}
	info, err := backup.Verify(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: OK, every checksum matches\n  %s\n", info.Path, describe(info.Manifest))
	if !*withDB {
		return nil
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	var sums map[string]string
	err = withDatabase(env, cfg, func(ctx context.Context, db *boot.Database) (err error) {
		sums, err = backup.TableChecksums(ctx, db.Store)
		return err
	})
	if err != nil {
		return err
	}
	var differ []string
	for name, sum := range info.Manifest.TableChecksums {
		if sums[name] != sum {
			differ = append(differ, name)
		}
	}
	for name := range sums {
		if _, ok := info.Manifest.TableChecksums[name]; !ok {
			differ = append(differ, name)
		}
	}
	if len(differ) > 0 {
		slices.Sort(differ)
		return fmt.Errorf("the database differs from the archive in %d tables: %s", len(differ), strings.Join(differ, ", "))
	}
	fmt.Fprintf(env.Stdout, "the database is identical to the archive (%d tables)\n", len(sums))
	return nil
}

func runRestore(env Env, args []string) error {
	fs, cfgPath := newFlags(env, "restore")
	pos, err := parsePositional(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("restore: expected one ARCHIVE, got %d arguments", len(pos))
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	return withArchive(env, cfg, func(ctx context.Context, db *store.DB, fstore storage.Store) (backup.Info, error) {
		return backup.RestoreInto(ctx, pos[0], db, fstore)
	}, func(info backup.Info, fstore storage.Store, took time.Duration) string {
		return fmt.Sprintf("restored %s into the database and %s in %s", info.Path, fstore.Describe(), took)
	})
}

// describe summarises a manifest in one line.
func describe(m *backup.Manifest) string {
	return fmt.Sprintf("made %s by portal %s: schema %d, %d tables, %d rows, %d files (%s)",
		m.CreatedAt.Format(time.RFC3339), m.PortalVersion, m.SchemaVersion, len(m.Tables), m.Rows, m.Files, byteSize(m.FileBytes))
}

func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
