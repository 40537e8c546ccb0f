"""Benchmark of public data in: ANCT import of a national posts file, and diff of two datasets.

Usage: python benchmarks/bench_import.py [--rounds 3] [--posts FILE ...] [--diff OLD NEW]

``--posts`` names national posts files as published by the ANCT (adultes-relais,
FONJEP; CSV or JSON); without it, a national-size file is made up on the shipped
contrats de ville (5,000 posts, 2,500 employers with valid SIRET). The first file is
imported (best of the rounds, then once from the command line in a fresh process);
then two generated national datasets (seeds 1 and 2, or the two folders ``--diff``
names) are diffed, by the library and by the whole command ``hlmgraph diff OLD NEW``
in a fresh process (start-up, reading and checking both datasets, the rules on each,
summary), and with two posts files, their two imports too. Goals: import ≤ 10 s,
diff ≤ 10 s (best of the rounds, wall clock; processor time printed beside it, the
machine's load too).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from stdnum import luhn  # noqa: E402
from timing import command_seconds  # noqa: E402

from hlmgraph import cog  # noqa: E402
from hlmgraph.anct import import_anct  # noqa: E402
from hlmgraph.diff import diff_datasets  # noqa: E402
from hlmgraph.generate import generate_dataset  # noqa: E402

GOAL = 10.0
POSTS, EMPLOYERS = 5000, 2500


def main() -> None:
    """Time the import and the diff, print the figures and their ratio to the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--posts", type=Path, nargs="*", default=[])
    parser.add_argument("--diff", type=Path, nargs=2, metavar=("OLD", "NEW"), default=None,
                        help="two national dataset folders to diff (default: generated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = args.posts or [_made_up(folder / "postes-nationaux-2025.csv", 2025)]
        best, summary = _best(args.rounds, lambda r: import_anct([files[0]], folder / f"i{r}"))
        rows = sum(f.rows for f in summary.files)
        print(f"import anct {files[0].name}: {rows} rows, {summary.tables['actors']} actors, "
              f"{summary.tables['parties']} parties, {summary.tables['territories']} territories")
        _times("import", args.rounds, best)
        wall, cpu = command_seconds(["import", "anct", str(files[0]), "--out", str(folder / "cli")])
        print(f"hlmgraph import anct (command line, fresh process): {wall:.2f} s wall clock "
              f"({cpu:.2f} s processor), ratio to the {GOAL:.0f} s goal: {wall / GOAL:.2f}")
        national = (("national datasets " + " → ".join(str(p) for p in args.diff), *args.diff)
                    if args.diff else _generated(folder))
        pairs = [national] + ([_imported(files, folder)] if len(files) >= 2 else [])
        for label, old, new in pairs:
            best, changes = _best(args.rounds, lambda _, o=old, n=new: diff_datasets(o, n))
            print(f"diff {label}: {len(changes.actors_added)} + / {len(changes.actors_removed)} − "
                  f"actors, {len(changes.partnerships_gained)} + / "
                  f"{len(changes.partnerships_lost)} − partnerships, {len(changes.gaps_opened)} "
                  f"+ / {len(changes.gaps_closed)} − gaps")
            _times("diff", args.rounds, best)
        times = [command_seconds(["diff", str(national[1]), str(national[2])])
                 for _ in range(args.rounds)]
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        print(f"hlmgraph diff OLD NEW (command line, fresh process, best of {args.rounds}): "
              f"{wall:.2f} s wall clock ({cpu:.2f} s processor), ratio to the {GOAL:.0f} s goal: "
              f"{wall / GOAL:.2f}")
    print(f"machine load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _times(step: str, rounds: int, times: tuple[float, float]) -> None:
    """Print wall-clock and processor times and the ratio of the wall-clock time to the goal."""
    wall, cpu = times
    print(f"{step} (best of {rounds}): {wall:.2f} s wall clock ({cpu:.2f} s processor), "
          f"ratio to the {GOAL:.0f} s goal: {wall / GOAL:.2f}")


def _best(rounds: int, run):  # type: ignore[no-untyped-def]
    """Best wall-clock and processor times of ``rounds`` runs of ``run(round)``; last result."""
    best, cpu, result = float("inf"), float("inf"), None
    for r in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run(r)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return (best, cpu), result


def _generated(folder: Path) -> tuple[str, Path, Path]:
    """Two generated national datasets (seeds 1 and 2)."""
    for seed in (1, 2):
        generate_dataset("national", seed, folder / f"national-{seed}")
    return "generated national seed 1 → seed 2", folder / "national-1", folder / "national-2"


def _imported(files: list[Path], folder: Path) -> tuple[str, Path, Path]:
    """The first two posts files, each imported into a dataset."""
    for n, path in enumerate(files[:2]):
        import_anct([path], folder / f"import-{n}")
    return f"{files[0].name} → {files[1].name}", folder / "import-0", folder / "import-1"


def _made_up(path: Path, year: int) -> Path:
    """A national-size adultes-relais file on the real contrats de ville (made-up employers)."""
    rng = random.Random(year)
    codes = [cv["code_cv"] for cv in cog.geography().contracts]
    employers = [(_siret(rng), f"ASSOCIATION EMPLOYEUR {n}", rng.choice(codes))
                 for n in range(EMPLOYERS)]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id_poste", "code_tiers", "raison_sociale", "annee", "montant", "code_cv",
                         "insee_dep", "insee_reg"])
        for n in range(POSTS):
            siret, name, code = rng.choice(employers)
            cv = cog.contract(code) or {}
            writer.writerow([f"{n:05d}R{year}", siret, name, year, "7164", code,
                             cv.get("departement", ""), ""])
    return path


def _siret(rng: random.Random) -> str:
    """A random 14-digit SIRET whose SIREN passes the Luhn check."""
    body = f"{rng.randrange(10**7, 10**8)}"
    siren = body + luhn.calc_check_digit(body)
    return siren + f"{rng.randrange(10**5):05d}"


if __name__ == "__main__":
    main()
