package main

import (
	"strings"
	"testing"
)

func TestVerdictsFollowTheFigures(t *testing.T) {
	fast := results{Requests: 10, RPS: 1, DuringBurst: &row{Requests: 5, P95ms: 120}}
	for _, n := range append(clientEndpoints, adminEndpoints...) {
		fast.Endpoints = append(fast.Endpoints, row{Endpoint: n, Requests: 1, P95ms: 20, P99ms: 40})
	}
	facts := map[string]string{"download_ratio_pct": "79.5", "download_portal_MBps": "795", "download_nginx_MBps": "1000",
		"idle_rss_MiB": "30", "peak_rss_MiB": "150", "lighthouse_signin_score": "99"}
	var b strings.Builder
	write(&b, fast, fast, facts, sizeRuns{})
	reportHas(t, &b,
		"worst p95 20.0 ms, worst p99 40.0 ms; 0 errors in the whole run | **met**",
		"p95 120.0 ms over the 5 other requests sent while the sign-ins were in flight | **missed**",
		"portal 795 MB/s, nginx 1000 MB/s: 80 % | **missed**", // 79.5 rounds to 80 in the text, still under 80
		"idle 30 MiB, peak 150 MiB (VmRSS, VmHWM) | **met**",
		"| Lighthouse performance ≥ 95 in mobile emulation | — | not measured |", // one page of two
		"| a 1 GiB upload raises the portal's memory by < 64 MiB | — | not measured |",
	)

	// One client endpoint over its p99, one error elsewhere: missed; an endpoint absent from
	// the run is not measured rather than met.
	slow := results{Endpoints: []row{{Endpoint: "client dashboard", P95ms: 30, P99ms: 150}, {Endpoint: "project page", Errors: 1},
		{Endpoint: "deliverables"}, {Endpoint: "messages thread"}, {Endpoint: "task list"}, {Endpoint: "retours list"}, {Endpoint: "retour page"}, {Endpoint: "post in a retour"},
		{Endpoint: "statistics", P95ms: 10}}}
	b.Reset()
	write(&b, slow, slow, map[string]string{}, sizeRuns{})
	reportHas(t, &b,
		"worst p95 30.0 ms, worst p99 150.0 ms; 1 errors in the whole run | **missed**",
		"missing from the run: admin dashboard, admin project list (filters), admin clients list, admin exchanges history, admin retours list | not measured",
		"no burst in the run | not measured",
	)
}

// The per-client-size targets: every size must meet both the list's p95 and rate, and the page's
// rate; a size without its run is not measured, hence not met.
func TestSizeVerdictsFollowTheFigures(t *testing.T) {
	sr := sizeRuns{sizes: []string{"5", "50", "500"}, list: map[string]*row{
		"5": {RPS: 3500, P95ms: 12}, "50": {RPS: 3200, P95ms: 19}, "500": {RPS: 3100, P95ms: 21},
	}, project: map[string]*row{"5": {RPS: 9000}, "50": {RPS: 8100}, "500": {RPS: 8500}}, healthz: &row{RPS: 20000, P95ms: 4}}
	var b strings.Builder
	sizeTargets(&b, sr)
	sizeTable(&b, sr, "-conns 50")
	reportHas(t, &b,
		"500 projects: 3100 req/s, p95 21.0 ms | **missed**",
		"50 projects: 8100 req/s; 500 projects: 8500 req/s | **met**",
		"| list of 50: p50 / p95 / p99 ms | 0.0 / 12.0 / 0.0 | 0.0 / 19.0 / 0.0 | 0.0 / 21.0 / 0.0 |",
		"`GET /healthz` (no session, no database) on the same 50 connections: 20000 req/s",
	)
	sr.list["500"] = &row{RPS: 3100, P95ms: 10}
	delete(sr.project, "5")
	b.Reset()
	sizeTargets(&b, sr)
	reportHas(t, &b, "p95 10.0 ms | **met**", "5 projects: not measured; 50 projects: 8100 req/s; 500 projects: 8500 req/s | **missed**")
}

// At ten times the data, an endpoint is within its limit when its p95 is at most 1.5 times its
// 1× figure (a millisecond at least) without errors; one endpoint over it, or missing, misses
// the whole.
func TestCompareVerdictsFollowTheFigures(t *testing.T) {
	mk := func(p95 float64) run {
		r := run{facts: map[string]string{"scale": "10", "dataset": "d", "sizes": "5", "demo_steps": "users: 1s; answers: 2s"},
			sizes: sizeRuns{sizes: []string{"5"}, list: map[string]*row{"5": {RPS: 3000, P95ms: p95}}, project: map[string]*row{"5": {RPS: 8000, P95ms: p95}}}}
		for _, n := range append(append([]string{}, clientEndpoints...), adminEndpoints...) {
			r.targets.Endpoints = append(r.targets.Endpoints, row{Endpoint: n, P95ms: p95})
		}
		return r
	}
	base, big := mk(10), mk(15)
	var b strings.Builder
	writeCompare(&b, base, big)
	reportHas(t, &b, "| client dashboard | 10.0 | 15.0 | 1.50× | **met** |", "1.5× of its 1× figure: **met**")
	big.targets.Endpoints[0].P95ms = 15.1
	big.sizes.project["5"] = &row{RPS: 8000, P95ms: 0.9}
	base.sizes.project["5"] = &row{RPS: 8000, P95ms: 0.4} // under the millisecond floor: 0.9 is within
	big.targets.Endpoints = big.targets.Endpoints[:len(big.targets.Endpoints)-1]
	b.Reset()
	writeCompare(&b, base, big)
	reportHas(t, &b,
		"| client dashboard | 10.0 | 15.1 | 1.51× | **missed** |",
		"| admin retours list | 10.0 | not measured | — | not measured |",
		"| project page, 5 projects | 0.4 | 0.9 | 0.90× | **met** |",
		"**missed** by client dashboard, admin retours list.",
		"| its stages | users: 1s; answers: 2s | users: 1s; answers: 2s |",
	)
}

// reportHas fails the test for each of wants that the report written into b lacks.
func reportHas(t *testing.T, b *strings.Builder, wants ...string) {
	t.Helper()
	out := b.String()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
