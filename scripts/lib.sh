# Shared by the scripts: install the Debian packages the portal needs when they are missing.
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "error: '$*' needs root (run as root or install sudo)" >&2; return 1
  fi
}

# need_packages CMD:PACKAGE... installs PACKAGE when CMD is found neither in PATH nor in /usr/sbin;
# a CMD starting with / is a file the package installs (a library: galera-4 has no command).
need_packages() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*} pkg=${pair#*:}
    case $cmd in
      /*) [ -e "$cmd" ] || missing+=("$pkg") ;;
      *) if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then missing+=("$pkg"); fi ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# NATS_SERVER_VERSION is the nats-server the tests run (live events across portal processes).
NATS_SERVER_VERSION=v2.15.3

# need_nats_server builds nats-server into Go's bin directory when neither PATH nor that
# directory has it (about a minute); app/live/natstest finds it there.
need_nats_server() {
  local bin
  bin="$(go env GOPATH)/bin/nats-server"
  if command -v nats-server >/dev/null 2>&1 || [ -x "$bin" ]; then return 0; fi
  echo "==> building nats-server $NATS_SERVER_VERSION (go install)"
  go install "github.com/nats-io/nats-server/v2@$NATS_SERVER_VERSION"
}

# free_port prints a loopback TCP port nobody listens on.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "error: no free loopback port" >&2
  return 1
}

# wait_port PORT PID LOG: waits until PORT accepts connections; fails, showing LOG, when the
# process PID exits first or after a minute.
wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    if ! kill -0 "$2" 2>/dev/null; then
      cat "$3" >&2
      echo "error: the server exited before listening on port $1 (log above)" >&2
      return 1
    fi
    sleep 0.2
  done
  cat "$3" >&2
  echo "error: the server did not listen on port $1 within a minute (log above)" >&2
  return 1
}

# tools_dir is where the scripts install the Go tools the tests need (go install, pinned).
tools_dir() { echo "${XDG_CACHE_HOME:-$HOME/.cache}/portal-tools/bin"; }

# need_versitygw installs versitygw, the S3-compatible server of the storage tests (app/storage/
# s3test finds it there), unless it is already in PATH or the cache. Building it takes minutes
# once; then it stays.
need_versitygw() {
  local dir
  dir=$(tools_dir)
  if command -v versitygw >/dev/null 2>&1 || [ -x "$dir/versitygw" ]; then return 0; fi
  echo "==> installing versitygw v1.8.0 into $dir (go install, once)"
  mkdir -p "$dir"
  GOBIN="$dir" go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
}

# stop_and_wait PID...: SIGTERM to each PID that is set, then waits until it has ended. A portal
# given SIGTERM finishes its requests, then stops its private MariaDB before it exits.
stop_and_wait() {
  local p
  for p in "$@"; do
    [ -n "$p" ] || continue
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}

# cleanup_on_exit VAR...: when the script exits (^C and SIGTERM included), stops the processes
# whose ids the variables VAR hold at that moment, in that order, removes $work and keeps the
# exit status.
cleanup_on_exit() {
  stop_at_exit=("$@")
  trap cleanup_now EXIT
  trap 'exit 130' INT TERM
}

cleanup_now() {
  local status=$? v
  for v in "${stop_at_exit[@]}"; do stop_and_wait "${!v:-}"; done
  rm -rf "${work:?}"
  exit "$status"
}

# serve_demo: builds the portal into $work, creates the demo data on a private database in
# $work/data and serves it on a free loopback port with the PORTAL_* variables exported so far.
# Sets port, base, pid (the portal), password, admin_email and client_email; fails through the
# caller's fail.
serve_demo() {
  echo "==> building the portal"
  go build -o "${work:?}/portal" .
  port=$(free_port) || fail "no free loopback port"
  base="http://127.0.0.1:$port"
  export PORTAL_DATA_DIR="${work:?}/data" PORTAL_DATABASE_DSN="" PORTAL_LOG_LEVEL=warn \
    PORTAL_SERVER_LISTEN="127.0.0.1:$port" PORTAL_SERVER_PUBLIC_URL="$base"
  local demo_out
  demo_out=$("${work:?}/portal" demo --config "${work:?}/none.toml")
  password=$(printf '%s\n' "$demo_out" | sed -n 's/.*password: //p')
  admin_email=$(printf '%s\n' "$demo_out" | sed -n 's/.* as \([^ ]*\) (admin).*/\1/p')
  client_email=$(printf '%s\n' "$demo_out" | sed -n 's/.* or \([^ ]*\) (client).*/\1/p')
  if [ -z "$password" ] || [ -z "$admin_email" ] || [ -z "$client_email" ]; then fail "cannot read the demo sign-ins from: $demo_out"; fi
  "${work:?}/portal" serve --config "${work:?}/none.toml" >"${work:?}/serve.log" 2>&1 &
  pid=$!
  wait_port "$port" "$pid" "${work:?}/serve.log" || fail "the portal did not start"
  curl -sf "$base/readyz" >/dev/null || { cat "${work:?}/serve.log" >&2; fail "the portal is not ready"; }
}
