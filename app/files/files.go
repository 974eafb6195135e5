// Package files stores deliverables on the data disk. A file is written under a temporary name,
// hashed (SHA-256) while it streams, flushed to disk, then renamed into place: a reader never
// sees half a file, and a failure leaves nothing behind. Files are named by random keys chosen
// here; the name a user gave is only a label kept in the database. It is the "local" backend of
// app/storage.
package files

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

// Store keeps files under a root directory.
type Store struct {
	root string
}

// Saved describes a stored file.
type Saved struct {
	Key    string
	Size   int64
	SHA256 string
}

var (
	// ErrTooLarge: the stream went past the allowed size; nothing was kept.
	ErrTooLarge = errors.New("files: too large")
	// ErrDiskFull: the data disk has no room left; nothing was kept.
	ErrDiskFull = errors.New("files: disk full")
	// ErrEmpty: the stream held no byte.
	ErrEmpty = errors.New("files: empty")
	// ErrIncomplete: the stream ended before the announced size (a dropped connection).
	ErrIncomplete = errors.New("files: incomplete")
)

// Open prepares the store, creating its directories.
func Open(root string) (*Store, error) {
	for _, d := range []string{root, filepath.Join(root, "tmp"), filepath.Join(root, "objects")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("files: %w", err)
		}
	}
	return &Store{root: root}, nil
}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// path maps a key to its file, in one of 256 directories so that none grows too large.
func (s *Store) path(key string) (string, error) {
	if !keyPattern.MatchString(key) {
		return "", fmt.Errorf("files: bad key %q", key)
	}
	return filepath.Join(s.root, "objects", key[:2], key), nil
}

// Save streams r to disk, up to max bytes; expected is the announced size, or -1. On any error
// (the client went away, too large, shorter than announced, disk full, cancelled) the
// temporary file is removed and nothing is kept.
func (s *Store) Save(ctx context.Context, r io.Reader, max, expected int64) (saved Saved, err error) {
	// One byte more than allowed tells "exactly max" from "more than max".
	tmp, n, sum, err := s.spool(ctx, "upload-*", r, max+1)
	if err != nil {
		return Saved{}, err
	}
	defer dropOnError(tmp, &err)
	if n > max {
		return Saved{}, ErrTooLarge
	}
	if n == 0 {
		return Saved{}, ErrEmpty
	}
	if expected >= 0 && n != expected {
		return Saved{}, ErrIncomplete
	}
	if err := tmp.Sync(); err != nil {
		return Saved{}, classify(err)
	}
	if err := tmp.Close(); err != nil {
		return Saved{}, classify(err)
	}
	key := newKey()
	dst, _ := s.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Saved{}, classify(err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Saved{}, classify(err)
	}
	// The rename is durable only once the directory is flushed.
	if err := SyncDir(filepath.Dir(dst)); err != nil {
		os.Remove(dst)
		return Saved{}, classify(err)
	}
	return Saved{Key: key, Size: n, SHA256: sum}, nil
}

// spool copies at most limit bytes of r into a new temporary file (named after pattern) and
// hashes them; when the copy fails the file is gone. The caller closes or drops the file.
func (s *Store) spool(ctx context.Context, pattern string, r io.Reader, limit int64) (tmp *os.File, n int64, sum string, err error) {
	tmp, err = os.CreateTemp(filepath.Join(s.root, "tmp"), pattern)
	if err != nil {
		return nil, 0, "", classify(err)
	}
	h := sha256.New()
	if n, err = io.Copy(io.MultiWriter(tmp, h), &ctxReader{ctx: ctx, r: io.LimitReader(r, limit)}); err != nil {
		dropOnError(tmp, &err)
		return nil, 0, "", classify(err)
	}
	return tmp, n, hex.EncodeToString(h.Sum(nil)), nil
}

// dropOnError closes and removes a temporary file when *err is set: deferred, it undoes a write
// that failed after the file was made.
func dropOnError(tmp *os.File, err *error) {
	if *err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
	}
}

// Open opens a stored file for reading.
func (s *Store) Open(key string) (*os.File, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Remove deletes a stored file; a missing one is not an error.
func (s *Store) Remove(key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Keys lists every stored key (for the consistency check and backups).
func (s *Store) Keys() ([]string, error) {
	var keys []string
	err := filepath.WalkDir(filepath.Join(s.root, "objects"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && keyPattern.MatchString(d.Name()) {
			keys = append(keys, d.Name())
		}
		return nil
	})
	return keys, err
}

// TempFiles lists leftovers in tmp/ (there are none unless the process was killed mid-upload).
func (s *Store) TempFiles() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(s.root, "tmp"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out, nil
}

// CleanTemp removes leftovers of uploads cut by a crash and returns how many it removed. At
// start-up, before serving, olderThan is 0 and everything goes. While serving, an upload in
// progress writes to its file all the time: a file untouched for longer than an upload may last
// (the transfer timeout) belongs to no live request.
func (s *Store) CleanTemp(olderThan time.Duration) (int, error) {
	entries, err := os.ReadDir(filepath.Join(s.root, "tmp"))
	if err != nil {
		return 0, err
	}
	cut := time.Now().Add(-olderThan)
	removed := 0
	for _, e := range entries {
		if olderThan > 0 {
			info, err := e.Info()
			if errors.Is(err, os.ErrNotExist) {
				continue // renamed into place, or removed by its upload, meanwhile
			}
			if err != nil {
				return removed, err
			}
			if info.ModTime().After(cut) {
				continue
			}
		}
		if err := os.Remove(filepath.Join(s.root, "tmp", e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

func newKey() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// SyncDir flushes a directory, so that the names just created or renamed in it survive a crash.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func classify(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

// ContextReader reads r until ctx ends: a copy from it stops with the context's error.
func ContextReader(ctx context.Context, r io.Reader) io.Reader { return &ctxReader{ctx: ctx, r: r} }

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
