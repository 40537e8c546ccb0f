"""Benchmark of the views step: national view build time, file size and first draw in Chromium.

Usage: python benchmarks/bench_view.py [--seed 1] [--data DIR] [--detail] [--no-commands]

Generates the national dataset (``hlmgraph.generate``) unless ``--data`` names
one, loads it once, then writes the default view (aggregated by département
above 1 500 actors), a territory view (the Nord with gaps), the Nord as a PNG
picture and, with ``--detail``, the whole country actor by actor. Each build
prints its wall-clock time and its CPU time (this process and the child
processes it waited for: on a shared machine the wall-clock time grows with
the load, the CPU time much less). Each page is opened in headless Chromium
(``/usr/bin/chromium``) and timed from navigation start to vis-network's first
``afterDrawing``. Then the two targeted views are written by the whole command
(``python -m hlmgraph view …``: start-up, reading and checking the dataset
included), each in a fresh process. Goals: default view first draw <= 5 s and
file <= 15 MB; the Nord with gaps built in <= 4 s; a PNG of a view of about
500 actors written in <= 5 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import command_seconds, cpu_seconds  # noqa: E402

from hlmgraph.cli.summaries import view_written  # noqa: E402
from hlmgraph.pipeline import load_graph  # noqa: E402
from hlmgraph.views import render_view  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
GOAL_DRAW_S = 5.0
GOAL_SIZE_MB = 15.0
GOAL_BUILD_S = {"--territory departement:59 --gaps": 4.0, "--territory departement:59 --out .png": 5.0}


def main() -> None:
    """Build and draw the national views, print the figures and ratios to the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--detail", action="store_true", help="also the whole country, actor by actor")
    parser.add_argument("--no-commands", action="store_true", help="skip the whole commands")
    args = parser.parse_args()
    cases: list[tuple[str, dict[str, Any]]] = [
        ("default (national)", {}),
        ("--territory departement:59 --gaps", {"territory": "departement:59", "gaps": True}),
        ("--territory departement:59 --out .png", {"territory": "departement:59"}),
    ]
    if args.detail:
        cases.append(("--no-aggregate (national)", {"aggregate": False}))
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or _generate(Path(tmp) / "national", args.seed)
        start = time.perf_counter()
        G = load_graph(data)
        print(f"read dataset: {time.perf_counter() - start:.2f} s")
        rows = []
        for name, options in cases:
            suffix = ".png" if name.endswith(".png") else ".html"
            out = Path(tmp) / f"view-{len(rows)}{suffix}"
            start, cpu = time.perf_counter(), cpu_seconds()
            summary = render_view(G, out, **options)
            build, build_cpu = time.perf_counter() - start, cpu_seconds() - cpu
            size_mb = out.stat().st_size / 1e6
            draw = _first_draw_seconds(out) if suffix == ".html" else None
            rows.append((name, view_written(summary), build, build_cpu, size_mb, draw))
        commands = [] if args.no_commands else [
            (name, *command_seconds(["view", str(data), *_options(name, Path(tmp))]))
            for name in GOAL_BUILD_S
        ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmachine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
    for name, message, build, build_cpu, size_mb, draw in rows:
        print(f"\n{name}: {message}")
        line = f"  build {build:.2f} s (CPU {build_cpu:.2f} s)"
        if name in GOAL_BUILD_S:
            goal = GOAL_BUILD_S[name]
            line += f" ({build / goal:.0%} of {goal:.0f} s; CPU {build_cpu / goal:.0%})"
        line += f" | file {size_mb:.2f} MB"
        if draw is not None:
            line += (f" ({size_mb / GOAL_SIZE_MB:.0%} of {GOAL_SIZE_MB:.0f} MB) | first draw "
                     f"{draw:.2f} s ({draw / GOAL_DRAW_S:.0%} of {GOAL_DRAW_S:.0f} s)")
        print(line)
    for name, wall, cpu in commands:
        goal = GOAL_BUILD_S[name]
        print(f"\ncommand hlmgraph view DATA {name} (whole process): {wall:.2f} s (CPU {cpu:.2f} s), "
              f"{wall / goal:.0%} of {goal:.0f} s (CPU {cpu / goal:.0%})")


def _options(name: str, folder: Path) -> list[str]:
    """The command-line options of a case, writing into ``folder``."""
    options = name.replace(".png", str(folder / "command.png")).split()
    return options if "--out" in options else [*options, "--out", str(folder / "command.html")]


def _first_draw_seconds(page_path: Path) -> float:
    """Seconds from navigation start to the page's first vis-network drawing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("typeof window.hlmgraphFirstDraw === 'number'", timeout=60000)
        drawn = float(page.evaluate("window.hlmgraphFirstDraw"))
        browser.close()
    return drawn / 1000


def _generate(out: Path, seed: int) -> Path:
    """Generate the national dataset into ``out``."""
    from hlmgraph.generate import generate_dataset

    generate_dataset(scale="national", seed=seed, out=out)
    return out


if __name__ == "__main__":
    main()
