#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb in a temporary directory, a free
# loopback port, POSTGRES_URL exported for the command; the server is stopped and deleted afterwards.
# Usage: scripts/with-postgres.sh <command> [args...]
set -euo pipefail

for tool in initdb pg_ctl psql; do
  command -v "$tool" >/dev/null || { echo "with-postgres: $tool not found (install PostgreSQL 15 server binaries)" >&2; exit 1; }
done

workdir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-pg.XXXXXX")
port=$(node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

# PostgreSQL refuses to run as root: hand the cluster to the postgres user when we are root.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" pg_ctl -D "$workdir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

# The cluster's superuser is kept for setup; the application gets an ordinary role (it may create
# databases, which the schema tests do, and the trusted extensions of its own databases; nothing more).
"${as_owner[@]}" initdb -D "$workdir/data" -U cluster_admin --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" pg_ctl -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
  start >/dev/null
psql -q -h 127.0.0.1 -p "$port" -U cluster_admin -d postgres \
  -c "create role frontdesk login nosuperuser createdb nocreaterole noreplication nobypassrls" \
  -c "create database frontdesk owner frontdesk" >/dev/null

export POSTGRES_URL="postgresql://frontdesk@127.0.0.1:$port/frontdesk"
echo "with-postgres: PostgreSQL $(psql -tA -h 127.0.0.1 -p "$port" -U frontdesk -d frontdesk -c 'show server_version') at $POSTGRES_URL" >&2
"$@"
