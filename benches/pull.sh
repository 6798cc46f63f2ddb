#!/usr/bin/env bash
# `okr pull` for 100 metrics against the local PostgreSQL and Prometheus that
# .ci/services.sh starts: 50 documents, each with a PostgreSQL-backed rate KR and a
# Prometheus-backed count KR, every metric distinct. Paired in one hyperfine run:
# eight reads at a time (the default) against one at a time, and each source alone.
#
# Usage: benches/pull.sh [OUT_DIR]   (needs hyperfine; starts the services if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/bench/pull}"
okr="$PWD/target/release/okr"
cargo build --release --quiet
if [ -z "${OKR_TEST_POSTGRES:-}" ]; then
  # shellcheck source=../.ci/services.sh
  source .ci/services.sh start
  trap 'bash .ci/services.sh stop "$OKR_SERVICES_DIR"' EXIT
fi
export PGPASSWORD="$OKR_TEST_POSTGRES_PASSWORD"
rm -rf "$out" && mkdir -p "$out/okrs"
quarter="$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
python3 - "$out" "$quarter" "$OKR_TEST_POSTGRES" "$OKR_TEST_PROMETHEUS" <<'PY'
import sys
out, quarter, pg, prom = sys.argv[1:]
metrics = ["metrics:"]
for i in range(50):
    metrics += [
        f"  conversion_{i:02d}:",
        '    unit: "%"',
        "    valid: {min: 0, max: 100}",
        f"    query: {{sql: \"{pg}\", text: \"SELECT value + {i} * 0.01 FROM conversion WHERE day <= $as_of ORDER BY day DESC LIMIT 1\"}}",
        f"  series_{i:02d}:",
        f"    query: {{prometheus: \"{prom}\", expr: \"prometheus_tsdb_head_series + {i}\"}}",
    ]
    doc = f"""---
cycle: {quarter}
team: Team {i:02d}
owner: Owner {i:02d}
---

# Team {i:02d}: {quarter}

## O1: Make checkout effortless for returning customers

- Owner: Owner {i:02d}

### O1-KR1: Increase checkout conversion from 2.8% to 3.6%

- Owner: Owner {i:02d}
- Baseline: 2.8%
- Target: 3.6%
- Source: [Warehouse](https://bi.example.com/{i})
- Metric: conversion_{i:02d}

### O1-KR2: Grow ingested series from 100 to 50000

- Owner: Owner {i:02d}
- Baseline: 100
- Target: 50000
- Source: [Prometheus](https://prometheus.example.com/{i})
- Metric: series_{i:02d}
"""
    open(f"{out}/okrs/team-{i:02d}.md", "w").write(doc)
open(f"{out}/metrics.yaml", "w").write("\n".join(metrics) + "\n")
PY
cd "$out"
"$okr" pull --dry-run | tail -1
hyperfine --warmup 2 --runs 15 --export-markdown pull.md \
  -n "pull 100 metrics (jobs 8)" "$okr pull --dry-run" \
  -n "pull 100 metrics (jobs 1)" "$okr pull --dry-run --jobs 1" \
  -n "pull 50 PostgreSQL metrics" "$okr pull --dry-run $(printf -- '--metric conversion_%02d ' $(seq 0 49))" \
  -n "pull 50 Prometheus metrics" "$okr pull --dry-run $(printf -- '--metric series_%02d ' $(seq 0 49))" \
  -n "pull and write 100 rows" "$okr pull --replace"
cat pull.md
