#!/usr/bin/env bash
# make test: every test, against real parts: SQLite and PostgreSQL, a real S3
# server (versitygw), the real ffmpeg and a real chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local

. scripts/needs.sh
need_ffmpeg
need_pdftoppm
need_letter_fonts
need_chromium
need_nginx
need_espeak

echo "== formatting and vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt: these files need formatting:"; echo "$unformatted"; exit 1; fi
go vet ./...

echo "== test services"
pgdirfile=$(mktemp)
export ATTUNE_PG_DIR_FILE=$pgdirfile
ATTUNE_TEST_POSTGRES_URL=$(scripts/postgres.sh)
export ATTUNE_TEST_POSTGRES_URL
cleanup() { d=$(cat "$pgdirfile" 2>/dev/null || true); [ -n "$d" ] && scripts/postgres.sh stop "$d"; rm -f "$pgdirfile"; }
trap cleanup EXIT
ATTUNE_TEST_VERSITYGW=$(scripts/versitygw.sh)
export ATTUNE_TEST_VERSITYGW
export ATTUNE_REQUIRE_ALL=1
export ATTUNE_ARTIFACTS=${ATTUNE_ARTIFACTS:-$PWD/.artifacts}

echo "== go test"
go test -count=1 -timeout 25m ./...
