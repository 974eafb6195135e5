#!/usr/bin/env bash
# Quick start: brings the portal up on http://localhost:8080 with its own private database
# (data in ./data). Installs the MariaDB server package when it is missing. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
need_packages mariadbd:mariadb-server
go build -o bin/portal .
echo "==> portal on http://localhost:8080 (create the first admin in another terminal: bin/portal admin create)"
exec bin/portal serve "$@"
