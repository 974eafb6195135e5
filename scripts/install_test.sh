#!/usr/bin/env bash
# The installation test: install.sh and the portal's unit under a real systemd. A Debian 12 root
# file system (made once with debootstrap, cached in /var/cache/portal-install-test) boots with
# systemd as its PID 1 inside systemd-nspawn, on a private network; the portal built from this
# checkout is installed there with "install.sh --tls off --binary ..." and every step of its
# life is checked: readiness, sign-in, files and modes, restart, kill -9, reboot, every mode
# under the unit's confinement (private database, scheduled backup, TLS files reloaded,
# autocert's cache), upgrade, backups, uninstall and purge.
#
#   sudo ./scripts/install_test.sh          (root: debootstrap, nspawn, mounts)
#
# PORTAL_INSTALL_TEST_CACHE moves the cache; the container and its overlay are removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

[ "$(id -u)" = 0 ] || { echo "install_test.sh: run it as root (debootstrap, systemd-nspawn, mounts)" >&2; exit 1; }

readonly CACHE=${PORTAL_INSTALL_TEST_CACHE:-/var/cache/portal-install-test}
readonly ROOTFS=$CACHE/rootfs
# What the root file system is made of: a change rebuilds it. The marker is written last, so
# an interrupted build is made again.
readonly PACKAGES=systemd,systemd-sysv,dbus,mariadb-server,curl,ca-certificates,openssl,procps
readonly RECIPE="debootstrap --variant=minbase --include=$PACKAGES bookworm (v1)"
readonly MARKER=$CACHE/rootfs.ready
readonly ADMIN_EMAIL=admin@portail.test ADMIN_PASSWORD=Essai-installation-2026
readonly URL=http://127.0.0.1:8080
readonly MARIADB_CNF=/etc/mysql/mariadb.conf.d/60-portal.cnf

STEP="setup"
WORK="" MERGED="" NSPAWN_PID="" LEADER=""
started=$SECONDS

step() {
  STEP=$1
  printf '==> install test [%3ds]: %s\n' $((SECONDS - started)) "$1"
}

# fail MESSAGE: names the step, shows the portal's journal when the container runs, exits 1.
fail() {
  printf '\ninstall test FAILED at step "%s": %s\n' "$STEP" "$*" >&2
  if [ -n "$LEADER" ] && [ -d "/proc/$LEADER" ]; then
    echo "--- journalctl -u portal (last 40 lines) ---" >&2
    in_ct journalctl -u portal.service -n 40 --no-pager -o short-iso >&2 || true
  fi
  exit 1
}

# ---------------------------------------------------------------------------------------------
# The root file system, once.

# debian_mirror prints the Debian mirror this machine's apt uses for bookworm.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # deb822 stanzas: the first URI of an enabled one whose Suites name bookworm itself.
    uri=$(awk 'BEGIN { RS = "" } {
        uris = ""; bookworm = 0; enabled = 1
        n = split($0, lines, "\n")
        for (i = 1; i <= n; i++) {
          if (lines[i] ~ /^URIs:/) { split(lines[i], w, /[ \t]+/); uris = w[2] }
          if (lines[i] ~ /^Suites:/ && lines[i] ~ /[ \t]bookworm([ \t]|$)/) bookworm = 1
          if (lines[i] ~ /^Enabled:[ \t]*no/) enabled = 0
        }
        if (uris != "" && bookworm && enabled) { print uris; exit }
      }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk '$1 == "deb" { sub(/^deb +(\[[^]]*\] +)?/, ""); if ($2 == "bookworm") { print $1; exit } }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  echo http://deb.debian.org/debian
}

prepare_rootfs() {
  if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$RECIPE" ] && [ -x "$ROOTFS/usr/sbin/mariadbd" ]; then
    return
  fi
  local mirror
  mirror=$(debian_mirror)
  step "building the Debian 12 root file system (once; about 2 minutes) from $mirror"
  rm -rf "$ROOTFS" "$ROOTFS.new" "$MARKER"
  if ! debootstrap --variant=minbase --include="$PACKAGES" bookworm "$ROOTFS.new" "$mirror" >"$CACHE/debootstrap.log" 2>&1; then
    tail -20 "$CACHE/debootstrap.log" >&2
    fail "debootstrap failed (log: $CACHE/debootstrap.log)"
  fi
  echo portal-install-test >"$ROOTFS.new/etc/hostname"
  # Nothing to bring up on the private network's interface.
  ln -sf /dev/null "$ROOTFS.new/etc/systemd/system/systemd-networkd-wait-online.service"
  rm -rf "$ROOTFS.new/var/cache/apt/archives/"*.deb
  mv "$ROOTFS.new" "$ROOTFS"
  echo "$RECIPE" >"$MARKER"
}

# ---------------------------------------------------------------------------------------------
# The container: the cached root file system under an overlay (the cache stays clean), booted
# by systemd-nspawn; commands run inside with nsenter.

in_ct() {
  nsenter -t "$LEADER" -a -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 "$@"
}
in_sh() { in_ct bash -c "$1"; }

boot() {
  : >"$WORK/console.log"
  systemd-nspawn -q -D "$MERGED" --boot --register=no --keep-unit --private-network --console=read-only \
    -M portal-install-test </dev/null >>"$WORK/console.log" 2>&1 9>&- &
  NSPAWN_PID=$!
  LEADER=""
  local c
  for _ in $(seq 1 100); do
    for c in $(pgrep -P "$NSPAWN_PID" || true); do
      if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = systemd ]; then LEADER=$c; fi
    done
    [ -z "$LEADER" ] || break
    kill -0 "$NSPAWN_PID" 2>/dev/null || { cat "$WORK/console.log" >&2; fail "systemd-nspawn exited"; }
    sleep 0.2
  done
  [ -n "$LEADER" ] || { cat "$WORK/console.log" >&2; fail "no systemd in the container after 20 s"; }
  echo "$LEADER $(start_time "$LEADER")" >"$WORK/leader"
  # Until systemd's bus is up, systemctl cannot even ask (then "starting", "initializing").
  local state=""
  for _ in $(seq 1 240); do
    state=$(in_ct systemctl is-system-running 2>&1 || true)
    case $state in
      running) return ;;
      degraded) in_ct systemctl --failed --no-legend >&2 || true; return ;;
    esac
    sleep 0.5
  done
  tail -30 "$WORK/console.log" >&2
  fail "the container did not finish booting within 2 minutes: $state"
}

# poweroff_container stops the container gracefully, or kills it after 30 s.
poweroff_container() {
  [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null || return 0
  if [ -n "$LEADER" ] && [ -d "/proc/$LEADER" ]; then in_ct systemctl poweroff >/dev/null 2>&1 || true; fi
  for _ in $(seq 1 150); do
    kill -0 "$NSPAWN_PID" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$NSPAWN_PID" 2>/dev/null; then
    # PID 1 of a PID namespace takes every process of the container with it.
    if [ -n "$LEADER" ]; then kill -KILL "$LEADER" 2>/dev/null || true; fi
    kill -KILL "$NSPAWN_PID" 2>/dev/null || true
  fi
  wait "$NSPAWN_PID" 2>/dev/null || true
  NSPAWN_PID="" LEADER=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  poweroff_container
  if [ -n "$MERGED" ] && mountpoint -q "$MERGED"; then umount "$MERGED" || umount -l "$MERGED"; fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
  exit "$rc"
}

# start_time PID: when the process started (field 22 of /proc/PID/stat), empty when gone.
start_time() { awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat" 2>/dev/null || true; }

# remove_leftovers: what a run killed before its cleanup left (the lock says none is running):
# its container, its overlay mount, its directory.
remove_leftovers() {
  local d pid start
  for d in "$CACHE"/run.*; do
    [ -d "$d" ] || continue
    for pid in $(pgrep -f -x "systemd-nspawn -q -D $d/root .*" || true); do
      kill -KILL "$pid" 2>/dev/null || true
    done
    # A killed nspawn leaves its container running: its PID 1 (recorded with its start time,
    # against a reused PID) takes every process of the container with it.
    if [ -f "$d/leader" ]; then
      read -r pid start <"$d/leader" || true
      if [ -n "${pid:-}" ] && [ "$(start_time "$pid")" = "${start:-}" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    sleep 1
    if mountpoint -q "$d/root"; then umount "$d/root" 2>/dev/null || umount -l "$d/root"; fi
    rm -rf "$d"
  done
}

# ---------------------------------------------------------------------------------------------
# Checks inside the container.

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND (in the container) every half second.
wait_for() {
  local secs=$1 what=$2
  shift 2
  for _ in $(seq 1 $((secs * 2))); do
    if in_ct "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  fail "$what: not within $secs s"
}

healthz() { in_ct curl -fsS --max-time 5 "$URL/healthz"; }
main_pid() { in_ct systemctl show -p MainPID --value portal.service; }

# sign_in: an admin session through the API; sets COOKIE and CSRF.
sign_in() {
  local out
  out=$(in_ct curl -sS -i --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$URL/api/v1/auth/login") ||
    fail "POST /api/v1/auth/login: no answer"
  [[ $out == "HTTP/1.1 200"* ]] || fail "admin sign-in refused: $(head -c 400 <<<"$out")"
  COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' <<<"$out" | head -1)
  CSRF=$(grep -o '"csrf_token":"[^"]*"' <<<"$out" | cut -d'"' -f4)
  if [ -z "$COOKIE" ] || [ -z "$CSRF" ]; then fail "sign-in gave no session cookie or CSRF token: $out"; fi
}

# api METHOD PATH [curl args...]: an admin request; prints the body, fails on a status >= 400.
api() {
  local method=$1 path=$2
  shift 2
  in_ct curl -sS --fail-with-body --max-time 20 -X "$method" -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" "$@" "$URL$path" ||
    fail "$method $path failed"
}

# mode PATH WANT: "octal-mode user group" of a path in the container.
mode() {
  local got
  got=$(in_ct stat -c '%a %U %G' "$1" 2>&1) || fail "$1 is missing"
  [ "$got" = "$2" ] || fail "$1 is '$got', the README says '$2'"
}

# install_sh ARGS...: runs install.sh in the container, no terminal; output in $WORK/install.out.
install_sh() {
  in_ct /opt/portal-test/install.sh "$@" </dev/null >"$WORK/install.out" 2>&1
}

# data_still_there: the client, the project and the deliverable made before, and its content.
data_still_there() {
  sign_in
  [[ $(api GET /api/v1/admin/clients) == *'"Client témoin installation"'* ]] || fail "the client created before is gone"
  local body
  body=$(api GET "/api/v1/versions/$VERSION_ID/download")
  [ "$body" = "$DELIVERABLE" ] || fail "the deliverable uploaded before reads '$body'"
}

# ---------------------------------------------------------------------------------------------
main() {
  need_packages debootstrap:debootstrap systemd-nspawn:systemd-container pgrep:procps openssl:openssl
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9 # one test at a time uses (or builds) the cache
  remove_leftovers
  prepare_rootfs

  step "building the portal twice (version 1, then a newer 2 for the upgrade)"
  WORK=$(mktemp -d "$CACHE/run.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  local v
  for v in 1 2; do
    CGO_ENABLED=0 go build -trimpath -ldflags "-X github.com/bigdatacenter/portal/app/version.Version=install-test-$v" \
      -o "$WORK/portal-$v" . || fail "go build"
  done

  step "booting Debian 12 with systemd (systemd-nspawn, private network)"
  mkdir -p "$WORK/upper" "$WORK/overlay-work" "$WORK/root"
  MERGED=$WORK/root
  mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$WORK/upper,workdir=$WORK/overlay-work" "$MERGED" ||
    fail "cannot mount an overlay on $ROOTFS"
  # debootstrap writes no /etc/hosts, which every server has: mariadb-install-db (the private
  # database) needs "localhost" to resolve.
  printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tportal-install-test\n' >"$MERGED/etc/hosts"
  install -d "$MERGED/opt/portal-test"
  install -m 0755 install.sh "$WORK/portal-1" "$WORK/portal-2" "$MERGED/opt/portal-test/"
  install -m 0644 config.example.toml "$MERGED/opt/portal-test/"
  printf '%s\n' "$ADMIN_PASSWORD" >"$MERGED/opt/portal-test/admin-password"
  # Holds 127.0.0.1:8080 in the container (systemd listens; nothing answers) to take the port.
  cat >"$MERGED/etc/systemd/system/port-taker.socket" <<'EOF'
[Socket]
ListenStream=127.0.0.1:8080
EOF
  printf '[Service]\nExecStart=/bin/sleep 600\n' >"$MERGED/etc/systemd/system/port-taker.service"
  boot

  local install_args=(--tls off --domain portail.test --admin-email "$ADMIN_EMAIL"
    --admin-password-file /opt/portal-test/admin-password --binary /opt/portal-test/portal-1)

  step "install.sh with port 8080 already taken: fails, non-zero, with the service's journal"
  in_ct systemctl start port-taker.socket || fail "cannot take port 8080"
  if install_sh "${install_args[@]}"; then
    cat "$WORK/install.out" >&2
    fail "install.sh exited 0 although the portal cannot listen"
  fi
  grep -q "address already in use" "$WORK/install.out" ||
    { cat "$WORK/install.out" >&2; fail "install.sh does not show the journal's 'address already in use'"; }
  if grep -q "done: the portal is at" "$WORK/install.out"; then fail "install.sh says done although the portal does not run"; fi
  grep -q "writing $MARIADB_CNF" "$WORK/install.out" || { cat "$WORK/install.out" >&2; fail "install.sh did not size MariaDB's buffer pool"; }
  if [[ $(in_ct journalctl -u portal.service -o cat) == *"portal listening"* ]]; then
    fail "the journal says 'portal listening' although the port was taken"
  fi
  in_ct systemctl stop port-taker.socket

  step "install.sh --tls off --binary ... (run again once the port is free)"
  install_sh "${install_args[@]}" || { cat "$WORK/install.out" >&2; fail "install.sh failed"; }
  grep -q "done: the portal is at https://portail.test" "$WORK/install.out" || fail "install.sh did not say done"
  if grep -q "start it with" "$WORK/install.out"; then fail "install.sh tells to start the service it starts itself"; fi

  step "the service: active, enabled, answering at once"
  [[ $(healthz) == *'"version":"install-test-1"'* ]] || fail "/healthz does not answer right after install.sh"
  [ "$(in_ct systemctl is-active portal.service)" = active ] || fail "portal.service is not active"
  [ "$(in_ct systemctl is-enabled portal.service)" = enabled ] || fail "portal.service is not enabled at boot"
  [ "$(in_ct systemctl show -p Type --value portal.service)" = notify ] || fail "portal.service is not Type=notify"
  [[ $(in_ct systemctl show -p StatusText --value portal.service) == "listening on 127.0.0.1:8080" ]] ||
    fail "systemd has not the portal's status line"

  step "admin sign-in through the API"
  sign_in
  [[ $(api GET /api/v1/auth/session) == *"\"$ADMIN_EMAIL\""* ]] || fail "the session is not the admin's"

  step "files and modes as the README says"
  mode /usr/local/bin/portal "755 root root"
  mode /etc/portal "750 root portal"
  mode /etc/portal/portal.toml "640 root portal"
  mode /var/lib/portal "750 portal portal"
  mode /var/lib/portal/backups "750 portal portal"
  mode /etc/systemd/system/portal.service "644 root root"
  in_ct grep -q '^dsn = "portal:.*@unix(/run/mysqld/mysqld.sock)/portal' /etc/portal/portal.toml ||
    fail "portal.toml has not the local database's DSN"
  if in_ct runuser -u portal -- test -w /etc/portal/portal.toml; then fail "the user portal can change its configuration"; fi

  step "MariaDB's buffer pool: $MARIADB_CNF, in force"
  mode "$MARIADB_CNF" "644 root root"
  in_ct grep -q "^# Written by the portal's install.sh" "$MARIADB_CNF" || fail "$MARIADB_CNF does not say who wrote it"
  local cnf_mb pool
  cnf_mb=$(cnf_buffer_pool_mb)
  [ -n "$cnf_mb" ] || fail "no 'innodb_buffer_pool_size = NM' in $MARIADB_CNF: $(in_ct cat "$MARIADB_CNF")"
  pool=$(in_ct mariadb -N -e 'SELECT @@innodb_buffer_pool_size') || fail "cannot ask MariaDB its buffer pool"
  [ "$pool" -ge $((256 << 20)) ] || fail "MariaDB's buffer pool is $pool bytes, less than 256 MiB"
  [ "$pool" = $((cnf_mb << 20)) ] || fail "MariaDB's buffer pool is $pool bytes, $MARIADB_CNF says ${cnf_mb}M"
  echo "    innodb_buffer_pool_size = ${cnf_mb}M"

  step "the unit: systemd-analyze verify clean, systemd-analyze security 2.0 or less"
  local out exposure
  out=$(in_ct systemd-analyze verify /etc/systemd/system/portal.service 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify is not clean: $out"
  out=$(in_ct systemd-analyze security portal.service 2>&1 | tail -1)
  exposure=$(grep -o '[0-9][0-9]*\.[0-9]' <<<"$out" | head -1)
  [ -n "$exposure" ] || fail "no exposure level in: $out"
  awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || fail "exposure $exposure is above 2.0: $out"
  echo "    systemd-analyze security: $out"

  step "data: a client, a project and a deliverable (database and files)"
  local client_id project_id
  client_id=$(api POST /api/v1/admin/clients -H 'Content-Type: application/json' \
    -d '{"name":"Client témoin installation","contact_email":"temoin@portail.test"}' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$client_id" ] || fail "no client created"
  project_id=$(api POST /api/v1/admin/projects -H 'Content-Type: application/json' \
    -d "{\"client_id\":$client_id,\"name\":\"Projet témoin\"}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  [ -n "$project_id" ] || fail "no project created"
  DELIVERABLE="rapport de l'installation $(date +%s%N)"
  printf '%s' "$DELIVERABLE" >"$MERGED/opt/portal-test/rapport.txt"
  out=$(api POST "/api/v1/admin/projects/$project_id/deliverables?title=Rapport" -H 'X-File-Name: rapport.txt' \
    -H 'Content-Type: application/octet-stream' --data-binary @/opt/portal-test/rapport.txt)
  VERSION_ID=$(grep -o '"versions":\[{"id":[0-9]*' <<<"$out" | grep -o '[0-9]*$' || true)
  [ -n "$VERSION_ID" ] || VERSION_ID=$(grep -o '"version_id":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
  [ -n "$VERSION_ID" ] || fail "no version id in the upload's answer: $out"
  data_still_there

  step "systemctl restart: a new process, answering"
  local pid
  pid=$(main_pid)
  in_ct systemctl restart portal.service || fail "systemctl restart failed"
  [ "$(main_pid)" != "$pid" ] || fail "the same process after a restart"
  healthz >/dev/null || fail "/healthz does not answer once systemctl restart returned"

  step "kill -9 of the portal: systemd starts it again"
  pid=$(main_pid)
  in_ct kill -9 "$pid"
  wait_for 30 "portal.service restarted after kill -9" bash -c "p=\$(systemctl show -p MainPID --value portal.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $pid ] && systemctl is-active --quiet portal.service"
  healthz >/dev/null || fail "/healthz does not answer after the restart"

  step "reboot: back after MariaDB"
  in_ct systemctl reboot || true
  local rc=0
  wait "$NSPAWN_PID" || rc=$?
  [ "$rc" = 133 ] || fail "systemd-nspawn exited with $rc on reboot (133 expected)"
  boot
  [ "$(in_ct systemctl is-active portal.service)" = active ] || fail "portal.service is not active after the reboot"
  local db_up portal_up
  db_up=$(in_ct systemctl show -p ActiveEnterTimestampMonotonic --value mariadb.service)
  portal_up=$(in_ct systemctl show -p ExecMainStartTimestampMonotonic --value portal.service)
  [ "$portal_up" -ge "$db_up" ] || fail "the portal started ($portal_up) before MariaDB was up ($db_up)"
  healthz >/dev/null || fail "/healthz after the reboot"
  data_still_there

  modes_under_confinement

  step "no write refused, no system call denied, in any mode"
  out=$(in_ct journalctl -u portal.service -o cat --no-pager | grep -iE "read-only file system|operation not permitted|permission denied" || true)
  [ -z "$out" ] || fail "the confinement refused something: $out"

  step "upgrade: install.sh with a newer binary keeps portal.toml, the database and the files"
  local conf_sum cnf_sum mariadb_pid
  conf_sum=$(in_ct sha256sum /etc/portal/portal.toml)
  # The sysadmin's own buffer pool, not in force yet: the upgrade keeps the file and MariaDB.
  in_ct sed -i 's/^innodb_buffer_pool_size = .*/innodb_buffer_pool_size = 320M/' "$MARIADB_CNF"
  cnf_sum=$(in_ct sha256sum "$MARIADB_CNF")
  mariadb_pid=$(in_ct systemctl show -p MainPID --value mariadb.service)
  install_sh --binary /opt/portal-test/portal-2 || { cat "$WORK/install.out" >&2; fail "install.sh (upgrade) failed"; }
  grep -q "upgrade: /etc/portal/portal.toml exists and is kept" "$WORK/install.out" || fail "install.sh did not upgrade in place"
  [ "$(in_ct sha256sum /etc/portal/portal.toml)" = "$conf_sum" ] || fail "portal.toml changed"
  grep -q "kept: $MARIADB_CNF (innodb_buffer_pool_size = 320M)" "$WORK/install.out" || fail "install.sh does not say it kept $MARIADB_CNF: $(cat "$WORK/install.out")"
  [ "$(in_ct sha256sum "$MARIADB_CNF")" = "$cnf_sum" ] || fail "the upgrade rewrote the edited $MARIADB_CNF"
  [ "$(in_ct systemctl show -p MainPID --value mariadb.service)" = "$mariadb_pid" ] || fail "the upgrade restarted MariaDB"
  [[ $(healthz) == *'"version":"install-test-2"'* ]] || fail "/healthz does not report the new version"
  data_still_there

  step "portal backup now / list / verify as the user portal"
  local archive
  out=$(portal_backup now) || fail "portal backup now: $out"
  archive=$(newest_archive)
  [ -n "$archive" ] || fail "no archive in /var/lib/portal/backups after portal backup now"
  out=$(portal_backup list) || fail "portal backup list: $out"
  [[ $out == *"$(basename "$archive")"* ]] || fail "portal backup list does not list $archive: $out"
  out=$(portal_backup verify "$archive") || fail "portal backup verify: $out"
  [[ $out == *"OK"* ]] || fail "portal backup verify: $out"

  step "--purge cancelled at the terminal: asked before anything is removed"
  # script(1) gives install.sh a terminal; the answer is "no".
  if in_sh "printf 'no\\n' | script -qec '/opt/portal-test/install.sh --uninstall --purge' /dev/null" >"$WORK/install.out" 2>&1; then
    fail "a purge answered 'no' exited 0: $(cat "$WORK/install.out")"
  fi
  grep -q "Type 'delete'" "$WORK/install.out" || fail "install.sh did not ask: $(cat "$WORK/install.out")"
  purge_refused_left_everything "a cancelled purge"

  step "--purge without a terminal and without --yes: refused"
  if install_sh --uninstall --purge; then fail "install.sh --uninstall --purge ran with no terminal and no --yes"; fi
  grep -q -- "--yes" "$WORK/install.out" || fail "the refusal does not name --yes: $(cat "$WORK/install.out")"
  purge_refused_left_everything "a purge refused"

  step "--uninstall: the service and the binary go, the data stays"
  install_sh --uninstall || { cat "$WORK/install.out" >&2; fail "install.sh --uninstall failed"; }
  if in_ct test -e /etc/systemd/system/portal.service; then fail "the unit is still there"; fi
  if in_ct test -e /usr/local/bin/portal; then fail "the binary is still there"; fi
  if in_ct systemctl is-active --quiet portal.service; then fail "the portal still runs"; fi
  in_ct test -f /etc/portal/portal.toml || fail "portal.toml is gone"
  in_sh "grep -rqF \"\$(cat /opt/portal-test/rapport.txt)\" /var/lib/portal/files" || fail "the deliverable's file is gone"
  [ "$(in_ct mariadb -N -e "SHOW DATABASES LIKE 'portal'")" = portal ] || fail "the database is gone"

  step "--uninstall --purge --yes: nothing of the portal is left"
  install_sh --uninstall --purge --yes || { cat "$WORK/install.out" >&2; fail "install.sh --uninstall --purge --yes failed"; }
  local p
  for p in /etc/portal /var/lib/portal /usr/local/bin/portal /etc/systemd/system/portal.service \
    /etc/systemd/system/portal.service.d /etc/systemd/system/multi-user.target.wants/portal.service; do
    if in_ct test -e "$p"; then fail "$p is still there"; fi
  done
  if in_ct id portal >/dev/null 2>&1; then fail "the user portal is still there"; fi
  if in_ct getent group portal >/dev/null; then fail "the group portal is still there"; fi
  if [ -n "$(in_ct pgrep -u portal 2>/dev/null || true)" ]; then fail "processes of the user portal are left"; fi
  [ -z "$(in_ct mariadb -N -e "SHOW DATABASES LIKE 'portal'")" ] || fail "the database portal is still there"
  [ -z "$(in_ct mariadb -N -e "SELECT user FROM mysql.user WHERE user = 'portal'")" ] || fail "the database user portal is still there"
  [ "$(in_ct systemctl show -p LoadState --value portal.service)" = not-found ] || fail "systemd still knows portal.service"

  step "shutting the container down"
  poweroff_container
  printf '==> install test: all steps passed in %d s\n' $((SECONDS - started))
}

# portal_backup ARGS...: "portal backup ARGS" as the user portal, as the README says; the output.
portal_backup() {
  in_ct runuser -u portal -- sh -c 'cd / && exec portal backup "$@" --config /etc/portal/portal.toml' _ "$@" 2>&1
}

# cnf_buffer_pool_mb: N of "innodb_buffer_pool_size = NM" in 60-portal.cnf.
cnf_buffer_pool_mb() { in_ct sed -n 's/^innodb_buffer_pool_size = \([0-9][0-9]*\)M$/\1/p' "$MARIADB_CNF"; }

newest_archive() { in_sh 'ls -t /var/lib/portal/backups/portal-*.tar.gz 2>/dev/null | head -1'; }

# purge_refused_left_everything WHAT: the service, the binary, the configuration and the data.
purge_refused_left_everything() {
  in_ct systemctl is-active --quiet portal.service || fail "$1 stopped the service"
  in_ct test -x /usr/local/bin/portal || fail "$1 removed the binary"
  in_ct test -f /etc/portal/portal.toml || fail "$1 removed the configuration"
  healthz >/dev/null || fail "the portal does not answer after $1"
  grep -q "nothing was removed" "$WORK/install.out" || fail "$1 does not say that nothing was removed: $(cat "$WORK/install.out")"
}

# modes_under_confinement: every mode of the portal under the unit's sandbox, set by a drop-in
# (as an administrator would with systemctl edit): the private database server as a child,
# certificate files read and reloaded, a scheduled backup, then autocert's cache directory.
modes_under_confinement() {
  step "modes under the confinement: private database, TLS files (reloaded), scheduled backup"
  local dropin=/etc/systemd/system/portal.service.d
  # shellcheck disable=SC2016 # expanded by the shell in the container
  in_sh 'set -e
    install -d -m 0750 -o root -g portal /etc/portal/tls
    for n in 1 2; do
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $((400 + n)) -subj /CN=portail.test \
        -addext subjectAltName=DNS:portail.test -keyout /etc/portal/tls/key-$n.pem -out /etc/portal/tls/cert-$n.pem 2>/dev/null
    done
    cp /etc/portal/tls/cert-1.pem /etc/portal/tls/cert.pem; cp /etc/portal/tls/key-1.pem /etc/portal/tls/key.pem
    chgrp portal /etc/portal/tls/*.pem; chmod 0640 /etc/portal/tls/*.pem' || fail "cannot make the certificates"
  in_ct mkdir -p "$dropin"
  cat >"$MERGED$dropin/modes.conf" <<'EOF'
[Service]
WatchdogSec=3
Environment=PORTAL_DATABASE_DSN=
Environment=PORTAL_TLS_MODE=files PORTAL_TLS_CERT_FILE=/etc/portal/tls/cert.pem PORTAL_TLS_KEY_FILE=/etc/portal/tls/key.pem
Environment=PORTAL_TLS_HTTPS_LISTEN=:443 PORTAL_TLS_HTTP_LISTEN=:80 PORTAL_SERVER_PUBLIC_URL=https://portail.test
Environment="PORTAL_BACKUP_SCHEDULE=@every 10s"
EOF
  local before
  before=$(in_sh 'ls /var/lib/portal/backups | wc -l')
  in_ct systemctl daemon-reload
  in_ct systemctl restart portal.service || fail "the portal does not start with its private database and TLS files"
  local pid
  pid=$(main_pid)
  [[ $(in_ct ps -o user=,comm= --ppid "$pid") == *"portal"*"mariadbd"* ]] ||
    fail "no private mariadbd child of the portal: $(in_ct ps -ef)"
  local https=(curl -fsS --max-time 5 --resolve portail.test:443:127.0.0.1)
  local expiry1 expiry2
  expiry1=$(in_ct openssl x509 -enddate -noout -in /etc/portal/tls/cert-1.pem | cut -d= -f2)
  expiry2=$(in_ct openssl x509 -enddate -noout -in /etc/portal/tls/cert-2.pem | cut -d= -f2)
  [[ $(in_ct "${https[@]}" --cacert /etc/portal/tls/cert-1.pem https://portail.test/readyz) == *certificate_expires* ]] ||
    fail "/readyz over HTTPS with the certificate file"
  in_sh 'cp /etc/portal/tls/cert-2.pem /etc/portal/tls/cert.pem && cp /etc/portal/tls/key-2.pem /etc/portal/tls/key.pem'
  in_ct systemctl reload portal.service || fail "systemctl reload portal"
  wait_for 10 "the renewed certificate served after systemctl reload ($expiry1 -> $expiry2)" \
    "${https[@]}" --cacert /etc/portal/tls/cert-2.pem https://portail.test/readyz
  wait_for 60 "a scheduled backup of the private database" \
    bash -c "[ \$(ls /var/lib/portal/backups | wc -l) -gt $before ]"
  local out
  out=$(portal_backup verify "$(newest_archive)") || fail "the scheduled backup does not verify: $out"
  # WatchdogSec=3 all along: systemd would have killed a portal that did not send WATCHDOG=1.
  [ "$(in_ct systemctl show -p WatchdogUSec --value portal.service)" = 3s ] || fail "WatchdogSec=3 not in force"
  if [ "$(main_pid)" != "$pid" ] || [ "$(in_ct systemctl show -p NRestarts --value portal.service)" != 0 ]; then
    fail "the portal was restarted under WatchdogSec=3: $(in_ct journalctl -u portal -n 5 --no-pager -o cat)"
  fi

  step "mode auto: autocert's cache directory under /var/lib/portal"
  cat >"$MERGED$dropin/modes.conf" <<'EOF'
[Service]
Environment=PORTAL_TLS_MODE=auto PORTAL_TLS_DOMAINS=portail.test PORTAL_TLS_EMAIL=ops@portail.test
Environment=PORTAL_TLS_HTTPS_LISTEN=:443 PORTAL_TLS_HTTP_LISTEN=:80 PORTAL_SERVER_PUBLIC_URL=https://portail.test
EOF
  in_ct systemctl daemon-reload
  in_ct systemctl restart portal.service || fail "the portal does not start in mode auto"
  mode /var/lib/portal/autocert "700 portal portal"
  if [[ $(in_ct ps -o comm= -u portal) == *mariadbd* ]]; then fail "the private mariadbd outlived the portal that started it"; fi

  step "back to the local MariaDB and plain HTTP (a drop-in stays for --purge to remove)"
  printf '[Service]\n# kept to check that --purge removes the drop-ins\n' >"$MERGED$dropin/modes.conf"
  in_ct systemctl daemon-reload
  in_ct systemctl restart portal.service || fail "the portal does not start again in mode off"
  healthz >/dev/null || fail "/healthz in mode off again"
}

main "$@"
