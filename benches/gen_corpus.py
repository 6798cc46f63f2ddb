#!/usr/bin/env python3
"""Writes N realistic OKR documents for benchmarks.

Each document has front-matter, a title and a paragraph of prose, three objectives with
three KRs each (full cards; every third KR scored on a ladder), initiatives, and eight
check-in rows: about 3.5 KB. The output is deterministic for a given N.

Usage: gen_corpus.py N OUT_DIR [--one-file-bytes BYTES [--bare-rows]]
  --one-file-bytes writes a single document padded with check-ins to about BYTES instead.
  --bare-rows leaves the notes out of those check-ins: about a million rows in 42 MB.
"""
import os
import random
import sys

TEAMS = ["Growth", "Support", "Platform", "Payments", "Search", "Mobile", "Data", "Security"]
OUTCOMES = [
    "Make onboarding effortless for small teams",
    "Turn support into a reason customers stay",
    "Keep the platform fast under peak load",
    "Make paying us the easiest step in the journey",
    "Help every visitor find the right answer first time",
    "Give mobile users a reason to come back daily",
    "Put trustworthy numbers in every team's hands",
    "Keep customer data safe without slowing teams down",
]
METRICS = [
    ("Increase", "day-7 activation", "%", 40, 60),
    ("Reduce", "median setup time", " days", 6, 2),
    ("Increase", "weekly active teams", " teams", 1200, 1800),
    ("Reduce", "p95 checkout latency", " ms", 900, 400),
    ("Increase", "search success rate", "%", 52, 70),
    ("Reduce", "open critical vulnerabilities", " issues", 30, 5),
    ("Increase", "support satisfaction", "%", 78, 90),
    ("Reduce", "first response time", " hours", 9, 2),
]
PROSE = ("Last quarter's reviews showed where customers struggle most. This set focuses the "
         "team on the outcomes that matter, with one owner and one source of truth per result. ")


def kr(rng, o, k):
    verb, metric, unit, base, target = METRICS[(o * 3 + k + rng.randrange(8)) % len(METRICS)]
    lines = [
        f"### O{o}-KR{k}: {verb} {metric} from {base}{unit} to {target}{unit} by Mar 31",
        "",
        f"- Owner: {rng.choice(['Dana Lee', 'Sam Okafor', 'Priya Nair', 'Lee Park'])}",
        f"- Baseline: {base}{unit}",
        f"- Target: {target}{unit}",
        "- Due: 2026-03-31",
        f"- Source: [Dashboard](https://bi.example.com/d/o{o}-kr{k})",
        "- Refresh: weekly",
        f"- Signal: {'leading' if k % 2 else 'lagging'}",
    ]
    if k == 3:
        lines += ["- Scoring: ladder"] + ladder(base, target, unit)
    return "\n".join(lines) + "\n", (base, target, unit)


def ladder(base, target, unit):
    """Four contiguous whole-unit bands from the baseline to the target."""
    third = abs(target - base) / 3
    if target > base:
        p1, p2 = round(base + 2 * third), round(base + third)
        return [f"  - ≥ {target}{unit}: 1.0", f"  - {p1}{unit} to {target - 1}{unit}: 0.7",
                f"  - {p2}{unit} to {p1 - 1}{unit}: 0.3", f"  - ≤ {p2 - 1}{unit}: 0.0"]
    q1, q2 = round(target + third), round(target + 2 * third)
    return [f"  - ≤ {target}{unit}: 1.0", f"  - {target + 1}{unit} to {q1}{unit}: 0.7",
            f"  - {q1 + 1}{unit} to {q2}{unit}: 0.3", f"  - ≥ {q2 + 1}{unit}: 0.0"]


def document(i, rows=8, notes=True):
    rng = random.Random(i)
    team = TEAMS[i % len(TEAMS)]
    out = [f"---\ncycle: 2026-Q1\nteam: {team} {i}\nowner: Dana Lee\n---\n", f"# {team} {i}: 2026-Q1\n", PROSE * 2]
    krs = []
    for o in range(1, 4):
        out.append(f"## O{o}: {OUTCOMES[(i + o) % len(OUTCOMES)]}\n\n- Owner: Dana Lee\n")
        for k in range(1, 4):
            text, shape = kr(rng, o, k)
            out.append(text)
            krs.append((f"O{o}-KR{k}", shape))
    out.append("## Initiatives\n\n" + "\n".join(f"- Bet {n}: O{n}-KR1, O{n}-KR2" for n in range(1, 4)) + "\n")
    out.append("## Check-ins\n\n| Date | KR | Actual | Confidence | Insight | Next action | Help needed |\n"
               "|------|----|--------|------------|---------|-------------|-------------|")
    for r in range(rows):
        ident, (base, target, unit) = krs[r % len(krs)]
        day = 28 - (r * 3) % 27
        value = round(base + (target - base) * rng.random() * 0.7)
        row = f"| 2026-02-{day:02d} | {ident} | {value}{unit} | {rng.randrange(4, 9)} |"
        out.append(row + (" Moved after the week's experiment | Try the next variant | |" if notes else " | | |"))
    return "\n".join(out) + "\n"


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    if "--one-file-bytes" in sys.argv:
        size = int(sys.argv[sys.argv.index("--one-file-bytes") + 1])
        notes = "--bare-rows" not in sys.argv
        rows = max(8, size // 110)
        text = document(0, rows, notes)
        while len(text.encode()) < size:
            rows = rows * size // len(text.encode()) + 1
            text = document(0, rows, notes)
        open(os.path.join(out, "big.md"), "w").write(text)
        return
    for i in range(n):
        sub = os.path.join(out, f"team{i // 1000:02d}")
        os.makedirs(sub, exist_ok=True)
        open(os.path.join(sub, f"okrs-{i:05d}.md"), "w").write(document(i))


main()
