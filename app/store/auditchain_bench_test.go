package store_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// BenchmarkAuditBurst: bursts of 50 audited actions at once, each a transaction that writes a
// row and its audit entry, as the portal's use cases do. One op is one burst; it reports the
// burst's duration and the actions' latency percentiles. It uses only what existed before the
// chain, so that the same file measures the portal without it.
func BenchmarkAuditBurst(b *testing.B) {
	db := storetest.New(b)
	ctx := context.Background()
	const burst = 50
	var lat []time.Duration
	var mu sync.Mutex
	var seq atomic.Int64
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, burst)
		for range burst {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				t0 := time.Now()
				n := seq.Add(1)
				err := db.Tx(ctx, func(ctx context.Context) error {
					if err := db.Exec(ctx, "INSERT INTO settings (name, value) VALUES (?, 'x')", fmt.Sprint("bench.", n)); err != nil {
						return err
					}
					return db.InsertAudit(ctx, store.AuditEntry{At: time.Now(), ActorID: 1, ActorRole: "admin", ActorEmail: "admin@exemple.fr",
						IP: "192.0.2.1", UserAgent: "Mozilla/5.0", Action: "client.update", TargetType: "client", TargetID: n, ClientID: n,
						Outcome: "success", RequestID: "req", Summary: "changed: name"})
				})
				if err != nil {
					errs <- err
				}
				mu.Lock()
				lat = append(lat, time.Since(t0))
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(pct(1), "max-ms")
}

// BenchmarkAuditVerifyMillion chains a million rows written before the chain existed (the
// backfill of the first start), then verifies them; it reports both durations and the peak heap
// during the verification. Run it with -benchtime=1x: each run builds the million rows.
func BenchmarkAuditVerifyMillion(b *testing.B) {
	db := openEmpty(b)
	ctx := context.Background()
	if err := db.MigrateBefore(ctx, 13, nil); err != nil {
		b.Fatal(err)
	}
	const digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
	if _, err := db.SQL().Exec(`INSERT INTO audit_log (id, at, actor_id, actor_role, actor_email, ip, user_agent, action, target_type, target_id, client_id, outcome, request_id, summary)
		SELECT n, TIMESTAMPADD(SECOND, n, '2025-01-01'), 1, 'admin', 'admin@exemple.fr', '192.0.2.1', 'Mozilla/5.0 (X11; Linux x86_64)',
			'project.update', 'project', n, n % 500, 'success', CONCAT('req-', n), CONCAT('changed: status, ', n)
		FROM (SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1 AS n
			FROM ` + digits + ` a, ` + digits + ` b, ` + digits + ` c, ` + digits + ` e, ` + digits + ` f, ` + digits + ` g) s`); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	if err := db.Migrate(ctx, nil); err != nil {
		b.Fatal(err)
	}
	backfill := time.Since(t0)
	b.ResetTimer()
	b.ReportMetric(backfill.Seconds(), "backfill-s")
	for range b.N {
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		t1 := time.Now()
		rep, err := db.VerifyAuditChain(ctx)
		close(done)
		if err != nil || rep.Break != nil || rep.Rows != 1_000_000 {
			b.Fatalf("verify: %d rows, %+v, %v", rep.Rows, rep.Break, err)
		}
		b.ReportMetric(time.Since(t1).Seconds(), "verify-s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
	}
}

// BenchmarkAuditPageAtSize reads one page of the audit log as the admin's screen does (its
// capped count, then its 50 rows), unfiltered, filtered by action and far down the list, on logs
// of 100 000 and 1 000 000 entries: the cost must not follow the log's size (issue 18).
//
//	go test ./app/store -run X -bench AuditPageAtSize -benchtime 200x
func BenchmarkAuditPageAtSize(b *testing.B) {
	for _, size := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("entries=%d", size), func(b *testing.B) {
			db := storetest.New(b)
			ctx := context.Background()
			if _, err := db.SQL().ExecContext(ctx, fmt.Sprintf(`INSERT INTO audit_log (at, actor_id, actor_role, action, target_type, target_id, client_id, outcome, summary)
				SELECT TIMESTAMPADD(SECOND, seq, '2025-01-01'), 1 + seq %% 50, 'admin', ELT(1 + seq %% 4, 'auth.login', 'project.update', 'message.post', 'deliverable.upload'),
					'project', seq, seq %% 500, 'success', CONCAT('changed: status, ', seq) FROM seq_1_to_%d`, size)); err != nil {
				b.Fatal(err)
			}
			pages := []store.AuditFilter{{}, {Action: "project.update"}, {Offset: 950}}
			b.ResetTimer()
			for i := range b.N {
				f := pages[i%len(pages)]
				f.Limit = 50
				if n, err := db.CountAudit(ctx, f); err != nil || n != store.ListTotalCap {
					b.Fatalf("CountAudit(%+v) = %d, %v", f, n, err)
				}
				if rows, err := db.ListAudit(ctx, f); err != nil || len(rows) != 50 {
					b.Fatalf("ListAudit(%+v) = %d rows, %v", f, len(rows), err)
				}
			}
		})
	}
}
