"""Report step: the échéancier chart, contracts ending each year up to 2030, stacked by kind (SVG)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from hlmgraph import fr
from hlmgraph.palette import kind_color
from hlmgraph.report.deadlines import LATER, OPEN, SCHEDULE_KINDS, SCHEDULE_LABELS
from hlmgraph.report.text import esc

COLUMN_LABELS: dict[str, str] = {LATER: "après 2030", OPEN: "sans date"}


def schedule_chart(counts: Mapping[str, Counter[str]], buckets: Sequence[str], width: int = 900) -> str:
    """Stacked columns: for each end year, the contracts of each kind; a legend under it."""
    total = {b: sum(counts[b].values()) for b in buckets}
    top = max(total.values(), default=0)
    if top == 0:
        return '<p class="empty">Aucun contrat de ville, projet NPNRU, CUS ni convention TFPB en vigueur.</p>'
    height, base, left = 260, 220, 40
    step = (width - left - 10) / len(buckets)
    bar = min(56.0, step * 0.6)
    title = "Échéancier : contrats en vigueur par année de fin"
    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" class="axis"/>',
    ]
    for i, bucket in enumerate(buckets):
        x = round(left + i * step + (step - bar) / 2, 1)
        y = float(base)
        for label, color in zip(SCHEDULE_LABELS, map(kind_color, SCHEDULE_KINDS), strict=True):
            n = counts[bucket][label]
            if n:
                h = round(190 * n / top, 1)
                y -= h
                tip = fr.typography(f"{COLUMN_LABELS.get(bucket, bucket)} : {fr.count(n, 'contrat')} ({label})")
                parts.append(f'<rect x="{x}" y="{round(y, 1)}" width="{round(bar, 1)}" height="{h}" '
                             f'fill="{color}"><title>{esc(tip)}</title></rect>')
        center = round(x + bar / 2, 1)
        if total[bucket]:
            parts.append(f'<text x="{center}" y="{round(y - 5, 1)}" text-anchor="middle" class="val">'
                         f"{fr.number(total[bucket])}</text>")
        parts.append(f'<text x="{center}" y="{base + 18}" text-anchor="middle">'
                     f"{esc(COLUMN_LABELS.get(bucket, bucket))}</text>")
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" style="background:{color}"></span>{esc(label)}</li>'
        for label, color in zip(SCHEDULE_LABELS, map(kind_color, SCHEDULE_KINDS), strict=True)
    )
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'
