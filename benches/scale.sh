#!/usr/bin/env bash
# Scale: one file among many siblings, the lint cache, 100,000 documents in bounded
# memory, and the cases that would show a quadratic step. Every ratio is paired against
# its baseline in the same run (benches/ratio.py): the machine is shared and noisy.
# The corpora live outside any git repository, as a fresh checkout's okrs/ would not.
#
# Usage: bash benches/scale.sh [N=100000] [WORK=/tmp/okr-scale]
#   OKR_BASELINE=path/to/older/okr  also checks that outputs are byte-identical to it.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="${2:-/tmp/okr-scale}"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release -q --bin okr --example parse_floor
okr="$PWD/target/release/okr"
floor="$PWD/target/release/examples/parse_floor"
ratio="python3 $PWD/benches/ratio.py"
asof=2026-04-15
mkdir -p "$work"
export OKR_CACHE_DIR="$work/cache"

corpus() { [ -d "$work/corpus-$1" ] || python3 benches/gen_corpus.py "$1" "$work/corpus-$1"; }

echo "== one file among siblings (the pre-commit and editor case), $(nproc) cores"
python3 benches/gen_corpus.py 1 "$work/one-src" >/dev/null
for s in 0 500 5000 20000; do
  d="$work/siblings-$s"
  if [ ! -d "$d" ]; then
    mkdir -p "$d"
    [ "$s" -gt 0 ] && python3 benches/gen_corpus.py "$s" "$d"
    cp "$work/one-src/team00/okrs-00000.md" "$d/one.md"
  fi
  listed="$work/listed-$s"
  if [ ! -d "$listed" ]; then
    cp -r "$d" "$listed"
    echo "company: []" > "$listed/okr.yaml"
  fi
done
alone="$okr lint $work/siblings-0/one.md --as-of $asof --no-cache"
echo "-- cold, the tree searched for a company document: ratio to the file alone"
$ratio --pairs 10 "$alone" \
  "$okr lint $work/siblings-500/one.md --as-of $asof --no-cache" \
  "$okr lint $work/siblings-5000/one.md --as-of $asof --no-cache" \
  "$okr lint $work/siblings-20000/one.md --as-of $asof --no-cache"
echo "-- warm cache, the tree searched (each directory's heads kept): ratio to the file alone"
for s in 0 20000; do $okr lint "$work/siblings-$s/one.md" --as-of $asof >/dev/null || true; done
$ratio --pairs 20 "$okr lint $work/siblings-0/one.md --as-of $asof" \
  "$okr lint $work/siblings-20000/one.md --as-of $asof"
echo "-- okr.yaml lists the company documents: cold, then warm cache, ratio to alone"
$okr lint "$work/listed-0/one.md" --as-of $asof >/dev/null || true
$okr lint "$work/listed-20000/one.md" --as-of $asof >/dev/null || true
$ratio --pairs 20 "$okr lint $work/listed-0/one.md --as-of $asof --no-cache" \
  "$okr lint $work/listed-20000/one.md --as-of $asof --no-cache"
$ratio --pairs 20 "$okr lint $work/listed-0/one.md --as-of $asof" \
  "$okr lint $work/listed-20000/one.md --as-of $asof"
hyperfine -N -i --warmup 5 --runs 50 \
  -n "alone, cold" "$alone" \
  -n "20,000 siblings, listed, cold" "$okr lint $work/listed-20000/one.md --as-of $asof --no-cache" \
  -n "20,000 siblings, listed, warm" "$okr lint $work/listed-20000/one.md --as-of $asof"

echo "== 10,000 documents: the cache against the parse floor"
corpus 10000
c10="$work/corpus-10000"
rm -rf "$OKR_CACHE_DIR"
/usr/bin/time -f "okr lint, cold, writing the cache: %e s, peak RSS %M KB" "$okr" lint "$c10" --as-of $asof >/dev/null
$ratio --pairs 10 "$floor $c10" "$okr lint $c10 --as-of $asof" "$okr lint $c10 --as-of $asof --no-cache"
for command in lint score status export; do
  /usr/bin/time -f "okr $command: peak RSS %M KB" "$okr" "$command" "$c10" --as-of $asof >/dev/null
done
site() { (cd "$1" && find . -type f | sort | xargs md5sum | md5sum | cut -c1-32); }
rm -rf "$work/site-10000"
/usr/bin/time -f "okr report --html: %e s, peak RSS %M KB" "$okr" report "$c10" --as-of $asof --html "$work/site-10000" >/dev/null
if [ -n "${OKR_BASELINE:-}" ]; then
  echo "-- outputs against $OKR_BASELINE (md5)"
  for command in "lint --no-cache" lint score "score --format json" status export "export --format json"; do
    new=$($okr $command "$c10" --as-of $asof | md5sum | cut -c1-32)
    old=$($OKR_BASELINE ${command% --no-cache} "$c10" --as-of $asof | md5sum | cut -c1-32)
    [ "$new" = "$old" ] && echo "okr $command: identical ($new)" || echo "okr $command: DIFFERS ($new vs $old)"
  done
  rm -rf "$work/site-baseline"
  $OKR_BASELINE report "$c10" --as-of $asof --html "$work/site-baseline" >/dev/null
  new=$(site "$work/site-10000"); old=$(site "$work/site-baseline")
  [ "$new" = "$old" ] && echo "okr report: every page identical ($new)" || echo "okr report: DIFFERS ($new vs $old)"
fi

echo "== $n documents: time paired against the parse floor, and peak memory"
corpus "$n"
cn="$work/corpus-$n"
$ratio --pairs 3 --warmup 1 "$floor $cn" "$okr lint $cn --as-of $asof --no-cache" \
  "$okr score $cn --as-of $asof" "$okr status $cn --as-of $asof"
for command in "lint --no-cache" lint score status export; do
  /usr/bin/time -f "okr $command: %e s, peak RSS %M KB" $okr $command "$cn" --as-of $asof >/dev/null
done
rm -rf "$work/site"
/usr/bin/time -f "okr report --html: %e s, peak RSS %M KB" "$okr" report "$cn" --as-of $asof --html "$work/site" >/dev/null
/usr/bin/time -f "parse floor: %e s, peak RSS %M KB" "$floor" "$cn" >/dev/null

echo "== no quadratic step: 100,000 check-in rows in one document"
rows="$work/rows"
[ -f "$rows/big.md" ] || python3 benches/gen_corpus.py 1 "$rows" --one-file-bytes 4200000 --bare-rows
echo "$(grep -c '^| 2026' "$rows/big.md") rows"
[ -f "$rows/small.md" ] || python3 benches/gen_corpus.py 1 "$rows/s" --one-file-bytes 420000 --bare-rows
[ -f "$rows/small.md" ] || mv "$rows/s/big.md" "$rows/small.md"
for command in "lint --no-cache" status score; do
  /usr/bin/time -f "okr $command: %e s, peak RSS %M KB" $okr $command "$rows/big.md" --as-of $asof >/dev/null || true
done
echo "linear in rows: the ratio of a 10x larger document should be near 10"
$ratio --pairs 3 --warmup 1 "$okr lint $rows/small.md --as-of $asof --no-cache" "$okr lint $rows/big.md --as-of $asof --no-cache"

echo "== no quadratic step: 10,000 team documents linked to one company KR"
linked="$work/linked"
if [ ! -d "$linked" ]; then
  python3 benches/gen_corpus.py 10000 "$linked/okrs"
  cp "$PWD/tests/fixtures/lsp/company.md" "$linked/okrs/company.md"
  sed -i 's/^cycle: 2026-Q4/cycle: 2026-Q1/' "$linked/okrs/company.md"
  find "$linked/okrs" -name 'okrs-*.md' -exec sed -i 's|^- Owner: Dana Lee$|- Owner: Dana Lee\n- Contributes to: ../company.md#O1-KR2|' {} +
fi
$ratio --pairs 5 "$okr lint $c10 --as-of $asof --no-cache" "$okr lint $linked/okrs --as-of $asof --no-cache"
