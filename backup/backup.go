// Package backup writes, checks, rotates and restores the portal's backups (X5).
//
// A backup is one file, portal-YYYYMMDD-HHMMSS.tar.gz (the time in UTC), mode 0600: a
// gzip-compressed tar archive of regular files only, in this order:
//
//	files/<key>      every stored deliverable and attachment (the key of app/files), by key
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
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/bigdatacenter/portal/app/files"
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
func Create(ctx context.Context, db *store.DB, filesRoot, dir string, now time.Time) (info Info, err error) {
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

	fstore, err := files.Open(filesRoot)
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	keys, err := fstore.Keys()
	if err != nil {
		return info, fmt.Errorf("backup: listing the files: %w", err)
	}
	sort.Strings(keys)
	for _, key := range keys {
		f, err := fstore.Open(key)
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
func addFile(ctx context.Context, tw *tar.Writer, f *os.File, name string, mtime time.Time) (Entry, error) {
	st, err := f.Stat()
	if err != nil {
		return Entry{}, err
	}
	if !st.Mode().IsRegular() {
		return Entry{}, fmt.Errorf("not a regular file (%s)", st.Mode())
	}
	return addEntry(ctx, tw, name, f, st.Size(), mtime)
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

// Verify reads the archive at path once, checking the compression, that the manifest is there
// and last, that no entry is missing, extra or repeated, and every entry's size and SHA-256.
func Verify(path string) (Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	m, err := scan(f, nil, nil)
	if err != nil {
		return Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return Info{Path: path, Name: filepath.Base(path), Size: st.Size(), CreatedAt: m.CreatedAt, Manifest: m}, nil
}

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, a...))
}

// scan reads an archive once and returns its manifest once every entry matched it. fn, when
// set, receives the content of each entry but the manifest, as it streams; with want (the
// manifest of an earlier Verify), each content reader fails at its end rather than end cleanly
// when the bytes differ from want's checksum, so that fn never accepts what it did not expect.
func scan(r io.Reader, want *Manifest, fn func(name string, content io.Reader) error) (*Manifest, error) {
	gz, err := gzip.NewReader(bufio.NewReaderSize(r, 1<<20))
	if err != nil {
		return nil, corrupt("not a gzip stream: %v", err)
	}
	tr := tar.NewReader(gz)
	seen := map[string]Entry{}
	var m *Manifest
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, corrupt("%v", err)
		}
		if m != nil {
			return nil, corrupt("entry %q after the manifest", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, corrupt("entry %q is not a regular file", hdr.Name)
		}
		if hdr.Name == ManifestName {
			if hdr.Size > maxManifest {
				return nil, corrupt("manifest of %d bytes", hdr.Size)
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, corrupt("reading the manifest: %v", err)
			}
			m = new(Manifest)
			if err := json.Unmarshal(b, m); err != nil {
				return nil, corrupt("bad manifest: %v", err)
			}
			continue
		}
		key, isFile := strings.CutPrefix(hdr.Name, FilesPrefix)
		if hdr.Name != DatabaseName && !(isFile && keyPattern.MatchString(key)) {
			return nil, corrupt("unexpected entry %q", hdr.Name)
		}
		if _, dup := seen[hdr.Name]; dup {
			return nil, corrupt("entry %q appears twice", hdr.Name)
		}
		er := &entryReader{name: hdr.Name, r: tr, h: sha256.New()}
		if want != nil {
			e, ok := want.entry(hdr.Name)
			if !ok {
				return nil, corrupt("entry %q is not in the manifest", hdr.Name)
			}
			er.want = &e
		}
		if fn != nil {
			if err := fn(hdr.Name, er); err != nil {
				return nil, err
			}
		}
		if _, err := io.Copy(io.Discard, er); err != nil {
			return nil, corrupt("reading %s: %v", hdr.Name, err)
		}
		seen[hdr.Name] = Entry{Name: hdr.Name, Size: er.n, SHA256: hex.EncodeToString(er.h.Sum(nil))}
	}
	// Reading the gzip stream to its end checks its CRC and refuses trailing garbage.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, corrupt("%v", err)
	}
	if m == nil {
		return nil, corrupt("no manifest: the archive is incomplete")
	}
	if m.Format != Format || m.FormatVersion != FormatVersion {
		return nil, corrupt("format %q version %d, expected %s version %d", m.Format, m.FormatVersion, Format, FormatVersion)
	}
	if _, ok := m.entry(DatabaseName); !ok {
		return nil, corrupt("the manifest lists no %s", DatabaseName)
	}
	listed := map[string]bool{}
	for _, e := range m.Entries {
		got, ok := seen[e.Name]
		switch {
		case listed[e.Name]:
			return nil, corrupt("the manifest lists %s twice", e.Name)
		case !ok:
			return nil, corrupt("%s is missing", e.Name)
		case got != e:
			return nil, corrupt("%s does not match the manifest (size %d, SHA-256 %s; manifest: %d, %s)", e.Name, got.Size, got.SHA256, e.Size, e.SHA256)
		}
		listed[e.Name] = true
	}
	for name := range seen {
		if !listed[name] {
			return nil, corrupt("%s is not in the manifest", name)
		}
	}
	return m, nil
}

// entryReader hashes an entry as it is read and, given the expected entry, turns its end into an
// error when the content differs.
type entryReader struct {
	name string
	r    io.Reader
	h    hash.Hash
	n    int64
	want *Entry
}

func (e *entryReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.h.Write(p[:n])
	e.n += int64(n)
	if errors.Is(err, io.EOF) && e.want != nil {
		if sum := hex.EncodeToString(e.h.Sum(nil)); e.n != e.want.Size || sum != e.want.SHA256 {
			return n, corrupt("%s changed since it was verified", e.name)
		}
	}
	return n, err
}

// Restore verifies the archive, then restores it into db, which must hold no portal data, and
// filesRoot, which must hold no stored file. The files go first, flushed to disk all at once;
// the database last, in one transaction that commits only once every table matches the dump's
// checksums. When the restore fails before that commit, the files it put are removed again.
func Restore(ctx context.Context, path string, db *store.DB, filesRoot string) (info Info, err error) {
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
	fstore, err := files.Open(filesRoot)
	if err != nil {
		return info, fmt.Errorf("restore: %w", err)
	}
	if keys, err := fstore.Keys(); err != nil {
		return info, fmt.Errorf("restore: %w", err)
	} else if len(keys) > 0 {
		return info, fmt.Errorf("restore: %w: %s holds %d", ErrFilesNotEmpty, filesRoot, len(keys))
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
	info, err := Create(ctx, db, filesRoot, dir, now)
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
