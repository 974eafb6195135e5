package main

import (
	"fmt"
	"io"
	"strings"
)

// run is one dataset's measurements in a directory of bench.sh: capacity.json, targets.json,
// facts.txt and sizes/.
type run struct {
	capacity, targets results
	facts             map[string]string
	sizes             sizeRuns
}

func readRun(dir string) (run, error) {
	var r run
	for _, f := range []struct {
		name string
		into *results
	}{{"capacity.json", &r.capacity}, {"targets.json", &r.targets}} {
		if err := readJSON(dir+"/"+f.name, f.into); err != nil {
			return r, err
		}
	}
	var err error
	if r.facts, err = readFacts(dir + "/facts.txt"); err != nil {
		return r, err
	}
	r.sizes = readSizes(dir+"/sizes", r.facts["sizes"])
	return r, nil
}

// growthLimit: at ten times the data, every endpoint keeps its p95 within 1.5 times its 1× figure.
const growthLimit = 1.5

// within reads one endpoint's p95 at both scales: the cells of its line and whether it held.
func within(base, big *row) (cells string, ok bool) {
	switch {
	case base == nil && big == nil:
		return "not measured | not measured | — | not measured", false
	case base == nil:
		return fmt.Sprintf("not measured | %.1f | — | not measured", big.P95ms), false
	case big == nil:
		return fmt.Sprintf("%.1f | not measured | — | not measured", base.P95ms), false
	}
	// A p95 under a millisecond at 1× would make any jitter a failure: a millisecond is the floor.
	ratio := big.P95ms / max(base.P95ms, 1)
	ok = ratio <= growthLimit && big.Errors == 0
	return fmt.Sprintf("%.1f | %.1f | %.2f× | %s", base.P95ms, big.P95ms, ratio, verdict(ok)), ok
}

func byName(r results) map[string]*row {
	out := map[string]*row{}
	for i := range r.Endpoints {
		out[r.Endpoints[i].Endpoint] = &r.Endpoints[i]
	}
	return out
}

// writeCompare writes the report of a run at N times the data beside the 1× run measured just
// before it on the same machine: each endpoint's p95 at both scales, read against growthLimit.
func writeCompare(w io.Writer, base, big run) {
	f := func(facts map[string]string, k string) string {
		if v := facts[k]; v != "" {
			return v
		}
		return "?"
	}
	n := f(big.facts, "scale")
	fmt.Fprintf(w, "# Benchmarks at %s× the scale dataset\n\n", n)
	fmt.Fprintf(w, "Measured by `./scripts/bench.sh --scale=%s` on %s: %s, MariaDB %s on the same machine, Go %s; the load generator runs on the same cores. "+
		"The 1× column is measured by the same run, just before, with the same loads.\n\n",
		n, f(big.facts, "date"), f(big.facts, "machine"), f(big.facts, "mariadb"), f(big.facts, "go"))
	fmt.Fprintf(w, "| | 1× | %s× |\n|---|---|---|\n", n)
	for _, line := range []struct{ name, key string }{
		{"dataset (`portal demo --scale=N`)", "dataset"}, {"time to load it", "demo_time"}, {"its stages", "demo_steps"}, {"disk", "disk"}, {"load average", "loadavg"},
	} {
		fmt.Fprintf(w, "| %s | %s | %s |\n", line.name, f(base.facts, line.key), f(big.facts, line.key))
	}

	fmt.Fprintf(w, "\n## Every endpoint of the load mix: p95 at %s× within %.1f× of 1×\n\n", n, growthLimit)
	fmt.Fprintf(w, "Open loop at a fixed offered rate (the targets run of BENCHMARKS.md): %s.\n\n", f(big.facts, "targets_load"))
	fmt.Fprintf(w, "| endpoint | p95 ms at 1× | p95 ms at %s× | ratio | status |\n|---|---:|---:|---:|---|\n", n)
	baseRows, bigRows := byName(base.targets), byName(big.targets)
	all, failed := true, []string{}
	for _, e := range append(append([]string{}, clientEndpoints...), adminEndpoints...) {
		cells, ok := within(baseRows[e], bigRows[e])
		if !ok {
			all, failed = false, append(failed, e)
		}
		fmt.Fprintf(w, "| %s | %s |\n", e, cells)
	}
	fmt.Fprintf(w, "\n## Lists at any size, at both scales\n\n")
	fmt.Fprintf(w, "Closed loop, one client user with that many projects: %s.\n\n", f(big.facts, "sizes_load"))
	fmt.Fprintf(w, "| | p95 ms at 1× | p95 ms at %s× | ratio | status | req/s at 1× | req/s at %s× |\n|---|---:|---:|---:|---|---:|---:|\n", n, n)
	for _, s := range big.sizes.sizes {
		for _, l := range []struct {
			name      string
			base, big *row
		}{{"list of 50, " + s + " projects", base.sizes.list[s], big.sizes.list[s]}, {"project page, " + s + " projects", base.sizes.project[s], big.sizes.project[s]}} {
			cells, ok := within(l.base, l.big)
			if !ok {
				all, failed = false, append(failed, l.name)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", l.name, cells, rps(l.base), rps(l.big))
		}
	}
	fmt.Fprintf(w, "\n**Verdict**: ")
	if all {
		fmt.Fprintf(w, "every endpoint keeps its p95 within %.1f× of its 1× figure: **met**.\n", growthLimit)
	} else {
		fmt.Fprintf(w, "**missed** by %s.\n", strings.Join(failed, ", "))
	}

	fmt.Fprintf(w, "\n## Capacity (closed loop) at both scales\n\n")
	fmt.Fprintf(w, "Load: %s.\n\n", f(big.facts, "capacity_load"))
	fmt.Fprintf(w, "| endpoint | req/s at 1× | req/s at %s× | p95 ms at 1× | p95 ms at %s× |\n|---|---:|---:|---:|---:|\n", n, n)
	baseCap := byName(base.capacity)
	for _, e := range big.capacity.Endpoints {
		b := baseCap[e.Endpoint]
		if b == nil {
			fmt.Fprintf(w, "| %s | not measured | %.0f | not measured | %.1f |\n", e.Endpoint, e.RPS, e.P95ms)
			continue
		}
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.1f | %.1f |\n", e.Endpoint, b.RPS, e.RPS, b.P95ms, e.P95ms)
	}
}

func rps(r *row) string {
	if r == nil {
		return "not measured"
	}
	return fmt.Sprintf("%.0f", r.RPS)
}
