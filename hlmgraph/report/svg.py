"""Report step: the report's pictures as inline SVG (bar charts, network picture)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.palette import type_color
from hlmgraph.report.text import cut, esc, node_name, type_sorted

PICTURE_ACTORS = 40
"""Actors drawn in the network picture (highest degree first)."""
PICTURE_LABELS = 14
"""Actors named in the network picture."""
LAYOUT_SEED = 42


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


def network_picture(A: nx.Graph, limit: int = PICTURE_ACTORS, width: int = 900) -> str:
    """A static SVG of the most connected organisations, coloured by type, with a legend."""
    ranked = sorted((n for n in A if A.degree(n) > 0), key=lambda n: (-A.degree(n), str(n)))[:limit]
    if not ranked:
        return '<p class="empty">Aucun lien de partenariat à représenter.</p>'
    S = nx.Graph()
    S.add_nodes_from(sorted(ranked, key=str))
    S.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in A.subgraph(ranked).edges()))
    pos, height = _packed_layout(S, width)
    top_degree = max(A.degree(n) for n in S)
    radius = {n: round(5 + 12 * math.sqrt(A.degree(n) / top_degree), 1) for n in S}
    top_weight = max((A.edges[u, v].get("weight", 1) for u, v in S.edges()), default=1)
    title = "Réseau des organisations les plus reliées"
    parts = [
        f'<svg class="network" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
        '<g class="links">',
    ]
    for u, v in S.edges():
        (x1, y1), (x2, y2) = pos[u], pos[v]
        weight = A.edges[u, v].get("weight", 1)
        stroke = round(0.7 + 3 * math.log1p(weight) / math.log1p(max(top_weight, 1)), 2)
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{stroke}"/>')
    parts.append('</g><g class="nodes">')
    for node in sorted(S, key=lambda n: (A.degree(n), str(n))):
        x, y = pos[node]
        kind = str(A.nodes[node].get("type", ""))
        tip = fr.typography(f"{node_name(A, node)} ({fr.type_label(kind)}) : {fr.count(A.degree(node), 'partenaire')}")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius[node]}" fill="{type_color(kind)}">'
            f"<title>{esc(tip)}</title></circle>"
        )
    parts += _picture_labels(A, ranked[:PICTURE_LABELS], pos, radius, width)
    parts.append("</g></svg>")
    kinds = Counter(str(A.nodes[n].get("type", "")) for n in S)
    legend = "".join(
        f'<li><span class="dot" style="background:{type_color(k)}"></span>{esc(fr.type_label(k))} ({fr.number(n)})</li>'
        for k, n in type_sorted(kinds)
    )
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'


def _packed_layout(S: nx.Graph, width: int) -> tuple[dict[Any, tuple[float, float]], int]:
    """Pixel positions: each connected component laid out alone, then packed in centred rows."""
    components = sorted(nx.connected_components(S), key=lambda c: (-len(c), min(map(str, c))))
    cells = [(_unit_layout(_ordered_subgraph(S, c)), math.sqrt(len(c))) for c in components]
    sides = [side for _, side in cells]
    row_limit = max(max(sides), min(1.6 * math.sqrt(S.number_of_nodes()), sum(sides)))
    rows: list[list[tuple[dict[Any, tuple[float, float]], float]]] = [[]]
    for cell in cells:
        if rows[-1] and sum(side for _, side in rows[-1]) + cell[1] > row_limit + 1e-9:
            rows.append([])
        rows[-1].append(cell)
    margin = 36
    scale = (width - 2 * margin) / row_limit
    pos: dict[Any, tuple[float, float]] = {}
    top = 0.0
    for row in rows:
        left = (row_limit - sum(side for _, side in row)) / 2
        for layout, side in row:
            for node, (x, y) in layout.items():
                pos[node] = (
                    round(margin + (left + (0.08 + 0.84 * x) * side) * scale, 1),
                    round(margin + (top + (0.08 + 0.84 * y) * side) * scale, 1),
                )
            left += side
        top += max(side for _, side in row)
    return pos, math.ceil(top * scale + 2 * margin)


def _ordered_subgraph(S: nx.Graph, nodes: set[Any]) -> nx.Graph:
    """A copy of S restricted to ``nodes``, nodes and edges in sorted order.

    A subgraph view of a few nodes iterates over a Python set, whose order
    changes with the hash seed; a seeded layout needs a fixed order.
    """
    C = nx.Graph()
    C.add_nodes_from(sorted(nodes, key=str))
    pairs = (tuple(sorted((u, v), key=str)) for u, v in S.subgraph(nodes).edges())
    C.add_edges_from(sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1]))))
    return C


def _unit_layout(C: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Seeded spring layout of one component, scaled into the unit square."""
    nodes = list(C)
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    raw = nx.spring_layout(C, seed=LAYOUT_SEED, iterations=200)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: ((float(raw[n][0]) - min(xs)) / span_x, (float(raw[n][1]) - min(ys)) / span_y)
        for n in nodes
    }


def _picture_labels(
    A: nx.Graph,
    nodes: Sequence[Any],
    pos: dict[Any, tuple[float, float]],
    radius: dict[Any, float],
    width: int,
) -> list[str]:
    """Names above the best-connected nodes, skipping any that would overlap one already placed."""
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for node in nodes:
        text = cut(node_name(A, node), 28)
        half = 3.3 * len(text)
        x, y = pos[node]
        x = min(max(x, half + 2), width - half - 2)
        box = (x - half, y - radius[node] - 16, x + half, y - radius[node] - 2)
        if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in placed):
            continue
        placed.append(box)
        labels.append(
            f'<text x="{round(x, 1)}" y="{round(box[3] - 2, 1)}" text-anchor="middle">{esc(text)}</text>'
        )
    return labels
