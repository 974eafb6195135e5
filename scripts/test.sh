#!/usr/bin/env bash
# Runs every test: Go (vet, race detector, real MariaDB), the frontend unit tests and lint, the check that
# the committed bundle matches its sources, and the browser tests in headless Chromium.
# Installs what it needs when missing (MariaDB server, Chromium, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

need_packages mariadbd:mariadb-server chromium:chromium pdftotext:poppler-utils
need_nats_server

echo "==> go vet and formatting"
# shellcheck disable=SC2046 # Go file names hold no spaces
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './embed/frontend/node_modules/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...

echo "==> shellcheck, and install.sh --dry-run"
need_packages shellcheck:shellcheck
shellcheck install.sh scripts/*.sh
dry=$(./install.sh --dry-run --domain portail.example.com --email ops@example.com --admin-email admin@example.com)
for step in mariadb innodb_buffer_pool_size "CREATE DATABASE" "CREATE USER" useradd /etc/portal/portal.toml "go build" \
  "portal migrate" "admin create" "service install" "service restart" "https://portail.example.com"; do
  if ! grep -qF -- "$step" <<<"$dry"; then
    printf 'install.sh --dry-run does not mention "%s":\n%s\n' "$step" "$dry" >&2
    exit 1
  fi
done

echo "==> frontend: install, unit tests, lint (ESLint, Prettier), bundle check"
( cd embed/frontend && npm ci --no-audit --no-fund --loglevel=error )
( cd embed/frontend && npm test )
( cd embed/frontend && npm run lint --silent )
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
( cd embed/frontend && PORTAL_DIST_DIR="$fresh/dist" npm run build --silent >/dev/null )
if ! diff -r "$fresh/dist" embed/dist >/dev/null; then
  diff -r "$fresh/dist" embed/dist | head -20 >&2 || true
  echo "embed/dist differs from a fresh build of embed/frontend: run 'cd embed/frontend && npm run build' and commit embed/dist" >&2
  exit 1
fi

echo "==> go test -race"
# The storage tests run against a real S3-compatible server: install it, and let its absence
# fail them rather than skip them.
need_versitygw
PORTAL_TEST_REQUIRE_S3=1 go test -race -count=1 -timeout 25m ./...

echo "==> load harness, short run (the full one is ./scripts/bench.sh)"
./scripts/bench.sh --quick

echo "==> browser tests (headless Chromium)"
# The browser tests start the binary themselves (private database, loopback SMTP server).
go build -o "$fresh/portal" .
( cd embed/frontend && PORTAL_BIN="$fresh/portal" npm run e2e )

echo "==> cluster test: 3 Galera nodes, NATS, S3, 3 portals behind haproxy (about 2 minutes)"
as_root ./scripts/cluster.sh

echo "==> installation test: install.sh and the unit under systemd (Debian 12 in systemd-nspawn)"
as_root ./scripts/install_test.sh
echo "==> all tests passed"
