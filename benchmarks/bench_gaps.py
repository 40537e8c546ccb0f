"""Benchmark of the gaps step on a national-scale generated dataset (targets of issue 15).

Usage: python benchmarks/bench_gaps.py [--rounds 3] [--seed 1] [--data DIR]

Generates the national dataset (``hlmgraph generate --scale national``)
unless ``--data`` names one, then times, best of the rounds:

- ``find_gaps`` with the eleven default rules on the loaded graph, and the
  per-département table (``by_territory``) on top of it;
- the whole commands ``hlmgraph gaps DATA`` and ``hlmgraph gaps DATA --by
  departement`` (reading, checking, building the graph, rules, writing CSV),
  each in a fresh process.

Targets: ``gaps`` ≤ 3 s and ``gaps --by departement`` ≤ 4 s; the ratio
figure / target is printed (≤ 1 meets the target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hlmgraph.gaps import by_territory, find_gaps, load_rules, manques  # noqa: E402
from hlmgraph.pipeline import load_graph  # noqa: E402

AS_OF = dt.date(2026, 11, 1)
TARGETS = {"gaps": 3.0, "gaps --by departement": 4.0}


def main() -> None:
    """Time the gaps step on the national dataset and print the figures."""
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
        find_time = _best(args.rounds, lambda: find_gaps(G, rules, AS_OF))
        find_cpu = min(CPU[-args.rounds:])
        gaps = find_gaps(G, rules, AS_OF)
        by_time = _best(args.rounds, lambda: by_territory(G, find_gaps(G, rules, AS_OF), rules,
                                                          "departement"))
        by_cpu = min(CPU[-args.rounds:])
        commands = {
            "gaps": ["gaps", str(data), "--as-of", AS_OF.isoformat(), "--format", "csv",
                     "--out", str(Path(tmp) / "manques.csv")],
            "gaps --by departement": ["gaps", str(data), "--as-of", AS_OF.isoformat(), "--by",
                                      "departement", "--format", "csv",
                                      "--out", str(Path(tmp) / "departements.csv")],
        }
        walls, cpus = {}, {}
        for name, argv in commands.items():
            walls[name] = _best(args.rounds, lambda a=argv: _command(a))
            cpus[name] = min(CPU[-args.rounds:])
    labels = Counter(d.get("label") for _, d in G.nodes(data=True))
    print(f"graph: {dict(sorted(labels.items()))}, {G.number_of_edges()} edges")
    print(f"read dataset (load_graph): {load_time:.2f} s")
    per_rule = Counter(g.rule for g in gaps)
    print(f"find_gaps (11 default rules, best of {args.rounds}): {find_time:.2f} s "
          f"(CPU {find_cpu:.2f} s), {len(manques(gaps))} gaps, "
          f"{len(gaps) - len(manques(gaps))} alerts; target {TARGETS['gaps']:.0f} s, "
          f"ratio {find_time / TARGETS['gaps']:.2f}")
    print(f"find_gaps + by_territory(departement): {by_time:.2f} s (CPU {by_cpu:.2f} s); "
          f"target {TARGETS['gaps --by departement']:.0f} s, "
          f"ratio {by_time / TARGETS['gaps --by departement']:.2f}")
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, wall in walls.items():
        print(f"command hlmgraph {name} (whole process, best of {args.rounds}): {wall:.2f} s "
              f"(CPU {cpus[name]:.2f} s), target {TARGETS[name]:.0f} s, "
              f"ratio {wall / TARGETS[name]:.2f} (CPU ratio {cpus[name] / TARGETS[name]:.2f})")
    print("per rule: " + ", ".join(f"{r.id} {per_rule.get(r.id, 0)}" for r in rules))


def _best(rounds: int, run: Callable[[], object]) -> float:
    """Best wall time of ``rounds`` calls of ``run`` (CPU time of this process kept apart)."""
    best = float("inf")
    for _ in range(rounds):
        start, cpu = time.perf_counter(), _cpu()
        run()
        best = min(best, time.perf_counter() - start)
        CPU.append(_cpu() - cpu)
    return best


CPU: list[float] = []
"""CPU seconds (user + system, this process and its finished children) of each timed call."""


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _command(argv: list[str]) -> None:
    """Run ``python -m hlmgraph ARGV`` in a fresh process (fails loudly)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    subprocess.run([sys.executable, "-m", "hlmgraph", *argv], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _generate(out: Path, seed: int) -> Path:
    """Generate the national dataset into ``out``."""
    from hlmgraph.generate import generate_dataset

    generate_dataset("national", seed, out)
    return out


if __name__ == "__main__":
    main()
