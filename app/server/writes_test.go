package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/dbserver"
	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// burst sends n requests at once from the given browsers in turn and returns their answers
// and how long each took.
func burst(t *testing.T, n int, send func(i int) (response, error)) ([]response, []time.Duration) {
	t.Helper()
	out, took := make([]response, n), make([]time.Duration, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			out[i], errs[i] = send(i)
			took[i] = time.Since(t0)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return out, took
}

func percentile(ds []time.Duration, p float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// Fifty people posting at the same instant in one conversation, client users and staff mixed:
// every post is saved (no deadlock survives the retries), and each client message's
// answered_at is the time of the first staff message after it, as a computation from scratch
// finds it, so the team's response time stays right.
func TestBurstOfPostsInOneConversation(t *testing.T) {
	h := newHarness(t)
	people := []*browser{h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email), h.login(h.cast.A2.Email)}
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	const n = 50
	// The portal's clock runs fast meanwhile, so that the answers take whole seconds.
	stop := every(3*time.Millisecond, func() { h.advance(1700 * time.Millisecond) })
	rs, took := burst(t, n, func(i int) (response, error) {
		return people[i%len(people)].try("POST", url, map[string]string{"body": fmt.Sprintf("message %d de la rafale", i)})
	})
	stop()
	failed := 0
	for i, r := range rs {
		if r.status != 201 {
			failed++
			t.Errorf("post %d = %d %s", i, r.status, r.body)
		}
	}
	t.Logf("%d posts: %d failed; p50 %v, p95 %v, max %v", n, failed, percentile(took, 0.5), percentile(took, 0.95), slices.Max(took))

	ctx := context.Background()
	var saved int
	if err := h.db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM messages WHERE project_id = ?", h.cast.ProjectA.ID).Scan(&saved); err != nil {
		t.Fatal(err)
	}
	if saved != n+2 { // and the fixture's two (A1's message, the staff's internal note)
		t.Errorf("%d messages saved, want %d", saved, n+2)
	}
	checkAnswers(t, h.db, h.cast.ProjectA.ID)

	// The statistic reads what was kept on write: the same as from scratch.
	acts, err := h.db.ActivityByClient(ctx, store.StatsFilter{From: time.Now().Add(-time.Hour), To: h.now().Add(time.Hour), ClientID: h.cast.ClientA.ID})
	if err != nil || len(acts) != 1 {
		t.Fatalf("activity = %v, %v", acts, err)
	}
	var answered int
	var secs int64
	if err := h.db.SQL().QueryRowContext(ctx, `SELECT COUNT(x.answered), COALESCE(SUM(TIMESTAMPDIFF(SECOND, x.created_at, x.answered)), 0) FROM (
			SELECT c.id, c.created_at, MIN(s.created_at) AS answered FROM messages c
			LEFT JOIN messages s ON s.project_id = c.project_id AND s.id > c.id AND s.author_role = 'admin' AND NOT s.internal
			WHERE c.project_id = ? AND c.author_role = 'client' AND c.deleted_at IS NULL GROUP BY c.id, c.created_at) x`,
		h.cast.ProjectA.ID).Scan(&answered, &secs); err != nil {
		t.Fatal(err)
	}
	if acts[0].Answered != answered || acts[0].AnswerSeconds != secs {
		t.Errorf("statistic: %d answered in %d s, from scratch %d in %d s", acts[0].Answered, acts[0].AnswerSeconds, answered, secs)
	}
	t.Logf("response time: %d client messages answered, %d s in all (from scratch: %d, %d s)", acts[0].Answered, acts[0].AnswerSeconds, answered, secs)
}

// checkAnswers compares every client message's answered_at with the first staff message after it
// (internal notes answer nothing: the cast has one after A1's message).
func checkAnswers(t *testing.T, db *store.DB, projectID int64) {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT c.id, c.answered_at,
			(SELECT s.created_at FROM messages s WHERE s.project_id = c.project_id AND s.id > c.id AND s.author_role = 'admin' AND NOT s.internal
				ORDER BY s.id LIMIT 1)
		FROM messages c WHERE c.project_id = ? AND c.author_role = 'client' ORDER BY c.id`, projectID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var got, want *time.Time
		if err := rows.Scan(&id, &got, &want); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (want == nil) || (got != nil && !got.Equal(*want)) {
			t.Errorf("message %d answered_at = %v, want %v", id, got, want)
		}
	}
}

// privateServer starts a database server of the test's own (freezing the shared one would
// stall the other tests) and returns a migrated store on it and the server.
func privateServer(t *testing.T) (*store.DB, *dbserver.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := dbserver.Start(ctx, dbserver.Options{DataDir: filepath.Join(t.TempDir(), "mysql"),
		ExtraArgs: []string{"--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(srv.Pid(), syscall.SIGCONT) // a failed test must not leave it stopped
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	})
	if err := srv.CreateDatabase(ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, srv.DSN("portal"), store.Options{MaxOpenConns: 20, MaxIdleConns: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return db, srv
}

// A frozen database (SIGSTOP) holds no request past its timeout: message posts, an upload and
// a page each end within request_timeout + 1 s with the clean French 503; nothing they sent is
// saved; once the database runs again (SIGCONT) the portal works again without a restart.
func TestFrozenDatabaseBoundsEveryRequest(t *testing.T) {
	db, srv := privateServer(t)
	const timeout = 2 * time.Second
	h := newHarnessOn(t, db, config.Default().Auth, 8<<20, timeout)
	people := []*browser{h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)}
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	if r := people[1].do("POST", url, map[string]string{"body": "avant le gel"}); r.status != 201 {
		t.Fatalf("post before the freeze = %d %s", r.status, r.body)
	}

	if err := syscall.Kill(srv.Pid(), syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	frozenAt := time.Now()
	const n = 8
	rs, took := burst(t, n+2, func(i int) (response, error) {
		switch i {
		case n:
			return people[1].try("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectA.ID), rawFile{"plan.pdf", []byte("%PDF-1.4 plan")})
		case n + 1:
			return people[1].try("GET", "/api/v1/projects", nil)
		}
		return people[i%2].try("POST", url, map[string]string{"body": fmt.Sprintf("pendant le gel %d", i)})
	})
	for i, r := range rs {
		if took[i] > timeout+time.Second {
			t.Errorf("request %d took %v (timeout %v)", i, took[i], timeout)
		}
		if r.status != 503 || r.errorCode(t) != errcode.Unavailable.String() || r.header.Get("Retry-After") == "" {
			t.Errorf("request %d during the freeze = %d %s", i, r.status, r.body)
		}
	}
	t.Logf("during the freeze: %d requests, slowest %v (timeout %v)", len(rs), slices.Max(took), timeout)
	// Held long enough that every request met its deadline while the server was stopped.
	time.Sleep(time.Until(frozenAt.Add(2*timeout + time.Second)))
	if err := syscall.Kill(srv.Pid(), syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}

	// Back at once: the connections cut at the deadline were dropped, not handed out again.
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := people[0].do("POST", url, map[string]string{"body": "après le gel"})
		if r.status == 201 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("post after the freeze = %d %s", r.status, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var saved int
	if err := db.SQL().QueryRow("SELECT COUNT(*) FROM messages WHERE body LIKE 'pendant le gel%'").Scan(&saved); err != nil {
		t.Fatal(err)
	}
	if saved != 0 {
		t.Errorf("%d posts answered 503 but were saved", saved)
	}
	checkAnswers(t, db, h.cast.ProjectA.ID)

	// Frozen in the middle of a burst: some posts were done, some not, some may have sent
	// their COMMIT just before the freeze (the server applies it when it runs again, after
	// the request answered 503). Each retried with its key once the database is back: every
	// post is then saved exactly once, and its answers agree.
	const m = 12
	go func() { time.Sleep(15 * time.Millisecond); _ = syscall.Kill(srv.Pid(), syscall.SIGSTOP) }()
	rs, took = burst(t, m, func(i int) (response, error) {
		return people[i%2].try("POST", url, map[string]string{"body": fmt.Sprintf("rafale gelée %d", i)}, key(fmt.Sprintf("gel-%d", i)))
	})
	time.Sleep(time.Until(time.Now().Add(timeout)))
	if err := syscall.Kill(srv.Pid(), syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	done, cut, savedCut := 0, 0, 0
	for i, r := range rs {
		if took[i] > timeout+time.Second {
			t.Errorf("post %d of the burst took %v", i, took[i])
		}
		if r.status == 201 {
			done++
			continue
		}
		cut++
		if r.status != 503 || r.errorCode(t) != errcode.Unavailable.String() {
			t.Errorf("post %d of the burst = %d %s", i, r.status, r.body)
		}
		again := people[i%2].doWith("POST", url, map[string]string{"body": fmt.Sprintf("rafale gelée %d", i)}, key(fmt.Sprintf("gel-%d", i)))
		if again.status == 409 && again.errorCode(t) == "idempotency_already_done" {
			savedCut++ // its COMMIT reached the server before the freeze
		} else if again.status != 201 {
			t.Errorf("retry of post %d = %d %s", i, again.status, again.body)
		}
	}
	for i := range m {
		var n int
		if err := db.SQL().QueryRow("SELECT COUNT(*) FROM messages WHERE body = ?", fmt.Sprintf("rafale gelée %d", i)).Scan(&n); err != nil || n != 1 {
			t.Errorf("post %d saved %d times (%v)", i, n, err)
		}
	}
	t.Logf("burst frozen midway: %d answered 201, %d cut at %v at most and retried with their key (%d of those had been saved: the retry said so)",
		done, cut, slices.Max(took), savedCut)
	checkAnswers(t, db, h.cast.ProjectA.ID)
}

// The commit itself is bounded: database/sql's Commit takes no context, and a COMMIT sent to a
// frozen server used to wait for it to come back. It ends at the transaction's deadline, as
// uncertain (the server may still apply it), and the connection is not handed out again.
func TestCommitToAFrozenDatabaseEndsAtTheDeadline(t *testing.T) {
	db, srv := privateServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	err := db.Tx(ctx, func(ctx context.Context) error {
		if _, err := db.InsertClient(ctx, store.Client{Name: "Gel SA"}, time.Now()); err != nil {
			return err
		}
		// Stopped between the last statement and the COMMIT.
		return syscall.Kill(srv.Pid(), syscall.SIGSTOP)
	})
	took := time.Since(start)
	go func() { time.Sleep(2 * time.Second); _ = syscall.Kill(srv.Pid(), syscall.SIGCONT) }()
	if took > 2*time.Second || !errors.Is(err, store.ErrCommitUncertain) {
		t.Fatalf("commit to a frozen server: %v after %v", err, took)
	}
	t.Logf("commit cut after %v: %v", took, err)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	if err := db.Ping(ctx2); err != nil {
		t.Fatalf("after the freeze: %v", err)
	}
}

func key(k string) [2]string { return [2]string{idempotencyHeader, k} }

// Every creating POST takes an Idempotency-Key: the same request again answers the first
// result, replayed, and writes nothing.
func TestIdempotentRetryAnswersTheFirstResult(t *testing.T) {
	h := newHarness(t)
	adm, a1 := h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)
	count := func(table string) int {
		var n int
		if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct {
		who   *browser
		path  string
		body  any
		table string
	}{
		{a1, fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "Une seule fois"}, "messages"},
		{a1, fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectA.ID), rawFile{"plan.pdf", []byte("%PDF-1.4 plan")}, "message_attachments"},
		{a1, fmt.Sprintf("/api/v1/versions/%d/decision", h.cast.VersionA.ID), map[string]string{"decision": "valide", "comment": "Parfait"}, "deliverable_decisions"},
		{adm, "/api/v1/admin/clients", map[string]string{"name": "Gamma SARL"}, "clients"},
		{adm, "/api/v1/admin/users", map[string]any{"email": "nina@alpha.example", "name": "Nina", "role": "client", "client_id": h.cast.ClientA.ID}, "users"},
		{adm, "/api/v1/admin/projects", map[string]any{"client_id": h.cast.ClientA.ID, "name": "Refonte intranet"}, "projects"},
		{adm, fmt.Sprintf("/api/v1/admin/projects/%d/milestones", h.cast.ProjectA.ID), map[string]any{"title": "Recette"}, "milestones"},
		{adm, fmt.Sprintf("/api/v1/admin/projects/%d/deliverables?title=Plan", h.cast.ProjectA.ID), rawFile{"plan.pdf", []byte("%PDF-1.4 plan")}, "deliverable_versions"},
	} {
		before := count(c.table)
		k := key("cle-" + c.table)
		first, err := c.who.try("POST", c.path, c.body, k)
		if err != nil || first.status != 201 && first.status != 200 {
			t.Fatalf("%s: first = %d %s %v", c.path, first.status, first.body, err)
		}
		again, err := c.who.try("POST", c.path, c.body, k)
		if err != nil || again.status != first.status || again.body != first.body || again.header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("%s: retry = %d %s (first %d %s)", c.path, again.status, again.body, first.status, first.body)
		}
		if n := count(c.table); n != before+1 {
			t.Errorf("%s: %d rows added to %s, want 1", c.path, n-before, c.table)
		}
	}

	// The same key with another request is refused, and so is a malformed key.
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	r, _ := a1.try("POST", url, map[string]string{"body": "Autre chose"}, key("cle-messages"))
	if r.status != 422 || r.errorCode(t) != "idempotency_key_reused" {
		t.Errorf("same key, other body = %d %s", r.status, r.body)
	}
	r, _ = a1.try("POST", url, map[string]string{"body": "x"}, key("clé avec espaces"))
	if r.status != 422 || r.errorCode(t) != "idempotency_key_invalid" {
		t.Errorf("malformed key = %d %s", r.status, r.body)
	}
	// Keys are a user's own: another user's same key is another action.
	if r, _ := adm.try("POST", url, map[string]string{"body": "Une seule fois"}, key("cle-messages")); r.status != 201 || r.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("another user's same key = %d %s", r.status, r.body)
	}

	// A write committed whose answer was never recorded (the process stopped in between):
	// its retry hears that it was done, and does not do it again.
	first, _ := a1.try("POST", url, map[string]string{"body": "Coupé avant la réponse"}, key("cle-coupee"))
	if _, err := h.db.SQL().Exec("UPDATE idempotency_keys SET status = NULL, response = NULL WHERE idem_key = 'cle-coupee'"); err != nil || first.status != 201 {
		t.Fatal(err, first.status)
	}
	before := count("messages")
	r, _ = a1.try("POST", url, map[string]string{"body": "Coupé avant la réponse"}, key("cle-coupee"))
	if r.status != 409 || r.errorCode(t) != "idempotency_already_done" || count("messages") != before {
		t.Errorf("retry of a write without its answer = %d %s", r.status, r.body)
	}

	// Keys are kept a day: the clean-up job purges older ones only.
	if res, err := h.svc.Cleanup(context.Background()); err != nil || res.IdempotencyKeys != 0 {
		t.Errorf("clean-up of fresh keys: %+v, %v", res, err)
	}
	h.advance(25 * time.Hour)
	res, err := h.svc.Cleanup(context.Background())
	if err != nil || res.IdempotencyKeys == 0 || count("idempotency_keys") != 0 {
		t.Errorf("clean-up after 25 h: %+v, %v, %d keys left", res, err, count("idempotency_keys"))
	}
}

// Twenty copies of one request at the same instant (a retry storm): exactly one write, and
// every copy answers the same message.
func TestConcurrentDuplicatesWriteOnce(t *testing.T) {
	h := newHarness(t)
	a1 := h.login(h.cast.A1.Email)
	url := fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID)
	rs, took := burst(t, 20, func(int) (response, error) {
		return a1.try("POST", url, map[string]string{"body": "Vingt fois la même"}, key("tempete"))
	})
	for i, r := range rs {
		if r.status != 201 || r.body != rs[0].body {
			t.Errorf("copy %d = %d %s (first %s)", i, r.status, r.body, rs[0].body)
		}
	}
	var n int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM messages WHERE body = 'Vingt fois la même'").Scan(&n); err != nil || n != 1 {
		t.Errorf("%d messages written, want 1 (%v)", n, err)
	}
	t.Logf("20 copies: slowest %v", slices.Max(took))
}
