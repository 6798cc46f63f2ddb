#!/usr/bin/env python3
"""Paired timing: run a baseline command and a measured command alternately and report
the median of the per-pair ratios.

hyperfine times one command after the other, so on a shared machine a change in load
between the two blocks of runs moves the ratio. Alternating the two commands puts each
pair of runs under nearly the same load, and the median pair ratio is then a steadier
figure than the ratio of two means.

Usage: python3 benches/ratio.py [--pairs N] [--warmup N] BASELINE MEASURED...
Each command is a shell-free argument string, split on spaces.
"""

import argparse
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("baseline")
    parser.add_argument("measured", nargs="+")
    args = parser.parse_args()
    commands = [args.baseline.split()] + [m.split() for m in args.measured]
    for _ in range(args.warmup):
        for command in commands:
            run_once(command)
    times = [[] for _ in commands]
    for _ in range(args.pairs):
        for slot, command in zip(times, commands):
            slot.append(run_once(command))
    base = times[0]
    print(f"{args.pairs} alternating runs; baseline: {args.baseline}")
    print(f"  baseline median {statistics.median(base) * 1000:8.1f} ms")
    for name, measured in zip(args.measured, times[1:]):
        ratios = sorted(m / b for m, b in zip(measured, base))
        low, high = ratios[len(ratios) // 4], ratios[(3 * len(ratios)) // 4]
        print(
            f"  {statistics.median(measured) * 1000:8.1f} ms median, "
            f"{statistics.median(ratios):.2f}x baseline (pairs' middle half {low:.2f}-{high:.2f}x): {name}"
        )


if __name__ == "__main__":
    sys.exit(main())
