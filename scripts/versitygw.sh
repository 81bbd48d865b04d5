#!/bin/sh
# Install versitygw (a real S3 gateway) for the blob tests, or print its path.
#
#   scripts/versitygw.sh          install if missing, then print the binary path
#   scripts/versitygw.sh path     print the binary path (exit 1 if not installed)
#
# Cache directory: $VERSITYGW_DIR, default $(go env GOPATH)/bin. The first
# build takes about two minutes. Then run the tests with:
#
#   ATTUNE_TEST_VERSITYGW=$(scripts/versitygw.sh path) go test ./internal/blob/
set -eu

version=v1.8.0
dir=${VERSITYGW_DIR:-$(GOTOOLCHAIN=local go env GOPATH)/bin}
bin=$dir/versitygw

case ${1:-install} in
path)
	if [ ! -x "$bin" ]; then
		echo "versitygw is not installed at $bin; run scripts/versitygw.sh" >&2
		exit 1
	fi
	echo "$bin"
	;;
install)
	if [ ! -x "$bin" ]; then
		echo "building versitygw $version into $dir (about two minutes)..." >&2
		mkdir -p "$dir"
		GOBIN=$dir GOTOOLCHAIN=local go install "github.com/versity/versitygw/cmd/versitygw@$version"
	fi
	echo "$bin"
	;;
*)
	echo "usage: scripts/versitygw.sh [install|path]" >&2
	exit 2
	;;
esac
