"""Benchmark of the export and report steps on a national-scale generated dataset.

Usage: python benchmarks/bench_exports_report.py [--seed 1] [--data DIR]

Generates the national dataset (``hlmgraph.generate``) unless ``--data`` names
one, loads it once, then writes every export format and the report (with its
workbook) into a temporary folder; prints each time, each size and its ratio
to the time needed to read the dataset.
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

from hlmgraph.exports import FORMATS, export_graph  # noqa: E402
from hlmgraph.io import load_graph  # noqa: E402
from hlmgraph.report import write_report  # noqa: E402

AS_OF = dt.date(2026, 11, 1)


def main() -> None:
    """Time each export format and the report on the national dataset and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = args.data or _generate(folder / "national", args.seed)
        start = time.perf_counter()
        G = load_graph(data)
        load_time = time.perf_counter() - start
        print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
        print(f"read dataset: {load_time:.2f} s")
        for fmt in FORMATS:
            out = folder / ("export-csv" if fmt == "csv" else f"export.{fmt}")
            start = time.perf_counter()
            export_graph(G, fmt, out)
            seconds = time.perf_counter() - start
            print(f"export {fmt}: {seconds:.2f} s, {_size(out) / 1e6:.1f} MB, "
                  f"ratio to read {seconds / load_time:.2f}")
        start = time.perf_counter()
        write_report(G, folder / "rapport.html", xlsx=folder / "rapport.xlsx", as_of=AS_OF)
        seconds = time.perf_counter() - start
        print(f"report + workbook: {seconds:.2f} s, page {_size(folder / 'rapport.html') / 1e3:.0f} kB, "
              f"ratio to read {seconds / load_time:.2f}")


def _size(path: Path) -> int:
    """Bytes of a file, or of every file of a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def _generate(out: Path, seed: int) -> Path:
    """Generate the national dataset into ``out``."""
    from hlmgraph.generate import generate_dataset

    generate_dataset("national", seed, out)
    return out


if __name__ == "__main__":
    main()
