package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var t0 = time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)

// fill gives a database the demo data plus stored files and the rows that name them, and the
// values that are easy to lose: NULLs, 4-byte UTF-8, a BINARY(32) key, an audit_log row.
func fill(t *testing.T, db *store.DB, filesRoot string) {
	t.Helper()
	ctx := context.Background()
	fs, err := files.Open(filesRoot)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Fill(ctx, db, fs, demo.Small, "mot-de-passe-demo", t0); err != nil {
		t.Fatal(err)
	}
	projects, err := db.IDsInOrder(ctx, "projects")
	if err != nil || len(projects) == 0 {
		t.Fatalf("demo projects: %v, %v", projects, err)
	}
	pid := projects[0]
	uid, err := db.InsertUser(ctx, store.User{Email: "sauvegarde@exemple.fr", Name: "Ndèye 👩🏾‍💻", Role: "admin", PasswordHash: "$argon2id$x"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 1<<20+17)
	_, _ = rand.Read(big)
	for i, content := range [][]byte{big, []byte("Procès-verbal de recette ✅\n"), bytes.Repeat([]byte{0, 0xff}, 5000)} {
		saved, err := fs.Save(ctx, bytes.NewReader(content), 1<<30, int64(len(content)))
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 { // an attachment not sent yet: message_id is NULL
			if _, err := db.InsertAttachment(ctx, store.Attachment{ProjectID: pid, UploadedBy: uid, FileKey: saved.Key, FileName: "capture.png",
				ContentType: "image/png", Size: saved.Size, SHA256: saved.SHA256, CreatedAt: t0}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		did, err := db.InsertDeliverable(ctx, store.Deliverable{ProjectID: pid, Title: "Livrable 🚀 n°" + string(rune('1'+i))}, uid, t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.InsertVersion(ctx, store.Version{DeliverableID: did, ProjectID: pid, FileKey: saved.Key, FileName: "pv.pdf",
			ContentType: "application/pdf", Size: saved.Size, SHA256: saved.SHA256, Note: "« version finale »"}, uid, t0); err != nil {
			t.Fatal(err)
		}
	}
	token := sha256.Sum256([]byte("jeton"))
	if err := db.InsertSession(ctx, store.Session{TokenHash: token[:], UserID: uid, CSRFToken: strings.Repeat("c", 43),
		CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.InsertAudit(ctx, store.AuditEntry{At: t0, ActorID: uid, ActorRole: "admin", Action: "deliverable.upload",
		TargetType: "project", TargetID: pid, Outcome: "success", Summary: "Livrable 🚀 déposé"}); err != nil {
		t.Fatal(err)
	}
}

// fileSums returns the SHA-256 of every stored file under a files root, by key.
// backedUp fills a fresh database and files directory and backs them up once into dir (a
// temporary one when empty).
func backedUp(t *testing.T, dir string) (src *store.DB, root string, info Info) {
	t.Helper()
	src = storetest.New(t)
	root = filepath.Join(t.TempDir(), "files")
	fill(t, src, root)
	if dir == "" {
		dir = t.TempDir()
	}
	info, err := Create(context.Background(), src, root, dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	return src, root, info
}

// tableSums is TableChecksums of db; a failure to read them fails the test.
func tableSums(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	sums, err := TableChecksums(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

func fileSums(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(filepath.Join(root, "objects"), func(p string, d os.DirEntry, err error) error {
		if errors.Is(err, os.ErrNotExist) && p == filepath.Join(root, "objects") {
			return filepath.SkipDir // no files directory at all
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		sum := sha256.Sum256(b)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func openEmpty(t *testing.T) *store.DB {
	t.Helper()
	return storetest.OpenEmpty(t, store.Options{MaxOpenConns: 5})
}

// dirNames lists a directory.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "backups")
	src, root, info := backedUp(t, dir)
	wantFiles := fileSums(t, root)
	if info.Name != "portal-20260329-013000.tar.gz" || info.Manifest.Files != len(wantFiles) || len(wantFiles) < 3 || info.Manifest.Tables["milestones"] == 0 {
		t.Fatalf("created %+v %+v", info, info.Manifest)
	}
	st, err := os.Stat(info.Path)
	if err != nil || st.Mode().Perm() != 0o600 || st.Size() != info.Size {
		t.Fatalf("archive mode %v, size %d (%v)", st.Mode(), st.Size(), err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{".lock", info.Name}) {
		t.Fatalf("backup dir holds %v", got)
	}

	dst := openEmpty(t)
	root2 := filepath.Join(t.TempDir(), "files")
	restored, err := Restore(ctx, info.Path, dst, root2)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Manifest.Rows != info.Manifest.Rows {
		t.Fatalf("restore says %d rows, the backup %d", restored.Manifest.Rows, info.Manifest.Rows)
	}
	want, got := tableSums(t, src), tableSums(t, dst)
	if !maps.Equal(got, want) {
		for name := range want {
			if got[name] != want[name] {
				t.Errorf("table %s differs after restore", name)
			}
		}
		t.Fatalf("restored tables differ")
	}
	if gotFiles := fileSums(t, root2); !maps.Equal(gotFiles, wantFiles) {
		t.Fatalf("restored files %v, want %v", gotFiles, wantFiles)
	}
	// Every file the restored database names is there.
	keys, err := dst.FileKeys(ctx)
	if err != nil || len(keys) < 2 {
		t.Fatalf("restored file keys %v, %v", keys, err)
	}
	fs, _ := files.Open(root2)
	for k := range keys {
		f, err := fs.Open(k)
		if err != nil {
			t.Fatalf("file %s named by the restored database: %v", k, err)
		}
		f.Close()
	}

	// A damaged copy does not verify; the original still does.
	b, err := os.ReadFile(info.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{len(b) / 2, len(b) - 5, 20} {
		bad := bytes.Clone(b)
		bad[at] ^= 0x55
		p := filepath.Join(t.TempDir(), "copie.tar.gz")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Verify(p); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Verify of a copy with byte %d of %d flipped = %v", at, len(b), err)
		}
	}
	if _, err := Verify(info.Path); err != nil {
		t.Fatal(err)
	}
}

type tarEntry struct {
	name string
	data []byte
}

// rewrite copies an archive through edit, as a well-formed gzip tar: only the manifest's
// checksums can tell.
func rewrite(t *testing.T, src string, edit func([]tarEntry) []tarEntry) string {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var entries []tarEntry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		entries = append(entries, tarEntry{h.Name, b})
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range edit(entries) {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: e.name, Size: int64(len(e.data)), Mode: 0o600}); err != nil {
			t.Fatal(err)
		}
		tw.Write(e.data)
	}
	tw.Close()
	zw.Close()
	p := filepath.Join(t.TempDir(), "edited.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVerifyChecksEveryEntryAgainstTheManifest(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	root := filepath.Join(t.TempDir(), "files")
	fs, _ := files.Open(root)
	for _, s := range []string{"un", "deux"} {
		if _, err := fs.Save(ctx, strings.NewReader(s), 100, -1); err != nil {
			t.Fatal(err)
		}
	}
	info, err := Create(ctx, db, root, t.TempDir(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(rewrite(t, info.Path, func(e []tarEntry) []tarEntry { return e })); err != nil {
		t.Fatalf("a faithful copy does not verify: %v", err)
	}
	last := func(e []tarEntry) int { return len(e) - 1 }
	cases := map[string]func([]tarEntry) []tarEntry{
		"file changed": func(e []tarEntry) []tarEntry { e[0].data = []byte("trois"); return e },
		"dump changed": func(e []tarEntry) []tarEntry {
			e[last(e)-1].data = bytes.Replace(e[last(e)-1].data, []byte("schema_migrations"), []byte("schema_migrationz"), 1)
			return e
		},
		"no manifest":  func(e []tarEntry) []tarEntry { return e[:last(e)] },
		"file missing": func(e []tarEntry) []tarEntry { return e[1:] },
		"extra file": func(e []tarEntry) []tarEntry {
			return append([]tarEntry{{FilesPrefix + strings.Repeat("ab", 16), []byte("x")}}, e...)
		},
		"entry after":      func(e []tarEntry) []tarEntry { return append(e, tarEntry{"notes.txt", nil}) },
		"duplicate":        func(e []tarEntry) []tarEntry { return append([]tarEntry{e[0]}, e...) },
		"unexpected name":  func(e []tarEntry) []tarEntry { e[0].name = "../../etc/passwd"; return e },
		"manifest garbage": func(e []tarEntry) []tarEntry { e[last(e)].data = []byte("{"); return e },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Verify(rewrite(t, info.Path, edit))
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Verify = %v, want ErrCorrupt", err)
			}
			t.Log(err)
		})
	}
	if _, err := Verify(filepath.Join(t.TempDir(), "absent.tar.gz")); err == nil {
		t.Fatal("Verify of a missing file succeeded")
	}
}

// An interrupted backup (cancelled half-way, a file that cannot be read, a killed process)
// leaves the earlier archive as it was and no half archive.
func TestInterruptedBackupLeavesNoHalfArchive(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	root := filepath.Join(t.TempDir(), "files")
	fill(t, db, root)
	dir := t.TempDir()
	first, err := Create(ctx, db, root, dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	firstBytes, err := os.ReadFile(first.Path)
	if err != nil {
		t.Fatal(err)
	}
	onlyFirst := func(t *testing.T) {
		t.Helper()
		if got := dirNames(t, dir); !slices.Equal(got, []string{".lock", first.Name}) {
			t.Fatalf("after an interrupted backup the directory holds %v", got)
		}
		if b, err := os.ReadFile(first.Path); err != nil || !bytes.Equal(b, firstBytes) {
			t.Fatalf("the earlier archive changed (%v)", err)
		}
	}

	t.Run("cancelled half-way", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		added := 0
		testHookFileAdded = func(string) {
			added++
			if added == 1 {
				cancel()
			}
		}
		defer func() { testHookFileAdded = nil }()
		_, err := Create(cctx, db, root, dir, t0.Add(time.Hour))
		if !errors.Is(err, context.Canceled) || added != 1 {
			t.Fatalf("cancelled backup = %v after %d files", err, added)
		}
		onlyFirst(t)
	})

	t.Run("unreadable file", func(t *testing.T) {
		key := strings.Repeat("0f", 16)
		bad := filepath.Join(root, "objects", key[:2], key)
		if err := os.MkdirAll(filepath.Dir(bad), 0o750); err != nil {
			t.Fatal(err)
		}
		// A link to a directory: listed as a file, fails when read (even for root).
		if err := os.Symlink(t.TempDir(), bad); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(bad)
		_, err := Create(ctx, db, root, dir, t0.Add(2*time.Hour))
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Fatalf("backup with an unreadable file = %v", err)
		}
		onlyFirst(t)
	})

	t.Run("file deleted meanwhile", func(t *testing.T) {
		// A file deleted while the backup runs (its row was deleted first) is not an error.
		fs, _ := files.Open(root)
		keys, _ := fs.Keys()
		slices.Sort(keys)
		gone := keys[len(keys)-1]
		testHookFileAdded = func(string) { fs.Remove(gone) }
		defer func() { testHookFileAdded = nil }()
		info, err := Create(ctx, db, root, dir, t0.Add(90*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(info.Manifest.Vanished, []string{gone}) || info.Manifest.Files != len(keys)-1 {
			t.Fatalf("vanished %v, files %d of %d", info.Manifest.Vanished, info.Manifest.Files, len(keys))
		}
		if err := os.Remove(info.Path); err != nil {
			t.Fatal(err)
		}
		onlyFirst(t)
	})

	t.Run("killed process", func(t *testing.T) {
		// What a killed backup leaves: its temporary files, which List ignores.
		for _, n := range []string{".portal-20260329-033000.tar.gz.partial", ".portal-20260329-033000.tar.gz.dump.partial"} {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("moitié"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if list, _ := List(dir); len(list) != 1 || list[0].Name != first.Name {
			t.Fatalf("List = %+v", list)
		}
		second, err := Create(ctx, db, root, dir, t0.Add(3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got := dirNames(t, dir); !slices.Equal(got, []string{".lock", first.Name, second.Name}) {
			t.Fatalf("the next backup left %v", got)
		}
		list, err := List(dir)
		if err != nil || len(list) != 2 || list[0].Name != second.Name || list[1].Name != first.Name || list[0].Size != second.Size {
			t.Fatalf("List = %+v, %v", list, err)
		}
	})

	t.Run("same second", func(t *testing.T) {
		if _, err := Create(ctx, db, root, dir, t0); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Fatalf("a second backup in the same second = %v", err)
		}
		if b, _ := os.ReadFile(first.Path); !bytes.Equal(b, firstBytes) {
			t.Fatal("the earlier archive changed")
		}
	})

	t.Run("another backup running", func(t *testing.T) {
		unlock, err := lockDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		if _, err := Create(ctx, db, root, dir, t0.Add(4*time.Hour)); !errors.Is(err, ErrBusy) {
			t.Fatalf("backup while another runs = %v", err)
		}
	})
}

func TestRestoreRefusesWhatIsNotEmpty(t *testing.T) {
	ctx := context.Background()
	_, root, info := backedUp(t, "")

	// A database with data.
	dst := storetest.New(t)
	if _, err := dst.InsertClient(ctx, store.Client{Name: "Client déjà là"}, t0); err != nil {
		t.Fatal(err)
	}
	emptyRoot := filepath.Join(t.TempDir(), "files")
	_, err := Restore(ctx, info.Path, dst, emptyRoot)
	if !errors.Is(err, ErrDatabaseNotEmpty) || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "clients") {
		t.Fatalf("restore into a database with a client = %v", err)
	}
	if sums := fileSums(t, emptyRoot); len(sums) != 0 {
		t.Fatalf("a refused restore wrote files %v", sums)
	}

	// A files directory that holds files.
	empty := openEmpty(t)
	_, err = Restore(ctx, info.Path, empty, root)
	if !errors.Is(err, ErrFilesNotEmpty) {
		t.Fatalf("restore into a files directory with files = %v", err)
	}
	if err := CheckEmpty(ctx, empty); err != nil {
		t.Fatalf("a refused restore wrote to the database: %v", err)
	}

	// A damaged archive.
	b, _ := os.ReadFile(info.Path)
	b[len(b)/3] ^= 1
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	os.WriteFile(bad, b, 0o600)
	if _, err := Restore(ctx, bad, empty, emptyRoot); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("restore of a damaged archive = %v", err)
	}
	if err := CheckEmpty(ctx, empty); err != nil || len(fileSums(t, emptyRoot)) != 0 {
		t.Fatalf("a refused restore left data: %v", err)
	}
}

// When the database part fails, the files already put back are removed again.
func TestFailedRestoreRemovesTheFilesItPut(t *testing.T) {
	ctx := context.Background()
	_, _, info := backedUp(t, "")
	// An archive whose dump and manifest agree but whose dump cannot be loaded: a row too short.
	edited := rewrite(t, info.Path, func(e []tarEntry) []tarEntry {
		n := len(e) - 2
		lines := bytes.SplitAfter(e[n].data, []byte("\n"))
		for i, l := range lines {
			if l[0] == '[' {
				lines[i] = []byte("[1]\n")
				break
			}
		}
		e[n].data = bytes.Join(lines, nil)
		sum := sha256.Sum256(e[n].data)
		e[n+1].data = fixManifest(t, e[n+1].data, DatabaseName, int64(len(e[n].data)), hex.EncodeToString(sum[:]))
		return e
	})
	if _, err := Verify(edited); err != nil {
		t.Fatalf("the edited archive should verify: %v", err)
	}
	dst := openEmpty(t)
	root2 := filepath.Join(t.TempDir(), "files")
	if _, err := Restore(ctx, edited, dst, root2); err == nil {
		t.Fatal("restore of a bad dump succeeded")
	}
	if sums := fileSums(t, root2); len(sums) != 0 {
		t.Fatalf("a failed restore left files %v", sums)
	}
	if err := CheckEmpty(ctx, dst); err != nil {
		t.Fatal(err)
	}
}

func fixManifest(t *testing.T, b []byte, name string, size int64, sum string) []byte {
	t.Helper()
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for i := range m.Entries {
		if m.Entries[i].Name == name {
			m.Entries[i].Size, m.Entries[i].SHA256 = size, sum
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRunCreatesThenPrunes(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	dir := t.TempDir()
	old := filepath.Join(dir, ArchiveName(t0.AddDate(0, 0, -3)))
	if err := os.WriteFile(old, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, db, filepath.Join(t.TempDir(), "files"), dir, 1, 0, t0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Archive.Name != ArchiveName(t0) || !slices.Equal(res.Removed, []string{filepath.Base(old)}) {
		t.Fatalf("Run = %+v", res)
	}
	if !strings.Contains(res.Summary(), "1 old archives removed") {
		t.Fatalf("summary %q", res.Summary())
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{".lock", res.Archive.Name}) {
		t.Fatalf("dir holds %v", got)
	}
}
