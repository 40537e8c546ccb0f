"""Benchmark of the analysis step: ``hlmgraph analyse`` against an igraph script and pure NetworkX.

Usage: python benchmarks/bench_analyse.py [--rounds 3] [--data DIR] [--skip-networkx]

The national dataset comes from ``hlmgraph.generate.generate_dataset`` when it
exists, otherwise from a synthetic CSV dataset of the same shape built here.
The three pipelines run alternately in each round; the best time of each counts.
(a) the igraph script reads the CSVs with pandas, projects the actor network and
computes degree, strength, betweenness, PageRank and closeness with igraph;
(b) pure NetworkX reads the CSVs with pandas, projects with NetworkX and computes
hlmgraph's measures with NetworkX's own functions.
Goals: hlmgraph <= 1.5x the igraph script; >= 25x faster than pure NetworkX.
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
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

TYPES_WEIGHTS = {
    "bailleur": 600, "regie": 140, "collectivite": 2300, "etat": 110, "plie": 150,
    "mission_locale": 430, "emploi": 300, "centre_social": 600, "association": 350,
    "federation": 30, "financeur": 20, "habitants": 170, "entreprise": 100,
}
KINDS = ("contrat_de_ville", "abattement_tfpb", "prestation", "partenariat", "npnru", "cus", "autre")


def national_dataset(out: Path) -> Path:
    """Write the national dataset to ``out`` (generator if present, synthetic otherwise)."""
    try:
        from hlmgraph.generate import generate_dataset
    except ImportError:
        print("hlmgraph.generate absent : jeu synthétique du benchmark.", file=sys.stderr)
        synthetic_dataset(out, seed=1)
    else:
        generate_dataset(scale="national", seed=1, out=out)
    return out


def synthetic_dataset(out: Path, seed: int = 1, contracts: int = 11_000) -> None:
    """A national-shaped CSV dataset: ~5,250 actors, ~33,000 parties, local partnerships and hubs."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    territories, departements = _synthetic_territories(rng)
    actors, by_dep = _synthetic_actors(rng, departements)
    hubs = [a["id"] for a in actors if a["type"] in ("etat", "financeur", "federation")][:12]
    contract_rows, parties, coverage = [], [], []
    for c in range(contracts):
        dep = rng.choice(departements)
        local = by_dep[dep]
        size = rng.choice((2, 2, 2, 3, 3, 3, 4, 4, 5))
        members = set(rng.sample(local, min(size, len(local))))
        if rng.random() < 0.12:
            members.add(rng.choice(hubs))
        cid = f"C{c:06d}"
        start = f"{rng.randint(2015, 2025)}-01-01"
        contract_rows.append({"id": cid, "name": f"Contrat {c}", "kind": rng.choice(KINDS),
                              "start": start, "end": ""})
        parties += [{"contract": cid, "actor": a, "role": "signataire"} for a in sorted(members)]
        coverage.append({"contract": cid, "territory": dep})
    presence = [{"actor": a["id"], "territory": a["territory"], "dwellings": ""} for a in actors]
    tables = {
        "territories": territories, "actors": actors, "contracts": contract_rows,
        "parties": parties, "coverage": coverage, "presence": presence,
    }
    for name, rows in tables.items():
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def _synthetic_territories(rng: random.Random) -> tuple[list[dict[str, Any]], list[str]]:
    """Regions, départements and communes with their parents."""
    rows: list[dict[str, Any]] = []
    departements = []
    for r in range(13):
        rows.append({"id": f"region:{r}", "name": f"Région {r}", "level": "region", "parent": ""})
    for d in range(101):
        dep = f"departement:{d:03d}"
        departements.append(dep)
        rows.append({"id": dep, "name": f"Département {d}", "level": "departement",
                     "parent": f"region:{d % 13}"})
    return rows, departements


def _synthetic_actors(
    rng: random.Random, departements: list[str]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Actors of every type, each based in one département."""
    actors: list[dict[str, Any]] = []
    by_dep: dict[str, list[str]] = {d: [] for d in departements}
    for kind, count in TYPES_WEIGHTS.items():
        for i in range(count):
            dep = rng.choice(departements)
            aid = f"{kind[:3].upper()}{i:05d}"
            actors.append({"id": aid, "name": f"{kind} {i}", "type": kind, "territory": dep})
            by_dep[dep].append(aid)
    return actors, by_dep


# ---------------------------------------------------------------- the three pipelines


def run_hlmgraph(path: Path) -> dict[str, Any]:
    """hlmgraph's library path of ``hlmgraph analyse``: read, project, all measures."""
    from hlmgraph.analysis import analyse_graph
    from hlmgraph.io import load_graph

    measures, _ = analyse_graph(load_graph(path))
    return {r["id"]: r for r in measures}


def _pandas_pairs(path: Path) -> tuple[list[str], pd.DataFrame]:
    """Actor ids and weighted actor pairs (a < b) projected from parties.csv with pandas."""
    actors = pd.read_csv(path / "actors.csv", dtype=str, usecols=["id"])["id"].tolist()
    parties = pd.read_csv(path / "parties.csv", dtype=str, usecols=["contract", "actor"])
    parties = parties.drop_duplicates()
    pairs = parties.merge(parties, on="contract")
    pairs = pairs[pairs["actor_x"] < pairs["actor_y"]]
    weights = pairs.groupby(["actor_x", "actor_y"]).size().reset_index(name="weight")
    return actors, weights


def run_igraph_script(path: Path) -> dict[str, Any]:
    """The hand-written igraph script: degree, strength, betweenness, PageRank, closeness."""
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
            [sys.executable, "-c", PEAK_MEMORY_WRAPPER, "analyse", str(path), "--format", "csv",
             "--out", str(Path(tmp) / "mesures.csv")],
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
            size = len(result) if name == "hlmgraph" else ""
            print(f"round {round_ + 1} {name:9s} {seconds:8.2f} s {size}", flush=True)
    print(f"actors: {len(run_hlmgraph(path))}")
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
