"""Run a benchmark script and write its output into the French docs, so no figure is typed.

Usage: python benchmarks/record.py bench_gaps [ARGS...]

Runs ``benchmarks/bench_gaps.py ARGS`` in a fresh process, shows its output as it
comes, and, when it succeeds, replaces the block of the page that ``PAGES`` names
for that script, between ``<!-- sortie: bench_gaps -->`` and ``<!-- /sortie -->``,
by the output verbatim with the command, the date and the machine's load.
Nothing is written when the script fails.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hlmgraph import fr  # noqa: E402

PAGES: dict[str, str] = {
    "bench_analyse": "docs/modele.md",
    "bench_gaps": "docs/regles.md",
    "bench_view": "docs/vues.md",
    "bench_exports_report": "docs/rapport.md",
    "bench_load": "docs/neo4j.md",
    "bench_import": "docs/donnees-publiques.md",
}
"""The docs page that shows each script's output."""


def block_pattern(script: str) -> re.Pattern[str]:
    """The marked block of ``script`` in its page (markers included)."""
    return re.compile(
        rf"<!-- sortie: {re.escape(script)} -->\n.*?<!-- /sortie -->", re.DOTALL
    )


def run(script: str, args: list[str]) -> str:
    """Run the script, echo its standard output, return it; exit like it on failure."""
    command = [sys.executable, str(ROOT / "benchmarks" / f"{script}.py"), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    if process.wait() != 0:
        sys.exit(f"{script} a échoué (code {process.returncode}) : documentation inchangée.")
    return "".join(lines)


def block(script: str, args: list[str], output: str, load: float) -> str:
    """The Markdown block: what was run, when, on what machine, then the output."""
    command = " ".join(["python3", f"benchmarks/{script}.py", *args])
    cores = os.cpu_count() or 1
    head = fr.typography(
        f"Sortie de `{command}` le {fr.date(dt.date.today())}, sur une machine de "
        f"{fr.count(cores, 'cœur')} (charge moyenne {fr.number(load, 2)} au départ) :"
    )
    return (f"<!-- sortie: {script} -->\n{head}\n\n```text\n{output.rstrip()}\n```\n"
            "<!-- /sortie -->")


def record(script: str, args: list[str]) -> Path:
    """Run ``script`` and write its output into its page; return the page."""
    if script not in PAGES:
        sys.exit(f"Script inconnu : {script} (connus : {', '.join(sorted(PAGES))}).")
    page = ROOT / PAGES[script]
    text = page.read_text(encoding="utf-8")
    pattern = block_pattern(script)
    if not pattern.search(text):
        sys.exit(f"{page.name} n'a pas de bloc « <!-- sortie: {script} --> ».")
    load = os.getloadavg()[0]
    output = run(script, args)
    new = pattern.sub(lambda _: block(script, args, output, load), text, count=1)
    page.write_text(new, encoding="utf-8")
    return page


def main() -> None:
    """Parse the command line and record one script."""
    if len(sys.argv) < 2:
        sys.exit(__doc__.splitlines()[2])
    page = record(sys.argv[1], sys.argv[2:])
    print(f"Sortie écrite dans {page.relative_to(ROOT)}.", file=sys.stderr)


if __name__ == "__main__":
    main()
