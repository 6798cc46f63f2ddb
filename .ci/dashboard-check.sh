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
"$okr" report --html "$out/site" "$repo/examples" "$repo/tests/fixtures/score/support.md" \
  "$repo/tests/fixtures/report/mixed-units.md" --as-of 2026-02-20
browse() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" 2>/dev/null; }
charted="$(basename "$(ls -1 "$out/site"/doc*-o1.html | tail -1)")"
expect() { grep -q "$2" "$out/dom.html" || { echo "dashboard: $1 lacks $2" >&2; exit 1; }; }
for page in index.html "$charted"; do
  browse --dump-dom "file://$out/site/$page" > "$out/dom.html"
  expect "$page" "<title>"
  expect "$page" 'class="rag'
  for width in 1280 375; do
    browse --window-size=$width,1400 --screenshot="$out/shot.png" "file://$out/site/$page" >/dev/null
    python3 "$repo/.ci/check_screenshot.py" "$out/shot.png"
  done
done
browse --dump-dom "file://$out/site/index.html" > "$out/dom.html"
expect index.html 'id="needs-attention"'
expect index.html 'Help: Need a CDN budget owner'
# The mixed-units document's O1 page has the thread and the chart.
mixed="$(basename "$(grep -l 'storefront p95' "$out/site"/doc*-o1.html)")"
browse --dump-dom "file://$out/site/$mixed" > "$out/dom.html"
expect "$mixed" 'class="thread"'
expect "$mixed" 'class="low"'
# `0.6s` on a millisecond KR is plotted at 600 on the axis, beside `850 ms` at 850.
expect "$mixed" 'data-value="600"'
expect "$mixed" 'data-value="850"'
expect "$mixed" 'class="y-label"'
expect "$mixed" 'class="zone-green"'
# A ladder KR's rungs are shaded by the band of their score.
ladder="$(basename "$(grep -l 'median ticket cycle time' "$out/site"/doc*-o1.html)")"
browse --dump-dom "file://$out/site/$ladder" > "$out/dom.html"
expect "$ladder" 'class="zone-red"' 
echo "dashboard: rendered in Chromium"
