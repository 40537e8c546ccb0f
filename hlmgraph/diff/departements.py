"""Diff step: the changes counted by département, and a small map of them (SVG, offline).

An organisation belongs to the département that encloses its territory (``actors.territory``,
else its first presence); a partnership counts in the département of each of its two
actors. The map places a circle on each metropolitan département (positions shipped in
``hlmgraph/static/departements.csv``), its area proportional to the value: green for a
gain, red for a loss.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections import Counter
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING

import networkx as nx

from hlmgraph import fr
from hlmgraph.diff.compare import Changes
from hlmgraph.model import TerritoryTree

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("departement", "nom", "organisations_ajoutees", "organisations_retirees",
           "partenariats_gagnes", "partenariats_perdus")
WIDTH, HEIGHT, MARGIN = 520, 520, 30
_SHRINK = math.cos(math.radians(46.5))
"""A degree of longitude is shorter than one of latitude at French latitudes."""


def changes_by_departement(changes: Changes) -> pd.DataFrame:
    """One row per département touched by a change: organisations and partnerships won or lost."""
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    old, new = _departements(changes.old.graph), _departements(changes.new.graph)
    counts: dict[str, Counter[str]] = {}

    def add(departement: str, column: str) -> None:
        """Count one change in a département."""
        if departement:
            counts.setdefault(departement, Counter())[column] += 1

    for actor in changes.actors_added:
        add(new.get(actor, ""), "organisations_ajoutees")
    for actor in changes.actors_removed:
        add(old.get(actor, ""), "organisations_retirees")
    for pairs, side, column in ((changes.partnerships_gained, new, "partenariats_gagnes"),
                                (changes.partnerships_lost, old, "partenariats_perdus")):
        for pair in pairs:
            for departement in {side.get(pair[0], ""), side.get(pair[1], "")}:
                add(departement, column)
    names = {**_names(changes.old.graph), **_names(changes.new.graph)}
    rows = [{"departement": d.split(":", 1)[1], "nom": names.get(d, d),
             **{c: counts[d][c] for c in COLUMNS[2:]}} for d in sorted(counts)]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def departement_map(values: Mapping[str, float], title: str = "") -> str:
    """An SVG map: one circle per metropolitan département code of ``values`` (sign = colour)."""
    places = _positions()
    shown = {code: value for code, value in values.items() if code in places and value}
    top = max((abs(v) for v in shown.values()), default=1.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" role="img">']
    if title:
        parts.append(f'<title>{html.escape(title)}</title>')
        parts.append(f'<text x="{MARGIN}" y="20" font-size="14">{html.escape(title)}</text>')
    for _, (x, y) in sorted(places.items()):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.5" fill="#bbb"/>')
    for code, value in sorted(shown.items(), key=lambda item: -abs(item[1])):
        x, y = places[code]
        radius = 3 + 22 * math.sqrt(abs(value) / top)
        colour = "#2e7d32" if value > 0 else "#c62828"
        label = f"{code} : {'+' if value > 0 else ''}{fr.number(value)}"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
                     f'fill-opacity="0.55"><title>{html.escape(fr.typography(label))}</title>'
                     '</circle>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _departements(G: nx.MultiDiGraph) -> dict[str, str]:
    """Actor id -> the département id enclosing its territory (or first presence)."""
    tree = TerritoryTree.of(G)
    found: dict[str, str] = {}
    for actor, place, kind in sorted(G.edges(data="type")):
        if kind not in ("BASED_IN", "PRESENT_IN") or (actor in found and kind == "PRESENT_IN"):
            continue
        departement = next((t for t in tree.enclosing(place) if t.startswith("departement:")), "")
        if departement:
            found[actor] = departement
    return found


def _names(G: nx.MultiDiGraph) -> dict[str, str]:
    """Département id -> name."""
    return {n: str(d.get("name") or n) for n, d in G.nodes(data=True)
            if str(n).startswith("departement:")}


def _positions() -> dict[str, tuple[float, float]]:
    """Metropolitan département code -> (x, y) in the map's frame."""
    text = resources.files("hlmgraph").joinpath("static", "departements.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    x = {r["code"]: float(r["lon"]) * _SHRINK for r in rows}
    y = {r["code"]: float(r["lat"]) for r in rows}
    scale = min((WIDTH - 2 * MARGIN) / (max(x.values()) - min(x.values())),
                (HEIGHT - 2 * MARGIN - 20) / (max(y.values()) - min(y.values())))
    return {code: (MARGIN + (x[code] - min(x.values())) * scale,
                   HEIGHT - MARGIN - (y[code] - min(y.values())) * scale) for code in x}
