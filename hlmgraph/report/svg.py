"""Report step: bar charts drawn as inline SVG, and the view's network picture made fit for the page."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hlmgraph import fr
from hlmgraph.report.text import cut, esc


def bar_chart(
    items: Sequence[tuple[str, int, str]], title: str, width: int = 900, label_w: int = 300
) -> str:
    """A horizontal bar chart as inline SVG: one (label, value, colour) per bar."""
    if not items:
        return ""
    row = 24
    limit = int((label_w - 12) / 6.6)
    bar_w = width - label_w - 70
    top = max(v for _, v, _ in items) or 1
    height = row * len(items) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (label, value, color) in enumerate(items):
        y = 4 + i * row
        w = round(bar_w * value / top, 1) if value else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="lbl">{esc(cut(label, limit))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="17" rx="2" fill="{color}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" class="val">{fr.number(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def embedded(picture: str, title: str) -> str:
    """A standalone SVG document (the view's picture) made fit for inline use in the page.

    Drops the XML prolog, the metadata (links to vocabularies, no request but
    noise) and the picture's global style rule, and names the picture for
    screen readers.
    """
    body = picture[picture.index("<svg"):] if "<svg" in picture else ""
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", body, flags=re.S)
    body = re.sub(r"<style[^>]*>.*?</style>\s*", "", body, flags=re.S)
    return body.replace("<svg ", f'<svg class="network" role="img" aria-label="{esc(title)}" ', 1)
