package cli

// The fault suite (issue 15): the real binary, on its private database, put through the faults a
// production server meets. Each scenario is bounded in time and fails when the property it checks
// breaks. With the private-database kills of dbkill_test.go (TestServeRecoversFromDatabaseKill:
// killed under concurrent writes, every acknowledged write kept once, ready again within 10 s;
// TestServeExitsWhenDatabaseKeepsDying) they make the suite:
//
//	go test ./app/cli/ -run 'TestFault|TestServeRecoversFromDatabaseKill|TestServeExitsWhenDatabaseKeepsDying'

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/boot"
	"github.com/bigdatacenter/portal/app/dbserver"
	"github.com/bigdatacenter/portal/app/logtest"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/store"
)

// bound limits a scenario to d: past it the test fails and the portals it started are killed,
// which ends whatever waits on them. Each wait of a scenario has its own shorter deadline; this
// is the guarantee that the suite ends even when one of them is missing.
func bound(t *testing.T, d time.Duration) *portals {
	g := &portals{}
	timer := time.AfterFunc(d, func() {
		t.Errorf("scenario still running after %s: portal killed", d)
		g.mu.Lock()
		defer g.mu.Unlock()
		for _, cmd := range g.cmds {
			_ = cmd.Process.Kill()
		}
	})
	t.Cleanup(func() {
		timer.Stop()
		// A failed scenario leaves no portal running (and through Pdeathsig no database), and
		// none holding files on a file system about to be unmounted.
		g.mu.Lock()
		defer g.mu.Unlock()
		for _, cmd := range g.cmds {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
		}
	})
	return g
}

// scenario starts the portal for a scenario bounded to d from then on.
func (p *privatePortal) scenario(t *testing.T, d time.Duration) (*exec.Cmd, *logtest.Buffer, *portals) {
	t.Helper()
	cmd, logs := p.start(t)
	g := bound(t, d)
	g.watch(cmd)
	return cmd, logs, g
}

// portals are the processes a scenario started.
type portals struct {
	mu   sync.Mutex
	cmds []*exec.Cmd
}

func (g *portals) watch(cmd *exec.Cmd) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cmds = append(g.cmds, cmd)
}

// openDB reads the private database straight through the socket the portal uses.
func (p *privatePortal) openDB(t *testing.T) *store.DB {
	t.Helper()
	srv, err := dbserver.Attach(filepath.Join(p.dataDir, "mysql"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), srv.DSN(boot.EmbeddedDatabaseName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// stop sends SIGTERM and requires a clean exit (code 0).
func stopPortal(t *testing.T, cmd *exec.Cmd, logs *logtest.Buffer) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(t, cmd, logs, 30*time.Second); err != nil {
		t.Fatalf("portal exited with %v after SIGTERM\n%s", err, logs)
	}
}

// getJSON decodes the 2xx answer of a GET into out.
func (c *apiClient) getJSON(path string, out any) (int, string, error) {
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.send(req, out)
}

// upload sends a deliverable the way the browser does: the raw body, its name in X-File-Name.
func (c *apiClient) upload(projectID int64, name string, body io.Reader, size int64) (int, string, error) {
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/admin/projects/%d/deliverables?title=%s", c.base, projectID, url.QueryEscape(name)), body)
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("X-File-Name", url.PathEscape(name))
	return c.send(req, nil)
}

// project is what most scenarios need: a signed-in admin and one project of one client.
func (p *privatePortal) project(t *testing.T, email string) (*apiClient, int64) {
	t.Helper()
	p.createAdmin(t, email, "cheval-agrafe-batterie")
	admin := signIn(t, p.base, email, "cheval-agrafe-batterie")
	var client, project struct{ ID int64 }
	if status, body, err := admin.post("/api/v1/admin/clients", map[string]string{"name": "Client " + email}, &client); status != 201 || err != nil {
		t.Fatalf("create client = %d %s %v", status, body, err)
	}
	if status, body, err := admin.post("/api/v1/admin/projects", map[string]any{"client_id": client.ID, "name": "Projet sous panne"}, &project); status != 201 || err != nil {
		t.Fatalf("create project = %d %s %v", status, body, err)
	}
	return admin, project.ID
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestFaultPortalKilledMidUpload kills the portal (SIGKILL) while a deliverable streams in:
// nothing is half-written (no row, no stored file), and the temporary file the upload left is
// removed when the portal starts again, which then takes uploads as before.
func TestFaultPortalKilledMidUpload(t *testing.T) {
	p := newPrivatePortal(t)
	cmd, logs, g := p.scenario(t, 3*time.Minute)
	admin, projectID := p.project(t, "coupure@exemple.fr")
	filesDir := filepath.Join(p.dataDir, "files")

	const size = 8 << 20
	pr, pw := io.Pipe()
	sent := make(chan error, 1)
	go func() {
		_, _, err := admin.upload(projectID, "livrable-coupé.pdf", pr, size)
		sent <- err
	}()
	if _, err := pw.Write(randomBytes(t, 2<<20)); err != nil {
		t.Fatal(err)
	}
	// The portal is writing the temporary file: the kill lands mid-upload.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if tmp := listDir(t, filepath.Join(filesDir, "tmp")); len(tmp) == 1 {
			if info, err := os.Stat(filepath.Join(filesDir, "tmp", tmp[0])); err == nil && info.Size() > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no temporary file filling up in %s\n%s", filepath.Join(filesDir, "tmp"), logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	dbPid := readPid(t, filepath.Join(p.dataDir, "mysql", "server.pid"))
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	pw.CloseWithError(errors.New("the portal was killed"))
	if err := <-sent; err == nil {
		t.Fatal("the upload was answered although the portal was killed during it")
	}
	// The database goes with the portal (Pdeathsig): the restart below must not find it running.
	for syscall.Kill(dbPid, 0) == nil {
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatalf("the private database (pid %d) outlived the killed portal", dbPid)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if left := listDir(t, filepath.Join(filesDir, "tmp")); len(left) != 1 {
		t.Fatalf("after the kill, tmp/ holds %v: the scenario did not cut an upload", left)
	}
	if objects := listDir(t, filepath.Join(filesDir, "objects")); len(objects) != 0 {
		t.Fatalf("a half-received upload was stored: %v", objects)
	}

	cmd, logs = p.start(t)
	g.watch(cmd)
	if left := listDir(t, filepath.Join(filesDir, "tmp")); len(left) != 0 {
		t.Fatalf("the restarted portal left the killed upload's temporary file: %v", left)
	}
	db := p.openDB(t)
	if n := count(t, db, "SELECT COUNT(*) FROM deliverables") + count(t, db, "SELECT COUNT(*) FROM deliverable_versions"); n != 0 {
		t.Fatalf("%d deliverable rows after an upload cut by a kill", n)
	}
	// Still a working portal, and the checks above can see an upload when there is one.
	data := randomBytes(t, 256<<10)
	if status, body, err := admin.upload(projectID, "livrable-entier.pdf", bytes.NewReader(data), int64(len(data))); status != 201 || err != nil {
		t.Fatalf("upload after the restart = %d %s %v", status, body, err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM deliverable_versions"); n != 1 {
		t.Fatalf("%d versions after one upload", n)
	}
	if objects := listDir(t, filepath.Join(filesDir, "objects")); len(objects) != 1 {
		t.Fatalf("stored files after one upload: %v", objects)
	}
	stopPortal(t, cmd, logs)
}

// mountSmall mounts a tmpfs of size bytes on dir, unmounted when the test ends (after the portal
// is gone: cleanups run last-registered first, so call it before starting the portal).
func mountSmall(t *testing.T, dir string, size int) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system to fill it needs root (CI runs the tests as root)")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, fmt.Sprintf("size=%d,mode=0750", size)); err != nil {
		t.Fatalf("mounting a tmpfs on %s as root: %v", dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
			_ = syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
}

// fill leaves about room bytes free on the file system of dir.
func fill(t *testing.T, dir string, room int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	if free <= room {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "remplissage"), make([]byte, free-room), 0o600); err != nil {
		t.Fatalf("filling %s: %v", dir, err)
	}
}

// TestFaultDiskFull runs the portal with its files and its backups on small file systems. An
// upload that does not fit answers 507 with a French explanation and records nothing; a backup
// that does not fit fails (exit code of "backup now", failure of the scheduled job) and leaves
// the previous archive intact and alone.
func TestFaultDiskFull(t *testing.T) {
	p := newPrivatePortal(t)
	filesDir, backups := filepath.Join(p.dataDir, "files"), filepath.Join(p.dir, "backups")
	mountSmall(t, filesDir, 1<<20)
	mountSmall(t, backups, 1<<20)
	p.env = append(p.env, "PORTAL_BACKUP_DIR="+backups)
	cmd, logs, g := p.scenario(t, 3*time.Minute)
	admin, projectID := p.project(t, "disque@exemple.fr")
	db := p.openDB(t)

	big := randomBytes(t, 2<<20)
	status, body, err := admin.upload(projectID, "trop-gros.pdf", bytes.NewReader(big), int64(len(big)))
	if err != nil || status != http.StatusInsufficientStorage {
		t.Fatalf("upload onto a full disk = %d %s %v, want 507", status, body, err)
	}
	var answer struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || answer.Error.Code != "disk_full" || !strings.Contains(answer.Error.Message, "espace disque") {
		t.Fatalf("507 answer = %s, want the French explanation of a full disk", body)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM deliverables") + count(t, db, "SELECT COUNT(*) FROM deliverable_versions"); n != 0 {
		t.Fatalf("%d deliverable rows after a refused upload", n)
	}
	if left := listDir(t, filesDir); len(left) != 0 {
		t.Fatalf("a refused upload left %v on the disk", left)
	}
	// The room is back: an upload that fits is stored (and would have been counted above).
	// Incompressible, so that the archive is larger than the room left below while the
	// database's dump alone fits: the backup fails while writing the archive itself.
	small := randomBytes(t, 300<<10)
	if status, body, err := admin.upload(projectID, "petit.pdf", bytes.NewReader(small), int64(len(small))); status != 201 || err != nil {
		t.Fatalf("upload that fits = %d %s %v", status, body, err)
	}

	run := func(args ...string) (int, string) {
		out, err := p.command(args...).CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return exitCode(err), string(out)
	}
	if code, out := run("backup", "now"); code != 0 {
		t.Fatalf("first backup = %d %s", code, out)
	}
	before := listDir(t, backups)
	fill(t, backups, 150<<10)
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second))) // one archive name per second
	code, out := run("backup", "now")
	if code == 0 || !strings.Contains(out, "no space left") {
		t.Fatalf("backup onto a full disk = exit %d %s, want a failure saying why", code, out)
	}
	if after := listDir(t, backups); !sameNames(after, append(before, "remplissage")) {
		t.Fatalf("backup directory after the failed backup: %v, want %v and the filler", after, before)
	}
	archive := filepath.Join(backups, firstArchive(t, before))
	if code, out := run("backup", "verify", archive); code != 0 {
		t.Fatalf("the previous archive no longer verifies: %d %s", code, out)
	}

	// The scheduled backup: a failed run in the jobs' record, the archive still intact.
	stopPortal(t, cmd, logs)
	p.env = append(p.env, "PORTAL_BACKUP_SCHEDULE=@every 1s")
	cmd, logs = p.start(t)
	g.watch(cmd)
	var runs struct {
		Items []struct{ Outcome, Details string }
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if status, body, err := admin.getJSON("/api/v1/admin/jobs?job=backup", &runs); status != 200 || err != nil {
			t.Fatalf("jobs = %d %s %v", status, body, err)
		}
		if len(runs.Items) > 0 && runs.Items[0].Outcome != "running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled backup finished within 30 s\n%s", logs)
		}
	}
	if r := runs.Items[0]; r.Outcome != "failure" || !strings.Contains(r.Details, "no space left") {
		t.Fatalf("scheduled backup onto a full disk recorded as %q %q", r.Outcome, r.Details)
	}
	stopPortal(t, cmd, logs)
	if after := listDir(t, backups); !sameNames(after, append(before, "remplissage")) {
		t.Fatalf("backup directory after the failed scheduled backups: %v, want %v and the filler", after, before)
	}
	if code, out := run("backup", "verify", archive); code != 0 {
		t.Fatalf("the previous archive no longer verifies after the scheduled failures: %d %s", code, out)
	}
}

func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return 0
}

// sameNames compares a sorted list with names in any order.
func sameNames(sorted, names []string) bool {
	return slices.Equal(sorted, slices.Sorted(slices.Values(names)))
}

func firstArchive(t *testing.T, names []string) string {
	for _, n := range names {
		if strings.HasSuffix(n, ".tar.gz") {
			return n
		}
	}
	t.Fatalf("no archive among %v", names)
	return ""
}

// TestFaultSMTPRefusesThenAccepts queues invitations while nothing listens on the SMTP port
// (connection refused), then while the server answers 451, then lets it accept: each e-mail is
// delivered once. The outbox waits 30 s after a failure; the test moves the due time of the
// waiting e-mails instead of sleeping.
func TestFaultSMTPRefusesThenAccepts(t *testing.T) {
	p := newPrivatePortal(t)
	port := freePort(t)
	p.env = append(p.env, "PORTAL_SMTP_HOST=127.0.0.1", fmt.Sprintf("PORTAL_SMTP_PORT=%d", port), "PORTAL_SMTP_TLS=none", "PORTAL_SMTP_TIMEOUT=5s")
	cmd, logs, _ := p.scenario(t, 2*time.Minute)
	p.createAdmin(t, "courrier@exemple.fr", "cheval-agrafe-batterie")
	admin := signIn(t, p.base, "courrier@exemple.fr", "cheval-agrafe-batterie")
	var client struct{ ID int64 }
	if status, body, err := admin.post("/api/v1/admin/clients", map[string]string{"name": "Client du courrier"}, &client); status != 201 || err != nil {
		t.Fatalf("create client = %d %s %v", status, body, err)
	}
	want := []string{"invite1@exemple.fr", "invite2@exemple.fr", "invite3@exemple.fr"}
	for _, email := range want {
		if status, body, err := admin.post("/api/v1/admin/users", map[string]any{"email": email, "name": "Invité", "role": "client", "client_id": client.ID, "language": "fr"}, nil); status != 201 || err != nil {
			t.Fatalf("invite %s = %d %s %v", email, status, body, err)
		}
	}
	db := p.openDB(t)
	// waitFailed waits until every waiting e-mail has failed attempts times, the last with cause.
	waitFailed := func(attempts int, cause string) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			if count(t, db, "SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NULL AND dead_at IS NULL AND attempts >= ? AND last_error LIKE ?",
				attempts, "%"+cause+"%") == len(want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the e-mails did not fail %d times with %q within 20 s\n%s", attempts, cause, logs)
			}
		}
	}
	due := func() {
		if _, err := db.SQL().Exec("UPDATE email_outbox SET next_attempt_at = created_at WHERE sent_at IS NULL"); err != nil {
			t.Fatal(err)
		}
	}
	waitFailed(1, "refused")

	srv := mailtest.StartWith(t, mailtest.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	srv.SetRefuse(true)
	due()
	waitFailed(2, "451")
	if len(srv.Messages()) != 0 {
		t.Fatal("the refusing server recorded a message")
	}

	srv.SetRefuse(false)
	due()
	srv.WaitFor(t, len(want), 20*time.Second)
	// Longer than the outbox's poll interval (5 s): a second delivery would have happened.
	time.Sleep(6 * time.Second)
	var got []string
	for _, m := range srv.Messages() {
		got = append(got, m.To...)
	}
	sort.Strings(got)
	if !sameNames(got, want) {
		t.Fatalf("delivered to %v, want each of %v once", got, want)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM email_outbox WHERE sent_at IS NOT NULL"); n != len(want) {
		t.Fatalf("%d e-mails recorded as sent, want %d", n, len(want))
	}
	stopPortal(t, cmd, logs)
}

// TestFaultSIGTERMDrainsInFlight sends SIGTERM while a large download is half read, uploads are
// streaming in and a burst of requests runs: the download completes with the right SHA-256, every
// upload is stored, every request of the burst is answered in full, requests sent after the
// signal are refused at connection time, and the portal exits 0.
func TestFaultSIGTERMDrainsInFlight(t *testing.T) {
	p := newPrivatePortal(t)
	cmd, logs, _ := p.scenario(t, 2*time.Minute)
	admin, projectID := p.project(t, "arret@exemple.fr")
	filesDir := filepath.Join(p.dataDir, "files")

	data := randomBytes(t, 24<<20)
	sum := sha256.Sum256(data)
	var d struct {
		Versions []struct{ ID int64 }
	}
	status, body, err := admin.upload(projectID, "gros-livrable.pdf", bytes.NewReader(data), int64(len(data)))
	if status != 201 || err != nil || json.Unmarshal([]byte(body), &d) != nil || len(d.Versions) != 1 {
		t.Fatalf("upload = %d %.300s %v", status, body, err)
	}
	res, err := admin.http.Get(fmt.Sprintf("%s/api/v1/versions/%d/download", p.base, d.Versions[0].ID))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("download = %v %v", res, err)
	}
	defer res.Body.Close()
	h := sha256.New()
	if _, err := io.CopyN(h, res.Body, 1<<20); err != nil {
		t.Fatal(err)
	}

	// Uploads trickling in when the signal comes: each must be stored and answered 201.
	const uploads = 3 // within server.max_uploads_per_user (4)
	var (
		mu      sync.Mutex
		failed  []string
		writers sync.WaitGroup
	)
	chunk := randomBytes(t, 8<<10)
	for i := range uploads {
		writers.Add(1)
		go func() {
			defer writers.Done()
			pr, pw := io.Pipe()
			go func() {
				for range 20 {
					if _, err := pw.Write(chunk); err != nil {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
				pw.Close()
			}()
			status, body, err := admin.upload(projectID, fmt.Sprintf("pendant-l-arret-%d.pdf", i), pr, 20*8<<10)
			if status != 201 || err != nil {
				mu.Lock()
				failed = append(failed, fmt.Sprintf("%d %.100s %v", status, body, err))
				mu.Unlock()
			}
		}()
	}

	// The burst runs through the signal until the listener refuses it. Fresh connections, so that
	// no request is dropped as a kept-alive connection closes. Each request names itself in
	// X-Request-ID, which the portal logs once it has answered: a request that got no answer and
	// is not in the log never reached the portal (refused at connection time, or reset in the
	// kernel's accept queue as the listener closed); one that is in the log was cut.
	burst := &http.Client{Jar: admin.http.Jar, Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	listURL := fmt.Sprintf("%s/api/v1/projects/%d/deliverables", p.base, projectID)
	type unanswered struct {
		id, err   string
		afterTERM bool
	}
	var (
		answered, afterSignal int
		noAnswer              []unanswered
		cut                   []string
		burstWG               sync.WaitGroup
		sigterm               = make(chan struct{})
	)
	for g := range 24 {
		burstWG.Add(1)
		go func() {
			defer burstWG.Done()
			for i := 0; ; i++ {
				id := fmt.Sprintf("rafale-%d-%d-fin", g, i)
				req, _ := http.NewRequest("GET", listURL, nil)
				req.Header.Set("X-Request-ID", id)
				res, err := burst.Do(req)
				late := false
				select {
				case <-sigterm:
					late = true
				default:
				}
				if err != nil {
					mu.Lock()
					noAnswer = append(noAnswer, unanswered{id: id, err: err.Error(), afterTERM: late})
					mu.Unlock()
					return // refused, or cut: the burst is over for this client either way
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				mu.Lock()
				switch {
				case err != nil:
					cut = append(cut, fmt.Sprintf("%s: body cut after %d bytes: %v", id, len(body), err))
				case res.StatusCode/100 == 2 && json.Valid(body), res.StatusCode == 503 && json.Valid(body):
					answered++
					if late {
						afterSignal++
					}
				default:
					cut = append(cut, fmt.Sprintf("%s: %d %.100s", id, res.StatusCode, body))
				}
				mu.Unlock()
			}
		}()
	}
	// Signal once every upload is being written to disk: they are in flight, not queued.
	for deadline := time.Now().Add(10 * time.Second); len(listDir(t, filepath.Join(filesDir, "tmp"))) < uploads; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the %d uploads did not start within 10 s\n%s", uploads, logs)
		}
	}
	time.Sleep(200 * time.Millisecond) // the burst well under way
	close(sigterm)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The rest of the download, read slowly: it is still in flight while the portal stops.
	buf := make([]byte, 256<<10)
	for {
		n, err := res.Body.Read(buf)
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the download was cut by the shutdown: %v\n%s", err, logs)
		}
		time.Sleep(15 * time.Millisecond)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("downloaded SHA-256 %s, want %s", got, hex.EncodeToString(sum[:]))
	}
	burstWG.Wait()
	writers.Wait()
	if err := waitExit(t, cmd, logs, 30*time.Second); err != nil {
		t.Fatalf("portal exited with %v after SIGTERM\n%s", err, logs)
	}
	refused, resets := 0, 0
	for _, u := range noAnswer {
		switch {
		case strings.Contains(logs.String(), "request_id="+u.id+" "):
			cut = append(cut, fmt.Sprintf("%s: handled by the portal, yet no answer: %s", u.id, u.err))
		case !u.afterTERM:
			cut = append(cut, fmt.Sprintf("%s: no answer before the signal: %s", u.id, u.err))
		default:
			refused++
			if strings.Contains(u.err, "reset") {
				resets++
			}
		}
	}
	t.Logf("burst: %d answered (%d after SIGTERM), %d refused (%d of them reset in the accept queue), %d cut; %d uploads in flight",
		answered, afterSignal, refused, resets, len(cut), uploads)
	if len(cut) > 0 {
		t.Fatalf("%d requests of the burst were cut by the shutdown: %v", len(cut), cut[:min(len(cut), 5)])
	}
	if len(failed) > 0 {
		t.Fatalf("uploads in flight at SIGTERM failed: %v", failed)
	}
	if answered == 0 || refused == 0 {
		t.Fatalf("the burst did not straddle the shutdown: %d answered, %d refused", answered, refused)
	}
	if objects := listDir(t, filepath.Join(filesDir, "objects")); len(objects) != 1+uploads {
		t.Fatalf("%d stored files, want the large one and the %d uploads in flight", len(objects), uploads)
	}
	if left := listDir(t, filepath.Join(filesDir, "tmp")); len(left) != 0 {
		t.Fatalf("temporary files after a clean stop: %v", left)
	}
}

// isRefused tells a connection the stopped listener refused (a clean refusal: nothing was sent).
func isRefused(err error) bool {
	var op *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || (errors.As(err, &op) && op.Op == "dial")
}
