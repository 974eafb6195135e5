#!/usr/bin/env bash
# Browser benchmark of the portal (issue 9): "the sign-in page and the client dashboard load with
# under 150 KB of gzipped JavaScript and CSS, and a Lighthouse performance score of at least 95 in
# mobile emulation (Lighthouse from npm, run against Debian's Chromium)".
#
# Builds the portal, serves it on its own private database in a throwaway data folder with the
# demo data, and runs tools/lighthouse/run.mjs: Lighthouse (its own npm project, installed here
# with `npm ci` when missing; never a downloaded browser) on /connexion signed out and on
# /tableau-de-bord signed in as the demo client, in Debian's Chromium.
#
#   ./scripts/bench_browser.sh                          3 Lighthouse runs per page, median kept
#   BENCH_BROWSER_RUNS=5 BENCH_BROWSER_REPORTS=/tmp/lh ./scripts/bench_browser.sh   (keeps the reports)
#
# Prints scores, FCP/LCP/TBT/CLS and the gzipped JS+CSS of each page, then key=value lines for
# scripts/bench.sh: lighthouse_signin_score, lighthouse_dashboard_score, gzip_signin_kb,
# gzip_dashboard_kb (KB = 1000 bytes), lighthouse_<page>_{fcp_ms,lcp_ms,tbt_ms,cls},
# gzip_<page>_bytes, gzip9_<page>_kb (the same files at gzip -9). Exits non-zero only when the
# measurement itself failed; a missed target is judged in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
need_packages mariadbd:mariadb-server chromium:chromium curl:curl
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then echo "bench_browser: needs Node.js 20+ and npm" >&2; exit 1; fi

runs=${BENCH_BROWSER_RUNS:-3}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

if [ ! -d tools/lighthouse/node_modules ]; then
  echo "==> installing Lighthouse (npm ci in tools/lighthouse)"
  (cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d)
pid=""
lighthouse_pid=""
# run.mjs stops its Chromium when it gets SIGTERM; the portal goes last.
cleanup_on_exit lighthouse_pid pid

fail() { echo "bench_browser: $*" >&2; exit 1; }

started=$SECONDS
serve_demo

echo "==> Lighthouse on $base, $runs run(s) per page, $("$CHROME_PATH" --version 2>/dev/null)"
report_args=()
[ -n "${BENCH_BROWSER_REPORTS:-}" ] && report_args=(--reports "$BENCH_BROWSER_REPORTS")
# In the background, so that a signal reaches the trap (and run.mjs) at once.
node tools/lighthouse/run.mjs --url "$base" --email "$client_email" --password "$password" --runs "$runs" "${report_args[@]}" &
lighthouse_pid=$!
wait "$lighthouse_pid"
lighthouse_pid=""
echo "load average during the run (1/5/15 min, $(nproc) cores): $(cut -d' ' -f1-3 /proc/loadavg)"
echo "browser_bench_seconds=$((SECONDS - started))"
