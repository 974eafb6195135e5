// Package backup writes, checks, rotates and restores the portal's backups (X5).
//
// A backup is one file, portal-YYYYMMDD-HHMMSS.tar.gz (the time in UTC), mode 0600: a
// gzip-compressed tar archive of regular files only, in this order:
//
//	files/<key>      every stored deliverable and attachment (the key of app/storage), by key,
//	                 from the data disk or the S3 bucket alike
//	database.jsonl   the dump of the database, read in one snapshot (see DumpDatabase in dump.go)
//	manifest.json    format, creation time, portal and schema versions, rows and checksum of
//	                 every table, and the size and SHA-256 of every entry above
//
// The manifest comes last because the checksums are known only once everything has streamed
// through; Verify reads the archive once, hashing every entry, and then compares. The database
// is dumped first (its snapshot is the instant of the backup) and the files are gathered after:
// a file is on disk before the row naming it commits, so every file the snapshot names is there.
//
// An archive is written under a temporary name (.<name>.partial) in the same directory, flushed
// to disk, verified, and only then renamed: an interrupted backup (cancelled, disk full, killed)
// leaves the earlier archives as they were and no half archive under an archive's name; a
// leftover .partial of a killed process is removed by the next backup.
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/version"
)

const (
	// Format names the archive format in its manifest.
	Format = "portal-backup"
	// FormatVersion is the version of the archive format this binary writes and reads.
	FormatVersion = 1
	// ManifestName and DatabaseName are the archive's fixed entries; files are under FilesPrefix.
	ManifestName = "manifest.json"
	DatabaseName = "database.jsonl"
	FilesPrefix  = "files/"

	maxManifest = 256 << 20
	nameLayout  = "20060102-150405"
)

var (
	// ErrCorrupt: the archive is damaged, incomplete or does not match its manifest.
	ErrCorrupt = errors.New("backup archive is corrupt")
	// ErrFilesNotEmpty: a restore needs a files directory that holds no stored file.
	ErrFilesNotEmpty = errors.New("the files directory already holds files")
	// ErrBusy: another backup or rotation is running in the same directory.
	ErrBusy = errors.New("another backup is running")
)

// Entry is one file of an archive.
type Entry struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest describes an archive; it is its last entry.
type Manifest struct {
	Format         string    `json:"format"`
	FormatVersion  int       `json:"format_version"`
	CreatedAt      time.Time `json:"created_at"`
	PortalVersion  string    `json:"portal_version"`
	SchemaVersion  int       `json:"schema_version"`
	DatabaseServer string    `json:"database_server"`
	// Tables counts the rows of each table; TableChecksums are TableChecksums at the
	// instant of the backup.
	Tables         map[string]int64  `json:"tables"`
	TableChecksums map[string]string `json:"table_checksums"`
	Rows           int64             `json:"rows"`
	Files          int               `json:"files"`
	FileBytes      int64             `json:"file_bytes"`
	// Vanished lists files deleted while the backup ran (listed, then gone before being read).
	Vanished []string `json:"vanished,omitempty"`
	Entries  []Entry  `json:"entries"`
}

func (m *Manifest) entry(name string) (Entry, bool) {
	for _, e := range m.Entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Info describes an archive on disk. List fills Path, Name, Size and CreatedAt (from the name);
// Create, Verify and Restore also give the Manifest.
type Info struct {
	Path      string
	Name      string
	Size      int64
	CreatedAt time.Time
	Manifest  *Manifest
}

var (
	archivePattern = regexp.MustCompile(`^portal-(\d{8}-\d{6})\.tar\.gz$`)
	partialPattern = regexp.MustCompile(`^\.portal-\d{8}-\d{6}\.tar\.gz(\.dump)?\.partial$`)
	keyPattern     = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// ArchiveName is the file name of a backup made at t.
func ArchiveName(t time.Time) string { return "portal-" + t.UTC().Format(nameLayout) + ".tar.gz" }

// testHookFileAdded, when set, runs after each file is archived (tests interrupt a backup there).
var testHookFileAdded func(key string)

// Create writes a backup of the database and of the files under filesRoot (the root of
// app/files) into dir, created 0700 if missing, and returns it verified.
func Create(ctx context.Context, db *store.DB, filesRoot, dir string, now time.Time) (Info, error) {
	fstore, err := files.Open(filesRoot)
	if err != nil {
		return Info{}, fmt.Errorf("backup: %w", err)
	}
	return CreateFrom(ctx, db, fstore, dir, now)
}

// CreateFrom is Create with the files of any store (the data disk or an S3 bucket).
func CreateFrom(ctx context.Context, db *store.DB, fstore storage.Store, dir string, now time.Time) (info Info, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return info, err
	}
	defer unlock()
	if err := removeStale(dir); err != nil {
		return info, err
	}
	created := now.UTC()
	name := ArchiveName(created)
	final := filepath.Join(dir, name)
	if _, err := os.Lstat(final); err == nil {
		return info, fmt.Errorf("backup: %s already exists (one backup per second)", final)
	}
	partial := filepath.Join(dir, "."+name+".partial")
	dumpPath := filepath.Join(dir, "."+name+".dump.partial")
	defer os.Remove(dumpPath)
	defer func() {
		if err != nil {
			os.Remove(partial)
		}
	}()

	// The database first: its snapshot is the instant of the backup. It is spooled to disk
	// because a tar header needs the size of what follows.
	dump, err := os.OpenFile(dumpPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	defer dump.Close()
	dumpHash := sha256.New()
	dumped, err := DumpDatabase(ctx, db, io.MultiWriter(dump, dumpHash))
	if err != nil {
		return info, fmt.Errorf("backup: dumping the database: %w", err)
	}
	dumpSize, err := dump.Seek(0, io.SeekCurrent)
	if err != nil {
		return info, err
	}
	dumpSum := hex.EncodeToString(dumpHash.Sum(nil))

	out, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	defer out.Close() // a second Close after the explicit one is harmless
	bw := bufio.NewWriterSize(out, 1<<20)
	// Deliverables are mostly compressed already (PDF, ZIP, images): spend little CPU on them.
	gz, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	m := Manifest{Format: Format, FormatVersion: FormatVersion, CreatedAt: created, PortalVersion: version.Version,
		SchemaVersion: dumped.SchemaVersion, DatabaseServer: dumped.Server, Tables: dumped.Tables,
		TableChecksums: dumped.Checksums, Rows: dumped.Rows, Entries: []Entry{}}
	mtime := created.Truncate(time.Second)

	keys, err := fstore.Keys()
	if err != nil {
		return info, fmt.Errorf("backup: listing the files: %w", err)
	}
	sort.Strings(keys)
	for _, key := range keys {
		f, err := fstore.Get(ctx, key)
		if errors.Is(err, fs.ErrNotExist) {
			m.Vanished = append(m.Vanished, key) // deleted since it was listed
			continue
		}
		if err != nil {
			return info, fmt.Errorf("backup: file %s: %w", key, err)
		}
		e, err := addFile(ctx, tw, f, FilesPrefix+key, mtime)
		f.Close()
		if err != nil {
			return info, fmt.Errorf("backup: file %s: %w", key, err)
		}
		m.Entries = append(m.Entries, e)
		m.Files++
		m.FileBytes += e.Size
		if testHookFileAdded != nil {
			testHookFileAdded(key)
		}
	}

	if _, err := dump.Seek(0, io.SeekStart); err != nil {
		return info, err
	}
	e, err := addEntry(ctx, tw, DatabaseName, dump, dumpSize, mtime)
	if err != nil {
		return info, fmt.Errorf("backup: archiving the dump: %w", err)
	}
	if e.SHA256 != dumpSum {
		return info, errors.New("backup: the dump changed on disk while it was archived")
	}
	m.Entries = append(m.Entries, e)

	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return info, err
	}
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: ManifestName, Size: int64(len(mb)), Mode: 0o600, ModTime: mtime}); err != nil {
		return info, err
	}
	if _, err := tw.Write(mb); err != nil {
		return info, err
	}
	if err := tw.Close(); err != nil {
		return info, err
	}
	if err := gz.Close(); err != nil {
		return info, err
	}
	if err := bw.Flush(); err != nil {
		return info, fmt.Errorf("backup: writing %s: %w", partial, err)
	}
	if err := out.Sync(); err != nil {
		return info, fmt.Errorf("backup: flushing %s: %w", partial, err)
	}
	if err := out.Close(); err != nil {
		return info, fmt.Errorf("backup: writing %s: %w", partial, err)
	}
	// Read it back before it takes an archive's name.
	checked, err := Verify(partial)
	if err != nil {
		return info, fmt.Errorf("backup: the new archive does not verify: %w", err)
	}
	if err := os.Chmod(partial, 0o600); err != nil {
		return info, err
	}
	if err := os.Rename(partial, final); err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	if err := files.SyncDir(dir); err != nil {
		return info, fmt.Errorf("backup: flushing %s: %w", dir, err)
	}
	return Info{Path: final, Name: name, Size: checked.Size, CreatedAt: created, Manifest: checked.Manifest}, nil
}

// addFile archives an open stored file.
func addFile(ctx context.Context, tw *tar.Writer, f storage.Object, name string, mtime time.Time) (Entry, error) {
	if osf, ok := f.(*os.File); ok {
		st, err := osf.Stat()
		if err != nil {
			return Entry{}, err
		}
		if !st.Mode().IsRegular() {
			return Entry{}, fmt.Errorf("not a regular file (%s)", st.Mode())
		}
	}
	size, err := storage.Size(f)
	if err != nil {
		return Entry{}, err
	}
	return addEntry(ctx, tw, name, f, size, mtime)
}

// addEntry writes exactly size bytes of r as the entry name and returns their checksum.
func addEntry(ctx context.Context, tw *tar.Writer, name string, r io.Reader, size int64, mtime time.Time) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: mtime}); err != nil {
		return Entry{}, err
	}
	h := sha256.New()
	n, err := io.Copy(tw, io.TeeReader(files.ContextReader(ctx, io.LimitReader(r, size)), h))
	if err != nil {
		return Entry{}, err
	}
	if n != size {
		return Entry{}, fmt.Errorf("%s: read %d bytes of %d", name, n, size)
	}
	return Entry{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
