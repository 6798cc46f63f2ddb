#!/usr/bin/env bash
# A real editor drives the language server: headless Neovim opens examples/bad.md with
# `okr lsp` attached, waits for diagnostics and writes them out; they must match what
# `okr lint` reports for the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
OKR_BIN="$PWD/target/release/okr" OKR_NVIM_DOC=examples/bad.md OKR_NVIM_OUT="$out/diagnostics" \
  timeout 60 nvim --headless --clean -c "luafile tests/editor/neovim.lua"
# What okr lint says, in the same shape: CODE line message (Neovim counts columns in
# bytes, okr in characters, so columns are left out).
./target/release/okr lint examples/bad.md --format json > "$out/lint.json" || true
python3 - "$out/lint.json" > "$out/unsorted" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1])):
    print(f"{d['code']} {d['line']} {d['message']}")
PY
LC_ALL=C sort "$out/unsorted" > "$out/expected"
echo "Neovim received $(wc -l < "$out/diagnostics") diagnostics:"
cat "$out/diagnostics"
grep -q '^OKR302 ' "$out/diagnostics" || { echo "no OKR302 finding in Neovim" >&2; exit 1; }
diff -u "$out/expected" "$out/diagnostics"
