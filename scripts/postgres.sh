#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers for the tests and prints the admin URL
# to use (ATTUNE_TEST_POSTGRES_URL). Uses the server on 127.0.0.1:5432 when one
# answers; otherwise starts a throwaway cluster with Debian's initdb/pg_ctl as a
# non-root user, in a temporary folder, on a free port. Stop it with
#   scripts/postgres.sh stop DIR
set -euo pipefail

if [ "${1:-}" = stop ]; then
  dir=$2
  [ -d "$dir" ] || exit 0
  as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$(stat -c %U "$dir")" -- "$@"; else "$@"; fi; }
  as_owner "$(pgbin)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

pgbin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)"
}

url=${ATTUNE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3 \
   && psql "$url" -Atqc 'select 1' >/dev/null 2>&1; then
  echo "$url"
  exit 0
fi

bin=$(pgbin)
if [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL with apt-get..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pgbin)
  else
    echo "PostgreSQL is needed for the tests: install it (apt-get install postgresql) or set ATTUNE_TEST_POSTGRES_URL" >&2
    exit 1
  fi
fi

dir=$(mktemp -d /tmp/attune-pg.XXXXXX)
user=$(id -un)
if [ "$(id -u)" = 0 ]; then
  user=postgres
  id postgres >/dev/null 2>&1 || user=nobody
  chown "$user" "$dir"
fi
run() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
run "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
run "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "started a throwaway PostgreSQL in $dir on port $port" >&2
echo "$dir" > "${ATTUNE_PG_DIR_FILE:-/dev/null}"
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
