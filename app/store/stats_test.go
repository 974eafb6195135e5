package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// TestStatisticsAgreeWithPlainQueries fills the demonstration data, scatters dates, decisions,
// deleted and unanswered messages at random, and compares every statistic of the store with a
// plain query written the obvious way (joins, no index hints), for every client and several
// periods.
func TestStatisticsAgreeWithPlainQueries(t *testing.T) {
	ctx := context.Background()
	db, now := demoFilled(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.SQL().ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	ids := func(table string) []int64 {
		return storetest.Column[int64](t, db, "SELECT id FROM "+table+" ORDER BY id")
	}
	at := func() time.Time { return now.Add(-time.Duration(rnd.IntN(400*24*60)) * time.Minute) }
	for _, id := range ids("projects") {
		exec("UPDATE projects SET created_at = ? WHERE id = ?", at(), id)
	}
	for _, id := range ids("milestones") {
		if rnd.IntN(3) > 0 {
			exec("UPDATE milestones SET state = 'livree', delivered_at = ?, due_date = IF(? = 0, NULL, ?) WHERE id = ?",
				at(), rnd.IntN(4), at().Format(time.DateOnly), id)
		}
	}
	for _, id := range ids("messages") {
		exec("UPDATE messages SET created_at = ?, deleted_at = IF(? = 0, ?, NULL) WHERE id = ?", at(), rnd.IntN(5), now, id)
	}
	exec("UPDATE messages SET answered_at = IF(id % 3 = 0, NULL, created_at + INTERVAL id * 37 MINUTE) WHERE author_role = 'client'")
	for _, id := range ids("deliverable_versions") {
		up := at()
		exec("UPDATE deliverable_versions SET uploaded_at = ? WHERE id = ?", up, id)
		for k := rnd.IntN(4); k > 0; k-- {
			decision := []string{"valide", "modifications"}[rnd.IntN(2)]
			exec(`INSERT INTO deliverable_decisions (version_id, deliverable_id, decision, comment, sha256, by_name, at)
				SELECT id, deliverable_id, ?, '', sha256, 'x', ? FROM deliverable_versions WHERE id = ?`,
				decision, up.Add(time.Duration(rnd.IntN(60*24*60))*time.Minute), id)
		}
	}

	clients := append([]int64{0}, ids("clients")...)
	periods := [][2]time.Time{
		{time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 3, 0, 0, 0, 0, time.UTC)},
		{time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	var decided int
	for _, p := range periods {
		for _, c := range clients {
			f := store.StatsFilter{From: p[0], To: p[1], ClientID: c}
			name := fmt.Sprintf("%s..%s client %d", p[0].Format(time.DateOnly), p[1].Format(time.DateOnly), c)
			for _, series := range []struct {
				what string
				got  func(context.Context, store.StatsFilter) ([]store.MonthCount, error)
				want string
			}{
				{"projects", db.ProjectsByMonth, `SELECT DATE_FORMAT(p.created_at, '%Y-%m'), p.status, COUNT(*) FROM projects p
					WHERE p.created_at >= ? AND p.created_at < ? AND (? = 0 OR p.client_id = ?) GROUP BY 1, 2 ORDER BY 1, 2`},
				{"milestones", db.MilestonesDeliveredByMonth, `SELECT DATE_FORMAT(ms.delivered_at, '%Y-%m'),
						IF(ms.due_date IS NULL OR DATE(ms.delivered_at) <= ms.due_date, 'on_time', 'late'), COUNT(*)
					FROM milestones ms JOIN projects p ON p.id = ms.project_id
					WHERE ms.delivered_at >= ? AND ms.delivered_at < ? AND (? = 0 OR p.client_id = ?) GROUP BY 1, 2 ORDER BY 1, 2`},
				{"deliverables", db.DeliverablesByMonth, `SELECT * FROM (
						SELECT DATE_FORMAT(v.uploaded_at, '%Y-%m') AS month, 'uploaded' AS series, COUNT(*) FROM deliverable_versions v
							JOIN projects p ON p.id = v.project_id
							WHERE v.uploaded_at >= ? AND v.uploaded_at < ? AND (? = 0 OR p.client_id = ?) GROUP BY 1
						UNION ALL
						SELECT DATE_FORMAT(d.at, '%Y-%m'), 'validated', COUNT(*) FROM deliverable_decisions d
							JOIN deliverable_versions v ON v.id = d.version_id JOIN projects p ON p.id = v.project_id
							WHERE d.decision = 'valide' AND d.at >= ? AND d.at < ? AND (? = 0 OR p.client_id = ?) GROUP BY 1) x
					ORDER BY 1, 2`},
			} {
				got, err := series.got(ctx, f)
				if err != nil {
					t.Fatalf("%s %s: %v", series.what, name, err)
				}
				args := []any{f.From, f.To, c, c}
				if series.what == "deliverables" {
					args = append(args, args...)
				}
				want := plainMonths(t, db, series.want, args...)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s = %v, want %v", series.what, name, got, want)
				}
			}

			act, err := db.ActivityByClient(ctx, f)
			if err != nil {
				t.Fatalf("activity %s: %v", name, err)
			}
			want := plainActivity(t, db, f)
			if len(act) != len(want) {
				t.Fatalf("activity %s: %d clients, want %d", name, len(act), len(want))
			}
			for i := range want {
				if act[i] != want[i] {
					t.Errorf("activity %s [%d] = %+v, want %+v", name, i, act[i], want[i])
				}
				decided += act[i].Decisions
			}

			delay, err := db.DecisionDelay(ctx, f)
			if err != nil {
				t.Fatalf("decision delay %s: %v", name, err)
			}
			var wantDelay float64
			if err := db.SQL().QueryRow(`SELECT COALESCE(AVG(TIMESTAMPDIFF(SECOND, v.uploaded_at, first.at)), 0)
				FROM (SELECT version_id, MIN(at) AS at FROM deliverable_decisions WHERE at >= ? AND at < ? GROUP BY version_id) first
				JOIN deliverable_versions v ON v.id = first.version_id JOIN projects p ON p.id = v.project_id WHERE ? = 0 OR p.client_id = ?`,
				f.From, f.To, c, c).Scan(&wantDelay); err != nil {
				t.Fatal(err)
			}
			if delay != wantDelay {
				t.Errorf("decision delay %s = %v, want %v", name, delay, wantDelay)
			}
		}
	}
	if decided == 0 {
		t.Fatal("the dataset has no decision in any period: the test checks nothing of them")
	}
}

func plainMonths(t *testing.T, db *store.DB, q string, args ...any) []store.MonthCount {
	t.Helper()
	rows, err := db.SQL().Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []store.MonthCount
	for rows.Next() {
		var m store.MonthCount
		if err := rows.Scan(&m.Month, &m.Series, &m.Count); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// plainActivity computes ActivityByClient one client at a time with the obvious queries.
func plainActivity(t *testing.T, db *store.DB, f store.StatsFilter) []store.ClientActivity {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT id, name FROM clients WHERE ? = 0 OR id = ? ORDER BY name`, f.ClientID, f.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	var cs []store.ClientActivity
	for rows.Next() {
		var a store.ClientActivity
		if err := rows.Scan(&a.ClientID, &a.Name); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, a)
	}
	rows.Close()
	var out []store.ClientActivity
	for _, a := range cs {
		var avgAnswer float64
		if err := db.SQL().QueryRow(`SELECT COUNT(*), COALESCE(SUM(m.deleted_at IS NULL), 0), COUNT(IF(m.deleted_at IS NULL, m.answered_at, NULL)),
				COALESCE(SUM(IF(m.deleted_at IS NULL, TIMESTAMPDIFF(SECOND, m.created_at, m.answered_at), NULL)), 0),
				COALESCE(AVG(IF(m.deleted_at IS NULL, TIMESTAMPDIFF(SECOND, m.created_at, m.answered_at), NULL)), 0)
			FROM messages m JOIN projects p ON p.id = m.project_id
			WHERE m.author_role = 'client' AND m.created_at >= ? AND m.created_at < ? AND p.client_id = ?`, f.From, f.To, a.ClientID).
			Scan(&a.ClientMessages, &a.LiveMessages, &a.Answered, &a.AnswerSeconds, &avgAnswer); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRow(`SELECT COUNT(*), COALESCE(SUM(d.decision = 'modifications'), 0)
			FROM deliverable_decisions d JOIN deliverable_versions v ON v.id = d.version_id JOIN projects p ON p.id = v.project_id
			WHERE d.at >= ? AND d.at < ? AND p.client_id = ?`, f.From, f.To, a.ClientID).Scan(&a.Decisions, &a.ChangeRequests); err != nil {
			t.Fatal(err)
		}
		// The means the portal derives from the sums are those of SQL's AVG.
		if a.Answered > 0 && math.Abs(float64(a.AnswerSeconds)/float64(a.Answered)-avgAnswer) > 1e-4 {
			t.Errorf("client %d: mean answer %v, AVG %v", a.ClientID, float64(a.AnswerSeconds)/float64(a.Answered), avgAnswer)
		}
		if a.ClientMessages > 0 || a.Decisions > 0 {
			out = append(out, a)
		}
	}
	return out
}
