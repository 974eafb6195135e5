#!/usr/bin/env bash
# Runs every test: Go (vet, race detector, real MariaDB), the frontend unit tests, the check that
# the committed bundle matches its sources, and the browser tests in headless Chromium.
# Installs what it needs when missing (MariaDB server, Chromium, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

need_packages mariadbd:mariadb-server chromium:chromium

echo "==> go vet and formatting"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './embed/frontend/node_modules/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...

echo "==> frontend: install, unit tests, bundle check"
( cd embed/frontend && npm ci --no-audit --no-fund --loglevel=error )
( cd embed/frontend && npm test )
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
( cd embed/frontend && PORTAL_DIST_DIR="$fresh/dist" npm run build --silent >/dev/null )
if ! diff -r "$fresh/dist" embed/dist >/dev/null; then
  diff -r "$fresh/dist" embed/dist | head -20 >&2 || true
  echo "embed/dist differs from a fresh build of embed/frontend: run 'cd embed/frontend && npm run build' and commit embed/dist" >&2
  exit 1
fi

echo "==> go test -race"
go test -race -count=1 ./...

echo "==> browser tests (headless Chromium)"
go build -o "$fresh/portal" .
port=$((20000 + RANDOM % 20000))
PORTAL_DATA_DIR="$fresh/data" PORTAL_SERVER_LISTEN="127.0.0.1:$port" PORTAL_DATABASE_DSN="" PORTAL_LOG_LEVEL=warn \
  "$fresh/portal" serve --config "$fresh/none.toml" >"$fresh/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$fresh"' EXIT
for _ in $(seq 1 300); do
  # The portal listens only once its database is migrated: an open port means ready.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$fresh/serve.log" >&2; exit 1; }
  sleep 0.2
done
( cd embed/frontend && PORTAL_URL="http://127.0.0.1:$port" PORTAL_BIN="$fresh/portal" PORTAL_DATA_DIR="$fresh/data" npm run e2e )
echo "==> all tests passed"
