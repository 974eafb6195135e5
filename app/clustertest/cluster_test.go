// Package clustertest checks the portal running as a cluster (issue 19): several `portal serve`
// processes behind haproxy over a 3-node Galera cluster, with NATS and S3 when the portal has
// them. scripts/cluster.sh starts all of it on loopback and runs these tests with PORTAL_CLUSTER
// naming its description (cluster.json); without it they skip.
package clustertest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// cluster is what scripts/cluster.sh writes into cluster.json.
type cluster struct {
	URL       string `json:"url"`
	PortalBin string `json:"portal_bin"`
	Demo      string `json:"demo"`
	Events    int    `json:"events"`
	Storage   int    `json:"storage"`
	Work      string `json:"work"`
	Portals   []struct {
		Name    string `json:"name"`
		URL     string `json:"url"`
		Config  string `json:"config"`
		PidFile string `json:"pid_file"`
	} `json:"portals"`
	Galera []struct {
		Name    string `json:"name"`
		DSN     string `json:"dsn"`
		PidFile string `json:"pid_file"`
	} `json:"galera"`

	admin, user, password string
}

func load(t *testing.T) *cluster {
	path := os.Getenv("PORTAL_CLUSTER")
	if path == "" {
		t.Skip("PORTAL_CLUSTER is not set: these tests need the cluster that scripts/cluster.sh starts")
	}
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c cluster
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	m := regexp.MustCompile(`as (\S+) \(admin\) or (\S+) \(client\), password: (\S+)`).FindStringSubmatch(c.Demo)
	if m == nil {
		t.Fatalf("no demo accounts in %q", c.Demo)
	}
	c.admin, c.user, c.password = m[1], m[2], m[3]
	return &c
}

// TestCluster runs the checks in order: the destructive one (processes killed) comes last but
// one, and the backup is taken from the cluster that survived it.
func TestCluster(t *testing.T) {
	c := load(t)
	t.Run("live events across processes", c.liveAcrossProcesses)
	t.Run("files across processes", c.filesAcrossProcesses)
	t.Run("sign-out across processes", c.signOutAcrossProcesses)
	t.Run("one run of each job per period", c.jobsOncePerPeriod)
	t.Run("load with a portal and a Galera node killed", c.loadWithFailures)
	t.Run("backup of the cluster restored onto a single box", c.backupToSingleBox)
}

// session is one signed-in user talking to the cluster through haproxy, optionally pinned to
// one process by the cookie that the check's haproxy.cfg routes on.
type session struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func (c *cluster) signIn(t *testing.T, email, node string) *session {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(c.URL)
	if node != "" {
		jar.SetCookies(u, []*http.Cookie{{Name: "portal_node", Value: node}})
	}
	s := &session{t: t, base: c.URL, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if code := s.json("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": c.password}, &out); code != http.StatusOK {
		t.Fatalf("sign-in of %s: %d", email, code)
	}
	s.csrf = out.CSRF
	return s
}

// do sends one request; the error is the transport's (a process or haproxy gone).
func (s *session) do(method, path string, body io.Reader, header map[string]string) (*http.Response, error) {
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if method != "GET" {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return s.http.Do(req)
}

// json sends in as JSON and decodes the answer into out; it returns the status.
func (s *session) json(method, path string, in, out any) int {
	s.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	res, err := s.do(method, path, body, map[string]string{"Content-Type": "application/json"})
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return res.StatusCode
}

// firstProject is the id of the first project the session sees.
func (s *session) firstProject() int64 {
	s.t.Helper()
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if code := s.json("GET", "/api/v1/projects", nil, &list); code != http.StatusOK || len(list.Items) == 0 {
		s.t.Fatalf("projects: %d, %d items", code, len(list.Items))
	}
	return list.Items[0].ID
}

// liveAcrossProcesses: a browser signed in through haproxy and held on process 1 sees, without
// reloading, a message that the admin posts through process 2.
func (c *cluster) liveAcrossProcesses(t *testing.T) {
	if c.Events == 0 {
		t.Skip("this portal has no [events] nats_url: live events stay within one process")
	}
	admin := c.signIn(t, c.admin, "p2")
	user := c.signIn(t, c.user, "p1")
	project := user.firstProject()
	text := "Message de la grappe " + rand.Text()[:8]

	script, _ := filepath.Abs("../../embed/frontend/e2e/cluster/live.mjs")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(), "CLUSTER_URL="+c.URL, "CLUSTER_EMAIL="+c.user, "CLUSTER_PASSWORD="+c.password,
		"CLUSTER_NODE=p1", "CLUSTER_PROJECT="+strconv.FormatInt(project, 10), "CLUSTER_TEXT="+text)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait() //nolint:errcheck
	lines := bufio.NewScanner(out)
	var ready bool
	for lines.Scan() {
		t.Log("browser: " + lines.Text())
		if strings.HasPrefix(lines.Text(), "ready") {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatal("the browser did not get to the project page (its output above)")
	}
	res, err := admin.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", project), strings.NewReader(fmt.Sprintf(`{"body":%q}`, text)),
		map[string]string{"Content-Type": "application/json"})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || res.Header.Get("X-Portal-Node") != "p2" {
		t.Fatalf("posting through p2: %d, served by %q", res.StatusCode, res.Header.Get("X-Portal-Node"))
	}
	var seen bool
	for lines.Scan() {
		t.Log("browser: " + lines.Text())
		seen = seen || strings.HasPrefix(lines.Text(), "seen")
	}
	if err := cmd.Wait(); err != nil || !seen {
		t.Fatalf("the browser on p1 did not show the message posted through p2: %v", err)
	}
}

// on is the same session (its cookies, its CSRF token) held on process node.
func (s *session) on(node string) *session {
	u, _ := url.Parse(s.base)
	jar, _ := cookiejar.New(nil)
	for _, ck := range s.http.Jar.Cookies(u) {
		if ck.Name != "portal_node" {
			jar.SetCookies(u, []*http.Cookie{ck})
		}
	}
	jar.SetCookies(u, []*http.Cookie{{Name: "portal_node", Value: node}})
	return &session{t: s.t, base: s.base, http: &http.Client{Jar: jar, Timeout: s.http.Timeout}, csrf: s.csrf}
}

// signOutAcrossProcesses: a session ended through process 1 is refused by process 2, which had
// just resolved it, within its session cache's 2 s.
func (c *cluster) signOutAcrossProcesses(t *testing.T) {
	p2 := c.signIn(t, c.user, "p2")
	p2.firstProject()
	res, err := p2.on("p1").do("POST", "/api/v1/auth/logout", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 || res.Header.Get("X-Portal-Node") != "p1" {
		t.Fatalf("sign-out through p1: %d, served by %q", res.StatusCode, res.Header.Get("X-Portal-Node"))
	}
	start := time.Now()
	for {
		res, err := p2.do("GET", "/api/v1/projects", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("X-Portal-Node") != "p2" {
			t.Fatalf("served by %q, not p2", res.Header.Get("X-Portal-Node"))
		}
		if res.StatusCode == http.StatusUnauthorized {
			t.Logf("p2 refused the session %s after its sign-out through p1", time.Since(start).Round(10*time.Millisecond))
			return
		}
		if time.Since(start) > 3*time.Second {
			t.Fatalf("p2 still serves a session signed out through p1 %s ago (%d)", time.Since(start).Round(10*time.Millisecond), res.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// filesAcrossProcesses: a deliverable uploaded through process 1 downloads whole and by range
// through process 2, with its ETag honoured by If-Range.
func (c *cluster) filesAcrossProcesses(t *testing.T) {
	if c.Storage == 0 {
		t.Skip("this portal has no [storage]: each process keeps its files on its own disk")
	}
	admin1 := c.signIn(t, c.admin, "p1")
	project := admin1.firstProject()
	content := make([]byte, 3<<20+123)
	rand.Read(content)
	res, err := admin1.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables?title=%s", project, url.QueryEscape("Livrable de la grappe")),
		bytes.NewReader(content), map[string]string{"X-File-Name": "grappe.bin", "Content-Type": "application/octet-stream"})
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Versions []struct {
			ID int64 `json:"id"`
		} `json:"versions"`
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || res.Header.Get("X-Portal-Node") != "p1" || json.Unmarshal(raw, &d) != nil || len(d.Versions) == 0 {
		t.Fatalf("upload through p1: %d (served by %q) %s", res.StatusCode, res.Header.Get("X-Portal-Node"), raw)
	}
	path := fmt.Sprintf("/api/v1/versions/%d/download", d.Versions[0].ID)

	admin2 := c.signIn(t, c.admin, "p2")
	get := func(header map[string]string) (*http.Response, []byte) {
		t.Helper()
		res, err := admin2.do("GET", path, nil, header)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.Header.Get("X-Portal-Node") != "p2" {
			t.Fatalf("the download was served by %q, not p2", res.Header.Get("X-Portal-Node"))
		}
		return res, body
	}
	whole, body := get(nil)
	if whole.StatusCode != http.StatusOK || sha256.Sum256(body) != sha256.Sum256(content) {
		t.Fatalf("whole download through p2: %d, %d bytes of %d, same content: %v", whole.StatusCode, len(body), len(content), bytes.Equal(body, content))
	}
	etag := whole.Header.Get("ETag")
	from, to := 1<<20+7, 2<<20+99
	part, body := get(map[string]string{"Range": fmt.Sprintf("bytes=%d-%d", from, to), "If-Range": etag})
	if part.StatusCode != http.StatusPartialContent || !bytes.Equal(body, content[from:to+1]) ||
		part.Header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", from, to, len(content)) {
		t.Fatalf("ranged download through p2: %d %q, %d bytes, right ones: %v", part.StatusCode, part.Header.Get("Content-Range"), len(body), bytes.Equal(body, content[from:to+1]))
	}
	stale, body := get(map[string]string{"Range": "bytes=0-9", "If-Range": `"not-the-etag"`})
	if stale.StatusCode != http.StatusOK || len(body) != len(content) {
		t.Fatalf("a stale If-Range must get the whole file: %d, %d bytes", stale.StatusCode, len(body))
	}
}

// periods are the schedules cluster.sh gives the jobs.
var periods = map[string]time.Duration{"notification-emails": 2 * time.Second, "overdue-alerts": 3 * time.Second, "audit-verify": 5 * time.Second}

// jobsOncePerPeriod: over a window, each job ran (success or failure: not skipped) once per
// period across the three processes: runs are at least a period apart, and none is missing.
func (c *cluster) jobsOncePerPeriod(t *testing.T) {
	db := c.node(t, 1)
	from := time.Now().UTC()
	const window = 16 * time.Second
	time.Sleep(window)
	to := time.Now().UTC()
	for job, period := range periods {
		runs, err := db.JobRuns(context.Background(), job, 200)
		if err != nil {
			t.Fatal(err)
		}
		var starts []time.Time
		for _, r := range runs {
			if r.Outcome != "skipped" && !r.StartedAt.Before(from) && r.StartedAt.Before(to) {
				starts = append(starts, r.StartedAt)
			}
		}
		slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
		want := int(window/period) - 1
		if len(starts) < want || len(starts) > int(window/period)+1 {
			t.Errorf("%s (every %s): %d runs in %s, want about %d", job, period, len(starts), window, int(window/period))
		}
		for i := 1; i < len(starts); i++ {
			// "@every" timers start with each process, anywhere in the period: two runs closer
			// than three quarters of it are one period run twice.
			if gap := starts[i].Sub(starts[i-1]); gap < period*3/4 {
				t.Errorf("%s (every %s) ran twice in one period: %s and %s", job, period, starts[i-1].Format("15:04:05.000"), starts[i].Format("15:04:05.000"))
			}
		}
		t.Logf("%s (every %s): %d runs in %s", job, period, len(starts), window.Round(time.Second))
	}
}

// node opens Galera node i (1-based) directly, for reading what it holds.
func (c *cluster) node(t *testing.T, i int) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), c.Galera[i-1].DSN, store.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatalf("Galera node %d: %v", i, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// kill sends SIGKILL to the process whose pid is in file (no clean shutdown: a crash).
func kill(t *testing.T, file string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill %d: %v", pid, err)
	}
}

// ack is one message whose posting the cluster acknowledged (2xx).
type ack struct {
	id   int64
	body string
}

// loadWithFailures: writers post messages through haproxy for a while; midway portal process 3
// is killed, then Galera node 1 (the one haproxy sends the writes to). Every acknowledged message
// must be on both surviving nodes afterwards, and the writes must succeed again without anyone
// stepping in.
func (c *cluster) loadWithFailures(t *testing.T) {
	const writers = 6
	const duration = 24 * time.Second
	killPortalAt, killNodeAt := 6*time.Second, 12*time.Second
	// The demo's clients 1 to 3 have two users each: one writer per user, each its own session.
	users := []string{}
	for w := range writers {
		users = append(users, fmt.Sprintf("utilisateur%d.%d@client%d.example", w/3+1, w%3+1, w%3+1))
	}
	type result struct {
		acks     []ack
		failures map[string]int
		lastFail time.Duration
	}
	results := make([]result, writers)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range writers {
		s := c.signIn(t, users[w], "")
		project := s.firstProject()
		s.http.Timeout = 10 * time.Second
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[w]
			r.failures = map[string]int{}
			for seq := 0; time.Since(start) < duration; seq++ {
				body := fmt.Sprintf("charge grappe %d-%d %s", w, seq, rand.Text()[:6])
				res, err := s.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", project), strings.NewReader(fmt.Sprintf(`{"body":%q}`, body)),
					map[string]string{"Content-Type": "application/json"})
				if err != nil {
					r.failures["transport"]++
					r.lastFail = time.Since(start)
					time.Sleep(100 * time.Millisecond)
					continue
				}
				raw, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var m struct {
					ID int64 `json:"id"`
				}
				if res.StatusCode/100 == 2 && json.Unmarshal(raw, &m) == nil && m.ID > 0 {
					r.acks = append(r.acks, ack{m.ID, body})
					continue
				}
				r.failures[strconv.Itoa(res.StatusCode)]++
				r.lastFail = time.Since(start)
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	time.Sleep(killPortalAt - time.Since(start))
	t.Logf("%.1f s: killing portal p3", time.Since(start).Seconds())
	kill(t, c.Portals[2].PidFile)
	time.Sleep(killNodeAt - time.Since(start))
	t.Logf("%.1f s: killing Galera node n1 (the writes' node)", time.Since(start).Seconds())
	kill(t, c.Galera[0].PidFile)
	wg.Wait()

	var acks []ack
	failures := map[string]int{}
	var lastFail time.Duration
	for _, r := range results {
		acks = append(acks, r.acks...)
		for k, v := range r.failures {
			failures[k] += v
		}
		lastFail = max(lastFail, r.lastFail)
	}
	t.Logf("%d messages acknowledged in %s by %d writers; failures %v, the last at %.1f s", len(acks), duration, writers, failures, lastFail.Seconds())
	c.logFailures(t)
	if len(acks) < 50 {
		t.Fatalf("only %d writes acknowledged: the load did not run", len(acks))
	}
	if lastFail > duration-4*time.Second {
		t.Errorf("writes still failed at %.1f s, %s after the last kill: the cluster did not recover by itself", lastFail.Seconds(), (lastFail - killNodeAt).Round(100*time.Millisecond))
	}
	for _, i := range []int{2, 3} {
		db := c.node(t, i)
		missing := 0
		for _, a := range acks {
			m, err := db.MessageByID(context.Background(), a.id)
			if err != nil || m.Body != a.body {
				if missing < 5 {
					t.Errorf("Galera node %d: acknowledged message %d (%q): %v, body %q", i, a.id, a.body, err, m.Body)
				}
				missing++
			}
		}
		if missing > 0 {
			t.Errorf("Galera node %d lacks %d of %d acknowledged messages", i, missing, len(acks))
		}
	}
	// Through haproxy too: a new sign-in and a read succeed on what is left.
	s := c.signIn(t, users[0], "")
	s.firstProject()
}

// logFailures prints, per distinct cause, the failed requests the portals logged: what the
// users met while processes and nodes died.
func (c *cluster) logFailures(t *testing.T) {
	causes := map[string]int{}
	errAttr := regexp.MustCompile(` err="?(.*?)"?$`)
	for i := range c.Portals {
		body, _ := os.ReadFile(filepath.Join(c.Work, "logs", fmt.Sprintf("portal%d.log", i+1)))
		for _, line := range strings.Split(string(body), "\n") {
			if strings.Contains(line, `msg="request failed"`) {
				if m := errAttr.FindStringSubmatch(line); m != nil {
					causes[fmt.Sprintf("p%d: %s", i+1, m[1])]++
				}
			}
		}
	}
	for cause, n := range causes {
		t.Logf("%d × %s", n, cause)
	}
}

// backupToSingleBox: `portal backup now` against the cluster, `portal restore` of that archive
// into a fresh data directory with its own private database, and `portal backup verify
// --database` there: every table identical to the archive.
func (c *cluster) backupToSingleBox(t *testing.T) {
	dir := filepath.Join(c.Work, "backups")
	out := c.portal(t, nil, "backup", "now", "--config", c.Portals[0].Config, "--dir", dir)
	m := regexp.MustCompile(`backup written: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no archive in %q", out)
	}
	single := filepath.Join(c.Work, "single")
	env := []string{"PORTAL_DATA_DIR=" + single, "PORTAL_DATABASE_DSN="}
	none := filepath.Join(c.Work, "none.toml")
	restored := c.portal(t, env, "restore", m[1], "--config", none)
	t.Log(restored)
	// Every file of the archive (the S3 bucket's, when the cluster has one) is on the box's disk.
	files := regexp.MustCompile(`(\d+) files \(`).FindStringSubmatch(restored)
	onDisk := 0
	filepath.WalkDir(filepath.Join(single, "files", "objects"), func(_ string, d os.DirEntry, err error) error { //nolint:errcheck
		if err == nil && d.Type().IsRegular() {
			onDisk++
		}
		return nil
	})
	if files == nil || files[1] == "0" || files[1] != strconv.Itoa(onDisk) {
		t.Fatalf("the archive's files (%v) are not all on the single box's disk (%d there)", files, onDisk)
	}
	out = c.portal(t, env, "backup", "verify", m[1], "--database", "--config", none)
	if !strings.Contains(out, "the database is identical to the archive") {
		t.Fatalf("the single box's database differs from the cluster's backup: %s", out)
	}
	t.Log(strings.TrimSpace(out))
}

// portal runs the portal binary with args and extra environment, and returns its output.
func (c *cluster) portal(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(c.PortalBin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("portal %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
