#!/usr/bin/env bash
# Starts a private PostgreSQL 15 on loopback for the tests (its own data
# directory, port and socket; never touches a system cluster) and prints the
# URL to use. Idempotent. `scripts/pg-test-server.sh stop` stops and removes it;
# `restart` restarts it (fast: open connections are cut) and `pause` stops it,
# keeping its data, until the next plain call starts it again: for the tests
# that show the server riding out a database restart or outage.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
PGDATA=${GRIDGOV_PGDATA:-/tmp/gridgov-pg}
PGPORT=${GRIDGOV_PGPORT:-55432}
URL="postgresql://gridgov:secret@127.0.0.1:$PGPORT/gridgov_test"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then (cd /tmp && runuser -u postgres -- "$@"); else (cd /tmp && "$@"); fi
}

if [ "${1:-}" = "stop" ]; then
  as_pg $PGBIN/pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA"
  exit 0
fi

if [ "${1:-}" = "pause" ]; then
  as_pg $PGBIN/pg_ctl -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
  exit 0
fi

if [ "${1:-}" = "restart" ]; then
  as_pg $PGBIN/pg_ctl -D "$PGDATA" -m fast -w -t 60 restart >/dev/null
  exit 0
fi

[ -x $PGBIN/initdb ] || { echo "PostgreSQL 15 is not installed (GRIDGOV_WITH_POSTGRES=1 scripts/install-deps.sh)" >&2; exit 1; }
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  if [ "$(id -u)" -eq 0 ]; then install -d -o postgres -g postgres -m 700 "$PGDATA"; else install -d -m 700 "$PGDATA"; fi
  as_pg $PGBIN/initdb -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
fi
if ! as_pg $PGBIN/pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
  if ss -Hltn "sport = :$PGPORT" | grep -q .; then echo "port $PGPORT is busy" >&2; exit 1; fi
  as_pg $PGBIN/pg_ctl -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDATA -c max_connections=300 -c fsync=on" start >/dev/null
fi
as_pg psql -X -q -h "$PGDATA" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -v u=gridgov -v p=secret -v d=gridgov_test >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L CREATEDB', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'d') \gexec
SQL
echo "$URL"
