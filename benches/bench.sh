#!/usr/bin/env bash
# Whole-command benchmarks with hyperfine, side by side in one run (quote ratios, not
# absolute times: machines are shared and noisy). Installs hyperfine and, when the
# registries are reachable, the peers rumdl (PyPI) and markdownlint-cli2 (npm).
#
# Usage: bash benches/bench.sh [N=10000] [OUT=target/bench]   (SCALE_N=100000 for scale.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
out="${2:-target/bench}"
mkdir -p "$out"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v rumdl >/dev/null || python3 -m pip install -q rumdl || true
command -v markdownlint-cli2 >/dev/null || npm install -g --silent markdownlint-cli2 || true

cargo build --release -q --bin okr --example parse_floor
okr="$PWD/target/release/okr"
floor="$PWD/target/release/examples/parse_floor"
corpus="$out/corpus-$n"
[ -d "$corpus" ] || python3 benches/gen_corpus.py "$n" "$corpus"
# The pre-commit case: one document in a small okrs/ tree of its own.
mkdir -p "$out/one/okrs"
cp "$corpus/team00/okrs-00000.md" "$out/one/okrs/team.md"
one="$out/one/okrs/team.md"
big="$out/big"
[ -f "$big/big.md" ] || python3 benches/gen_corpus.py 1 "$big" --one-file-bytes 1000000
asof=2026-04-15

echo "== $n documents ($(du -shL "$corpus" | cut -f1) on disk), $(nproc) cores"
peers=()
command -v rumdl >/dev/null && peers+=(-n "rumdl check (no cache)" "rumdl check --no-cache --silent $corpus || true")
command -v markdownlint-cli2 >/dev/null && [ "$n" -le 1000 ] && peers+=(-n "markdownlint-cli2" "markdownlint-cli2 '$corpus/**/*.md' >/dev/null 2>&1 || true")
hyperfine --warmup 1 --runs 5 --export-markdown "$out/corpus-$n.md" \
  -n "parse floor (read + pulldown-cmark, all cores)" "$floor $corpus" \
  -n "okr lint" "$okr lint $corpus --as-of $asof" \
  -n "okr score" "$okr score $corpus --as-of $asof" \
  -n "okr status" "$okr status $corpus --as-of $asof" \
  "${peers[@]}"

echo "== paired ratios over $n documents (alternating runs, median of the pairs' ratios)"
python3 benches/ratio.py --pairs 10 "$floor $corpus" "$okr lint $corpus --as-of $asof"
python3 benches/ratio.py --pairs 10 "$okr lint $corpus --as-of $asof" \
  "$okr score $corpus --as-of $asof" "$okr status $corpus --as-of $asof"

echo "== one small document (pre-commit case)"
peers=()
command -v rumdl >/dev/null && peers+=(-n "rumdl check" "rumdl check --no-cache --silent $one")
command -v markdownlint-cli2 >/dev/null && peers+=(-n "markdownlint-cli2" "markdownlint-cli2 $one")
hyperfine -N -i --warmup 5 --runs 100 --export-markdown "$out/one.md" \
  -n "okr lint (one doc)" "$okr lint $one --as-of $asof" \
  -n "parse floor (one doc)" "$floor $one" \
  "${peers[@]}"

echo "== okr checkin on a 1 MB document"
hyperfine --warmup 2 --runs 20 --export-markdown "$out/checkin.md" \
  --prepare "python3 benches/gen_corpus.py 1 $big --one-file-bytes 1000000" \
  -n "okr checkin (1 MB doc)" "$okr checkin O1-KR1 '1500 teams' --file $big/big.md --date 2026-02-28" \
  -n "parse floor (1 MB doc)" "$floor $big/big.md"

echo "== peak memory over $n documents"
for command in lint score status; do
  /usr/bin/time -f "okr $command: peak RSS %M KB" "$okr" "$command" "$corpus" --as-of "$asof" >/dev/null
done

echo "== a 42 MB document (one long check-ins log): time and peak memory"
huge="$out/huge"
[ -f "$huge/big.md" ] || python3 benches/gen_corpus.py 1 "$huge" --one-file-bytes 42000000
ls -l "$huge/big.md"
for command in lint status score; do
  /usr/bin/time -f "okr $command (42 MB doc): %e s, peak RSS %M KB" "$okr" "$command" "$huge/big.md" --as-of "$asof" >/dev/null || true
done

echo "== a 42 MB document of about a million short check-in rows: time and peak memory"
bare="$out/huge-bare"
[ -f "$bare/big.md" ] || python3 benches/gen_corpus.py 1 "$bare" --one-file-bytes 42000000 --bare-rows
echo "$(grep -c '^| 2026' "$bare/big.md") check-in rows, $(stat -c %s "$bare/big.md") bytes"
for command in lint status score; do
  /usr/bin/time -f "okr $command (1M rows): %e s, peak RSS %M KB" "$okr" "$command" "$bare/big.md" --as-of "$asof" >/dev/null || true
done

echo "== scale: one file among siblings, the cache, 100,000 documents (benches/scale.sh)"
bash benches/scale.sh "${SCALE_N:-100000}"
