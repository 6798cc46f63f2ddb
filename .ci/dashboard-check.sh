#!/usr/bin/env bash
# Builds the HTML dashboard from examples/ and opens it in headless Chromium (Debian's
# chromium package): the page must have its title and the screenshot must not be blank.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
okr="$repo/target/release/okr"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$okr" report --html "$out/site" "$repo/examples" "$repo/tests/fixtures/score/support.md" --as-of 2026-02-20
browse() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>/dev/null; }
charted="$(basename "$(ls -1 "$out/site"/doc*-o1.html | tail -1)")"
for page in index.html "$charted"; do
  browse --dump-dom "file://$out/site/$page" > "$out/dom.html"
  grep -q "<title>" "$out/dom.html" || { echo "dashboard: $page has no title" >&2; exit 1; }
  grep -q 'class="rag' "$out/dom.html" || { echo "dashboard: $page shows no RAG" >&2; exit 1; }
  browse --window-size=1000,1200 --screenshot="$out/shot.png" "file://$out/site/$page" >/dev/null
  python3 "$repo/.ci/check_screenshot.py" "$out/shot.png"
done
echo "dashboard: rendered in Chromium"
