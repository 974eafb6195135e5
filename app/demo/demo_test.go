package demo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestFillSmallThenRefuseAgain(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	fs, err := files.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	indexes := messageIndexes(t, db)
	res, err := Fill(ctx, db, fs, Small, "demo-password-1", now)
	if err != nil {
		t.Fatal(err)
	}
	// The indexes dropped for the load are back as the migrations made them.
	if after := messageIndexes(t, db); after != indexes {
		t.Errorf("messages' indexes after the load:\n%s\nbefore:\n%s", after, indexes)
	}
	// The word search finds every demo message that holds a word (the words were indexed by
	// periods).
	var holding int
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM messages WHERE body LIKE '%prochaine%'").Scan(&holding); err != nil || holding == 0 {
		t.Fatalf("%d demo messages say « prochaine » (%v)", holding, err)
	}
	if _, total, err := db.History().WithSearch("prochaine").WithPage(10, 0).Messages(ctx); err != nil || total != holding {
		t.Errorf("the search for « prochaine » finds %d messages, want %d (%v)", total, holding, err)
	}
	want := map[string]int{"clients": 6, "users": 3 + 12, "projects": 12, "milestones": 60, "tasks": 240, "messages": 72 + 12*12, "deliverable_versions": 24,
		"retours": 12 * 7}
	for k, v := range want {
		if res.Counts[k] != v {
			t.Errorf("%s = %d, want %d", k, res.Counts[k], v)
		}
	}
	u, err := db.UserByEmail(ctx, res.UserEmail)
	if err != nil || u.Role != "client" || u.ClientID == 0 {
		t.Fatalf("demo client user = %+v, %v", u, err)
	}
	if ok, _, _ := password.Verify("demo-password-1", u.PasswordHash, password.Default); !ok {
		t.Fatal("the printed password does not sign the demo user in")
	}
	// Counters match the milestones: some work is done, some is overdue, some projects finished.
	ps, total, err := db.ListProjects(ctx, storeFilter(now))
	if err != nil || total != 12 {
		t.Fatal(total, err)
	}
	var done, overdue int
	for _, p := range ps {
		if p.MilestonesTotal != 5 {
			t.Errorf("project %d has %d steps counted", p.ID, p.MilestonesTotal)
		}
		done += p.MilestonesDone
		if p.NextDueDate != nil && p.NextDueDate.Before(now) && p.Status != "termine" {
			overdue++
		}
	}
	if overdue == 0 {
		t.Error("no overdue step: the demo should show alerts")
	}
	// Every project shows retours in every state, and its counters say so: of its 7 retours, 2
	// are closed, 1 new and 1 resolved.
	for _, p := range ps {
		if p.RetoursOpen != 5 || p.RetoursNew != 1 || p.RetoursResolved != 1 {
			t.Errorf("project %d: %d open, %d new, %d resolved", p.ID, p.RetoursOpen, p.RetoursNew, p.RetoursResolved)
		}
		for _, st := range []string{"nouveau", "pris_en_compte", "en_cours", "resolu", "cloture", "rouvert"} {
			if _, n, err := db.ListRetours(ctx, store.RetourFilter{ProjectID: p.ID, Status: st, Limit: 1}); err != nil || n == 0 {
				t.Errorf("project %d has no retour %s (%v)", p.ID, st, err)
			}
		}
	}
	// Each client has the questions the staff asked it waiting in its « À traiter », one per
	// project, and the staff's lists hold none of them.
	clients := map[int64]int{}
	for _, p := range ps {
		clients[p.ClientID]++
	}
	for clientID, projects := range clients {
		qs, n, err := db.WaitingRetours(ctx, store.WaitingFilter{List: store.WaitingQuestions, ClientID: clientID, Limit: 20})
		if err != nil || n != projects {
			t.Errorf("client %d: %d questions waiting, want %d (%v)", clientID, n, projects, err)
		}
		for _, q := range qs {
			if q.Kind != "question" || q.OpenedRole != "admin" || q.Status == "resolu" || q.Status == "cloture" {
				t.Errorf("waiting question %+v", q)
			}
		}
		unread, err := db.RetourUnread(ctx, 0, []int64{qs[0].ID}, false) // 0: a client user without a marker, as every one of the demo
		if err != nil || unread[qs[0].ID] != 1 {
			t.Errorf("the staff's reminder is not unread to the client: %v %v", unread, err)
		}
	}
	staff, _, err := db.WaitingRetours(ctx, store.WaitingFilter{List: store.WaitingBlocking, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range staff {
		if r.Kind == "question" && r.OpenedRole == "admin" {
			t.Errorf("a staff question waits for the staff: %+v", r)
		}
	}
	if done == 0 || done == 60 {
		t.Errorf("%d of 60 steps done: the demo should show work in progress", done)
	}
	// Tasks in every status, some internal, and a progress that moves with them.
	var byStatus map[string]int
	var internal, moved int
	for _, p := range ps {
		list, _, err := db.ListTasks(ctx, store.TaskFilter{ProjectID: p.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if byStatus == nil {
			byStatus = map[string]int{}
		}
		for _, tk := range list {
			byStatus[tk.Status]++
			if !tk.Visible {
				internal++
			}
		}
		if p.ProgressMilli != p.WeightDone*1000 {
			moved++
		}
	}
	if len(byStatus) != 4 || internal == 0 || moved == 0 {
		t.Errorf("tasks by status %v, %d internal, %d projects whose progress counts tasks", byStatus, internal, moved)
	}
	// One internal note per conversation: the staff see it, the client's thread leaves it out.
	for _, p := range ps {
		all, err := db.ProjectMessages(ctx, p.ID, 0, 0, 100, true)
		if err != nil {
			t.Fatal(err)
		}
		visible, err := db.ProjectMessages(ctx, p.ID, 0, 0, 100, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 6 || len(visible) != 5 {
			t.Errorf("project %d: %d messages for the staff, %d for the client; want 6 and 5", p.ID, len(all), len(visible))
		}
	}
	if keys, _ := fs.Keys(); len(keys) != 24 {
		t.Errorf("files = %d, want one per version", len(keys))
	}
	if _, err := Fill(ctx, db, fs, Small, "x", now); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second fill = %v, want ErrNotEmpty", err)
	}
}

// messageIndexes lists the secondary indexes of the messages table with their columns.
func messageIndexes(t *testing.T, db *store.DB) string {
	t.Helper()
	var out string
	err := db.SQL().QueryRowContext(context.Background(), `SELECT GROUP_CONCAT(CONCAT(index_name, ' ', cols) ORDER BY index_name SEPARATOR '\n')
		FROM (SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS cols FROM information_schema.statistics
			WHERE table_schema = DATABASE() AND table_name = 'messages' GROUP BY index_name) x`).Scan(&out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func storeFilter(now time.Time) store.ProjectFilter {
	return store.ProjectFilter{Today: now, Limit: 100}
}
