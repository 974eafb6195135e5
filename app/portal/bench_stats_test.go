package portal_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/demo"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

var (
	statsOnce sync.Once
	statsDB   *store.DB
	statsNow  time.Time
)

// statsScale is the scale dataset of the performance issue with its deliverables: 500 clients,
// 1 500 client users, 5 000 projects, 50 000 milestones, 500 000 messages, 50 000 deliverable
// versions (uploaded over the last 90 days, as `portal demo --scale` makes them, without their
// files) and their client decisions (a change request on a third of them, a validation on every
// validated one: about 54 000). It has its own database, so that the other benchmarks at scale
// keep their dataset.
func statsScale(b *testing.B) *store.DB {
	statsOnce.Do(func() {
		ctx := context.Background()
		statsDB = storetest.NewForProcess(b)
		productionPool(b, statsDB)
		statsNow = time.Now().UTC()
		start := time.Now()
		if _, err := demo.Fill(ctx, statsDB, nil, demo.Scale, "bench-password", statsNow); err != nil {
			b.Fatal(err)
		}
		projectIDs, err := statsDB.IDsInOrder(ctx, "projects")
		if err != nil {
			b.Fatal(err)
		}
		var ds []store.Deliverable
		for _, p := range projectIDs {
			for k := 0; k < 5; k++ {
				ds = append(ds, store.Deliverable{ProjectID: p, Title: fmt.Sprintf("Livrable %d", k+1), LatestVersion: 2})
			}
		}
		if err := statsDB.BulkInsertDeliverables(ctx, ds, statsNow); err != nil {
			b.Fatal(err)
		}
		dIDs, err := statsDB.IDsInOrder(ctx, "deliverables")
		if err != nil {
			b.Fatal(err)
		}
		rnd := rand.New(rand.NewPCG(2026, 12))
		var vs []store.Version
		for i, d := range ds {
			for n := 1; n <= 2; n++ {
				status := "valide"
				if n == 2 && rnd.IntN(3) == 0 {
					status = "en_attente"
				}
				vs = append(vs, store.Version{DeliverableID: dIDs[i], ProjectID: d.ProjectID, Number: n, FileKey: fmt.Sprintf("%032x", len(vs)),
					FileName: "livrable.pdf", ContentType: "application/pdf", Size: 100, SHA256: fmt.Sprintf("%064x", len(vs)), Status: status,
					UploadedAt: statsNow.Add(-time.Duration(rnd.IntN(90*24)) * time.Hour)})
			}
		}
		if err := statsDB.BulkInsertVersions(ctx, vs); err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{
			`INSERT INTO deliverable_decisions (version_id, deliverable_id, decision, comment, sha256, by_name, at)
				SELECT id, deliverable_id, 'modifications', 'À revoir', sha256, 'Client', uploaded_at + INTERVAL (id % 48 + 1) HOUR
				FROM deliverable_versions WHERE id % 3 = 0`,
			`INSERT INTO deliverable_decisions (version_id, deliverable_id, decision, comment, sha256, by_name, at)
				SELECT id, deliverable_id, 'valide', '', sha256, 'Client', uploaded_at + INTERVAL (id % 96 + 49) HOUR
				FROM deliverable_versions WHERE status = 'valide'`,
			`ANALYZE TABLE projects, milestones, messages, deliverable_versions, deliverable_decisions`,
		} {
			if _, err := statsDB.SQL().ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		var messages, versions, decisions int
		if err := statsDB.SQL().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM deliverable_versions),
			(SELECT COUNT(*) FROM deliverable_decisions)`).Scan(&messages, &versions, &decisions); err != nil {
			b.Fatal(err)
		}
		b.Logf("statistics dataset filled in %s: %d messages, %d versions, %d decisions", time.Since(start).Round(time.Millisecond),
			messages, versions, decisions)
	})
	return statsDB
}

// productionPool gives the test server, for the time of the benchmark, the 256 MiB buffer pool
// of the portal's private server (tests run with 32 MiB, which would measure the disk instead).
func productionPool(b *testing.B, db *store.DB) {
	var size int64
	if err := db.SQL().QueryRow("SELECT @@GLOBAL.innodb_buffer_pool_size").Scan(&size); err != nil {
		b.Fatal(err)
	}
	if size >= 256<<20 {
		return
	}
	if _, err := db.SQL().Exec("SET GLOBAL innodb_buffer_pool_size = ?", 256<<20); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _, _ = db.SQL().Exec("SET GLOBAL innodb_buffer_pool_size = ?", size) })
}

// handlerReads is the server's count of rows read by its storage engines (Handler_read_*): the
// benchmark is alone on its private server, so its deltas are the rows one computation examines.
func handlerReads(b *testing.B, db *store.DB) float64 {
	var n float64
	if err := db.SQL().QueryRow(`SELECT SUM(VARIABLE_VALUE) FROM information_schema.GLOBAL_STATUS
		WHERE VARIABLE_NAME LIKE 'HANDLER_READ%'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

func statsAdmin(b *testing.B, db *store.DB) portal.Actor {
	u, err := db.UserByEmail(context.Background(), "equipe1@bigdata-center.example")
	if err != nil {
		b.Fatal(err)
	}
	return portal.Actor{UserID: u.ID, Role: portal.RoleAdmin, Email: u.Email}
}

func statsClientID(b *testing.B, db *store.DB) int64 {
	u, err := db.UserByEmail(context.Background(), "utilisateur1.250@client250.example")
	if err != nil {
		b.Fatal(err)
	}
	return u.ClientID
}

// BenchmarkStatisticsComputeAtScale measures one computation of the figures (a new service each
// time, so nothing is cached) for each kind of filter the statistics page offers.
func BenchmarkStatisticsComputeAtScale(b *testing.B) {
	db := statsScale(b)
	productionPool(b, db)
	a := statsAdmin(b, db)
	client := statsClientID(b, db)
	day := func(d time.Time) string { return d.Format("2006-01-02") }
	today := statsNow
	for _, c := range []struct {
		name string
		q    portal.StatsQuery
	}{
		{"default-12-months", portal.StatsQuery{}},
		{"last-month", portal.StatsQuery{From: day(today.AddDate(0, -1, 0)), To: day(today)}},
		{"three-years", portal.StatsQuery{From: day(today.AddDate(-3, 0, 0)), To: day(today)}},
		{"client-12-months", portal.StatsQuery{ClientID: client}},
		{"client-last-month", portal.StatsQuery{From: day(today.AddDate(0, -1, 0)), To: day(today), ClientID: client}},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			var reads float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				svc := portal.New(db, portal.Options{PasswordParams: portaltest.FastHash})
				before := handlerReads(b, db)
				b.StartTimer()
				if _, err := svc.Statistics(ctx, a, c.q); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				reads += handlerReads(b, db) - before - 1 // the status query reads itself once
				b.StartTimer()
			}
			b.ReportMetric(reads/float64(b.N), "rows-read/op")
		})
	}
}

// BenchmarkStatisticsConcurrentAtScale is the admins' side of the load run: 50 callers ask for
// the default figures at once while the portal's clock moves past the cache's lifetime every
// second (sixty times faster than real time), so that recomputations run all along. It reports
// the callers' p95 and the requests that failed (the portal's 10 s request bound).
func BenchmarkStatisticsConcurrentAtScale(b *testing.B) {
	db := statsScale(b)
	productionPool(b, db)
	a := statsAdmin(b, db)
	var shift atomic.Int64
	svc := portal.New(db, portal.Options{PasswordParams: portaltest.FastHash,
		Now: func() time.Time { return time.Now().UTC().Add(time.Duration(shift.Load())) }})
	if _, err := svc.Statistics(context.Background(), a, portal.StatsQuery{}); err != nil { // the first computation
		b.Fatal(err)
	}
	var (
		mu          sync.Mutex
		latencies   []time.Duration
		failed      atomic.Int64
		lastAdvance atomic.Int64
	)
	lastAdvance.Store(time.Now().UnixNano())
	b.SetParallelism(25) // 50 callers on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			if last := lastAdvance.Load(); time.Since(time.Unix(0, last)) > time.Second && lastAdvance.CompareAndSwap(last, time.Now().UnixNano()) {
				shift.Add(int64(time.Minute + time.Second))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			start := time.Now()
			_, err := svc.Statistics(ctx, a, portal.StatsQuery{})
			mine = append(mine, time.Since(start))
			cancel()
			if err != nil {
				failed.Add(1)
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	// Let the last recomputation end before the database goes.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		st, err := svc.Statistics(context.Background(), a, portal.StatsQuery{})
		if err == nil && time.Now().UTC().Add(time.Duration(shift.Load())).Sub(st.ComputedAt) < 30*time.Second {
			break
		}
	}
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		ms := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }
		b.ReportMetric(ms(latencies[n*95/100]), "p95-ms")
		b.ReportMetric(ms(latencies[n*99/100]), "p99-ms")
		b.ReportMetric(ms(latencies[n-1]), "max-ms")
		slow, _ := slices.BinarySearch(latencies, 200*time.Millisecond)
		b.ReportMetric(float64(n-slow), "over-200ms")
	}
	b.ReportMetric(float64(failed.Load()), "errors")
}
