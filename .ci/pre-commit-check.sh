#!/usr/bin/env bash
# Runs the okr-lint hook through the real pre-commit tool against a scratch repository:
# a bad OKR document must fail the hook; a good one, and a how-to page whose fenced
# example holds `## O1:`, must pass.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$repo" rev-parse HEAD)"
command -v pre-commit >/dev/null 2>&1 || python3 -m pip install --quiet pre-commit
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q
git config user.email ci@example.com
git config user.name CI
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: okr-lint
YAML
mkdir okrs
cp "$repo/examples/bad.md" okrs/team.md
echo "# Notes, not OKRs" > README.md
git add -A
if pre-commit run --all-files; then
  echo "pre-commit: the okr-lint hook passed a bad OKR document" >&2
  exit 1
fi
cp "$repo/examples/good.md" okrs/team.md
mkdir docs
cp "$repo/tests/fixtures/dialects/not-okr.md" docs/how-to.md
git add -A
pre-commit run --all-files
echo "pre-commit: okr-lint fails the bad document and passes the good one and a how-to page"
