#!/usr/bin/env bash
# Measures attune under load (make bench): the caseload page and
# GET /api/v1/cases with 1,000 cases, 50 concurrent clients on 127.0.0.1, on
# SQLite and PostgreSQL, each against GET /healthz measured in the same run.
# ATTUNE_BENCH_SECONDS sets the seconds per route (default 10).
# The table goes to .artifacts/bench-foundation.txt, the whole log next to it.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local ATTUNE_BENCH=1 ATTUNE_REQUIRE_ALL=1
pg=${ATTUNE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
if command -v pg_isready >/dev/null; then
  pg_isready -q -t 5 -d "$pg" && up=1 || up=0
else # no client tools: at least the port must answer
  (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && up=1 || up=0
fi
if [ "$up" != 1 ]; then
  echo "bench: PostgreSQL does not answer at $pg." >&2
  echo "bench: start it (make test does), or point ATTUNE_TEST_POSTGRES_URL at one, then run make bench again." >&2
  exit 1
fi
mkdir -p .artifacts
export ATTUNE_BENCH_OUT="$PWD/.artifacts/bench-foundation.txt"
go test -run '^TestLoad$' -v -count=1 -timeout 20m ./internal/loadtest/ 2>&1 | tee .artifacts/bench-foundation.log
echo "bench: table in $ATTUNE_BENCH_OUT, log in .artifacts/bench-foundation.log"
