package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/logtest"
)

// apiClient is a signed-in browser of the real binary: cookie jar, CSRF token, same origin.
type apiClient struct {
	base string
	http *http.Client
	csrf string
}

func signIn(t *testing.T, base, email, password string) *apiClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &apiClient{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	if status, body, err := c.post("/api/v1/auth/login", map[string]string{"email": email, "password": password}, &out); err != nil || status != 200 {
		t.Fatalf("sign-in = %d %s %v", status, body, err)
	}
	c.csrf = out.CSRFToken
	return c
}

// post sends v as JSON and decodes a 2xx answer into out.
func (c *apiClient) post(path string, v, out any) (int, string, error) {
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	return c.send(req, out)
}

// send sends req as the portal's own pages would (a request that changes something carries the
// same origin and, once signed in, the CSRF token) and decodes a 2xx JSON answer into out.
func (c *apiClient) send(req *http.Request, out any) (int, string, error) {
	if req.Method != http.MethodGet {
		req.Header.Set("Origin", c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if c.csrf != "" {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return res.StatusCode, string(body), err
		}
	}
	return res.StatusCode, string(body), nil
}

// createAdmin makes the first admin through the command line, beside the running portal.
func (p *privatePortal) createAdmin(t *testing.T, email, password string) {
	t.Helper()
	admin := p.command("admin", "create")
	admin.Stdin = strings.NewReader(email + "\n" + password + "\n")
	if out, err := admin.CombinedOutput(); err != nil {
		t.Fatalf("admin create: %v\n%s", err, out)
	}
}

// waitExit waits for the portal process to end and returns its exit error.
func waitExit(t *testing.T, cmd *exec.Cmd, logs *logtest.Buffer, within time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(within):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("portal still running after %s\n%s", within, logs)
		return nil
	}
}

// TestServeRecoversFromDatabaseKill kills the private mariadbd with SIGKILL while four writers
// post messages through the API: the portal restarts it and is ready again within 10 s on its
// own, and every post that was acknowledged (2xx) is in the database afterwards, once.
func TestServeRecoversFromDatabaseKill(t *testing.T) {
	p := newPrivatePortal(t)
	dataDir, base := p.dataDir, p.base
	cmd, logs := p.start(t)
	defer func() { _ = cmd.Process.Kill() }()
	p.createAdmin(t, "panne@exemple.fr", "cheval-agrafe-batterie")
	admin := signIn(t, base, "panne@exemple.fr", "cheval-agrafe-batterie")

	var client struct{ ID int64 }
	if status, body, err := admin.post("/api/v1/admin/clients", map[string]string{"name": "Client de la panne"}, &client); status != 201 || err != nil {
		t.Fatalf("create client = %d %s %v", status, body, err)
	}
	// One project per writer: the writers test the database's death, not each other's locks.
	const writers = 4
	projects := make([]int64, writers)
	for w := range projects {
		var p struct{ ID int64 }
		if status, body, err := admin.post("/api/v1/admin/projects", map[string]any{"client_id": client.ID, "name": fmt.Sprintf("Projet %d", w)}, &p); status != 201 || err != nil {
			t.Fatalf("create project = %d %s %v", status, body, err)
		}
		projects[w] = p.ID
	}

	var (
		mu                sync.Mutex
		acked             = map[string]bool{}
		failed, afterBack int
		stop              = make(chan struct{})
		back              = make(chan struct{})
		wg                sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf("écrivain %d, message %d", w, i)
				status, _, err := admin.post(fmt.Sprintf("/api/v1/projects/%d/messages", projects[w]), map[string]string{"body": body}, nil)
				mu.Lock()
				if err == nil && status/100 == 2 {
					acked[body] = true
					select {
					case <-back:
						afterBack++
					default:
					}
				} else {
					failed++
				}
				mu.Unlock()
				if err != nil || status/100 != 2 {
					time.Sleep(20 * time.Millisecond) // a failing portal answers at once: do not spin
				}
			}
		}()
	}

	time.Sleep(time.Second)
	pidFile := filepath.Join(dataDir, "mysql", "server.pid")
	dbPid := readPid(t, pidFile)
	killed := time.Now()
	if err := syscall.Kill(dbPid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Not ready while it is dead: the kill did reach the database the portal uses.
	sawDown := false
	var recovery time.Duration
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 503 {
				sawDown = true
			}
			if res.StatusCode == 200 && syscall.Kill(dbPid, 0) != nil && sawDown {
				recovery = time.Since(killed)
				break
			}
		}
		if time.Since(killed) > 10*time.Second {
			close(stop)
			wg.Wait()
			t.Fatalf("/readyz not ready again within 10 s of killing mariadbd (down seen: %v)\n%s", sawDown, logs)
		}
		time.Sleep(25 * time.Millisecond)
	}
	close(back)
	t.Logf("ready again %s after SIGKILL of mariadbd", recovery.Round(time.Millisecond))
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	wg.Wait()

	if newPid := readPid(t, pidFile); newPid == dbPid || syscall.Kill(newPid, 0) != nil {
		t.Fatalf("no new database process (pid file says %d, killed %d)", newPid, dbPid)
	}
	if !strings.Contains(logs.String(), "private database server restarted") {
		t.Fatalf("the restart is not in the log:\n%s", logs)
	}
	mu.Lock()
	defer mu.Unlock()
	if afterBack == 0 {
		t.Fatalf("no post succeeded after the database came back (%d acknowledged, %d failed)\n%s", len(acked), failed, logs)
	}
	t.Logf("%d posts acknowledged, %d failed around the kill, %d acknowledged after recovery", len(acked), failed, afterBack)

	// Read what was kept straight from the database, through the socket the portal uses.
	db := p.openDB(t)
	rows, err := db.SQL().Query("SELECT body, COUNT(*) FROM messages GROUP BY body")
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	for rows.Next() {
		var body string
		var n int
		if err := rows.Scan(&body, &n); err != nil {
			t.Fatal(err)
		}
		stored[body] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for body := range acked {
		if stored[body] != 1 {
			t.Errorf("acknowledged post %q stored %d times", body, stored[body])
		}
	}
	// A post answered with an error may have been saved (the kill can fall between the commit
	// and the answer), but never twice: a retry of the portal's must not double a write.
	for body, n := range stored {
		if n > 1 {
			t.Errorf("post %q stored %d times", body, n)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(t, cmd, logs, 60*time.Second); err != nil {
		t.Fatalf("portal exited with %v after the recovery\n%s", err, logs)
	}
}

// TestServeExitsWhenDatabaseKeepsDying kills every new mariadbd the portal starts: after the
// fifth death the portal gives up and exits non-zero (systemd's Restart=on-failure then
// restarts the whole service), leaving no database process behind.
func TestServeExitsWhenDatabaseKeepsDying(t *testing.T) {
	p := newPrivatePortal(t)
	cmd, logs := p.start(t)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	pidFile := filepath.Join(p.dataDir, "mysql", "server.pid")
	killed := map[int]bool{}
	deadline := time.After(90 * time.Second)
	for {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && !killed[pid] {
				if syscall.Kill(pid, syscall.SIGKILL) == nil {
					killed[pid] = true
				}
			}
		}
		select {
		case err := <-done:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("portal exit = %v after %d database deaths, want a non-zero exit\n%s", err, len(killed), logs)
			}
			if !strings.Contains(logs.String(), "giving up") || len(killed) < 5 {
				t.Fatalf("portal exited after %d kills without saying it gave up:\n%s", len(killed), logs)
			}
			for pid := range killed {
				if syscall.Kill(pid, 0) == nil {
					t.Fatalf("database process %d still runs after the portal exited", pid)
				}
			}
			t.Logf("portal exited with code %d after %d database deaths", exit.ExitCode(), len(killed))
			return
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatalf("portal still running after %d database deaths\n%s", len(killed), logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
