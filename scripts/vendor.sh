#!/usr/bin/env bash
# Fetches the front-end files attune ships (no CDN at run time) from the npm
# registry and records their versions in VENDORED.md. Run it to upgrade them.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fetch() { # package version file-in-package destination
  (cd "$tmp" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "x-$1" && tar xzf "$1-$2.tgz" -C "x-$1")
  cp "$tmp/x-$1/package/$3" "$4"
  printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >> "$tmp/table"
}
fetch htmx.org 2.0.8 dist/htmx.min.js internal/web/static/htmx.min.js
fetch axe-core 4.14.1 axe.min.js internal/browsertest/testdata/axe.min.js
fetch tus-js-client 4.3.1 dist/tus.min.js internal/web/static/tus.min.js
{ echo "# Vendored front-end files"; echo; echo "Made by scripts/vendor.sh; do not edit by hand."; echo
  echo "| package | version | file | copied to |"; echo "|---|---|---|---|"; cat "$tmp/table"; } > VENDORED.md
