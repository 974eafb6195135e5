package files

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// NewKey is a fresh random key, for a store of another kind that names files as this one does.
func NewKey() string { return newKey() }

// ValidKey says whether key has the form of a stored file's key.
func ValidKey(key string) bool { return keyPattern.MatchString(key) }

// Get opens a stored file for reading (the storage interface's Open; the context is unused on
// a local disk).
func (s *Store) Get(_ context.Context, key string) (io.ReadSeekCloser, error) {
	f, err := s.Open(key)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Check says whether the data disk can take files now: its temporary directory is writable.
func (s *Store) Check(context.Context) error {
	f, err := os.CreateTemp(filepath.Join(s.root, "tmp"), "check-*")
	if err != nil {
		return fmt.Errorf("files: %s is not writable: %w", s.root, classify(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// Describe names the store in messages.
func (s *Store) Describe() string { return "the data disk " + s.root }
