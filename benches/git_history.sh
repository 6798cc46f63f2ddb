#!/usr/bin/env bash
# History from git at scale: a repository of 200 documents and 2,000 commits (each
# commit adds one check-in row to one document), then `okr log`, `--at` and lint with
# git governance, each paired in one hyperfine run against the same command without git.
#
# Usage: benches/git_history.sh [OUT_DIR]   (needs git, python3 and hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/bench/git}"
okr="$PWD/target/release/okr"
cargo build --release --quiet
repo="$out/repo"
if [ ! -d "$repo/.git" ]; then
  rm -rf "$repo" && mkdir -p "$repo"
  python3 benches/gen_corpus.py 200 "$repo/okrs-flat" >/dev/null
  python3 - "$repo" <<'PY'
import os, subprocess, sys
repo = sys.argv[1]
docs = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(repo, "okrs-flat")) for f in fs)
texts = {f"okrs/team-{i:03d}.md": open(p).read() for i, p in enumerate(docs)}
subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
stream = []
def commit(n, files, day):
    stamp = 1767600000 + n * 3600  # from 2026-01-05, one commit an hour
    stream.append(f"commit refs/heads/main\nmark :{n + 1}\n")
    stream.append(f"author Dana Lee <dana@example.com> {stamp} +0000\n")
    stream.append(f"committer Dana Lee <dana@example.com> {stamp} +0000\n")
    message = f"commit {n}"
    stream.append(f"data {len(message)}\n{message}\n")
    if n:
        stream.append(f"from :{n}\n")
    for path in files:
        data = texts[path].encode()
        stream.append(f"M 100644 inline {path}\ndata {len(data)}\n")
        stream.append(data.decode() + "\n")
commit(0, list(texts), 0)
names = sorted(texts)
for n in range(1, 2000):
    path = names[n % len(names)]
    day = 1 + (n // 200)
    texts[path] += f"| 2026-03-{day:02d} | O1-KR1 | {1200 + n} teams | 7 | Commit {n} | Keep going | |\n"
    commit(n, [path], day)
subprocess.run(["git", "fast-import", "--quiet"], input="".join(stream).encode(), cwd=repo, check=True)
subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
PY
  rm -rf "$repo/okrs-flat"
fi
plain="$out/plain"
rm -rf "$plain" && mkdir -p "$plain" && cp -r "$repo/okrs" "$plain/okrs"
echo "$(git -C "$repo" rev-list --count HEAD) commits, $(ls "$repo/okrs" | wc -l) documents"
cd "$repo"
hyperfine --warmup 2 --runs 20 -N \
  -n "okr log O1-KR1 (10 commits of 2,000)" "$okr log O1-KR1 --file okrs/team-000.md" \
  -n "okr status --at HEAD~1000" "$okr status --at HEAD~1000 --as-of 2026-03-01" \
  -n "okr status (work tree)" "$okr status --as-of 2026-03-01" \
  -n "okr lint one document, git governance" "$okr lint okrs/team-000.md --as-of 2026-03-20" \
  -n "okr lint one document, outside git" "$okr lint $PWD/../plain/okrs/team-000.md --as-of 2026-03-20"
