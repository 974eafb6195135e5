package store_test

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// demoFilled is a fresh database holding the small demonstration made on a fixed day, and that
// instant: the tests compare figures of periods that end then.
func demoFilled(t *testing.T) (*store.DB, time.Time) {
	t.Helper()
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	db := storetest.New(t)
	if _, err := demo.Fill(context.Background(), db, portaltest.Files(t), demo.Small, "demo-password", now); err != nil {
		t.Fatal(err)
	}
	return db, now
}

// TestRetourFiguresAgreeWithGo fills the demonstration (retours in every state over a year) and
// compares the figures of retours computed in SQL with the same figures computed in Go from
// every row read plainly, for all clients, each client and each project, over two periods.
func TestRetourFiguresAgreeWithGo(t *testing.T) {
	ctx := context.Background()
	db, now := demoFilled(t)
	type row struct {
		client, project       int64
		status, priority      string
		created               time.Time
		ack, resolved, closed *time.Time
		reopens               int
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT client_id, project_id, status, priority, created_at, acknowledged_at, first_resolved_at, closed_at, reopen_count FROM retours`)
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.client, &r.project, &r.status, &r.priority, &r.created, &r.ack, &r.resolved, &r.closed, &r.reopens); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if len(all) != 84 {
		t.Fatalf("%d retours in the demo", len(all))
	}
	rank := func(ds []int64, p float64) int64 {
		slices.Sort(ds)
		k := int(math.Ceil(p*float64(len(ds)))) - 1
		return ds[max(0, min(k, len(ds)-1))]
	}
	spread := func(ds []int64) store.Spread {
		if len(ds) == 0 {
			return store.Spread{}
		}
		return store.Spread{Count: len(ds), MedianSecs: rank(ds, 0.5), P90Secs: rank(ds, 0.9)}
	}
	periods := [][2]time.Time{{now.AddDate(-2, 0, 0), now.Add(time.Hour)}, {now.AddDate(0, -5, 0), now.AddDate(0, -1, 0)}}
	var filters []store.StatsFilter
	for _, p := range periods {
		filters = append(filters, store.StatsFilter{From: p[0], To: p[1]})
		for _, r := range all[:20] {
			filters = append(filters, store.StatsFilter{From: p[0], To: p[1], ClientID: r.client}, store.StatsFilter{From: p[0], To: p[1], ProjectID: r.project})
		}
	}
	checked := 0
	for _, f := range filters {
		in := func(r row) bool {
			return (f.ClientID == 0 || r.client == f.ClientID) && (f.ProjectID == 0 || r.project == f.ProjectID)
		}
		var want store.RetourFigures
		var acks, fixes []int64
		months := map[[2]string]int{}
		for _, r := range all {
			if !in(r) {
				continue
			}
			if r.closed != nil && !r.closed.Before(f.From) && r.closed.Before(f.To) && f.ProjectID == 0 {
				months[[2]string{r.closed.Format("2006-01"), "closed"}]++
			}
			if r.created.Before(f.From) || !r.created.Before(f.To) {
				continue
			}
			if f.ProjectID == 0 {
				months[[2]string{r.created.Format("2006-01"), "opened"}]++
			}
			want.Opened++
			if r.ack != nil {
				acks = append(acks, int64(r.ack.Sub(r.created)/time.Second))
			}
			if r.resolved != nil {
				want.Resolved++
				fixes = append(fixes, int64(r.resolved.Sub(r.created)/time.Second))
				if r.reopens > 0 {
					want.Reopened++
				}
			}
		}
		want.Acknowledge, want.Resolve = spread(acks), spread(fixes)
		got, err := db.RetourFiguresOf(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%+v: figures %+v, want %+v", f, got, want)
		}
		if want.Resolved > 0 && want.Reopened == 0 && f.ClientID == 0 && f.ProjectID == 0 {
			t.Errorf("no reopened retour over %+v: the reopen rate is not tested", f)
		}
		if f.ProjectID == 0 {
			byMonth, err := db.RetoursByMonth(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			gotMonths := map[[2]string]int{}
			for _, m := range byMonth {
				gotMonths[[2]string{m.Month, m.Series}] = m.Count
			}
			if !reflect.DeepEqual(gotMonths, months) {
				t.Errorf("%+v: by month %v, want %v", f, gotMonths, months)
			}
		}
		checked++
	}
	// Open retours by priority and age, today.
	for _, client := range []int64{0, all[0].client} {
		want := map[[2]string]int{}
		for _, r := range all {
			if r.status == "cloture" || (client != 0 && r.client != client) {
				continue
			}
			age := "gte30"
			if days := now.Sub(r.created).Hours() / 24; days < 7 {
				age = "lt7"
			} else if days < 30 {
				age = "lt30"
			}
			want[[2]string{r.priority, age}]++
		}
		ages, err := db.OpenRetoursByAge(ctx, now, client, 0)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]string]int{}
		for _, a := range ages {
			got[[2]string{a.Priority, a.Age}] = a.Count
		}
		if !reflect.DeepEqual(got, want) || len(got) < 2 {
			t.Errorf("client %d: open by age %v, want %v", client, got, want)
		}
	}
	if checked != len(filters) {
		t.Fatal("not every filter was checked")
	}
}
