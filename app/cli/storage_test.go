package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/storage/s3test"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// s3Env is the environment that points [storage] at srv (backend left as given).
func s3Env(srv *s3test.Server, backend string) []string {
	c := srv.Config()
	return []string{"PORTAL_STORAGE_BACKEND=" + backend, "PORTAL_STORAGE_ENDPOINT=" + c.Endpoint, "PORTAL_STORAGE_BUCKET=" + c.Bucket,
		"PORTAL_STORAGE_PATH_STYLE=true", "PORTAL_STORAGE_ACCESS_KEY=" + c.AccessKey, "PORTAL_STORAGE_SECRET_KEY=" + c.SecretKey}
}

func objectCount(t *testing.T, srv *s3test.Server) int {
	t.Helper()
	n := 0
	for o := range srv.Client.ListObjects(context.Background(), s3test.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		n++
	}
	return n
}

// The files go from the data disk to S3 and back, checked, and a second run copies nothing;
// a damaged copy is replaced, a missing source fails the run.
func TestStorageMigrateRoundTrip(t *testing.T) {
	data := t.TempDir()
	env, db := preparedPortal(t, data, "demo")
	srv := s3test.Start(t)
	env = append(env, s3Env(srv, "local")...)
	ctx := context.Background()
	refs, err := db.StoredFiles(ctx)
	if err != nil || len(refs) == 0 {
		t.Fatalf("stored files of the demo: %d, %v", len(refs), err)
	}
	n := len(refs)
	copied := func(out string) string { return regexp.MustCompile(`\d+ files copied`).FindString(out) }

	code, out, stderr := run(t, "", env, "storage", "migrate", "--to", "s3")
	if code != 0 || copied(out) != strconv.Itoa(n)+" files copied" || !strings.Contains(out, `set storage.backend = "s3"`) {
		t.Fatalf("migrate --to s3 = %d %q %q", code, out, stderr)
	}
	t.Logf("migrate --to s3:\n%s", out)
	if got := objectCount(t, srv); got != n {
		t.Fatalf("%d objects in the bucket, want %d", got, n)
	}
	code, out, stderr = run(t, "", env, "storage", "migrate", "--to", "s3")
	if code != 0 || copied(out) != "0 files copied" || !strings.Contains(out, strconv.Itoa(n)+" already there and intact") {
		t.Fatalf("second migrate --to s3 = %d %q %q", code, out, stderr)
	}
	// A copy damaged behind the portal's back is found and replaced.
	if _, err := srv.Client.PutObject(ctx, s3test.Bucket, refs[0].Key, strings.NewReader("abîmé"), 6, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, "", env, "storage", "migrate", "--to", "s3")
	if code != 0 || !strings.Contains(out, "1 damaged copies replaced") {
		t.Fatalf("migrate over a damaged copy = %d %q %q", code, out, stderr)
	}

	// Back to an empty data disk, with the portal now on S3.
	data2 := t.TempDir()
	env2 := append(append([]string{}, env...), "PORTAL_DATA_DIR="+data2, "PORTAL_STORAGE_BACKEND=s3")
	code, out, stderr = run(t, "", env2, "storage", "migrate", "--to", "local")
	if code != 0 || copied(out) != strconv.Itoa(n)+" files copied" {
		t.Fatalf("migrate --to local = %d %q %q", code, out, stderr)
	}
	fs, err := files.Open(filepath.Join(data2, "files"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		f, err := fs.Open(ref.Key)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		size, _ := io.Copy(h, f)
		f.Close()
		if size != ref.Size || hex.EncodeToString(h.Sum(nil)) != ref.SHA256 {
			t.Fatalf("file %s back on disk: %d bytes, sha %x; want %d bytes, %s", ref.Key, size, h.Sum(nil), ref.Size, ref.SHA256)
		}
	}
	// A file the database names and neither store holds: the run says so and fails.
	if err := srv.Client.RemoveObject(ctx, s3test.Bucket, refs[1].Key, minio.RemoveObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := fs.Remove(refs[1].Key); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, "", env2, "storage", "migrate", "--to", "local")
	if code != 1 || !strings.Contains(out, "1 missing from the source") || !strings.Contains(stderr, refs[1].Key) {
		t.Fatalf("migrate with a file missing = %d %q %q", code, out, stderr)
	}
	if code, _, stderr := run(t, "", env2, "storage", "migrate", "--to", "ailleurs"); code != 2 || !strings.Contains(stderr, "--to must be s3 or local") {
		t.Fatalf("migrate --to ailleurs = %d %q", code, stderr)
	}
}

// A portal on S3 backs its files up, and the archive restores into another bucket.
func TestBackupRestoreWithS3(t *testing.T) {
	srv := s3test.Start(t)
	data := t.TempDir()
	dsn := storetest.NewEmpty(t)
	env := append([]string{"PORTAL_DATABASE_DSN=" + dsn, "PORTAL_DATA_DIR=" + data, "PORTAL_LOG_LEVEL=warn"}, s3Env(srv, "s3")...)
	if code, out, stderr := run(t, "", env, "demo"); code != 0 {
		t.Fatalf("demo on S3 = %d %q %q", code, out, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "files", "objects")); len(entries) != 0 {
		t.Fatalf("a portal on S3 wrote %d file directories to the data disk", len(entries))
	}
	objects := objectCount(t, srv)
	if objects == 0 {
		t.Fatal("the demo stored no file in the bucket")
	}
	code, out, stderr := run(t, "", env, "backup", "now")
	if code != 0 || !strings.Contains(out, " "+strconv.Itoa(objects)+" files") {
		t.Fatalf("backup now = %d %q %q", code, out, stderr)
	}
	archive := regexp.MustCompile(`backup written: (\S+)`).FindStringSubmatch(out)[1]

	srv2 := s3test.Start(t)
	dsn2 := storetest.NewEmpty(t)
	env2 := append([]string{"PORTAL_DATABASE_DSN=" + dsn2, "PORTAL_DATA_DIR=" + t.TempDir(), "PORTAL_LOG_LEVEL=warn"}, s3Env(srv2, "s3")...)
	code, out, stderr = run(t, "", env2, "restore", archive)
	if code != 0 || !strings.Contains(out, "the bucket "+s3test.Bucket+" on "+srv2.Endpoint) {
		t.Fatalf("restore into S3 = %d %q %q", code, out, stderr)
	}
	if got := objectCount(t, srv2); got != objects {
		t.Fatalf("%d objects restored, want %d", got, objects)
	}
	db2, err := store.Open(context.Background(), dsn2, store.Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	refs, err := db2.StoredFiles(context.Background())
	if err != nil || len(refs) != objects {
		t.Fatalf("restored rows name %d files (%v), want %d", len(refs), err, objects)
	}
	for _, ref := range refs {
		o, err := srv2.Client.GetObject(context.Background(), s3test.Bucket, ref.Key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(o)
		o.Close()
		if sum := sha256.Sum256(b); err != nil || hex.EncodeToString(sum[:]) != ref.SHA256 {
			t.Fatalf("restored object %s: %v, sha %x, want %s", ref.Key, err, sum, ref.SHA256)
		}
	}
	// A second restore finds the bucket holding files.
	code, _, stderr = run(t, "", append([]string{"PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t), "PORTAL_DATA_DIR=" + t.TempDir(), "PORTAL_LOG_LEVEL=warn"}, s3Env(srv2, "s3")...), "restore", archive)
	if code != 1 || !strings.Contains(stderr, "already holds files") {
		t.Fatalf("restore into a bucket that holds files = %d %q", code, stderr)
	}
}

// A [storage] that cannot be used stops serve at once, naming the key, before anything starts.
func TestServeRefusesAnUnusableStore(t *testing.T) {
	srv := s3test.Start(t)
	base := []string{"PORTAL_DATA_DIR=" + t.TempDir(), "PORTAL_LOG_LEVEL=warn", "PORTAL_DATABASE_DSN=" + storetest.NewEmpty(t)}
	for _, c := range []struct{ env, want string }{
		{"PORTAL_STORAGE_BUCKET=absent", "storage.bucket: the bucket \"absent\" does not exist"},
		{"PORTAL_STORAGE_SECRET_KEY=faux", "storage.access_key / storage.secret_key"},
		{"PORTAL_STORAGE_ENDPOINT=127.0.0.1:1", "storage.endpoint: 127.0.0.1:1 cannot be reached"},
		{"PORTAL_STORAGE_ACCESS_KEY=", "storage.access_key: backend \"s3\" needs PORTAL_STORAGE_ACCESS_KEY"},
		{"PORTAL_STORAGE_BACKEND=disque", "storage.backend: must be"},
	} {
		env := append(append(append([]string{}, base...), s3Env(srv, "s3")...), c.env)
		code, _, stderr := run(t, "", env, "serve")
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("serve with %s = %d %q, want %q", c.env, code, stderr, c.want)
		}
	}
}
