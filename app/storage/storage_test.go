package storage_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/storage/s3test"
)

// backends runs fn against the data disk and against a real S3-compatible server.
func backends(t *testing.T, fn func(t *testing.T, st storage.Store)) {
	t.Run("local", func(t *testing.T) {
		fs, err := files.Open(filepath.Join(t.TempDir(), "files"))
		if err != nil {
			t.Fatal(err)
		}
		fn(t, fs)
	})
	t.Run("s3", func(t *testing.T) {
		srv := s3test.Start(t)
		st, err := storage.OpenS3(context.Background(), srv.Config())
		if err != nil {
			t.Fatal(err)
		}
		fn(t, st)
	})
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func sum(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

func TestSaveGetRemove(t *testing.T) {
	backends(t, func(t *testing.T, st storage.Store) {
		ctx := context.Background()
		// Larger than a part (5 MiB in tests): the S3 store goes multipart, with and without a
		// known size.
		for _, c := range []struct {
			name     string
			size     int
			expected bool
		}{{"small known", 1000, true}, {"small unknown", 1000, false}, {"parts known", 6<<20 + 7, true}, {"parts unknown", 11<<20 + 3, false}} {
			content := randomBytes(t, c.size)
			expected := int64(-1)
			if c.expected {
				expected = int64(c.size)
			}
			saved, err := st.Save(ctx, bytes.NewReader(content), 64<<20, expected)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if saved.Size != int64(c.size) || saved.SHA256 != sum(content) || !files.ValidKey(saved.Key) {
				t.Fatalf("%s: saved %+v", c.name, saved)
			}
			o, err := st.Get(ctx, saved.Key)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := storage.Size(o); err != nil || n != int64(c.size) {
				t.Fatalf("%s: size %d, %v", c.name, n, err)
			}
			got, err := io.ReadAll(o)
			o.Close()
			if err != nil || !bytes.Equal(got, content) {
				t.Fatalf("%s: read back %d bytes (%v), want %d", c.name, len(got), err, c.size)
			}
			if err := st.Remove(saved.Key); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Get(ctx, saved.Key); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("%s: a removed file opens: %v", c.name, err)
			}
		}
		if err := st.Remove(files.NewKey()); err != nil {
			t.Fatalf("removing a missing file: %v", err)
		}
		if keys, err := st.Keys(); err != nil || len(keys) != 0 {
			t.Fatalf("keys after removing all: %v, %v", keys, err)
		}
	})
}

// A range read fetches exactly the bytes asked for, from a seek or a ReadRange, and a seek
// after a partial read starts again where asked.
func TestRanges(t *testing.T) {
	backends(t, func(t *testing.T, st storage.Store) {
		ctx := context.Background()
		content := randomBytes(t, 100_000)
		saved, err := st.Save(ctx, bytes.NewReader(content), 1<<20, -1)
		if err != nil {
			t.Fatal(err)
		}
		o, err := st.Get(ctx, saved.Key)
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		for _, r := range [][2]int64{{0, 0}, {10, 99}, {99_000, 99_999}, {0, 99_999}, {5, 5}} {
			if rr, ok := o.(storage.Ranger); ok {
				if err := rr.ReadRange(r[0], r[1]); err != nil {
					t.Fatal(err)
				}
			} else if _, err := o.Seek(r[0], io.SeekStart); err != nil {
				t.Fatal(err)
			}
			got := make([]byte, r[1]-r[0]+1)
			if _, err := io.ReadFull(o, got); err != nil {
				t.Fatalf("range %v: %v", r, err)
			}
			if !bytes.Equal(got, content[r[0]:r[1]+1]) {
				t.Fatalf("range %v: wrong bytes", r)
			}
		}
		if _, err := o.Seek(99_990, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if rest, err := io.ReadAll(o); err != nil || !bytes.Equal(rest, content[99_990:]) {
			t.Fatalf("tail after seek: %d bytes, %v", len(rest), err)
		}
	})
}

// failingReader gives n bytes, then fails as a dropped connection does.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	k := min(len(p), f.n)
	f.n -= k
	return k, nil
}

// Refused and broken uploads leave nothing behind: no file, no multipart upload in progress.
func TestFailedUploadsLeaveNothing(t *testing.T) {
	backends(t, func(t *testing.T, st storage.Store) {
		ctx := context.Background()
		check := func(what string, err, want error) {
			t.Helper()
			if !errors.Is(err, want) {
				t.Fatalf("%s: %v, want %v", what, err, want)
			}
			keys, kerr := st.Keys()
			tmp, terr := st.TempFiles()
			if kerr != nil || terr != nil || len(keys) != 0 || len(tmp) != 0 {
				t.Fatalf("%s left files %v and uploads %v (%v, %v)", what, keys, tmp, kerr, terr)
			}
		}
		_, err := st.Save(ctx, bytes.NewReader(randomBytes(t, 2000)), 1000, -1)
		check("too large, unknown size", err, files.ErrTooLarge)
		_, err = st.Save(ctx, bytes.NewReader(randomBytes(t, 12<<20)), 10<<20, -1)
		check("too large after parts", err, files.ErrTooLarge)
		_, err = st.Save(ctx, strings.NewReader(""), 1000, -1)
		check("empty", err, files.ErrEmpty)
		_, err = st.Save(ctx, bytes.NewReader(randomBytes(t, 500)), 1000, 800)
		check("shorter than announced", err, files.ErrIncomplete)
		_, err = st.Save(ctx, bytes.NewReader(randomBytes(t, 900)), 1000, 800)
		check("longer than announced", err, files.ErrIncomplete)
		// The connection drops after two parts went to the store: the upload is aborted.
		_, err = st.Save(ctx, &failingReader{n: 11 << 20}, 64<<20, 20<<20)
		check("dropped mid-upload, known size", err, io.ErrUnexpectedEOF)
		_, err = st.Save(ctx, &failingReader{n: 11 << 20}, 64<<20, -1)
		check("dropped mid-upload, unknown size", err, io.ErrUnexpectedEOF)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err = st.Save(cctx, bytes.NewReader(randomBytes(t, 100)), 1000, 100)
		check("cancelled", err, context.Canceled)
	})
}

// Put refuses content that does not match and never replaces a key.
func TestPut(t *testing.T) {
	backends(t, func(t *testing.T, st storage.Store) {
		ctx := context.Background()
		content := []byte("contenu restauré")
		key := files.NewKey()
		if err := st.Put(ctx, key, bytes.NewReader(content), int64(len(content)), sum([]byte("autre chose"))); err == nil {
			t.Fatal("content with the wrong SHA-256 was put")
		}
		if err := st.Put(ctx, key, bytes.NewReader(content), int64(len(content))-1, sum(content)); err == nil {
			t.Fatal("content longer than announced was put")
		}
		if keys, _ := st.Keys(); len(keys) != 0 {
			t.Fatalf("refused puts left %v", keys)
		}
		if err := st.Put(ctx, key, bytes.NewReader(content), int64(len(content)), sum(content)); err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, key, bytes.NewReader(content), int64(len(content)), sum(content)); !errors.Is(err, files.ErrExists) {
			t.Fatalf("second put under the same key: %v", err)
		}
		if err := st.Put(ctx, "../etc", bytes.NewReader(content), int64(len(content)), sum(content)); err == nil {
			t.Fatal("a bad key was accepted")
		}
	})
}

// The clean-up job aborts multipart uploads left by a process that died mid-upload, and spares
// recent ones at start-up (another process may be uploading).
func TestCleanStaleUploads(t *testing.T) {
	srv := s3test.Start(t)
	st, err := storage.OpenS3(context.Background(), srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	core := minio.Core{Client: srv.Client}
	key := files.NewKey()
	if _, err := core.NewMultipartUpload(context.Background(), s3test.Bucket, key, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if tmp, _ := st.TempFiles(); len(tmp) != 1 || tmp[0] != key {
		t.Fatalf("uploads in progress: %v", tmp)
	}
	if n, err := st.CleanTemp(0); err != nil || n != 0 {
		t.Fatalf("start-up clean-up removed %d recent uploads (%v)", n, err)
	}
	time.Sleep(10 * time.Millisecond)
	if n, err := st.CleanTemp(time.Millisecond); err != nil || n != 1 {
		t.Fatalf("clean-up removed %d stale uploads (%v), want 1", n, err)
	}
	if tmp, _ := st.TempFiles(); len(tmp) != 0 {
		t.Fatalf("uploads left after clean-up: %v", tmp)
	}
}

// A store that cannot be used stops the portal at start with the key to fix.
func TestOpenS3NamesTheBadKey(t *testing.T) {
	srv := s3test.Start(t)
	ctx := context.Background()
	bad := func(edit func(*config.Storage), key, what string) {
		t.Helper()
		cfg := srv.Config()
		edit(&cfg)
		_, err := storage.OpenS3(ctx, cfg)
		if err == nil || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), what) {
			t.Errorf("OpenS3 = %v, want an error naming %s (%s)", err, key, what)
		}
	}
	bad(func(c *config.Storage) { c.Bucket = "absent" }, "storage.bucket", "does not exist")
	bad(func(c *config.Storage) { c.SecretKey = "wrong-secret" }, "storage.secret_key", "refused the credentials")
	bad(func(c *config.Storage) { c.AccessKey = "nobody" }, "storage.access_key", "refused the credentials")
	bad(func(c *config.Storage) { c.Endpoint = "127.0.0.1:1" }, "storage.endpoint", "cannot be reached")
	if _, err := storage.OpenS3(ctx, srv.Config()); err != nil {
		t.Fatal(err)
	}
}
