#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throw-away PostgreSQL server started on loopback,
# in a temporary directory, as the postgres user (Debian's postgresql package must be installed).
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PGBIN" ]; then echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 2; fi
PGTMP=$(mktemp -d /tmp/infradatos-pg.XXXXXX)
PGPORT=$((20000 + RANDOM % 20000))
as_root chown postgres:postgres "$PGTMP"
stop_postgres() { as_root su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$PGTMP/data' -m fast stop" >/dev/null 2>&1 || true; as_root rm -rf "$PGTMP"; }
trap stop_postgres EXIT
as_root su postgres -s /bin/sh -c "'$PGBIN/initdb' -D '$PGTMP/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null
as_root su postgres -s /bin/sh -c "'$PGBIN/pg_ctl' -D '$PGTMP/data' -l '$PGTMP/log' -w -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k '$PGTMP' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" "$@"
