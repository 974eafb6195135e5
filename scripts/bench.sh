#!/usr/bin/env bash
# Load benchmark of the portal on this machine (N2): builds the binary, fills a private database
# with the scale dataset (500 clients, 1 500 client users, 5 000 projects, 50 000 milestones,
# 500 000 messages, 50 000 deliverable versions), serves it, and measures:
#   1. capacity: the client and admin mixes of tools/loadtest in a closed loop (as fast as
#      200 + 50 connections go);
#   2. the latency targets: the same mixes at a fixed offered rate on 200 + 50 connections
#      (open loop), with a burst of 50 simultaneous sign-ins halfway through;
#   3. memory (idle, peak), 1 000 live-event streams, downloads against nginx and a 1 GiB
#      upload (scripts/bench_download.sh), the browser (scripts/bench_browser.sh: Lighthouse
#      and gzipped bytes);
# then writes the figures, with the machine and the date, read against the targets, into
# BENCHMARKS.md (tools/benchreport).
#   ./scripts/bench.sh            full run (about 8 minutes on 2 cores), rewrites BENCHMARKS.md
#   ./scripts/bench.sh --quick    seconds, small dataset, load runs only, prints (keeps the harness working)
#   ./scripts/bench.sh --scale=10 the load runs at 1× then at ten times the dataset (portal demo --scale=10),
#                                 side by side with verdicts, into BENCHMARKS-x10.md
# CLIENT_RATE and ADMIN_RATE (requests/s offered by the targets run) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
need_packages mariadbd:mariadb-server

quick=0
scale=1
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --scale=*) scale=${arg#--scale=} ;;
    *) echo "usage: scripts/bench.sh [--quick | --scale=N]" >&2; exit 2 ;;
  esac
done
# The report of a run on N times the dataset goes beside the 1× one, so that both columns stay.
report=BENCHMARKS.md
[ "$scale" != 1 ] && report=BENCHMARKS-x$scale.md
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/portal" .
go build -o "$work/loadtest" ./tools/loadtest
go build -o "$work/benchreport" ./tools/benchreport
export PORTAL_DATABASE_DSN="" PORTAL_LOG_LEVEL=warn

client_rate=${CLIENT_RATE:-400}
admin_rate=${ADMIN_RATE:-20}
if [ $quick = 1 ]; then
  # The small dataset has no probe clients: its first client user stands for every size.
  sizes=(2)
  probe() { echo "utilisateur1.1@client1.example"; }
  sizes_load=(-conns 8 -duration 2s)
  users=(-clients 4 -admins 2)
  capacity_load=(-conns 8 -admin-conns 2 -duration 3s)
  targets_load=(-conns 8 -admin-conns 2 -rate 40 -admin-rate 4 -burst 2 -duration 4s)
else
  sizes=(5 50 500)
  probe() { echo "temoin$1@client-temoin$1.example"; }
  sizes_load=(-conns 50 -duration 15s)
  users=(-clients 300 -admins 10)
  capacity_load=(-conns 200 -admin-conns 50 -duration 30s)
  targets_load=(-conns 200 -admin-conns 50 -rate "$client_rate" -admin-rate "$admin_rate" -burst 50 -duration 60s)
fi

status=0
# measure N DIR: fills a private database with N times the scale dataset (the small one for
# --quick), serves it and runs the loads; DIR receives capacity.json, targets.json, sizes/ and
# facts.txt.
measure() {
  local n=$1 dir=$2 demo_out password port idle peak load_before load_after
  mkdir -p "$dir/sizes"
  port=$(free_port)
  export PORTAL_DATA_DIR="$dir/data" PORTAL_SERVER_LISTEN="127.0.0.1:$port" PORTAL_SERVER_PUBLIC_URL="http://127.0.0.1:$port"
  if [ $quick = 1 ]; then
    demo_out=$("$work/portal" demo --config "$work/none.toml")
  else
    # Its stages' durations (stderr) go into the report: where a larger load's time goes.
    demo_out=$("$work/portal" demo --scale="$n" --config "$work/none.toml" 2>"$dir/demo-steps.txt") ||
      { cat "$dir/demo-steps.txt" >&2; exit 1; }
    cat "$dir/demo-steps.txt"
  fi
  echo "$demo_out"
  password=$(printf '%s\n' "$demo_out" | sed -n 's/.*password: //p')

  "$work/portal" serve --config "$work/none.toml" >"$dir/serve.log" 2>&1 &
  pid=$!
  wait_port "$port" "$pid" "$dir/serve.log"
  rss() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' "/proc/$pid/status"; }
  sleep 2
  idle=$(rss VmRSS)

  loadrun() { # the JSON file to write, then loadtest flags
    local json=$1
    shift
    echo "==> load run at ${n}×: ${json#"$dir"/} ($*)"
    if ! "$work/loadtest" -url "http://127.0.0.1:$port" -password "$password" "$@" -json "$json"; then
      status=1
    fi
  }
  # The load average before and after the runs tells whether something else shared the cores.
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  loadrun "$dir/capacity.json" "${users[@]}" "${capacity_load[@]}"
  loadrun "$dir/targets.json" "${users[@]}" "${targets_load[@]}"
  # Lists at any size: one client user with 5, 50 and 500 projects reads its list of 50 and one
  # project, on 50 connections in a closed loop; /healthz gives the framework's ceiling.
  for s in "${sizes[@]}"; do
    loadrun "$dir/sizes/list-$s.json" "${sizes_load[@]}" -user "$(probe "$s")" -get "client list of 50=/api/v1/projects?per_page=50"
    loadrun "$dir/sizes/project-$s.json" "${sizes_load[@]}" -user "$(probe "$s")" -get "project page=/api/v1/projects/:id"
  done
  loadrun "$dir/sizes/healthz.json" "${sizes_load[@]}" -get "healthz=/healthz"
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  peak=$(rss VmHWM)
  echo "portal memory: idle ${idle} MiB, peak ${peak} MiB"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""

  {
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine=$(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "mariadb=$(mariadbd --version 2>/dev/null | awk '{print $3}' || /usr/sbin/mariadbd --version | awk '{print $3}')"
    echo "go=$(go env GOVERSION)"
    echo "dataset=$(printf '%s\n' "$demo_out" | sed -n 's/^demo data created in [^:]*: //p')"
    [ -f "$dir/demo-steps.txt" ] && echo "demo_steps=$(sed -n 's/^demo step  *//p' "$dir/demo-steps.txt" | tr -s ' ' | paste -sd ';' | sed 's/;/; /g')"
    echo "demo_time=$(printf '%s\n' "$demo_out" | sed -n 's/^demo data created in \([^:]*\): .*/\1/p')"
    echo "capacity_load=${users[*]} ${capacity_load[*]}"
    echo "targets_load=${users[*]} ${targets_load[*]}"
    echo "scale=$n"
    echo "disk=$(du -sh "$dir/data" | cut -f1) (data directory: the database and the files)"
    echo "sizes=${sizes[*]}"
    echo "sizes_load=${sizes_load[*]}"
    echo "targets_note=The client mix is offered ${client_rate} requests/s over 200 connections (each connection a browser asking $(awk -v r="$client_rate" 'BEGIN { printf "%.1f", r / 200 }') requests a second; a person opening a page every 10 s, each page making about 3 requests, asks 0.3) and the admin mix ${admin_rate} requests/s over 50."
    echo "loadavg=$load_before before the load runs, $load_after after them (1, 5 and 15 minutes; the portal, MariaDB and the load generator alone keep it near 2 on these 2 cores)"
    echo "idle_rss_MiB=$idle"
    echo "peak_rss_MiB=$peak"
  } >"$dir/facts.txt"
  # The next dataset needs the disk more than this one does.
  rm -rf "$dir/data"
}

# At N times the data, the 1× column is measured first by the same run, on the same machine.
measure 1 "$work/x1"
if [ "$scale" != 1 ]; then
  measure "$scale" "$work/x$scale"
  # --quick --scale=N checks the side-by-side report on the small dataset, without keeping it.
  [ $quick = 1 ] && report="$work/compare.md"
  "$work/benchreport" -base "$work/x1" -run "$work/x$scale" >"$report"
  grep -q '^| client dashboard | [0-9]' "$report" || { echo "benchreport wrote no side-by-side table" >&2; exit 1; }
  echo "==> $report written"
  [ $quick = 1 ] && cat "$report"
  [ $status = 0 ] || { echo "the benchmark reported errors" >&2; exit 1; }
  exit 0
fi
facts="$work/x1/facts.txt"
capacity="$work/x1/capacity.json"
targets="$work/x1/targets.json"
sizes_dir="$work/x1/sizes"

if [ $quick = 0 ]; then
  echo "==> 1 000 live-event streams"
  # A failed or silent benchmark is an error of the run, not a blank figure in the report.
  live_ok=1
  live_out=$(go test -run X -bench LiveFanout1000 -benchtime 1x ./app/server/ 2>&1) || live_ok=0
  live=$(grep '^BenchmarkLiveFanout1000' <<<"$live_out" || true)
  echo "$live"
  [ -n "$live" ] || live_ok=0
  if [ $live_ok = 0 ]; then
    echo "$live_out" >&2
    echo "the live-event benchmark failed: its figures are reported as not measured" >&2
    status=1
  fi
  lp95=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "p95-ms") print $(i-1) }' <<<"$live")
  lp50=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "p50-ms") print $(i-1) }' <<<"$live")
  lrss=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "RSS-MiB-for-streams") print $(i-1) }' <<<"$live")
  {
    echo "live_p95_ms=$lp95"
    echo "live_rss_MiB=$lrss"
    echo "live_line=1 000 streams open, one message: delivery p50 ${lp50:-?} ms, p95 ${lp95:-?} ms; +${lrss:-?} MiB RSS for the streams and their 1 000 client connections in the same process (\`go test -run X -bench LiveFanout1000 -benchtime 1x ./app/server/\`)."
  } >>"$facts"
  for extra in bench_download bench_browser; do
    if [ -x "scripts/$extra.sh" ]; then
      echo "==> scripts/$extra.sh"
      if out=$("scripts/$extra.sh"); then
        echo "$out"
        grep -E '^[A-Za-z0-9_]+=' <<<"$out" >>"$facts" || true
      else
        echo "$out"
        echo "scripts/$extra.sh failed: its figures are reported as not measured" >&2
        status=1
      fi
    fi
  done
  echo "notes_file=tools/benchreport/notes.md" >>"$facts"
  "$work/benchreport" -capacity "$capacity" -targets "$targets" -facts "$facts" -sizes "$sizes_dir" >"$report"
  echo "==> $report written"
else
  "$work/benchreport" -capacity "$capacity" -targets "$targets" -facts "$facts" -sizes "$sizes_dir" >"$work/BENCHMARKS.md"
  grep -q '^| client dashboard' "$work/BENCHMARKS.md" || { echo "benchreport wrote no endpoint table" >&2; exit 1; }
  grep -q '^| list of 50: req/s | [0-9]' "$work/BENCHMARKS.md" || { echo "benchreport wrote no per-client-size table" >&2; exit 1; }
fi
[ $status = 0 ] || { echo "the benchmark reported errors" >&2; exit 1; }
