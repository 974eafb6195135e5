package backup

// The archives of a directory: listing, rotation, and the scheduled run that writes then prunes.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// List returns the archives of dir, newest first, from their names (it does not read them).
// A missing directory has none.
func List(dir string) ([]Info, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, e := range entries {
		m := archivePattern.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		t, err := time.ParseInLocation(nameLayout, m[1], time.UTC)
		if err != nil {
			continue
		}
		st, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, Info{Path: filepath.Join(dir, e.Name()), Name: e.Name(), Size: st.Size(), CreatedAt: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// Prune removes the archives of dir that rotation does not keep, and returns their names. It
// keeps the newest archive of each of the keepDaily most recent days that have one, the newest
// of each of the keepWeekly most recent ISO weeks (Monday to Sunday) that have one, and always
// the newest archive. Days and weeks are those of now's time zone. Counting days that have an
// archive, rather than calendar days, means that backups failing for a while never make the
// rotation delete more. Other files of dir are never touched.
func Prune(dir string, keepDaily, keepWeekly int, now time.Time) (removed []string, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	list, err := List(dir)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	days, weeks := map[string]bool{}, map[string]bool{}
	for i, a := range list { // newest first
		t := a.CreatedAt.In(now.Location())
		day := t.Format(time.DateOnly)
		y, w := t.ISOWeek()
		week := fmt.Sprintf("%d-W%02d", y, w)
		if i == 0 {
			keep[a.Name] = true
		}
		if !days[day] && len(days) < keepDaily {
			days[day] = true
			keep[a.Name] = true
		}
		if !weeks[week] && len(weeks) < keepWeekly {
			weeks[week] = true
			keep[a.Name] = true
		}
	}
	var errs []error
	for _, a := range list {
		if keep[a.Name] {
			continue
		}
		if err := os.Remove(a.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, a.Name)
	}
	if len(removed) > 0 {
		if err := files.SyncDir(dir); err != nil {
			errs = append(errs, err)
		}
	}
	return removed, errors.Join(errs...)
}

// Result is what a scheduled run did.
type Result struct {
	Archive Info
	Removed []string
}

// Summary says in one line what the run did, for the job's run record.
func (r Result) Summary() string {
	if r.Archive.Manifest == nil {
		return "no backup written"
	}
	m := r.Archive.Manifest
	return fmt.Sprintf("%s written (%d bytes: %d rows, %d files of %d bytes), %d old archives removed",
		r.Archive.Name, r.Archive.Size, m.Rows, m.Files, m.FileBytes, len(r.Removed))
}

// Run is the scheduled job: Create, then Prune. When the backup fails nothing is pruned; when
// only the rotation fails, the result still names the new archive.
func Run(ctx context.Context, db *store.DB, filesRoot, dir string, keepDaily, keepWeekly int, now time.Time) (Result, error) {
	fstore, err := files.Open(filesRoot)
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	return RunFrom(ctx, db, fstore, dir, keepDaily, keepWeekly, now)
}

// RunFrom is Run with the files of any store (the data disk or an S3 bucket).
func RunFrom(ctx context.Context, db *store.DB, fstore storage.Store, dir string, keepDaily, keepWeekly int, now time.Time) (Result, error) {
	info, err := CreateFrom(ctx, db, fstore, dir, now)
	if err != nil {
		return Result{}, err
	}
	removed, err := Prune(dir, keepDaily, keepWeekly, now)
	res := Result{Archive: info, Removed: removed}
	if err != nil {
		return res, fmt.Errorf("backup %s written, but the rotation failed: %w", info.Name, err)
	}
	return res, nil
}

// lockDir takes the directory's lock file, so that two backups (the nightly one and a manual
// one) never write or rotate at once; the lock dies with its process.
func lockDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w in %s", ErrBusy, dir)
		}
		return nil, fmt.Errorf("backup: locking %s: %w", dir, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// removeStale deletes what a killed backup left behind; the caller holds the lock, so no
// running backup owns them.
func removeStale(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if partialPattern.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}
