#!/usr/bin/env bash
# The reader and the rules measured on real OKR files with an answer key (see
# examples/corpus.rs): files read, KRs found, extra KRs, labelled problems flagged.
#
# Usage: bash benches/corpus.sh [DIR=../shared/corpus]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release -q --example corpus -- "${1:-../shared/corpus}"
