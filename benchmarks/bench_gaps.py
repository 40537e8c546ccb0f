"""Benchmark of the gaps step: the default rules on a national-scale generated dataset.

Usage: python benchmarks/bench_gaps.py [--rounds 3] [--seed 1] [--data DIR]

Generates the national dataset (``hlmgraph.generate``) unless ``--data`` names
one, loads it once, then runs ``find_gaps`` with the default rules; the best
time of the rounds counts. Goal: a few seconds at most (figure printed with
the ratio to the time needed to read the dataset).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hlmgraph.gaps import find_gaps, load_rules, summary_lines  # noqa: E402
from hlmgraph.pipeline import load_graph  # noqa: E402

AS_OF = dt.date(2026, 11, 1)


def main() -> None:
    """Time find_gaps on the national dataset and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or _generate(Path(tmp) / "national", args.seed)
        start = time.perf_counter()
        G = load_graph(data)
        load_time = time.perf_counter() - start
        rules = load_rules()
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            gaps = find_gaps(G, rules, AS_OF)
            best = min(best, time.perf_counter() - start)
    labels = {d.get("label") for _, d in G.nodes(data=True)}
    counts = {label: sum(1 for _, d in G.nodes(data=True) if d.get("label") == label)
              for label in sorted(labels, key=str)}
    print(f"graph: {counts}, {G.number_of_edges()} edges")
    print(f"read dataset: {load_time:.2f} s")
    print(f"find_gaps (default rules, best of {args.rounds}): {best:.2f} s, {len(gaps)} gaps")
    print(f"ratio find_gaps / read: {best / load_time:.2f}")
    print("\n".join(summary_lines(gaps, rules)))


def _generate(out: Path, seed: int) -> Path:
    """Generate the national dataset into ``out``."""
    from hlmgraph.generate import generate_dataset

    generate_dataset("national", seed, out)
    return out


if __name__ == "__main__":
    main()
