#!/usr/bin/env bash
# make run: install what is missing, build, and start attune on ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
. scripts/needs.sh
command -v go >/dev/null || { echo "attune needs Go 1.26: see https://go.dev/doc/install" >&2; exit 1; }
need_ffmpeg || echo "(attune starts without ffmpeg, but video processing needs it)" >&2
need_letter_fonts || echo "(without these fonts the closing letter shows emoji and Chinese or Japanese as �)" >&2
mkdir -p bin
go build -o bin/attune ./cmd/attune
echo "Starting attune. Sign in at the address below; on the first start, open the one-time setup link it prints."
exec ./bin/attune serve "$@"
