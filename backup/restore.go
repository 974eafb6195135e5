package backup

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// Restore verifies the archive, then restores it into db, which must hold no portal data, and
// filesRoot, which must hold no stored file. The files go first, flushed to disk all at once;
// the database last, in one transaction that commits only once every table matches the dump's
// checksums. When the restore fails before that commit, the files it put are removed again.
func Restore(ctx context.Context, path string, db *store.DB, filesRoot string) (Info, error) {
	fstore, err := files.Open(filesRoot)
	if err != nil {
		return Info{}, fmt.Errorf("restore: %w", err)
	}
	return RestoreInto(ctx, path, db, fstore)
}

// RestoreInto is Restore into any file store (the data disk or an S3 bucket), which must hold
// no portal file.
func RestoreInto(ctx context.Context, path string, db *store.DB, fstore storage.Store) (info Info, err error) {
	info, err = Verify(path)
	if err != nil {
		return info, err
	}
	m := info.Manifest
	ms, err := store.Migrations()
	if err != nil {
		return info, err
	}
	if latest := ms[len(ms)-1].Version; m.SchemaVersion != latest {
		return info, fmt.Errorf("restore: the backup has schema version %d and this portal %d: restore it with the portal version that made it (%s)",
			m.SchemaVersion, latest, m.PortalVersion)
	}
	if err := CheckEmpty(ctx, db); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	if keys, err := fstore.Keys(); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	} else if len(keys) > 0 {
		return info, fmt.Errorf("restore: %w: %s holds %d", ErrFilesNotEmpty, fstore.Describe(), len(keys))
	}

	var put []string
	dbDone := false
	defer func() {
		if err != nil && !dbDone {
			for _, k := range put {
				_ = fstore.Remove(k)
			}
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return info, err
	}
	defer f.Close()
	_, err = scan(f, m, func(name string, content io.Reader) error {
		if key, ok := strings.CutPrefix(name, FilesPrefix); ok {
			e, _ := m.entry(name)
			if err := fstore.PutUnsynced(ctx, key, content, e.Size, e.SHA256); err != nil {
				return fmt.Errorf("restore: file %s: %w", key, err)
			}
			put = append(put, key)
			return nil
		}
		// The files are on disk for good before any row that names them commits.
		fstore.Flush()
		if err := RestoreDatabase(ctx, db, content); err != nil {
			return err
		}
		dbDone = true
		return nil
	})
	if err != nil {
		if dbDone {
			return info, fmt.Errorf("restore: the database and %d files were restored, but then: %w", len(put), err)
		}
		return info, err
	}
	if !dbDone || len(put) != m.Files {
		return info, fmt.Errorf("restore: restored %d files of %d", len(put), m.Files)
	}
	return info, nil
}
