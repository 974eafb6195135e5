package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// A client's number of projects is kept on its row (migration 0028) and gives the total of the
// client's list: projects created at once for one client (without a deadlock), a project moved
// to another client, and a bulk load's recount all leave it equal to the projects counted again.
func TestClientProjectsTotalKeptOnWrite(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	check := func(when string) {
		t.Helper()
		for _, client := range []int64{c.ClientA.ID, c.ClientB.ID} {
			kept := storetest.Column[int](t, db, "SELECT projects_total FROM clients WHERE id = ?", client)[0]
			counted := storetest.Column[int](t, db, "SELECT COUNT(*) FROM projects WHERE client_id = ?", client)[0]
			_, total, err := db.ListProjects(ctx, store.ProjectFilter{ClientID: client, Today: now, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			if kept != counted || total != counted {
				t.Fatalf("%s: client %d holds %d projects, its row says %d and its list %d", when, client, counted, kept, total)
			}
		}
	}
	check("the cast")

	deadlocks := deadlocksSince(t, db)
	err := storetest.Concurrently(30, func(i int) error {
		client := c.ClientA.ID
		if i%3 == 0 {
			client = c.ClientB.ID
		}
		return db.Tx(ctx, func(ctx context.Context) error {
			_, err := db.InsertProject(ctx, store.Project{ClientID: client, Name: fmt.Sprintf("Projet %d", i), Status: "en_cours"}, now)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := deadlocks(); n != 0 {
		t.Errorf("%d deadlocks creating 30 projects at once", n)
	}
	check("30 projects created at once")
	// A filtered list still counts its own rows: none paused; "Projet 1" and "Projet 10" to
	// "Projet 19" but those of client B (12, 15, 18).
	if _, total, err := db.ListProjects(ctx, store.ProjectFilter{ClientID: c.ClientA.ID, Status: "en_pause", Today: now, Limit: 5}); err != nil || total != 0 {
		t.Fatalf("client A's paused projects: total %d, %v", total, err)
	}
	if _, total, _ := db.ListProjects(ctx, store.ProjectFilter{ClientID: c.ClientA.ID, Search: "Projet 1", Today: now, Limit: 5}); total != 8 {
		t.Fatalf("client A's projects named « Projet 1… »: total %d, want 8", total)
	}

	// A project moved to client B, then saved again without a move.
	for _, to := range []int64{c.ClientB.ID, c.ClientB.ID} {
		err := db.Tx(ctx, func(ctx context.Context) error {
			p, err := db.ProjectForUpdate(ctx, c.ProjectA.ID)
			if err != nil {
				return err
			}
			p.ClientID = to
			return db.UpdateProject(ctx, p, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		check("project A moved to client B")
	}

	// A project for a client that does not exist: refused, and nothing counted.
	if _, err := db.InsertProject(ctx, store.Project{ClientID: 999999, Name: "Orphelin", Status: "en_cours"}, now); err == nil {
		t.Fatal("a project for a missing client was inserted")
	}
	if n := storetest.Column[int](t, db, "SELECT COUNT(*) FROM clients WHERE id = 999999")[0]; n != 0 {
		t.Fatal("a client row appeared")
	}

	// After a bulk load (which inserts without counting), the recount sets every row.
	if _, err := db.SQL().ExecContext(ctx, "UPDATE clients SET projects_total = 0"); err != nil {
		t.Fatal(err)
	}
	if err := db.RecomputeAllProjectCounters(ctx); err != nil {
		t.Fatal(err)
	}
	check("the recount")
}

// A list that may grow with the portal (the staff's, or a client's filtered one) counts up to
// ListTotalCap and no further, while its pages up to the cap still read: one more project than the
// cap gives the cap, and the last page before it is full.
func TestFilteredProjectListsCountUpToTheCap(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	late := now.AddDate(0, 0, -3).Format("2006-01-02")
	if _, err := db.SQL().ExecContext(ctx, fmt.Sprintf(`INSERT INTO projects (client_id, name, description, deadline, status, created_at, updated_at)
		SELECT ?, CONCAT('Lot ', seq), '', ?, 'en_cours', ?, ? FROM seq_1_to_%d`, store.ListTotalCap+1), c.ClientB.ID, late, now, now); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.ProjectFilter{
		{Status: "en_cours", Late: true},
		{ClientID: c.ClientB.ID, Late: true},
	} {
		f.Today, f.Limit, f.Offset = now, 25, store.ListTotalCap-25
		page, total, err := db.ListProjects(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if total != store.ListTotalCap || len(page) != 25 {
			t.Errorf("%+v: total %d and %d rows on the last page, want %d and 25", f, total, len(page), store.ListTotalCap)
		}
	}
}
