package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// The admin side's queries whose cost grew with the data at 10× (issue 18, MariaDB's slow log of
// bench.sh --scale=10) keep plans whose reads do not: each store call's statements are captured
// and EXPLAINed on a dataset of 300 projects, 3 000 retours and 183 users.
//   - the retours' figures of a period (all clients, one client) read a covering index: no
//     primary-key lookup per retour (the old plan, "Using index condition" without "Using index",
//     fetched each row for acknowledged_at);
//   - the overview's version reads no table (index dives only: "Select tables optimized away");
//     the old one read every project and client;
//   - the users to notify of a post are read from ix_users_client, at most the client's users
//     and the admins; the old OR of roles read every user (and, for a project without a
//     manager, so did the audience's);
//   - the admin list's count of late projects is a range on (status, deadline).
//
// None sorts in a temporary table or reads a large table in full.
func TestAdminPlansAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 3 000 retours")
	}
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	db := storetest.New(t)
	size := demo.Size{Clients: 60, UsersPerClient: 3, ProjectsPerClient: 5, StepsPerProject: 3, Admins: 3, RetoursPerProject: 10}
	if _, err := demo.Fill(ctx, db, portaltest.Files(t), size, "demo-password", now); err != nil {
		t.Fatal(err)
	}
	var clientID, projectID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT client_id, id FROM projects ORDER BY id LIMIT 1").Scan(&clientID, &projectID); err != nil {
		t.Fatal(err)
	}
	period := store.StatsFilter{From: now.AddDate(-1, 0, 0), To: now}
	ofClient := period
	ofClient.ClientID = clientID
	audience := len(storetest.Column[int64](t, db, "SELECT id FROM users WHERE client_id = ? OR client_id IS NULL", clientID))

	type call struct {
		name string
		run  func() error
		// check looks at one line of the plan of one of the call's statements.
		check func(q string, line map[string]string) string
	}
	covering := func(q string, line map[string]string) string {
		// "Using index" itself, not "Using index condition" (filtered in the index, row read).
		if line["table"] == "r" && !slices.Contains(strings.Split(line["Extra"], "; "), "Using index") {
			return "reads each retour's row (no covering index): " + line["key"] + " " + line["Extra"]
		}
		return ""
	}
	// The users to notify: at most the client's and the admins, whatever the manager.
	fewUsers := func(_ string, line map[string]string) string {
		if line["table"] == "u" {
			if n, _ := strconv.Atoi(line["rows"]); line["key"] != "ix_users_client" || n > 2*audience {
				return "reads users by " + line["type"] + " " + line["key"] + " (" + line["rows"] + " rows, " +
					strconv.Itoa(audience) + " to find)"
			}
		}
		return ""
	}
	if _, err := db.SQL().ExecContext(ctx, "UPDATE projects SET manager_id = NULL WHERE id = ?", projectID); err != nil {
		t.Fatal(err)
	}
	calls := []call{
		{"figures of retours", func() error { _, err := db.RetourFiguresOf(ctx, period); return err }, covering},
		{"figures of a client's retours", func() error { _, err := db.RetourFiguresOf(ctx, ofClient); return err }, covering},
		{"retours by month of a client", func() error { _, err := db.RetoursByMonth(ctx, ofClient); return err },
			func(q string, line map[string]string) string {
				if strings.Contains(q, "'opened'") {
					return covering(q, line)
				}
				return ""
			}},
		{"overview version", func() error { _, err := db.OverviewVersion(ctx); return err },
			func(_ string, line map[string]string) string {
				if line["table"] != "" {
					return "reads " + line["table"] + " (" + line["type"] + ", " + line["rows"] + " rows)"
				}
				return ""
			}},
		{"viewers of a project", func() error { _, err := db.ProjectViewers(ctx, projectID); return err }, fewUsers},
		{"audience of a project without a manager", func() error { _, _, err := db.ProjectAudience(ctx, projectID); return err }, fewUsers},
		{"admin list of late projects", func() error {
			_, _, err := db.ListProjects(ctx, store.ProjectFilter{Status: "en_cours", Late: true, Today: now, Limit: 20})
			return err
		}, func(q string, line map[string]string) string {
			if strings.Contains(q, "capped") && line["table"] == "p" && (line["type"] != "range" || line["key"] != "ix_projects_status") {
				return "the count reads " + line["type"] + " " + line["key"] + ", not a range of (status, deadline)"
			}
			return ""
		}},
	}
	big := map[string]bool{"retours": true, "r": true, "users": true, "u": true, "projects": true, "p": true, "clients": true, "c": true}
	for _, c := range calls {
		var err error
		stmts := storetest.CaptureSelects(t, db, func() { err = c.run() })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(stmts) == 0 {
			t.Fatalf("%s: no statement captured", c.name)
		}
		for _, q := range stmts {
			for _, line := range storetest.Explain(t, db, q) {
				if bad := c.check(q, line); bad != "" {
					t.Errorf("%s: %s\n  in: %s", c.name, bad, q)
				}
				if strings.Contains(line["Extra"], "Using temporary") && strings.Contains(line["Extra"], "Using filesort") {
					t.Errorf("%s: temporary table and sort on %s\n  in: %s", c.name, line["table"], q)
				}
				if line["type"] == "ALL" && big[line["table"]] {
					t.Errorf("%s: full scan of %s (%s rows)\n  in: %s", c.name, line["table"], line["rows"], q)
				}
			}
		}
	}
}
