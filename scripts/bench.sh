#!/usr/bin/env bash
# Load benchmark of the portal on this machine (N2): builds the binary, fills a private database
# with the scale dataset (500 clients, 1 500 client users, 5 000 projects, 50 000 milestones,
# 500 000 messages, 50 000 deliverable versions), serves it, replays the mix of tools/loadtest
# and writes the figures, with the machine and the date, into BENCHMARKS.md.
#   ./scripts/bench.sh            full run (several minutes), rewrites BENCHMARKS.md
#   ./scripts/bench.sh --quick    seconds, small dataset, prints only (keeps the harness working)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
need_packages mariadbd:mariadb-server

quick=0
[ "${1:-}" = "--quick" ] && quick=1
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/portal" .
go build -o "$work/loadtest" ./tools/loadtest
port=$((20000 + RANDOM % 20000))
export PORTAL_DATA_DIR="$work/data" PORTAL_DATABASE_DSN="" PORTAL_LOG_LEVEL=warn \
  PORTAL_SERVER_LISTEN="127.0.0.1:$port" PORTAL_SERVER_PUBLIC_URL="http://127.0.0.1:$port"

if [ $quick = 1 ]; then
  demo_out=$("$work/portal" demo --config "$work/none.toml")
  load=(-clients 6 -admins 2 -conns 8 -admin-conns 2 -duration 5s)
else
  demo_out=$("$work/portal" demo --scale --config "$work/none.toml")
  load=(-clients 300 -admins 10 -conns 200 -admin-conns 50 -duration 60s)
fi
echo "$demo_out"
password=$(printf '%s\n' "$demo_out" | sed -n 's/.*password: //p')

"$work/portal" serve --config "$work/none.toml" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
rss() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' "/proc/$pid/status"; }
sleep 2
idle=$(rss VmRSS)

set +e
results=$("$work/loadtest" -url "http://127.0.0.1:$port" -password "$password" "${load[@]}" -json "$work/results.json")
status=$?
set -e
peak=$(rss VmHWM)
echo "$results"
echo "portal memory: idle ${idle} MiB, peak ${peak} MiB"

if [ $quick = 0 ]; then
  cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  {
    echo "# Benchmarks"
    echo
    echo "Measured by \`./scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores ($cpu), $mem,"
    echo "MariaDB $(mariadbd --version | awk '{print $3}') on the same machine (the portal's private server), Go $(go env GOVERSION)."
    echo
    echo "Dataset (\`portal demo --scale\`): $(printf '%s\n' "$demo_out" | sed -n 's/^demo data created in [^:]*: //p')."
    echo
    echo "Load: ${load[*]}."
    echo
    echo "$results"
    echo
    echo "Portal memory: idle ${idle} MiB, peak under the mix ${peak} MiB (VmRSS / VmHWM of the process)."
    [ $status = 0 ] || { echo; echo "**The run reported errors** (see the errors column)."; }
  } > BENCHMARKS.md
  echo "==> BENCHMARKS.md written"
fi
[ $status = 0 ] || { echo "the load run reported errors" >&2; exit 1; }
