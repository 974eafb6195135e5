// Package storage is where deliverable and attachment files live: the data disk (app/files, one
// server) or an S3-compatible object store that several portal processes share. Both keep the
// same promises: a file is named by a random key, hashed while it streams, and exists under its
// key only once complete; a failed write leaves nothing that anyone would read.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/files"
)

// Saved describes a stored file.
type Saved = files.Saved

// Object is a stored file open for reading. Seek to io.SeekEnd gives its size.
type Object = io.ReadSeekCloser

// Store is what the portal, its jobs and its backups need of a file store.
type Store interface {
	// Save streams r into a new file of at most max bytes (expected is the announced size, or
	// -1) and returns its key, size and SHA-256; on any error nothing is kept. Its errors are
	// those of app/files (ErrTooLarge, ErrEmpty, ErrIncomplete, ErrDiskFull) or the cause.
	Save(ctx context.Context, r io.Reader, max, expected int64) (Saved, error)
	// Put stores exactly size bytes of SHA-256 sum under a key chosen elsewhere (a restore, a
	// migration); an existing key is never replaced (files.ErrExists).
	Put(ctx context.Context, key string, r io.Reader, size int64, sum string) error
	// PutUnsynced is Put that may defer durability until Flush (a restore of many files).
	PutUnsynced(ctx context.Context, key string, r io.Reader, size int64, sum string) error
	Flush()
	// Get opens a file; a missing one is an fs.ErrNotExist.
	Get(ctx context.Context, key string) (Object, error)
	// Remove deletes a file; a missing one is not an error.
	Remove(key string) error
	// Keys lists every stored key.
	Keys() ([]string, error)
	// TempFiles lists what interrupted uploads left; CleanTemp removes those older than
	// olderThan (0: all of them, at start-up) and says how many.
	TempFiles() ([]string, error)
	CleanTemp(olderThan time.Duration) (int, error)
	// Check says whether the store can be used now (/readyz, start-up).
	Check(ctx context.Context) error
	// Describe names the store in messages ("the data disk /var/lib/portal/files").
	Describe() string
}

// Ranger is an Object that can be told which bytes will be read, so that a store fetches only
// those (an HTTP range onto an object store's ranged GET).
type Ranger interface {
	ReadRange(start, end int64) error
}

// Presigner is an Object that the browser may fetch from the store itself, through a
// short-lived link, instead of through the portal (storage.presigned_downloads); the link is
// "" when that is not enabled.
type Presigner interface {
	PresignedURL(ctx context.Context, contentType, disposition string) (string, error)
}

// Local is the data-disk store of cfg: <data.dir>/files.
func Local(cfg config.Config) (Store, error) {
	fs, err := files.Open(cfg.DataPath("files"))
	if err != nil {
		return nil, err
	}
	return fs, nil
}

// Open opens the store that cfg's [storage] names and checks it can be used: an S3 store that is
// unreachable, refuses the credentials or has no such bucket stops the caller with a message
// naming the key at fault.
func Open(ctx context.Context, cfg config.Config) (Store, error) {
	switch cfg.Storage.Backend {
	case "", "local":
		return Local(cfg)
	case "s3":
		return OpenS3(ctx, cfg.Storage)
	default:
		return nil, fmt.Errorf("storage.backend: unknown backend %q", cfg.Storage.Backend)
	}
}

// Size is the size of an open object (it leaves the object at its start).
func Size(o Object) (int64, error) {
	n, err := o.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, err
	}
	if _, err := o.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return n, nil
}

// ErrUnavailable wraps a store that cannot be used now.
var ErrUnavailable = errors.New("storage unavailable")
