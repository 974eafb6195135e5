#!/usr/bin/env bash
# Installs the client portal on a fresh Debian 12 / Ubuntu 22.04+ server, as a systemd service.
#
#   sudo ./install.sh --domain portail.example.com --email ops@example.com --admin-email admin@example.com
#
# Installs MariaDB when it is missing and sizes its InnoDB buffer pool (a drop-in written once,
# then left to the sysadmin), creates the database and its user (random password), the
# system user "portal" and its directories, writes /etc/portal/portal.toml, installs the binary
# to /usr/local/bin/portal (built with "go build" from a source checkout, or given by --binary),
# applies the migrations, creates the first admin, installs and starts the service.
# Running it again upgrades in place: the configuration, the database password and the data stay.
#
#   ./install.sh --dry-run ...    prints every action and does nothing (no root needed)
#   sudo ./install.sh --uninstall [--purge]
set -euo pipefail

readonly CONF_DIR=/etc/portal
readonly CONF=/etc/portal/portal.toml
readonly DATA_DIR=/var/lib/portal
readonly BACKUP_DIR=/var/lib/portal/backups
readonly BIN=/usr/local/bin/portal
readonly SVC_USER=portal
readonly DB_NAME=portal
readonly DB_USER=portal
readonly DB_SOCKET=/run/mysqld/mysqld.sock
readonly DROPIN_DIR=/etc/systemd/system/portal.service.d
readonly MARIADB_ETC=/etc/mysql
readonly MARIADB_CONF_DIR=$MARIADB_ETC/mariadb.conf.d
readonly MARIADB_CNF=$MARIADB_CONF_DIR/60-portal.cnf
readonly MIN_BUFFER_POOL_MB=256
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SRC_DIR

domain="" email="" admin_email="" admin_password_file="" binary="" tls_mode=auto cert_file="" key_file=""
dry_run=0 uninstall=0 purge=0 assume_yes=0 installing_mariadb=0

usage() {
  cat <<'EOF'
Usage: install.sh [options]

  --domain NAME              domain name of the portal (DNS A/AAAA record pointing at this server)
  --email ADDRESS            contact e-mail given to Let's Encrypt (certificate expiry notices)
  --admin-email ADDRESS      e-mail of the first admin account
  --admin-password-file F    file whose first line is that admin's password (else it is asked)
  --binary PATH              install this portal binary instead of building one from the checkout
  --tls auto|files|off       HTTPS: own Let's Encrypt certificate (default), certificate files
                             (--cert-file, --key-file), or off: plain HTTP on 127.0.0.1:8080
                             behind a reverse proxy on this machine that terminates TLS
  --cert-file F, --key-file F  PEM certificate (with chain) and key for --tls files
  --dry-run                  print every action without doing anything
  --uninstall                remove the service and the binary; keep configuration, data, database
  --purge                    with --uninstall: also delete the configuration, the data (backups
                             included), the database, its user and the system user
  --yes                      do not ask for confirmation (--purge); required without a terminal
  -h, --help                 this help

Asked at the terminal when missing: --domain, --email, --admin-email, the admin's password.
EOF
}

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# run CMD...: runs a command, or prints it in a dry run.
run() {
  if [ "$dry_run" = 1 ]; then
    printf '[dry-run]'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

interactive() { [ -t 0 ] && [ "$dry_run" = 0 ]; }

ask() { # ask VAR "question": reads a value at the terminal
  local __v
  read -r -p "$2: " __v
  printf -v "$1" '%s' "$__v"
}

while [ $# -gt 0 ]; do
  case $1 in
    --domain) domain=${2:?--domain needs a value}; shift 2 ;;
    --email) email=${2:?--email needs a value}; shift 2 ;;
    --admin-email) admin_email=${2:?--admin-email needs a value}; shift 2 ;;
    --admin-password-file) admin_password_file=${2:?--admin-password-file needs a value}; shift 2 ;;
    --binary) binary=${2:?--binary needs a value}; shift 2 ;;
    --tls) tls_mode=${2:?--tls needs a value}; shift 2 ;;
    --cert-file) cert_file=${2:?--cert-file needs a value}; shift 2 ;;
    --key-file) key_file=${2:?--key-file needs a value}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    --yes | -y) assume_yes=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

readonly DOMAIN_RE='^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?[.])+[A-Za-z]{2,63}$'
readonly EMAIL_RE='^[^[:space:]@"<>]+@[^[:space:]@"<>]+[.][^[:space:]@"<>]+$'
valid_domain() { [[ $1 =~ $DOMAIN_RE ]]; }
valid_email() { [[ $1 =~ $EMAIL_RE ]]; }

preflight() {
  if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then
    die "run it as root (sudo ./install.sh ...), or try --dry-run"
  fi
  if [ -r /etc/os-release ]; then
    # shellcheck source=/dev/null
    . /etc/os-release
    case " ${ID:-} ${ID_LIKE:-} " in
      *" debian "* | *" ubuntu "*) ;;
      *) note "warning: made for Debian 12 and Ubuntu 22.04+, this is ${PRETTY_NAME:-unknown}" ;;
    esac
  fi
  if [ "$dry_run" = 0 ] && [ ! -d /run/systemd/system ]; then
    die "systemd is not running on this machine: the portal installs as a systemd service"
  fi
}

mariadb_client() {
  if command -v mariadb >/dev/null 2>&1; then echo mariadb; else echo mysql; fi
}

# sql STATEMENTS [SHOWN]: runs SQL as MariaDB's root (unix-socket authentication); a dry run
# prints SHOWN (the statements with the password masked).
sql() {
  if [ "$dry_run" = 1 ]; then
    printf '[dry-run] mariadb -u root <<< %s\n' "${2:-$1}"
  else
    "$(mariadb_client)" --protocol=socket -u root -e "$1"
  fi
}

# toml_set FILE SECTION KEY VALUE: replaces "KEY = ..." in [SECTION] (VALUE is TOML).
toml_set() {
  local file=$1 section=$2 key=$3 value=$4 tmp
  tmp=$(mktemp "$file.XXXXXX")
  if ! awk -v s="[$section]" -v k="$key" -v v="$value" '
      /^\[/ { cur = $0 }
      cur == s && !done && index($0, k " =") == 1 { print k " = " v; done = 1; next }
      { print }
      END { if (!done) exit 3 }' "$file" >"$tmp"; then
    rm -f "$tmp"
    die "cannot set $section.$key in $file"
  fi
  cat "$tmp" >"$file"
  rm -f "$tmp"
}

# conf_value SECTION KEY: a string value of the existing configuration ("" when unreadable).
conf_value() {
  [ -r "$CONF" ] || return 0
  awk -v s="[$1]" -v k="$2" '
    /^\[/ { cur = $0 }
    cur == s && index($0, k " =") == 1 { sub(/^[^=]*= *"/, ""); sub(/".*$/, ""); print; exit }' "$CONF"
}

service_installed() { [ -f /etc/systemd/system/portal.service ]; }

# local_dsn DSN: whether DSN is the local database install.sh makes (user portal, unix socket).
local_dsn() { [[ $1 == "$DB_USER:"*"@unix($DB_SOCKET)/$DB_NAME"* ]]; }

# ---------------------------------------------------------------------------------------------
# confirm_purge asks before anything is removed: a cancelled purge leaves everything in place.
# Without a terminal (ssh without -t, a script) there is nobody to ask: --yes is required.
confirm_purge() {
  [ "$assume_yes" = 0 ] && [ "$dry_run" = 0 ] || return 0
  if ! [ -t 0 ]; then
    die "--purge deletes $CONF_DIR, $DATA_DIR (backups included) and the database '$DB_NAME' for good; with no terminal to confirm it, add --yes (nothing was removed)"
  fi
  local answer
  read -r -p "Delete $CONF_DIR, $DATA_DIR (backups included) and the database '$DB_NAME' for good? Type 'delete': " answer
  [ "$answer" = delete ] || die "purge cancelled: nothing was removed"
}

do_uninstall() {
  [ "$purge" = 0 ] || confirm_purge
  say "uninstalling the portal service"
  if service_installed || [ "$dry_run" = 1 ]; then
    if [ -x "$BIN" ]; then
      run "$BIN" service uninstall || true
    fi
    if service_installed || [ "$dry_run" = 1 ]; then # without the binary, by hand
      run systemctl disable --now portal.service || true
      run rm -f /etc/systemd/system/portal.service
      run systemctl daemon-reload || true
    fi
  fi
  run rm -f "$BIN"
  if [ "$purge" = 0 ]; then
    say "kept: $CONF_DIR (configuration), $DATA_DIR (files and backups), database '$DB_NAME'"
    if [ -d "$DROPIN_DIR" ]; then note "kept: $DROPIN_DIR (the unit's drop-ins, used again by a new install)"; fi
    note "delete them too with: ./install.sh --uninstall --purge"
    return
  fi
  say "purging configuration, data and database"
  local dsn
  dsn=$(conf_value database dsn)
  if [ "$dry_run" = 1 ] || [[ $dsn == "$DB_USER:"*"@unix("* ]]; then
    if [ "$dry_run" = 1 ] || command -v "$(mariadb_client)" >/dev/null 2>&1; then
      sql "DROP DATABASE IF EXISTS \`$DB_NAME\`; DROP USER IF EXISTS '$DB_USER'@'localhost';"
    fi
  else
    note "database.dsn does not point at the local database made by install.sh: left as is"
  fi
  run rm -rf "$CONF_DIR" "$DATA_DIR"
  # Drop-ins made with "systemctl edit portal" would otherwise outlive the unit.
  if [ -d "$DROPIN_DIR" ] || [ "$dry_run" = 1 ]; then
    run rm -rf "$DROPIN_DIR"
    run systemctl daemon-reload || true
  fi
  if id "$SVC_USER" >/dev/null 2>&1 || [ "$dry_run" = 1 ]; then
    run userdel "$SVC_USER" || true
  fi
  say "the portal is gone"
  if [ -f "$MARIADB_CNF" ]; then
    note "kept: $MARIADB_CNF (MariaDB's buffer pool, sized for the portal; MariaDB stays installed)"
  fi
}

# ---------------------------------------------------------------------------------------------
gather_answers() {
  fresh=1
  if [ -f "$CONF" ]; then
    fresh=0
  fi
  if [ "$fresh" = 0 ]; then
    say "upgrade: $CONF exists and is kept as it is"
    tls_mode=$(conf_value tls mode)
    [ -z "$domain" ] || note "--domain ignored: edit $CONF to change the domain"
    return
  fi
  case $tls_mode in
    auto | files | off) ;;
    *) die "--tls must be auto, files or off" ;;
  esac
  if [ -z "$domain" ] && interactive; then ask domain "Domain name of the portal (e.g. portail.example.com)"; fi
  [ -n "$domain" ] || die "--domain is required (the name users type, e.g. portail.example.com)"
  valid_domain "$domain" || die "--domain: '$domain' is not a domain name"
  if [ "$tls_mode" = auto ]; then
    if [ -z "$email" ] && interactive; then ask email "Contact e-mail for Let's Encrypt"; fi
    [ -n "$email" ] || die "--email is required with --tls auto (Let's Encrypt's expiry notices go there)"
    valid_email "$email" || die "--email: '$email' is not an e-mail address"
  fi
  if [ "$tls_mode" = files ]; then
    if [ -z "$cert_file" ] || [ -z "$key_file" ]; then die "--tls files needs --cert-file and --key-file"; fi
    if [ "$dry_run" = 0 ] && { [ ! -r "$cert_file" ] || [ ! -r "$key_file" ]; }; then
      die "cannot read $cert_file or $key_file"
    fi
  fi
  if [ -z "$admin_email" ] && interactive; then ask admin_email "E-mail of the first admin"; fi
  if [ -n "$admin_email" ]; then
    valid_email "$admin_email" || die "--admin-email: '$admin_email' is not an e-mail address"
  fi
}

install_packages() {
  local missing=()
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ] && [ ! -x /usr/sbin/mysqld ]; then
    missing+=(mariadb-server)
  fi
  [ -f /etc/ssl/certs/ca-certificates.crt ] || missing+=(ca-certificates)
  [[ " ${missing[*]} " != *" mariadb-server "* ]] || installing_mariadb=1
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    say "mariadb-server is installed"
  fi
  run systemctl enable --now mariadb.service
}

# ---------------------------------------------------------------------------------------------
# MariaDB's InnoDB buffer pool. Debian's 128 MiB default is far too small for the portal's hot
# indexes: at ten times the scale dataset a small pool read ~3 000 pages/s back from the files
# under load and doubled page latencies. The private database follows the same rule
# (app/dbserver/memory.go).

# buffer_pool_mb: a quarter of the memory (the machine's, or the container's limit when lower),
# at least MIN_BUFFER_POOL_MB.
buffer_pool_mb() {
  local total limit mb
  total=$(awk '$1 == "MemTotal:" { print int($2 / 1024); exit }' /proc/meminfo 2>/dev/null || true)
  total=${total:-0}
  # The root of this cgroup namespace: a container's memory limit ("max", or absent on a host).
  limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || true)
  if [[ $limit =~ ^[0-9]+$ ]] && { [ "$total" = 0 ] || [ $((limit >> 20)) -lt "$total" ]; }; then
    total=$((limit >> 20))
  fi
  mb=$((total / 4))
  [ "$mb" -ge "$MIN_BUFFER_POOL_MB" ] || mb=$MIN_BUFFER_POOL_MB
  echo "$mb"
}

# buffer_pool_cnf MB: the drop-in's content.
buffer_pool_cnf() {
  cat <<EOF
# Written by the portal's install.sh: MariaDB's InnoDB buffer pool, a quarter of this
# machine's memory (at least $MIN_BUFFER_POOL_MB MiB), as the portal gives its private database.
# Edit it at will, then: systemctl restart mariadb. install.sh never rewrites this file.
[mysqld]
innodb_buffer_pool_size = ${1}M
EOF
}

# buffer_pool_set_elsewhere: the MariaDB configuration files that set the buffer pool already.
buffer_pool_set_elsewhere() {
  grep -rlsE '^[[:space:]]*innodb[_-]buffer[_-]pool[_-]size[[:space:]]*=' "$MARIADB_ETC" --include='*.cnf' || true
}

# size_buffer_pool writes MARIADB_CNF once, and restarts MariaDB so that it takes effect before
# the database is created and migrated. A file that exists (maybe edited) is kept as it is.
size_buffer_pool() {
  if [ "$fresh" = 0 ] && ! local_dsn "$(conf_value database dsn)"; then
    return # the portal does not use this MariaDB: its sizing is not the portal's business
  fi
  if [ -f "$MARIADB_CNF" ]; then
    say "kept: $MARIADB_CNF ($(grep -m1 -E '^[[:space:]]*innodb_buffer_pool_size' "$MARIADB_CNF" || echo 'no innodb_buffer_pool_size'))"
    return
  fi
  local mb elsewhere
  mb=$(buffer_pool_mb)
  if [ ! -d "$MARIADB_CONF_DIR" ] && ! { [ "$dry_run" = 1 ] && [ "$installing_mariadb" = 1 ]; }; then
    say "MariaDB's buffer pool: no $MARIADB_CONF_DIR, left to the sysadmin (the portal suggests innodb_buffer_pool_size = ${mb}M)"
    return
  fi
  elsewhere=$(buffer_pool_set_elsewhere)
  if [ -n "$elsewhere" ]; then
    say "MariaDB's buffer pool: innodb_buffer_pool_size is set already in ${elsewhere//$'\n'/, }: left as is"
    return
  fi
  say "MariaDB's buffer pool: writing $MARIADB_CNF (innodb_buffer_pool_size = ${mb}M, a quarter of the memory)"
  if [ "$dry_run" = 1 ]; then
    printf '[dry-run] write %s (root:root 0644):\n' "$MARIADB_CNF"
    buffer_pool_cnf "$mb" | sed 's/^/    /'
  else
    local tmp
    tmp=$(mktemp "$MARIADB_CNF.XXXXXX")
    buffer_pool_cnf "$mb" >"$tmp"
    chmod 0644 "$tmp"
    mv "$tmp" "$MARIADB_CNF"
  fi
  if [ "$dry_run" = 1 ] || systemctl is-active --quiet mariadb.service; then
    note "restarting MariaDB for the new buffer pool"
    run systemctl restart mariadb.service ||
      die "MariaDB does not start with innodb_buffer_pool_size = ${mb}M: lower it in $MARIADB_CNF, then run install.sh again (journalctl -u mariadb)"
  fi
}

setup_user_and_dirs() {
  say "system user '$SVC_USER' and directories"
  if ! id "$SVC_USER" >/dev/null 2>&1; then
    run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
  fi
  # The configuration is readable by the portal, not writable: it holds the database password.
  run install -d -m 0750 -o root -g "$SVC_USER" "$CONF_DIR"
  run install -d -m 0750 -o "$SVC_USER" -g "$SVC_USER" "$DATA_DIR"
  run install -d -m 0750 -o "$SVC_USER" -g "$SVC_USER" "$BACKUP_DIR"
}

setup_database() {
  local dsn pw
  if [ "$fresh" = 0 ]; then
    dsn=$(conf_value database dsn)
    if ! local_dsn "$dsn"; then
      say "database: database.dsn of $CONF is not the local one made by install.sh: left as is"
      return
    fi
    pw=${dsn#"$DB_USER:"}
    pw=${pw%%@*}
    say "database '$DB_NAME': kept, with its user and password"
  else
    pw=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    pw=${pw:0:32}
    say "database '$DB_NAME' and its user '$DB_USER' (random password, unix socket)"
  fi
  DB_DSN="$DB_USER:$pw@unix($DB_SOCKET)/$DB_NAME"
  local stmt="CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';"
  sql "$stmt" "${stmt//$pw/********}"
}

write_config() {
  if [ "$fresh" = 0 ]; then
    return
  fi
  local example="$SRC_DIR/config.example.toml"
  [ -f "$example" ] || die "$example not found: run install.sh from the portal's source checkout or release archive"
  say "writing $CONF (from config.example.toml)"
  local public_url="https://$domain" from="Portail BIGDATA CENTER <portail@$domain>"
  note "server.public_url = \"$public_url\", data.dir = \"$DATA_DIR\", tls.mode = \"$tls_mode\""
  note "database.dsn = \"$DB_USER:********@unix($DB_SOCKET)/$DB_NAME\", smtp.from = \"$from\""
  if [ "$dry_run" = 1 ]; then
    printf '[dry-run] write %s (root:%s 0640)\n' "$CONF" "$SVC_USER"
    return
  fi
  local tmp
  tmp=$(mktemp "$CONF.XXXXXX")
  cp "$example" "$tmp"
  toml_set "$tmp" server public_url "\"$public_url\""
  toml_set "$tmp" database dsn "\"$DB_DSN\""
  toml_set "$tmp" data dir "\"$DATA_DIR\""
  toml_set "$tmp" smtp from "\"$from\""
  toml_set "$tmp" tls mode "\"$tls_mode\""
  case $tls_mode in
    auto)
      toml_set "$tmp" tls domains "[\"$domain\"]"
      toml_set "$tmp" tls email "\"$email\""
      ;;
    files)
      toml_set "$tmp" tls cert_file "\"$(realpath "$cert_file")\""
      toml_set "$tmp" tls key_file "\"$(realpath "$key_file")\""
      if ! runuser -u "$SVC_USER" -- test -r "$key_file"; then
        note "warning: the user $SVC_USER cannot read $key_file: the portal will not start (chgrp $SVC_USER and chmod 0640 it)"
      fi
      ;;
    off)
      toml_set "$tmp" server listen "\"127.0.0.1:8080\""
      toml_set "$tmp" tls trusted_proxies "[\"127.0.0.1\", \"::1\"]"
      ;;
  esac
  chown root:"$SVC_USER" "$tmp"
  chmod 0640 "$tmp"
  mv "$tmp" "$CONF"
}

install_binary() {
  local built=""
  if [ -n "$binary" ]; then
    [ "$dry_run" = 1 ] || [ -x "$binary" ] || die "--binary $binary is not an executable file"
    say "installing $binary to $BIN"
  elif [ -f "$SRC_DIR/go.mod" ] && [ -f "$SRC_DIR/main.go" ]; then
    say "building the portal from $SRC_DIR (go build)"
    if [ "$dry_run" = 0 ] && ! command -v go >/dev/null 2>&1; then
      die "Go is not installed: install Go 1.26+ (https://go.dev/doc/install) or pass --binary PATH"
    fi
    local version
    version=$(git -C "$SRC_DIR" describe --tags --always --dirty 2>/dev/null || echo dev)
    if [ "$dry_run" = 1 ]; then built="/tmp/portal-build"; else built=$(mktemp -d); fi
    binary="$built/portal"
    (cd "$SRC_DIR" && run env CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/bigdatacenter/portal/app/version.Version=$version" -o "$binary" .)
  else
    die "no --binary given and $SRC_DIR is not a source checkout"
  fi
  run install -m 0755 -o root -g root "$binary" "$BIN"
  if [ -n "$built" ] && [ "$dry_run" = 0 ]; then rm -rf "$built"; fi
}

as_portal() { run runuser -u "$SVC_USER" -- env PORTAL_LOG_LEVEL=warn "$@"; }

migrate() {
  if service_installed && systemctl is-active --quiet portal.service 2>/dev/null; then
    say "stopping the running portal for the upgrade"
    run systemctl stop portal.service
  fi
  say "applying the database migrations (portal migrate)"
  as_portal "$BIN" migrate --config "$CONF"
}

create_admin() {
  if [ -z "$admin_email" ]; then
    if [ "$fresh" = 1 ]; then
      note "no --admin-email: create the first admin later with: sudo -u $SVC_USER $BIN admin create --config $CONF"
    fi
    return
  fi
  say "creating the first admin $admin_email (portal admin create)"
  local pw="" pw2=""
  if [ -n "$admin_password_file" ]; then
    [ "$dry_run" = 1 ] || [ -r "$admin_password_file" ] || die "cannot read $admin_password_file"
    if [ "$dry_run" = 0 ]; then IFS= read -r pw <"$admin_password_file" || true; fi
  elif interactive; then
    read -r -s -p "Password for $admin_email (12 characters or more): " pw; echo
    read -r -s -p "Password again: " pw2; echo
    [ "$pw" = "$pw2" ] || die "the two passwords differ"
  elif [ "$dry_run" = 0 ]; then
    note "no terminal and no --admin-password-file: create the admin later with: sudo -u $SVC_USER $BIN admin create --config $CONF"
    return
  fi
  if [ "$dry_run" = 1 ]; then
    printf '[dry-run] runuser -u %s -- %s admin create --config %s  (e-mail and password on standard input)\n' "$SVC_USER" "$BIN" "$CONF"
    return
  fi
  local out
  # E-mail and password go through a pipe, never the command line (visible in ps).
  if out=$(printf '%s\n%s\n' "$admin_email" "$pw" | runuser -u "$SVC_USER" -- env PORTAL_LOG_LEVEL=warn "$BIN" admin create --config "$CONF" 2>&1); then
    note "$out"
  elif [[ $out == *"existe déjà"* ]]; then
    note "the admin $admin_email already exists: kept"
  else
    die "portal admin create failed: $out"
  fi
}

open_firewall() {
  [ "$tls_mode" = off ] && return
  if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
    say "firewall (ufw): opening ports 80 and 443"
    run ufw allow 80/tcp
    run ufw allow 443/tcp
  else
    note "make sure ports 80 and 443 (TCP) reach this server (firewall, cloud security group)"
  fi
}

# service_failed MESSAGE: the service's last journal lines, then exit non-zero.
service_failed() {
  printf 'install.sh: %s; the last lines of its journal:\n' "$1" >&2
  journalctl -u portal.service -n 25 --no-pager -o short-iso >&2 || true
  die "the portal is not running: fix the cause above, then run install.sh again (journalctl -u portal -n 100)"
}

# answers HOST PORT: whether the portal answers there (/healthz in plain HTTP, a TLS port opens).
answers() {
  # shellcheck disable=SC2016 # the inner shell expands $1 and $2
  if [ "$tls_mode" = off ]; then
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 &&
      IFS= read -r status <&3 && [[ $status == "HTTP/1."?" 200"* ]]' _ "$1" "$2" 2>/dev/null
  else
    timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
  fi
}

install_service() {
  say "installing and starting the service (portal service install)"
  run "$BIN" service install --config "$CONF" --user "$SVC_USER" --no-start-hint
  # Type=notify: the restart returns once the portal has migrated its database and listens
  # (TimeoutStartSec bounds it), and fails when the portal exits first (a port already taken).
  if ! run "$BIN" service restart; then
    service_failed "the service did not start"
  fi
  [ "$dry_run" = 0 ] || return 0
  local addr host port tries=20
  if [ "$tls_mode" = off ]; then addr=$(conf_value server listen) && addr=${addr:-:8080}; else addr=$(conf_value tls https_listen) && addr=${addr:-:443}; fi
  port=${addr##*:} host=${addr%:*}
  host=${host#[} host=${host%]}
  case $host in "" | 0.0.0.0 | "::") host=127.0.0.1 ;; esac
  until answers "$host" "$port"; do
    tries=$((tries - 1))
    if [ "$tries" = 0 ] || ! systemctl is-active --quiet portal.service; then
      service_failed "the portal does not answer on $host:$port"
    fi
    sleep 1
  done
}

do_install() {
  gather_answers
  install_packages
  size_buffer_pool
  setup_user_and_dirs
  setup_database
  write_config
  install_binary
  migrate
  create_admin
  open_firewall
  install_service
  local url
  url=$(conf_value server public_url)
  [ -n "$url" ] || url="https://$domain"
  say "done: the portal is at $url"
  if [ "$tls_mode" = auto ] && [ "$fresh" = 1 ]; then
    note "the portal asks Let's Encrypt for its certificate at start: $domain must point at this server"
    note "and ports 80 and 443 must be open (journalctl -u portal shows 'tls: certificate ready')"
  fi
  note "logs: journalctl -u portal -f    status: $BIN service status"
  note "backups: $BIN backup now|list|verify --config $CONF (run as $SVC_USER)"
}

main() {
  preflight
  if [ "$uninstall" = 1 ]; then
    do_uninstall
  else
    [ "$purge" = 0 ] || die "--purge goes with --uninstall"
    do_install
  fi
}

# Sourced (by a test), it only defines its functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main
fi
