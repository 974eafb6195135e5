package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// planSize is a realistic dataset for the plans: 60 clients of 10 projects and two clients with
// 50 and 500 projects of 20 steps, so that the optimizer sees lists at the sizes the benchmark reads.
var planSize = demo.Size{Clients: 60, UsersPerClient: 2, ProjectsPerClient: 10, StepsPerProject: 10, Admins: 3, MessagesPerProject: 12,
	VersionsPerProject: 2, Probes: []int{50, 500}, ProbeSteps: 20}

// The hot list pages read no temporary table with a sort ("Using temporary; Using filesort")
// and scan no large table in full: every statement the client's list, its project page and
// thread, the dashboards and the admin lists send is captured from the server's log and
// EXPLAINed on the seeded dataset. A query whose plan regresses fails here.
func TestHotListPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1 100 projects")
	}
	ctx := context.Background()
	db := storetest.New(t)
	if _, err := demo.Fill(ctx, db, portaltest.Files(t), planSize, portaltest.Password, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	h := newHarnessOn(t, db, config.Default().Auth, 8<<20, 0)
	probe := h.login("temoin500@client-temoin500.example")
	adm := h.login("equipe1@bigdata-center.example")
	var first struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	probe.do("GET", "/api/v1/projects?per_page=50", nil).json(t, &first)
	if len(first.Items) != 50 {
		t.Fatalf("the probe client's list holds %d projects", len(first.Items))
	}
	p := itoa(first.Items[len(first.Items)-1].ID)

	pages := []struct {
		who  *browser
		path string
	}{
		{probe, "/api/v1/projects?per_page=50"},
		{probe, "/api/v1/projects?per_page=50&page=3"},
		{probe, "/api/v1/projects/" + p},
		{probe, "/api/v1/projects/" + p + "/deliverables"},
		{probe, "/api/v1/projects/" + p + "/messages"},
		{probe, "/api/v1/notifications"},
		{probe, "/api/v1/versions/latest"},
		{adm, "/api/v1/projects?per_page=50"},
		{adm, "/api/v1/projects?status=en_cours&late=true&page=2"},
		{adm, "/api/v1/admin/overview"},
		{adm, "/api/v1/admin/clients?page=2"},
		{adm, "/api/v1/admin/users?page=2"},
		{adm, "/api/v1/admin/messages?q=livraison"},
		{adm, "/api/v1/admin/audit"},
		// The retours' lists with their readers' unread counts, and a thread read to its end.
		{probe, "/api/v1/projects/" + p + "/retours"},
		{probe, "/api/v1/todo"},
		{adm, "/api/v1/admin/retours?status=ouvert&sort=priority"},
		{adm, "/api/v1/todo"},
	}
	stmts := storetest.CaptureSelects(t, db, func() {
		for _, pg := range pages {
			if r := pg.who.do("GET", pg.path, nil); r.status != 200 {
				t.Errorf("GET %s = %d %s", pg.path, r.status, r.body)
			}
		}
	})
	if len(stmts) < len(pages) {
		t.Fatalf("captured %d statements for %d pages", len(stmts), len(pages))
	}
	for _, q := range stmts {
		if aggregate(q) {
			continue
		}
		for _, bad := range explainProblems(t, db, q) {
			if retourPage(q) && strings.HasPrefix(bad, "temporary table and sort on r ") {
				continue
			}
			t.Errorf("%s\n  in: %s", bad, q)
		}
	}

	// A page of the list not read yet (so not served from memory) costs the same few queries
	// whatever the page holds: its total, its rows (the next step is on the project row, not
	// looked up per row in the steps) and its unread counts, each read by primary key or index.
	var list []string
	for _, q := range storetest.CaptureStatements(t, db, func() { probe.do("GET", "/api/v1/projects?per_page=50&page=5", nil) }) {
		if strings.Contains(q, "projects") {
			list = append(list, q)
		}
		if strings.Contains(q, "FROM milestones") || strings.Contains(q, "JOIN milestones") {
			t.Errorf("the list reads the steps: %s", q)
		}
	}
	if len(list) == 0 || len(list) > 3 {
		t.Errorf("the list of 50 sent %d queries on the projects, want 1 to 3:\n%s", len(list), strings.Join(list, "\n"))
	}

	// The first page of 50 reads as many rows for a client with 500 projects as for one with
	// 50: its total is kept on the client's row, not counted (migration 0028), and its page
	// stops at 50 index entries. Each statement that computed the list (an address not read
	// yet, so not served from memory) is run again alone and its handler reads are counted.
	reads := map[int]int{}
	for _, size := range []int{50, 500} {
		who := probe
		if size != 500 {
			who = h.login(fmt.Sprintf("temoin%d@client-temoin%d.example", size, size))
		}
		stmts := storetest.CaptureStatements(t, db, func() { who.do("GET", "/api/v1/projects?per_page=50&page=1", nil) })
		for _, q := range stmts {
			if strings.HasPrefix(q, "SELECT") && strings.Contains(q, "projects") {
				reads[size] += storetest.HandlerReads(t, db, q)
			}
		}
	}
	if reads[50] == 0 || reads[500] > reads[50]+10 {
		t.Errorf("the first page of 50 read %d rows for a client with 500 projects, %d for one with 50", reads[500], reads[50])
	}
}

// aggregate tells the admin overview's whole-portal figures, which read every project by
// nature: they are computed again only when their version (store.OverviewVersion, index dives
// checked here like any other query) changes, once for all admins (portal's overviewCache).
func aggregate(q string) bool {
	return strings.Contains(q, "(SELECT COUNT(*) FROM clients WHERE archived_at IS NULL)") ||
		(strings.Contains(q, "SUM(retours_open)") && !strings.Contains(q, "client_id")) // the portal's retour sums
}

// retourPage tells a list of retours (store.ListRetours, store.WaitingRetours): it reads its page's
// ids in index order, at most a page per branch, then sorts those few rows joined to their names
// (the sort the plan shows); store's tests check the branches' plans.
func retourPage(q string) bool {
	return strings.Contains(q, "page JOIN retours r ON r.id = page.id")
}

// bigTables are those a full scan of costs in proportion to the data (the others hold a few
// rows per deployment: settings, the audit chain's head, the job leases).
var bigTables = map[string]bool{"projects": true, "milestones": true, "messages": true, "message_reads": true, "deliverables": true,
	"deliverable_versions": true, "notifications": true, "users": true, "clients": true, "attachments": true, "message_words": true,
	"milestone_events": true, "audit_log": true, "sessions": true, "retours": true, "retour_events": true, "retour_reads": true}

func explainProblems(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	var out []string
	for _, row := range storetest.Explain(t, db, q) {
		if strings.Contains(row["Extra"], "Using temporary") && strings.Contains(row["Extra"], "Using filesort") {
			out = append(out, fmt.Sprintf("temporary table and sort on %s (%s)", row["table"], row["Extra"]))
		}
		if row["select_type"] == "DEPENDENT SUBQUERY" && bigTables[row["table"]] {
			out = append(out, fmt.Sprintf("a subquery on %s run again for each row (%s)", row["table"], row["Extra"]))
		}
		if row["type"] == "ALL" && bigTables[row["table"]] {
			out = append(out, fmt.Sprintf("full scan of %s (%s rows)", row["table"], row["rows"]))
		}
	}
	return out
}
