"""Benchmark of the analysis step: ``hlmgraph analyse`` against a pandas + igraph script and NetworkX.

Usage: python benchmarks/bench_analyse.py [--rounds 3] [--data DIR] [--skip-networkx]

The national dataset is the package's own ``generate --scale national --seed 1``.
The three pipelines run alternately in each round; the best time of each counts.
(a) hlmgraph: read and validate the dataset, project the actor network (Newman
weights), every measure including the typed brokerage, communities named;
(b) the hand-written script reads the CSVs with pandas, projects the actor
network with Newman weights and computes degree, strength, betweenness,
PageRank, closeness, constraint, Louvain and articulation points with igraph;
(c) pure NetworkX: the same pandas projection, hlmgraph's measures with
NetworkX's own functions.
Goals: hlmgraph <= 1.5x the igraph script; >= 25x faster than pure NetworkX;
peak resident memory of ``hlmgraph analyse`` <= 2 GB.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import igraph as ig  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402

from hlmgraph.generate import generate_dataset  # noqa: E402


def national_dataset(out: Path) -> Path:
    """Write the national dataset (``hlmgraph generate --scale national --seed 1``) to ``out``."""
    generate_dataset(scale="national", seed=1, out=out)
    return out


# ---------------------------------------------------------------- the three pipelines


def run_hlmgraph(path: Path) -> dict[str, Any]:
    """hlmgraph's library path of ``hlmgraph analyse``: read, project, all measures, summary."""
    from hlmgraph.analysis import analyse_graph
    from hlmgraph.pipeline import load_graph

    return analyse_graph(load_graph(path)).by_id()


def _pandas_pairs(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Actor ids and Newman-weighted actor pairs (a < b) projected from parties.csv with pandas."""
    actors = pd.read_csv(path / "actors.csv", dtype=str, usecols=["id"])["id"].tolist()
    parties = pd.read_csv(path / "parties.csv", dtype=str, usecols=["contract", "actor"])
    parties = parties.drop_duplicates()
    size = parties.groupby("contract")["actor"].transform("size")
    parties = parties.assign(share=1.0 / (size - 1).where(size > 1))
    pairs = parties.merge(parties[["contract", "actor"]], on="contract")
    pairs = pairs[pairs["actor_x"] < pairs["actor_y"]]
    weights = pairs.groupby(["actor_x", "actor_y"])["share"].sum().reset_index(name="weight")
    return actors, weights


def run_igraph_script(path: Path) -> dict[str, Any]:
    """The hand-written script: degree, strength, betweenness, PageRank, closeness, constraint,
    Louvain and articulation points with igraph."""
    actors, weights = _pandas_pairs(path)
    g = ig.Graph.DataFrame(
        weights, directed=False, vertices=pd.DataFrame({"name": actors}), use_vids=False
    )
    w = g.es["weight"]
    return {
        "degree": g.degree(),
        "strength": g.strength(weights=w),
        "betweenness": g.betweenness(directed=False),
        "pagerank": g.pagerank(weights=w),
        "closeness": g.closeness(),
        "constraint": g.constraint(),
        "community": g.community_multilevel(weights=w).membership,
        "articulation": g.articulation_points(),
    }


def run_networkx(path: Path) -> dict[str, Any]:
    """Pure NetworkX: pandas reading, NetworkX projection and hlmgraph's measures."""
    actors, weights = _pandas_pairs(path)
    A = nx.Graph()
    A.add_nodes_from(actors)
    A.add_weighted_edges_from(weights.itertuples(index=False, name=None))
    return {
        "degree": dict(A.degree()),
        "strength": dict(A.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(A),
        "pagerank": nx.pagerank(A, weight="weight", tol=1e-12, max_iter=10_000),
        "closeness": nx.closeness_centrality(A),
        "constraint": nx.constraint(A),
        "effective_size": nx.effective_size(A),
        "community": nx.community.louvain_communities(A, weight="weight", seed=42),
        "articulation": set(nx.articulation_points(A)),
    }


def timed(func: Callable[[Path], Any], path: Path) -> tuple[float, Any]:
    """Wall time of one call and its result."""
    gc.collect()
    start = time.perf_counter()
    result = func(path)
    return time.perf_counter() - start, result


PEAK_MEMORY_WRAPPER = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM'):\n"
    "            print('VmHWM', line.split()[1], file=sys.stderr)\n"
    "atexit.register(_peak)\n"
    "from hlmgraph.cli import main\n"
    "sys.argv = ['hlmgraph', *sys.argv[1:]]\n"
    "main()\n"
)
"""Runs the CLI and prints its own peak resident memory (VmHWM, kB) at exit."""


def cli_run(path: Path) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of ``hlmgraph analyse`` in a child process."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PEAK_MEMORY_WRAPPER, "analyse", str(path), "--all-dates",
             "--format", "csv", "--out", str(Path(tmp) / "mesures.csv")],
            check=True, cwd=ROOT, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - start
    peak = next(line for line in done.stderr.splitlines() if line.startswith("VmHWM"))
    return seconds, int(peak.split()[1]) / 1024


def main() -> None:
    """Run the rounds and print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--networkx-rounds", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--skip-networkx", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.data or national_dataset(Path(tmp) / "national")
        _benchmark(path, args)


def _benchmark(path: Path, args: argparse.Namespace) -> None:
    """Alternate the pipelines, keep the best times, print the ratios."""
    best: dict[str, float] = {}
    pipelines = {"hlmgraph": run_hlmgraph, "igraph": run_igraph_script, "networkx": run_networkx}
    for round_ in range(args.rounds):
        for name, func in pipelines.items():
            if name == "networkx" and (args.skip_networkx or round_ >= args.networkx_rounds):
                continue
            seconds, result = timed(func, path)
            best[name] = min(best.get(name, seconds), seconds)
            size = f"({len(result)} actors)" if name == "hlmgraph" else ""
            print(f"round {round_ + 1} {name:9s} {seconds:8.2f} s {size}", flush=True)
    for name, seconds in best.items():
        print(f"best {name:9s} {seconds:8.2f} s")
    ratio = best["hlmgraph"] / best["igraph"]
    print(f"hlmgraph / igraph script = {ratio:.2f} (goal <= 1.5) {'OK' if ratio <= 1.5 else 'MISSED'}")
    if "networkx" in best:
        speedup = best["networkx"] / best["hlmgraph"]
        print(f"networkx / hlmgraph = {speedup:.1f}x (goal >= 25) {'OK' if speedup >= 25 else 'MISSED'}")
    seconds, peak = cli_run(path)
    print(f"hlmgraph analyse CLI (with start-up and CSV writing): {seconds:.2f} s, "
          f"peak memory {peak:.0f} MB (goal <= 2000)")


if __name__ == "__main__":
    main()
