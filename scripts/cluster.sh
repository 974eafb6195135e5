#!/usr/bin/env bash
# The portal as a cluster, tested for real on loopback (issue 19, README « Plusieurs serveurs »):
#   - a 3-node MariaDB Galera cluster (Debian's galera-4 and mariadb-server; the nodes run as the
#     mysql user, which owns their datadirs: as root the joiner's rsync SST fails on permissions);
#   - NATS and an S3-compatible store (versitygw), built once with `go install` (scripts/lib.sh),
#     when this tree's portal has their configuration keys ([events], [storage]);
#   - three `portal serve` processes, each with its own data directory, and haproxy in front of them
#     (HTTP, balance leastconn) and in front of the Galera nodes (TCP, every write to one node);
# then runs the checks of app/clustertest against it (live events across processes, files across
# processes with Range, one run of each job per period, a load run with one portal and one Galera
# node killed midway that loses no acknowledged write, a backup of the cluster restored onto a
# single box). Everything it starts is stopped and removed when it ends, failed or not.
#   ./scripts/cluster.sh            start, check, stop (about 100 s on 2 cores once the tools are built)
#   ./scripts/cluster.sh --keep     start, then wait (Ctrl-C) without checking: PORTAL_CLUSTER=<the
#                                   cluster.json it names> go test -v ./app/clustertest/ checks it
# It also runs the store's Galera tests (app/store/galera_test.go) on the fresh cluster.
# Needs root (the Galera nodes drop to the mysql user).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

keep=0
for arg in "$@"; do
  case $arg in
    --keep) keep=1 ;;
    *) echo "usage: scripts/cluster.sh [--keep]" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" != 0 ]; then
  echo "error: scripts/cluster.sh runs as root (the Galera nodes are started as the mysql user)" >&2
  exit 1
fi
started=$SECONDS
say() { printf '==> [%3ds] %s\n' $((SECONDS - started)) "$*"; }

need_packages mariadbd:mariadb-server /usr/lib/galera/libgalera_smm.so:galera-4 haproxy:haproxy rsync:rsync \
  chromium:chromium curl:curl
id mysql >/dev/null 2>&1 || { echo "error: no mysql user (it comes with mariadb-server)" >&2; exit 1; }
mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)

work=$(mktemp -d /tmp/portal-cluster.XXXXXX)
# The mysql user must reach its datadirs inside.
chmod 755 "$work"
mkdir -p "$work/pids" "$work/logs"

# Every process started writes its pid into $work/pids (the checks too, for a node they restart),
# so that the clean-up stops exactly those, whatever failed.
cleanup() {
  local status=$? f pid
  trap - EXIT INT TERM
  for f in "$work"/pids/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    kill -TERM "$pid" 2>/dev/null || true
  done
  for f in "$work"/pids/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    echo "cluster.sh failed (status $status); the last lines of each log:" >&2
    for f in "$work"/logs/*.log "$work"/galera/*/error.log; do
      [ -s "$f" ] || continue
      echo "--- $f" >&2
      tail -n 15 "$f" >&2
    done
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD in the background, its output in logs/NAME.log, its pid in pids/NAME.pid.
start() {
  local name=$1
  shift
  "$@" >"$work/logs/$name.log" 2>&1 &
  echo $! >"$work/pids/$name.pid"
}
pid_of() { cat "$work/pids/$1.pid"; }

# port allocates a loopback port not listened on and not yet handed out by this script.
taken=" "
port() {
  local p
  for _ in $(seq 1 50); do
    p=$(free_port)
    case $taken in *" $p "*) continue ;; esac
    taken="$taken$p "
    echo "$p"
    return 0
  done
  echo "error: no free loopback port" >&2
  return 1
}
# galera_port allocates G such that G, G+1 (IST) and G-123 (SST) are all free.
galera_port() {
  local g
  for _ in $(seq 1 50); do
    g=$(port)
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$((g + 1))") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((g - 123))") 2>/dev/null; then
      case $taken in *" $((g + 1)) "* | *" $((g - 123)) "*) continue ;; esac
      taken="$taken$((g + 1)) $((g - 123)) "
      echo "$g"
      return 0
    fi
  done
  echo "error: no free Galera ports" >&2
  return 1
}

say "building the portal"
go build -o "$work/portal" .
portal=$work/portal
# The optional engines, each when this tree's portal has their configuration (config.example.toml
# holds every key, a test checks it).
has_events=0 has_storage=0
grep -q '^nats_url' config.example.toml && has_events=1
grep -q '^\[storage\]' config.example.toml && has_storage=1

# ---- Galera ----------------------------------------------------------------------------------
say "starting a 3-node Galera cluster"
declare -a gport sqlport
for i in 1 2 3; do
  gport[i]=$(galera_port)
  sqlport[i]=$(port)
done
gcomm="gcomm://127.0.0.1:${gport[1]},127.0.0.1:${gport[2]},127.0.0.1:${gport[3]}"
node_args() { # i: the command line of Galera node i
  local d=$work/galera/n$1 g=${gport[$1]}
  echo "$mariadbd" --no-defaults --user=mysql --datadir="$d" --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" \
    --log-error="$d/error.log" --bind-address=127.0.0.1 --port="${sqlport[$1]}" \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --skip-name-resolve --max-connections=300 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so --wsrep-cluster-name=portal \
    --wsrep-cluster-address="$gcomm" --wsrep-node-name="n$1" \
    --wsrep-provider-options="base_port=$g;ist.recv_addr=127.0.0.1:$((g + 1))" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((g - 123))" \
    --binlog-format=ROW --innodb-autoinc-lock-mode=2 --log-bin-trust-function-creators=1
}
for i in 1 2 3; do
  mkdir -p "$work/galera/n$i"
  chown mysql:mysql "$work/galera/n$i"
done
mariadb-install-db --no-defaults --user=mysql --datadir="$work/galera/n1" --auth-root-authentication-method=socket \
  --skip-test-db >"$work/logs/install-db.log" 2>&1
# shellcheck disable=SC2046 # node_args prints one word per argument, none with spaces
start galera1 $(node_args 1) --wsrep-new-cluster
sql() { # node, then mariadb client arguments: as root over the node's socket
  local n=$1
  shift
  mariadb --no-defaults -uroot --socket="$work/galera/n$n/mysqld.sock" -N -B "$@"
}
synced() { [ "$(sql "$1" -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)" = Synced ]; }
wait_synced() { # node: waits until it is Synced, at most 2 minutes
  for _ in $(seq 1 240); do
    synced "$1" && return 0
    kill -0 "$(pid_of "galera$1")" 2>/dev/null || { echo "error: Galera node $1 exited" >&2; return 1; }
    sleep 0.5
  done
  echo "error: Galera node $1 not synced within 2 minutes" >&2
  return 1
}
wait_synced 1
dbpass=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
sql 1 -e "CREATE DATABASE portal CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER 'portal'@'127.0.0.1' IDENTIFIED BY '$dbpass'; GRANT ALL ON portal.* TO 'portal'@'127.0.0.1';
  CREATE USER 'check'@'127.0.0.1' IDENTIFIED BY '$dbpass'; GRANT SELECT, PROCESS ON *.* TO 'check'@'127.0.0.1';
  CREATE USER 'storetest'@'127.0.0.1' IDENTIFIED BY '$dbpass'; GRANT ALL ON *.* TO 'storetest'@'127.0.0.1';"
for i in 2 3; do
  # shellcheck disable=SC2046
  start "galera$i" $(node_args "$i")
  wait_synced "$i"
done
say "Galera synced: $(sql 1 -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2) nodes"
say "the store's Galera tests (app/store/galera_test.go: migrators on two nodes, a lease raced for from every node, a certification conflict)"
PORTAL_TEST_DSN="storetest:$dbpass@tcp(127.0.0.1:${sqlport[1]})/" \
  PORTAL_TEST_GALERA_NODES="127.0.0.1:${sqlport[1]},127.0.0.1:${sqlport[2]},127.0.0.1:${sqlport[3]}" \
  go test -count=1 -v -run Galera ./app/store/

# ---- NATS and S3, when the portal knows them ----------------------------------------------------
events_conf="" storage_conf=""
if [ $has_events = 1 ]; then
  need_nats_server
  nats=$(command -v nats-server || echo "$(go env GOPATH)/bin/nats-server")
  nats_port=$(port)
  start nats "$nats" -a 127.0.0.1 -p "$nats_port"
  wait_port "$nats_port" "$(pid_of nats)" "$work/logs/nats.log"
  events_conf=$(printf '[events]\nnats_url = "nats://127.0.0.1:%s"\n' "$nats_port")
  say "NATS on 127.0.0.1:$nats_port"
else
  say "no [events] in this portal: the live events across processes are not checked"
fi
if [ $has_storage = 1 ]; then
  need_versitygw
  versitygw=$(command -v versitygw || echo "$(tools_dir)/versitygw")
  s3_port=$(port)
  # A bucket of versitygw's posix backend is a directory of its root.
  mkdir -p "$work/s3/portal"
  export PORTAL_STORAGE_ACCESS_KEY=cluster PORTAL_STORAGE_SECRET_KEY
  PORTAL_STORAGE_SECRET_KEY=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  start s3 "$versitygw" --access "$PORTAL_STORAGE_ACCESS_KEY" --secret "$PORTAL_STORAGE_SECRET_KEY" \
    --port "127.0.0.1:$s3_port" posix "$work/s3"
  wait_port "$s3_port" "$(pid_of s3)" "$work/logs/s3.log"
  storage_conf=$(printf '[storage]\nbackend = "s3"\nendpoint = "127.0.0.1:%s"\nbucket = "portal"\npath_style = true\n' "$s3_port")
  say "S3 (versitygw) on 127.0.0.1:$s3_port, bucket portal"
else
  say "no [storage] in this portal: each process keeps its files on its own disk, files across processes are not checked"
fi

# ---- haproxy ---------------------------------------------------------------------------------
web_port=$(port)
db_port=$(port)
declare -a pport
for i in 1 2 3; do pport[i]=$(port); done
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4000

defaults
  timeout connect 2s
  # Longer than the portal's 25 s heartbeat on live-event streams, which would otherwise be cut.
  timeout client 1m
  timeout server 1m
  timeout check 2s

# The database: every write to one Galera node (no certification conflicts between nodes), the
# others as backups. The stick table keeps the backup chosen after a failover when the first node
# comes back, until it fails in turn: a node that has just rejoined is not given the writes.
frontend mysql
  mode tcp
  bind 127.0.0.1:$db_port
  default_backend galera
backend galera
  mode tcp
  stick-table type ip size 1
  stick on dst
  default-server inter 1s fall 2 rise 3 on-marked-down shutdown-sessions
  server g1 127.0.0.1:${sqlport[1]} check
  server g2 127.0.0.1:${sqlport[2]} check backup
  server g3 127.0.0.1:${sqlport[3]} check backup

frontend web
  mode http
  bind 127.0.0.1:$web_port
  # Set, not appended to what the client sent: the portal believes it from haproxy (trusted_proxies).
  http-request set-header X-Forwarded-For %[src]
  default_backend portals
backend portals
  mode http
  # Live-event streams last: leastconn spreads them, where roundrobin would pile them up.
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
  # Which process answered, for the checks (and for reading logs).
  http-response set-header X-Portal-Node %[srv_name]
  # Only for the checks: the cookie portal_node=pN sends a browser to process N.
  use-server p1 if { req.cook(portal_node) -m str p1 }
  use-server p2 if { req.cook(portal_node) -m str p2 }
  use-server p3 if { req.cook(portal_node) -m str p3 }
  default-server inter 1s fall 2 rise 2
  server p1 127.0.0.1:${pport[1]} check
  server p2 127.0.0.1:${pport[2]} check
  server p3 127.0.0.1:${pport[3]} check
CFG
"$haproxy" -c -q -f "$work/haproxy.cfg"
start haproxy "$haproxy" -db -f "$work/haproxy.cfg"
wait_port "$db_port" "$(pid_of haproxy)" "$work/logs/haproxy.log"
say "haproxy: portals on 127.0.0.1:$web_port, database on 127.0.0.1:$db_port"

# ---- the portals -----------------------------------------------------------------------------
# Jobs every few seconds, so that "once per period across the cluster" is seen in a minute; the
# nightly backup and the cleanup keep their schedules.
for i in 1 2 3; do
  mkdir -p "$work/p$i"
  cat >"$work/p$i/portal.toml" <<CFG
[server]
listen = "127.0.0.1:${pport[i]}"
public_url = "http://127.0.0.1:$web_port"
[database]
dsn = "portal:$dbpass@tcp(127.0.0.1:$db_port)/portal"
[data]
dir = "$work/p$i/data"
[tls]
trusted_proxies = ["127.0.0.1"]
[backup]
schedule = ""
[alerts]
email_schedule = "@every 2s"
overdue_schedule = "@every 3s"
audit_verify_schedule = "@every 5s"
$events_conf
$storage_conf
CFG
done
say "starting 3 portal processes at once (one migrates, the others wait)"
for i in 1 2 3; do start "portal$i" "$portal" serve --config "$work/p$i/portal.toml"; done
for i in 1 2 3; do wait_port "${pport[i]}" "$(pid_of "portal$i")" "$work/logs/portal$i.log"; done
demo=$("$portal" demo --config "$work/p1/portal.toml")
echo "$demo"
# haproxy marks a process up after two good /readyz checks a second apart: until then the checks'
# first requests would get haproxy's own 503. Wait until it sends each process its requests.
for i in 1 2 3; do
  for _ in $(seq 1 60); do
    node=$(curl -s -o /dev/null -D - -H "Cookie: portal_node=p$i" "http://127.0.0.1:$web_port/readyz" | tr -d '\r' | sed -n 's/^[Xx]-[Pp]ortal-[Nn]ode: //p')
    [ "$node" = "p$i" ] && break
    sleep 0.5
  done
  [ "$node" = "p$i" ] || { echo "cluster: haproxy does not send requests to portal p$i (answered by: ${node:-none})" >&2; exit 1; }
done
say "portals up"

# ---- the checks ------------------------------------------------------------------------------
cat >"$work/cluster.json" <<JSON
{
  "url": "http://127.0.0.1:$web_port",
  "portal_bin": "$portal",
  "demo": $(printf '%s' "$demo" | tail -n 1 | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))'),
  "pids_dir": "$work/pids",
  "events": $has_events,
  "storage": $has_storage,
  "portals": [
$(for i in 1 2 3; do printf '    {"name": "p%s", "url": "http://127.0.0.1:%s", "config": "%s", "pid_file": "%s"}%s\n' \
  "$i" "${pport[i]}" "$work/p$i/portal.toml" "$work/pids/portal$i.pid" "$([ "$i" = 3 ] || echo ,)"; done)
  ],
  "galera": [
$(for i in 1 2 3; do printf '    {"name": "n%s", "dsn": "check:%s@tcp(127.0.0.1:%s)/portal", "pid_file": "%s"}%s\n' \
  "$i" "$dbpass" "${sqlport[i]}" "$work/pids/galera$i.pid" "$([ "$i" = 3 ] || echo ,)"; done)
  ],
  "work": "$work"
}
JSON
if [ $keep = 1 ]; then
  say "cluster up, described in $work/cluster.json; Ctrl-C stops it"
  start keep sleep infinity
  wait "$(pid_of keep)"
fi
if [ $has_events = 1 ] && [ ! -d embed/frontend/node_modules/playwright-core ]; then
  ( cd embed/frontend && npm ci --no-audit --no-fund --loglevel=error )
fi
say "the checks (app/clustertest)"
# In the background, so that a signal reaches the clean-up at once rather than after the checks.
PORTAL_CLUSTER="$work/cluster.json" go test -count=1 -v -timeout 10m ./app/clustertest/ &
echo $! >"$work/pids/checks.pid"
wait "$(pid_of checks)"
say "cluster checks passed"
