package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// ErrExists: a restore found a file already stored under that key.
var ErrExists = errors.New("files: a file with that key already exists")

// Put stores a file under a key chosen elsewhere (a backup being restored), with the same care
// as Save: a temporary file, hashed while it streams, flushed, then renamed into place. The
// content must be exactly size bytes with that SHA-256 (hex); otherwise, or on any error,
// nothing is kept. An existing file under the key is never replaced.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, sum string) error {
	return s.put(ctx, key, r, size, sum, true)
}

// PutUnsynced is Put without flushing the file and its directory to disk, for a restore of
// many files: two flushes per file would make it crawl on a spinning disk. Call Flush once
// they are all written, before anything refers to them.
func (s *Store) PutUnsynced(ctx context.Context, key string, r io.Reader, size int64, sum string) error {
	return s.put(ctx, key, r, size, sum, false)
}

// LinkUnsynced stores under a new key the same bytes as the file under src, as a hard link: a
// large generated dataset whose files repeat a few contents costs their directory entries, not
// a copy each. Files are never changed once stored and Remove unlinks one key only, so the keys
// stay independent. Like PutUnsynced, nothing is flushed: call Flush.
func (s *Store) LinkUnsynced(src string) (string, error) {
	from, err := s.path(src)
	if err != nil {
		return "", err
	}
	key := newKey()
	dst, _ := s.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return "", classify(err)
	}
	if err := os.Link(from, dst); err != nil {
		return "", classify(err)
	}
	return key, nil
}

// Flush makes every file written so far durable, at once (sync(2)).
func (s *Store) Flush() { syscall.Sync() }

func (s *Store) put(ctx context.Context, key string, r io.Reader, size int64, sum string, durable bool) (err error) {
	dst, err := s.path(key)
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, key)
	}
	tmp, n, got, err := s.spool(ctx, "restore-*", r, size+1)
	if err != nil {
		return err
	}
	defer dropOnError(tmp, &err)
	if n != size {
		return fmt.Errorf("files: %s holds %d bytes, %d expected", key, n, size)
	}
	if got != sum {
		return fmt.Errorf("files: %s has SHA-256 %s, %s expected", key, got, sum)
	}
	if durable {
		if err := tmp.Sync(); err != nil {
			return classify(err)
		}
	}
	if err := tmp.Close(); err != nil {
		return classify(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return classify(err)
	}
	// A hard link fails rather than replace an existing file; the temporary name then goes. A
	// file system without hard links gets a rename (the key was free a moment ago).
	if err := os.Link(tmp.Name(), dst); err == nil {
		os.Remove(tmp.Name())
	} else if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %s", ErrExists, key)
	} else if err := os.Rename(tmp.Name(), dst); err != nil {
		return classify(err)
	}
	if durable {
		if err := SyncDir(filepath.Dir(dst)); err != nil {
			os.Remove(dst)
			return classify(err)
		}
	}
	return nil
}
