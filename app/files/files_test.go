package files

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newStore(t *testing.T) *Store {
	s, err := Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveOpenRemove(t *testing.T) {
	s := newStore(t)
	data := bytes.Repeat([]byte("livrable "), 100000)
	saved, err := s.Save(context.Background(), bytes.NewReader(data), int64(len(data)), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if saved.Size != int64(len(data)) || saved.SHA256 != hex.EncodeToString(sum[:]) || len(saved.Key) != 32 {
		t.Fatalf("saved = %+v", saved)
	}
	f, err := s.Open(saved.Key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, data) {
		t.Fatal("read back differs")
	}
	if tmp, _ := s.TempFiles(); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
	if err := s.Remove(saved.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(saved.Key); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("open after remove = %v", err)
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	k := min(len(p), f.n)
	f.n -= k
	return k, nil
}

func TestFailuresLeaveNothingBehind(t *testing.T) {
	s := newStore(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := map[string]struct {
		ctx  context.Context
		r    io.Reader
		max  int64
		want error
	}{
		"too large":              {context.Background(), strings.NewReader("0123456789"), 9, ErrTooLarge},
		"empty":                  {context.Background(), strings.NewReader(""), 9, ErrEmpty},
		"client went away":       {context.Background(), &failingReader{n: 5000}, 1 << 20, nil},
		"cancelled":              {cancelled, strings.NewReader("abc"), 10, context.Canceled},
		"shorter than announced": {context.Background(), strings.NewReader("abc"), 10, ErrIncomplete},
	}
	for name, c := range cases {
		expected := int64(-1)
		if c.want == ErrIncomplete {
			expected = 5
		}
		_, err := s.Save(c.ctx, c.r, c.max, expected)
		if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
	if tmp, _ := s.TempFiles(); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
	if keys, _ := s.Keys(); len(keys) != 0 {
		t.Fatalf("files kept after failures: %v", keys)
	}
	// Exactly the maximum is allowed.
	if _, err := s.Save(context.Background(), strings.NewReader("123456789"), 9, -1); err != nil {
		t.Fatalf("a file of exactly the maximum size: %v", err)
	}
}

func TestKeysAreCheckedBeforeTouchingTheDisk(t *testing.T) {
	s := newStore(t)
	for _, k := range []string{"../../etc/passwd", "", "ABCDEF0123456789ABCDEF0123456789", "0123456789abcdef0123456789abcde/"} {
		if _, err := s.Open(k); err == nil || errors.Is(err, os.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want a refusal", k, err)
		}
	}
}

func TestCleanTempRemovesLeftovers(t *testing.T) {
	s := newStore(t)
	if err := os.WriteFile(filepath.Join(s.root, "tmp", "upload-123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CleanTemp(0); err != nil || n != 1 {
		t.Fatalf("CleanTemp(0) = %d, %v", n, err)
	}
	if tmp, _ := s.TempFiles(); len(tmp) != 0 {
		t.Fatalf("left: %v", tmp)
	}
}

// While serving, only files untouched for longer than an upload may last go: a live upload's
// file stays.
func TestCleanTempKeepsLiveUploads(t *testing.T) {
	s := newStore(t)
	stale, live := filepath.Join(s.root, "tmp", "upload-stale"), filepath.Join(s.root, "tmp", "upload-live")
	for _, p := range []string{stale, live} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-7 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CleanTemp(6 * time.Hour); err != nil || n != 1 {
		t.Fatalf("CleanTemp(6h) = %d, %v; want 1", n, err)
	}
	if tmp, _ := s.TempFiles(); len(tmp) != 1 || tmp[0] != "upload-live" {
		t.Fatalf("left: %v, want only upload-live", tmp)
	}
}

// A linked key holds the same bytes as its source, and removing either leaves the other whole.
func TestLinkUnsyncedKeysStayIndependent(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	content := "%PDF-1.4 même contenu\n"
	sum := sha256.Sum256([]byte(content))
	const src = "0123456789abcdef0123456789abcdef"
	if err := s.PutUnsynced(context.Background(), src, strings.NewReader(content), int64(len(content)), hex.EncodeToString(sum[:])); err != nil {
		t.Fatal(err)
	}
	key, err := s.LinkUnsynced(src)
	if err != nil || key == src {
		t.Fatalf("link = %q, %v", key, err)
	}
	if _, err := s.LinkUnsynced("../../etc/passwd"); err == nil {
		t.Fatal("a bad source key was linked")
	}
	if err := s.Remove(src); err != nil {
		t.Fatal(err)
	}
	f, err := s.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := io.ReadAll(f)
	if string(got) != content {
		t.Fatalf("linked file after removing its source = %q", got)
	}
}
