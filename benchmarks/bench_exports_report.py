"""Benchmark of the export and report steps on a national-scale generated dataset.

Usage: python benchmarks/bench_exports_report.py [--seed 1] [--data DIR] [--report-only]
       [--no-commands]

Generates the national dataset (``hlmgraph.generate``) unless ``--data`` names
one, loads it once, then writes every export format and the report (with its
workbook) into a temporary folder; prints each time, each size and its ratio
to the time needed to read the dataset. Then the report of the regional
generated dataset, and of one région of the national dataset (``--territory``).
Report lines give the wall-clock time and the CPU time of
the process and of the child processes it waited for (on a shared machine the
wall-clock time grows with the load), and their ratio to the targets:
national ≤ 30 s, regional ≤ 10 s. Then the whole commands ``hlmgraph report
DATA --out rapport.html`` (national, and ``--territory region:32``), each in a
fresh process: start-up, reading and checking the dataset included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import command_seconds, cpu_seconds  # noqa: E402

from hlmgraph.exports import FORMATS, export_graph  # noqa: E402
from hlmgraph.pipeline import load_graph  # noqa: E402
from hlmgraph.report import write_report  # noqa: E402

AS_OF = dt.date(2026, 11, 1)
REGION = "region:32"
"""Région of the cut report (Hauts-de-France)."""
TARGET_S = {"national": 30.0, "regional": 10.0}
"""Report targets (issue 14): a national report, a regional one (cut or generated)."""


def main() -> None:
    """Time each export format and the report on the national dataset and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--report-only", action="store_true", help="skip the export formats")
    parser.add_argument("--no-commands", action="store_true", help="skip the whole commands")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = args.data or _generate(folder / "national", args.seed)
        start = time.perf_counter()
        G = load_graph(data)
        load_time = time.perf_counter() - start
        print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
        print(f"read dataset: {load_time:.2f} s")
        for fmt in () if args.report_only else FORMATS:
            out = folder / ("export-csv" if fmt == "csv" else f"export.{fmt}")
            start = time.perf_counter()
            export_graph(G, fmt, out)
            seconds = time.perf_counter() - start
            print(f"export {fmt}: {seconds:.2f} s, {_size(out) / 1e6:.1f} MB, "
                  f"ratio to read {seconds / load_time:.2f}")
        _time_report("national", G, folder / "national-report", load_time)
        _time_report(f"regional (national, --territory {REGION})", G, folder / "cut-report", load_time,
                     REGION)
        regional = _generate(folder / "regional", args.seed, "regional")
        R = load_graph(regional)
        print(f"regional graph: {R.number_of_nodes()} nodes, {R.number_of_edges()} edges")
        _time_report("regional", R, folder / "regional-report", load_time)
        for territory in () if args.no_commands else ("", REGION):
            wall, cpu = command_seconds(
                ["report", str(data), "--out", str(folder / "command.html"), "--as-of",
                 AS_OF.isoformat(), *(["--territory", territory] if territory else [])])
            goal = TARGET_S["regional" if territory else "national"]
            print(f"command hlmgraph report DATA{' --territory ' + territory if territory else ''} "
                  f"(whole process): {wall:.2f} s (CPU {cpu:.2f} s), "
                  f"{wall / goal:.0%} of {goal:.0f} s (CPU {cpu / goal:.0%})")


def _time_report(
    name: str, G: nx.MultiDiGraph, folder: Path, load_time: float, territory: str = ""
) -> None:
    """Write the report and its workbook; print wall-clock and CPU seconds and the sizes."""
    start, cpu = time.perf_counter(), cpu_seconds()
    write_report(G, folder / "rapport.html", xlsx=folder / "rapport.xlsx", as_of=AS_OF,
                 territory=territory)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    goal = TARGET_S["national" if name == "national" else "regional"]
    print(f"report {name} + workbook: {seconds:.2f} s wall, {cpu:.2f} s CPU "
          f"({seconds / goal:.0%} of {goal:.0f} s; CPU {cpu / goal:.0%}), "
          f"page {_size(folder / 'rapport.html') / 1e3:.0f} kB, "
          f"workbook {_size(folder / 'rapport.xlsx') / 1e3:.0f} kB, ratio to read {seconds / load_time:.2f}")


def _size(path: Path) -> int:
    """Bytes of a file, or of every file of a folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def _generate(out: Path, seed: int, scale: str = "national") -> Path:
    """Generate the dataset of ``scale`` into ``out``."""
    from hlmgraph.generate import generate_dataset

    generate_dataset(scale, seed, out)
    return out


if __name__ == "__main__":
    main()
