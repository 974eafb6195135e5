#!/usr/bin/env bash
# Download and upload benchmark of the portal (issue 9): "downloads stream at no less than 80 % of
# the throughput of nginx serving the same 1 GiB file on loopback; a 1 GiB upload raises the
# portal's memory by less than 64 MiB".
#
# Builds the portal, serves it on its own private database in a throwaway data folder with the
# demo data, uploads a 1 GiB file of random bytes as an admin (raw body, as the browser does),
# downloads it as the demo client several times with curl, then serves the very same stored file
# with a throwaway nginx (its own nginx.conf, sendfile on, no access log, a random loopback port)
# and downloads it the same way. Every download is checked against the uploaded SHA-256.
#
#   ./scripts/bench_download.sh                 3 downloads from each server, median taken
#   BENCH_DOWNLOAD_RUNS=5 BENCH_DOWNLOAD_MIB=256 ./scripts/bench_download.sh
#
# Prints a block of figures, then machine-readable lines (key=value) for scripts/bench.sh:
#   download_portal_MBps  download_nginx_MBps  download_ratio_pct  upload_MBps
#   download_portal_cpu_ms_per_GiB  download_nginx_cpu_ms_per_GiB (server CPU time per GiB sent)
#   upload_rss_before_MiB  upload_hwm_after_MiB  upload_rss_growth_MiB
# (MB = 10^6 bytes, MiB = 2^20 bytes). Exits non-zero only when the measurement itself failed; a
# missed target is judged in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
need_packages mariadbd:mariadb-server nginx:nginx curl:curl jq:jq

runs=${BENCH_DOWNLOAD_RUNS:-3}
size_mib=${BENCH_DOWNLOAD_MIB:-1024}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
pid=""
nginx_pid=""
cleanup_on_exit nginx_pid pid

fail() { echo "bench_download: $*" >&2; exit 1; }

kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$pid/status"; }
mib() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }
mbps() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1e6 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

started=$SECONDS
export PORTAL_UPLOADS_MAX_SIZE_MB=$((size_mib + 16 > 2048 ? size_mib + 16 : 2048))
serve_demo

echo "==> writing a $size_mib MiB file of random bytes"
file="$work/bench-download.bin"
head -c "$((size_mib * 1048576))" /dev/urandom >"$file"
bytes=$(stat -c %s "$file")
sha=$(sha256sum "$file" | awk '{ print $1 }')

# sign_in EMAIL JAR: signs in, keeps the cookie in JAR and prints the CSRF token.
sign_in() {
  local body
  body=$(jq -cn --arg e "$1" --arg p "$password" '{email: $e, password: $p}')
  curl -sf -c "$2" -H 'Content-Type: application/json' --data "$body" "$base/api/v1/auth/login" | jq -er .csrf_token ||
    fail "sign-in of $1 failed"
}
admin_csrf=$(sign_in "$admin_email" "$work/admin.jar")
sign_in "$client_email" "$work/client.jar" >/dev/null
project=$(curl -sf -b "$work/client.jar" "$base/api/v1/projects" | jq -er '.items[0].id') || fail "the demo client has no project"

# Memory before the upload, then the peak during it: writing 5 to clear_refs resets VmHWM to the
# current RSS (Linux 4.0+), so VmHWM afterwards is the peak of the upload alone. Where that is
# refused, VmHWM is the peak since the start and the growth is an upper bound.
sleep 1
if echo 5 >"/proc/$pid/clear_refs" 2>/dev/null; then hwm_note="VmHWM reset just before the upload"; else hwm_note="VmHWM since the start: an upper bound"; fi
rss_before=$(kib VmRSS)

echo "==> uploading it as $admin_email to project $project"
upload=$(curl -sS -f -b "$work/admin.jar" -X POST -T "$file" -H 'Expect:' \
  -H "X-CSRF-Token: $admin_csrf" -H 'Content-Type: application/octet-stream' -H 'X-File-Name: bench-download.bin' \
  -w '\n%{speed_upload}' "$base/api/v1/admin/projects/$project/deliverables?title=Benchmark%201%20GiB") || fail "the upload failed"
hwm_after=$(kib VmHWM)
upload_speed=$(printf '%s\n' "$upload" | tail -n 1)
version=$(printf '%s\n' "$upload" | sed '$d' | jq -er '.versions[0].id') || fail "unexpected upload answer: $upload"
stored_sha=$(printf '%s\n' "$upload" | sed '$d' | jq -er '.versions[0].sha256')
[ "$stored_sha" = "$sha" ] || fail "the portal recorded SHA-256 $stored_sha, the file has $sha"
rm -f "$file"

# The stored copy of the upload: nginx serves these very bytes (a hard link to them).
stored=$(find "$work/data/files/objects" -type f -size "${bytes}c" | head -n 1)
[ -n "$stored" ] || fail "cannot find the stored copy of the upload under $work/data/files"

echo "==> starting nginx on the same file"
nginx_port=$(free_port) || fail "no free loopback port"
mkdir -p "$work/nginx/root" "$work/nginx/tmp"
ln "$stored" "$work/nginx/root/bench-download.bin" 2>/dev/null || ln -s "$stored" "$work/nginx/root/bench-download.bin"
cat >"$work/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
user $(id -un) $(id -gn);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/root;
  }
}
NGINX
"$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/stdout.log" 2>&1 &
nginx_pid=$!
wait_port "$nginx_port" "$nginx_pid" "$work/nginx/error.log" || fail "nginx did not start"
# The master and its worker.
nginx_pids="$nginx_pid $(cat "/proc/$nginx_pid/task/$nginx_pid/children")"

portal_url="$base/api/v1/versions/$version/download"
nginx_url="http://127.0.0.1:$nginx_port/bench-download.bin"
client_auth=(-b "$work/client.jar")

# check URL [CURL ARGS...]: one download whose SHA-256 must be the upload's (it also warms the
# page cache).
check() {
  local url=$1 got
  shift
  got=$(curl -sSf "$@" "$url" | sha256sum | awk '{ print $1 }') || fail "download of $url failed"
  [ "$got" = "$sha" ] || fail "$url sent bytes whose SHA-256 is $got, not $sha"
}

# cpu_ticks PID...: user + system CPU time the processes used so far, in clock ticks.
cpu_ticks() {
  local p total=0
  for p in "$@"; do total=$((total + $(sed 's/.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }'))); done
  echo "$total"
}

# timed URL "PID..." [CURL ARGS...]: one download to /dev/null; prints "SPEED TICKS", the speed
# in bytes/s and the CPU ticks the server's processes PID... spent on it.
timed() {
  local url=$1 t0 s server_pids
  read -r -a server_pids <<<"$2"
  shift 2
  t0=$(cpu_ticks "${server_pids[@]}")
  s=$(curl -sSf "$@" -o /dev/null -w '%{speed_download} %{size_download}' "$url") || fail "download of $url failed"
  [ "${s#* }" = "$bytes" ] || fail "$url sent ${s#* } bytes, not $bytes"
  echo "${s%% *} $(($(cpu_ticks "${server_pids[@]}") - t0))"
}

# Alternate the two servers so that both see the same background load.
echo "==> downloading it as $client_email from the portal and from nginx, $runs times each, alternately"
check "$portal_url" "${client_auth[@]}"
check "$nginx_url"
portal_runs="" nginx_runs=""
for _ in $(seq 1 "$runs"); do
  portal_runs+="$(timed "$portal_url" "$pid" "${client_auth[@]}")"$'\n'
  nginx_runs+="$(timed "$nginx_url" "$nginx_pids")"$'\n'
done

speeds() { printf '%s' "$1" | awk '{ print $1 }'; }
# CPU milliseconds the server spent per GiB sent.
per_gib() { printf '%s' "$1" | awk -v hz="$(getconf CLK_TCK)" -v b="$bytes" '{ t += $2; n++ } END { printf "%.0f", t * 1000 / hz / (n * b / 1073741824) }'; }
portal_speeds=$(speeds "$portal_runs")
nginx_speeds=$(speeds "$nginx_runs")
portal_cpu=$(per_gib "$portal_runs")
nginx_cpu=$(per_gib "$nginx_runs")
portal_median=$(printf '%s\n' "$portal_speeds" | median)
nginx_median=$(printf '%s\n' "$nginx_speeds" | median)
ratio=$(awk -v a="$portal_median" -v b="$nginx_median" 'BEGIN { printf "%.1f", 100 * a / b }')
growth_kib=$((hwm_after > rss_before ? hwm_after - rss_before : 0))

list() { printf '%s\n' "$1" | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 / 1e6 } END { print "" }'; }
cat <<EOF

Download and upload of a $size_mib MiB file on loopback ($(nproc) cores, Go $(go env GOVERSION), $("$nginx_bin" -v 2>&1 | sed 's/.*: //'), curl $(curl -V | awk 'NR == 1 { print $2 }'))
  portal download   median $(mbps "$portal_median") MB/s   (runs: $(list "$portal_speeds") MB/s)
  nginx download    median $(mbps "$nginx_median") MB/s   (runs: $(list "$nginx_speeds") MB/s; sendfile on)
  portal / nginx    $ratio %   (target: at least 80 %; medians of runs taken alternately)
  server CPU        portal $portal_cpu ms per GiB sent, nginx $nginx_cpu ms per GiB sent
  upload            $(mbps "$upload_speed") MB/s
  portal memory     VmRSS before the upload $(mib "$rss_before") MiB, VmHWM after it $(mib "$hwm_after") MiB: +$(mib "$growth_kib") MiB (target: under 64 MiB; $hwm_note)
  SHA-256           $sha (upload, stored copy and every download)
  load average      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, $(nproc) cores)
  took              $((SECONDS - started)) s

download_portal_MBps=$(mbps "$portal_median")
download_nginx_MBps=$(mbps "$nginx_median")
download_ratio_pct=$ratio
download_portal_cpu_ms_per_GiB=$portal_cpu
download_nginx_cpu_ms_per_GiB=$nginx_cpu
upload_MBps=$(mbps "$upload_speed")
upload_rss_before_MiB=$(mib "$rss_before")
upload_hwm_after_MiB=$(mib "$hwm_after")
upload_rss_growth_MiB=$(mib "$growth_kib")
EOF
