#!/usr/bin/env bash
# make bench: attune's performance figures, each against a baseline measured
# in the same run, written to .artifacts/bench-*.txt:
#   - load: the caseload page and GET /api/v1/cases (all, closed, found by
#     reference) for a practitioner with 1,000 of a service's 20,000 cases,
#     under 50 clients, on SQLite and PostgreSQL, against GET /healthz, with
#     the top of each route's CPU profile;
#   - stream: Range reads and sequential reads of an encrypted recording,
#     against the same bytes served from a plain file;
#   - view audit: video Range throughput with the viewing audit on against
#     off (toggled on one server), default window and an entry per request;
#   - ingest: a tus upload, encrypted, against a raw write with fsync;
#   - processing: ready-to-play and transcode speed, against plain ffmpeg;
#   - clip speed: POST …/clips to export ready and a film's render to ready,
#     through the real server and job queue, against a plain exact re-encode
#     of the same frames, with where the time went;
#   - mixed: pages, annotation saves, video ranges and upload PATCHes at
#     once, at 10, 50, 100 and 200 users (ATTUNE_BENCH_USERS), both databases;
#   - scale-out: the same traffic against the real binary, one server on
#     SQLite against two servers and two workers on PostgreSQL and versitygw
#     behind nginx;
#   - moments: the moment finder's precision and recall on generated scenes
#     per kind, and its speed against a plain pass over the samples;
#   - audited writes: 50 and 200 writers on PostgreSQL, each entry under the
#     chain head's row lock against queued and sealed in batches;
#   - sealing: a 1,000-case caseload read with the case's text sealed against
#     kept in the clear, and sealing existing values in place (rows/s).
# ATTUNE_BENCH_SECONDS (per load route, default 10), ATTUNE_BENCH_STREAM_MB
# (default 2048), ATTUNE_BENCH_INGEST_MB (default 2048),
# ATTUNE_BENCH_VIDEO_SECONDS (default 600), ATTUNE_BENCH_HEVC_SECONDS (default 120),
# ATTUNE_BENCH_WORKSPACE_SECONDS (the workspace seek film, default 600: 10 minutes
# of 1080p30), ATTUNE_BENCH_SEEKS (places it seeks from, default 100) and
# ATTUNE_BENCH_CLIP_SOURCE_SECONDS (default 120).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local ATTUNE_BENCH=1 ATTUNE_REQUIRE_ALL=1
. scripts/needs.sh
need_ffmpeg
need_nginx
need_espeak
pgdirfile=$(mktemp)
export ATTUNE_PG_DIR_FILE=$pgdirfile
ATTUNE_TEST_POSTGRES_URL=$(scripts/postgres.sh)
export ATTUNE_TEST_POSTGRES_URL
cleanup() { d=$(cat "$pgdirfile" 2>/dev/null || true); [ -n "$d" ] && scripts/postgres.sh stop "$d"; rm -f "$pgdirfile"; }
trap cleanup EXIT
mkdir -p .artifacts
a=$PWD/.artifacts
ATTUNE_BENCH_OUT=$a/bench-load.txt go test -run '^TestLoad$' -v -count=1 -timeout 30m ./internal/loadtest/ > "$a/bench-load.log" 2>&1
ATTUNE_BENCH_STREAM_OUT=$a/bench-stream.txt go test -run '^TestStreamLoad$' -v -count=1 -timeout 30m ./internal/loadtest/ > "$a/bench-stream.log" 2>&1
ATTUNE_BENCH_AUDIT_OUT=$a/bench-audit.txt go test -run '^TestViewAuditLoad$' -v -count=1 -timeout 30m ./internal/loadtest/ > "$a/bench-audit.log" 2>&1
ATTUNE_BENCH_INGEST_MB=${ATTUNE_BENCH_INGEST_MB:-2048} go test -run '^$' -bench '^BenchmarkIngest$' -benchtime 1x -count=1 -timeout 30m ./internal/upload/ | tee "$a/bench-ingest.txt"
ATTUNE_BENCH_PROCESSING_OUT=$a/bench-processing.txt go test -run '^TestProcessingSpeed$' -v -count=1 -timeout 60m ./internal/processing/ > "$a/bench-processing.log" 2>&1
ATTUNE_BENCH_CLIP_OUT=$a/bench-clip.txt go test -run '^TestClipSpeedBench$' -v -count=1 -timeout 30m ./internal/app/ > "$a/bench-clip.log" 2>&1
ATTUNE_BENCH_SECONDS=${ATTUNE_BENCH_MIXED_SECONDS:-6} ATTUNE_BENCH_MIXED_OUT=$a/bench-mixed.txt go test -run '^TestMixedLoad$' -v -count=1 -timeout 30m ./internal/loadtest/ > "$a/bench-mixed.log" 2>&1
ATTUNE_TEST_VERSITYGW=${ATTUNE_TEST_VERSITYGW:-$(scripts/versitygw.sh)} ATTUNE_BENCH_SECONDS=${ATTUNE_BENCH_MIXED_SECONDS:-6} ATTUNE_BENCH_SCALEOUT_OUT=$a/bench-scaleout.txt go test -run '^TestScaleOutLoad$' -v -count=1 -timeout 30m ./internal/scaleout/ > "$a/bench-scaleout.log" 2>&1
rm -f "$a/bench-sealing.txt" # the test appends one line per database
ATTUNE_BENCH_SEALING_OUT=$a/bench-sealing.txt go test -run '^TestSealingCost$' -v -count=1 -timeout 30m ./internal/store/ > "$a/bench-sealing.log" 2>&1
go test -run '^TestAnnotationSaveLoad$' -v -count=1 -timeout 30m ./internal/loadtest/ > "$a/bench-analysis.txt" 2>&1
ATTUNE_BENCH_SECONDS=${ATTUNE_BENCH_AUDITQ_SECONDS:-5} ATTUNE_BENCH_AUDITQ_OUT=$a/bench-auditq.txt go test -run '^TestAuditedWriteLoad$' -v -count=1 -timeout 10m ./internal/store/ > "$a/bench-auditq.log" 2>&1
ATTUNE_BENCH_MOMENTS_OUT=$a/bench-moments.txt go test -run '^TestEvalFull$' -bench '^BenchmarkAnalyze$' -benchtime 20x -v -count=1 -timeout 30m ./internal/turns/ > "$a/bench-moments.log" 2>&1
ATTUNE_BENCH_WORKSPACE_OUT=$a/bench-workspace.txt go test -run '^TestWorkspaceBench$' -v -count=1 -timeout 100m ./internal/browsertest/ > "$a/bench-workspace.log" 2>&1
cat "$a"/bench-load.txt "$a"/bench-auditq.txt "$a"/bench-mixed.txt "$a"/bench-sealing.txt "$a"/bench-scaleout.txt "$a"/bench-stream.txt "$a"/bench-audit.txt "$a"/bench-processing.txt "$a"/bench-clip.txt "$a"/bench-moments.txt "$a"/bench-workspace.txt
grep -h 'BenchmarkAnalyze' "$a/bench-moments.log" || true
echo "bench: tables in $a/bench-*.txt, logs beside them"
