// Command benchreport writes BENCHMARKS.md from one run of scripts/bench.sh: the load runs'
// JSON (tools/loadtest -json) and the other measurements as key=value lines, read against the
// targets of the performance issue. Every verdict is computed from the figures beside it; a
// figure that is missing is reported as "not measured", never as met.
//
//	benchreport -capacity capacity.json -targets targets.json -facts facts.txt > BENCHMARKS.md
//	benchreport -base x1/ -run x10/ > BENCHMARKS-x10.md   (both scales side by side)
package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bigdatacenter/portal/tools/loadresult"
)

type (
	row     = loadresult.Row
	results = loadresult.Results
)

// The endpoints each target is about, as tools/loadtest names them.
var (
	clientEndpoints = []string{"client dashboard", "project page", "deliverables", "messages thread", "task list", "retours list", "retour page", "post in a retour"}
	adminEndpoints  = []string{"admin dashboard", "admin project list (filters)", "admin clients list", "statistics", "admin exchanges history", "admin retours list"}
)

func main() {
	capacityPath := flag.String("capacity", "", "loadtest JSON of the closed-loop (capacity) run")
	targetsPath := flag.String("targets", "", "loadtest JSON of the open-loop (targets) run")
	factsPath := flag.String("facts", "", "key=value lines: machine, dataset, memory, downloads, live events, browser")
	sizesDir := flag.String("sizes", "", "directory of the per-client-size runs: list-N.json and project-N.json for each N of the facts' sizes, healthz.json")
	baseDir := flag.String("base", "", "with -run: the directory of the 1× run (capacity.json, targets.json, facts.txt, sizes/)")
	runDir := flag.String("run", "", "with -base: the directory of the run at N times the data, reported beside the 1× one")
	flag.Parse()
	if *baseDir != "" || *runDir != "" {
		base, err := readRun(*baseDir)
		if err == nil {
			var big run
			if big, err = readRun(*runDir); err == nil {
				writeCompare(os.Stdout, base, big)
				return
			}
		}
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	var capacity, targets results
	for _, f := range []struct {
		path string
		into *results
	}{{*capacityPath, &capacity}, {*targetsPath, &targets}} {
		if err := readJSON(f.path, f.into); err != nil {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
			os.Exit(1)
		}
	}
	facts, err := readFacts(*factsPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	write(os.Stdout, capacity, targets, facts, readSizes(*sizesDir, facts["sizes"]))
}

// sizeRuns are the per-client-size runs: for each number of projects, the list of 50 and one
// project page read by a client user with that many projects; and the /healthz ceiling.
type sizeRuns struct {
	sizes         []string
	list, project map[string]*row
	healthz       *row
}

func readSizes(dir, sizes string) sizeRuns {
	out := sizeRuns{sizes: strings.Fields(sizes), list: map[string]*row{}, project: map[string]*row{}}
	if dir == "" {
		return out
	}
	one := func(name string) *row {
		var r results
		if readJSON(dir+"/"+name+".json", &r) != nil || len(r.Endpoints) != 1 {
			return nil
		}
		return &r.Endpoints[0]
	}
	for _, n := range out.sizes {
		out.list[n], out.project[n] = one("list-"+n), one("project-"+n)
	}
	out.healthz = one("healthz")
	return out
}

// sizeTargets writes the rows of the per-client-size targets: the list of 50 with p95 < 20 ms
// and at least 3 000 requests/s at 50 connections, one project page at least 8 000 requests/s,
// for every size.
func sizeTargets(w io.Writer, sr sizeRuns) {
	if len(sr.sizes) == 0 {
		fmt.Fprintf(w, "| a client's list of 50 with 5, 50 or 500 projects: p95 < 20 ms and ≥ 3 000 req/s at 50 connections; one project page ≥ 8 000 req/s | — | not measured |\n")
		return
	}
	var listParts, pageParts []string
	listOK, pageOK := true, true
	for _, n := range sr.sizes {
		if l := sr.list[n]; l != nil {
			listParts = append(listParts, fmt.Sprintf("%s projects: %.0f req/s, p95 %.1f ms", n, l.RPS, l.P95ms))
			listOK = listOK && l.P95ms < 20 && l.RPS >= 3000 && l.Errors == 0
		} else {
			listParts, listOK = append(listParts, n+" projects: not measured"), false
		}
		if p := sr.project[n]; p != nil {
			pageParts = append(pageParts, fmt.Sprintf("%s projects: %.0f req/s", n, p.RPS))
			pageOK = pageOK && p.RPS >= 8000 && p.Errors == 0
		} else {
			pageParts, pageOK = append(pageParts, n+" projects: not measured"), false
		}
	}
	fmt.Fprintf(w, "| a client's list of 50 (`GET /api/v1/projects?per_page=50`), whatever its number of projects: p95 < 20 ms and ≥ 3 000 req/s at 50 connections | %s | %s |\n",
		strings.Join(listParts, "; "), verdict(listOK))
	fmt.Fprintf(w, "| one project page (`GET /api/v1/projects/:id`) ≥ 8 000 req/s at 50 connections | %s | %s |\n", strings.Join(pageParts, "; "), verdict(pageOK))
}

// sizeTable writes the per-client-size runs side by side.
func sizeTable(w io.Writer, sr sizeRuns, load string) {
	if len(sr.sizes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Lists at any size (closed loop, one client user)\n\n")
	fmt.Fprintf(w, "Load: %s. A client user whose company has that many projects (of 20 steps) reads, on 50 connections as fast as they are answered, its list of 50 or its first project.\n\n", load)
	fmt.Fprintf(w, "| | %s |\n|---|%s\n", strings.Join(sr.sizes, " projects | ")+" projects", strings.Repeat("---:|", len(sr.sizes)))
	for _, line := range []struct {
		name string
		runs map[string]*row
		cell func(r *row) string
	}{
		{"list of 50: req/s", sr.list, func(r *row) string { return fmt.Sprintf("%.0f", r.RPS) }},
		{"list of 50: p50 / p95 / p99 ms", sr.list, func(r *row) string { return fmt.Sprintf("%.1f / %.1f / %.1f", r.P50ms, r.P95ms, r.P99ms) }},
		{"project page: req/s", sr.project, func(r *row) string { return fmt.Sprintf("%.0f", r.RPS) }},
		{"project page: p50 / p95 / p99 ms", sr.project, func(r *row) string { return fmt.Sprintf("%.1f / %.1f / %.1f", r.P50ms, r.P95ms, r.P99ms) }},
		{"errors (list, page)", nil, nil},
	} {
		fmt.Fprintf(w, "| %s |", line.name)
		for _, n := range sr.sizes {
			switch {
			case line.runs == nil:
				l, p := sr.list[n], sr.project[n]
				if l == nil || p == nil {
					fmt.Fprintf(w, " — |")
				} else {
					fmt.Fprintf(w, " %d, %d |", l.Errors, p.Errors)
				}
			case line.runs[n] == nil:
				fmt.Fprintf(w, " not measured |")
			default:
				fmt.Fprintf(w, " %s |", line.cell(line.runs[n]))
			}
		}
		fmt.Fprintf(w, "\n")
	}
	if h := sr.healthz; h != nil {
		fmt.Fprintf(w, "\nThe framework's ceiling on this machine, `GET /healthz` (no session, no database) on the same 50 connections: %.0f req/s, p95 %.1f ms.\n", h.RPS, h.P95ms)
	}
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func readFacts(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out, sc.Err()
}

// number reads a fact; ok is false when it was not measured.
func number(facts map[string]string, key string) (float64, bool) {
	v, err := strconv.ParseFloat(facts[key], 64)
	return v, err == nil
}

func table(w io.Writer, r results) {
	fmt.Fprintf(w, "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, e := range r.Endpoints {
		fmt.Fprintf(w, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d |\n", e.Endpoint, e.Requests, e.RPS, e.P50ms, e.P95ms, e.P99ms, e.Errors)
	}
}

// worst returns the largest p95 and p99 among the named endpoints, the errors of all of them,
// and the names missing from the run.
func worst(r results, names []string) (p95, p99 float64, errors int, missing []string) {
	by := map[string]row{}
	for _, e := range r.Endpoints {
		by[e.Endpoint] = e
	}
	for _, n := range names {
		e, ok := by[n]
		if !ok {
			missing = append(missing, n)
			continue
		}
		p95, p99, errors = max(p95, e.P95ms), max(p99, e.P99ms), errors+e.Errors
	}
	return p95, p99, errors, missing
}

// twoFacts writes the row of a target measured by two facts a and b: their values (value, a
// format of a then b) and whether met says the target is met; "not measured" unless both are
// there, under the label short when the target's name is too long for that row.
func twoFacts(w io.Writer, facts map[string]string, a, b string, met func(a, b float64) bool, target, value, short string) {
	x, ok1 := number(facts, a)
	y, ok2 := number(facts, b)
	if !ok1 || !ok2 {
		fmt.Fprintf(w, "| %s | — | not measured |\n", cmp.Or(short, target))
		return
	}
	fmt.Fprintf(w, "| %s | "+value+" | %s |\n", target, x, y, verdict(met(x, y)))
}

func verdict(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

func write(w io.Writer, capacity, targets results, facts map[string]string, sr sizeRuns) {
	f := func(k string) string {
		if v := facts[k]; v != "" {
			return v
		}
		return "?"
	}
	fmt.Fprintf(w, "# Benchmarks\n\n")
	fmt.Fprintf(w, "Measured by `./scripts/bench.sh` on %s: %s, MariaDB %s on the same machine (the portal's private server), Go %s; the load generator runs on the same cores.\n\n",
		f("date"), f("machine"), f("mariadb"), f("go"))
	fmt.Fprintf(w, "Dataset (`portal demo --scale=%s`): %s; %s on disk.\n\n", f("scale"), f("dataset"), f("disk"))
	fmt.Fprintf(w, "Load average of the machine: %s.\n\n", f("loadavg"))

	fmt.Fprintf(w, "## Targets of the performance issue, against this run\n\n")
	fmt.Fprintf(w, "| target | measured | status |\n| --- | --- | --- |\n")
	errorsAll := 0
	for _, e := range targets.Endpoints {
		errorsAll += e.Errors
	}
	cp95, cp99, _, cmiss := worst(targets, clientEndpoints)
	if len(cmiss) > 0 {
		fmt.Fprintf(w, "| client endpoints: p95 < 50 ms, p99 < 100 ms at 200 connections, zero errors | missing from the run: %s | not measured |\n", strings.Join(cmiss, ", "))
	} else {
		fmt.Fprintf(w, "| client dashboard, project page, deliverables, messages, tasks, retours: p95 < 50 ms, p99 < 100 ms at 200 connections, zero errors | worst p95 %.1f ms, worst p99 %.1f ms; %d errors in the whole run | %s |\n",
			cp95, cp99, errorsAll, verdict(cp95 < 50 && cp99 < 100 && errorsAll == 0))
	}
	ap95, _, _, amiss := worst(targets, adminEndpoints)
	if len(amiss) > 0 {
		fmt.Fprintf(w, "| admin dashboard, lists, statistics: p95 < 200 ms at 50 connections | missing from the run: %s | not measured |\n", strings.Join(amiss, ", "))
	} else {
		fmt.Fprintf(w, "| admin dashboard, lists with filters, statistics, history search, retours: p95 < 200 ms at 50 connections | worst p95 %.1f ms | %s |\n", ap95, verdict(ap95 < 200))
	}
	if b := targets.DuringBurst; b != nil {
		fmt.Fprintf(w, "| 50 simultaneous sign-ins keep the other endpoints' p95 < 100 ms | p95 %.1f ms over the %d other requests sent while the sign-ins were in flight | %s |\n",
			b.P95ms, b.Requests, verdict(b.P95ms < 100))
	} else {
		fmt.Fprintf(w, "| 50 simultaneous sign-ins keep the other endpoints' p95 < 100 ms | no burst in the run | not measured |\n")
	}
	sizeTargets(w, sr)
	ratio, okR := number(facts, "download_ratio_pct")
	if okR {
		fmt.Fprintf(w, "| downloads ≥ 80 %% of nginx's throughput for the same 1 GiB file on loopback | portal %s MB/s, nginx %s MB/s: %.0f %% | %s |\n",
			f("download_portal_MBps"), f("download_nginx_MBps"), ratio, verdict(ratio >= 80))
	} else {
		fmt.Fprintf(w, "| downloads ≥ 80 %% of nginx on loopback | — | not measured |\n")
	}
	if up, ok := number(facts, "upload_rss_growth_MiB"); ok {
		fmt.Fprintf(w, "| a 1 GiB upload raises the portal's memory by < 64 MiB | +%.1f MiB | %s |\n", up, verdict(up < 64))
	} else {
		fmt.Fprintf(w, "| a 1 GiB upload raises the portal's memory by < 64 MiB | — | not measured |\n")
	}
	twoFacts(w, facts, "live_rss_MiB", "live_p95_ms", func(rss, p95 float64) bool { return rss < 100 && p95 < 200 },
		"1 000 live-event connections cost < 100 MiB; a new message reaches them with p95 < 200 ms",
		"+%.1f MiB (streams and their 1 000 clients in one process), p95 %.1f ms", "1 000 live-event connections < 100 MiB, p95 < 200 ms")
	twoFacts(w, facts, "idle_rss_MiB", "peak_rss_MiB", func(idle, peak float64) bool { return idle < 60 && peak < 300 },
		"idle memory < 60 MiB; under the full mix < 300 MiB", "idle %.0f MiB, peak %.0f MiB (VmRSS, VmHWM)", "")
	twoFacts(w, facts, "gzip_signin_kb", "gzip_dashboard_kb", func(signin, dashboard float64) bool { return signin < 150 && dashboard < 150 },
		"sign-in page and client dashboard load < 150 KB of gzipped JS and CSS", "sign-in %.1f KB, dashboard %.1f KB", "")
	twoFacts(w, facts, "lighthouse_signin_score", "lighthouse_dashboard_score", func(signin, dashboard float64) bool { return signin >= 95 && dashboard >= 95 },
		"Lighthouse performance ≥ 95 in mobile emulation", "sign-in %.0f, dashboard %.0f", "")

	fmt.Fprintf(w, "\n## Latency at a fixed offered load (the targets run)\n\n")
	fmt.Fprintf(w, "Load: %s.\n\n", f("targets_load"))
	fmt.Fprintf(w, "Open loop: requests are sent at the offered rate at random (Poisson) instants spread over the connections, and each latency runs from the instant the request was due, so time spent waiting for a busy connection counts. %s\n\n", f("targets_note"))
	fmt.Fprintf(w, "%d requests (%.0f req/s).\n\n", targets.Requests, targets.RPS)
	table(w, targets)
	if b := targets.DuringBurst; b != nil {
		fmt.Fprintf(w, "\nDuring the burst of sign-ins: %d other requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors.\n", b.Requests, b.P50ms, b.P95ms, b.P99ms, b.Errors)
	}

	sizeTable(w, sr, f("sizes_load"))
	fmt.Fprintf(w, "\n## Capacity (closed loop)\n\n")
	fmt.Fprintf(w, "Load: %s. Every connection sends its next request as soon as the previous one is answered: this measures how many requests per second the machine serves, and the latencies are those of a saturated machine (connections ÷ throughput), not of the targets.\n\n", f("capacity_load"))
	fmt.Fprintf(w, "%d requests (%.0f req/s).\n\n", capacity.Requests, capacity.RPS)
	table(w, capacity)

	fmt.Fprintf(w, "\n## Other measurements\n\n")
	fmt.Fprintf(w, "- Portal memory: idle %s MiB, peak over both load runs %s MiB (VmRSS / VmHWM of the process).\n", f("idle_rss_MiB"), f("peak_rss_MiB"))
	fmt.Fprintf(w, "- Live events: %s\n", f("live_line"))
	fmt.Fprintf(w, "- Downloads and uploads (`scripts/bench_download.sh`, 1 GiB, median of the runs): portal %s MB/s and %s ms of CPU per GiB sent, nginx %s MB/s and %s ms; upload %s MB/s, VmRSS %s MiB before, VmHWM %s MiB after.\n",
		f("download_portal_MBps"), f("download_portal_cpu_ms_per_GiB"), f("download_nginx_MBps"), f("download_nginx_cpu_ms_per_GiB"),
		f("upload_MBps"), f("upload_rss_before_MiB"), f("upload_hwm_after_MiB"))
	for _, page := range []struct{ key, name string }{{"signin", "sign-in page"}, {"dashboard", "client dashboard"}} {
		k := func(m string) string { return f("lighthouse_" + page.key + "_" + m) }
		fmt.Fprintf(w, "- Browser, %s (`scripts/bench_browser.sh`, Lighthouse mobile, median run): score %s, FCP %s ms, LCP %s ms, TBT %s ms, CLS %s; %s KB of gzipped JS and CSS.\n",
			page.name, k("score"), k("fcp_ms"), k("lcp_ms"), k("tbt_ms"), k("cls"), f("gzip_"+page.key+"_kb"))
	}
	if notes := facts["notes_file"]; notes != "" {
		if data, err := os.ReadFile(notes); err == nil {
			fmt.Fprintf(w, "\n%s", data)
		}
	}
}
