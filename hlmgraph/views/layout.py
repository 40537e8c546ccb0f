"""Views step: positions (seeded force layout, actors clustered on a flat map of France)."""

from __future__ import annotations

import csv
import io
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources

import networkx as nx

from hlmgraph.places import Places
from hlmgraph.views.options import LAYOUT_SEED
from hlmgraph.views.select import OUTSIDE, departement_groups

Positions = dict[str, tuple[float, float]]

_MAP_CENTRE = (2.4, 46.6)
_MAP_SCALE = 260.0
"""Pixels per degree of latitude on the national map."""
_DROM_INSETS: dict[str, tuple[float, float]] = {
    "971": (-1500.0, -250.0), "972": (-1500.0, 0.0), "973": (-1500.0, 250.0),
    "974": (-1500.0, 500.0), "976": (-1500.0, 750.0),
}
"""Overseas départements drawn as insets west of the mainland, as French maps do."""
_DROM_REGIONS = {"971": "01", "972": "02", "973": "03", "974": "04", "976": "06"}
_REGION_INSETS = {
    r: (_DROM_INSETS[d][0] - 180.0, _DROM_INSETS[d][1]) for d, r in _DROM_REGIONS.items()
}
_OUTSIDE_PLACE = (-1500.0, -700.0)
_DETAIL_MAP_ZOOM = 4.0
"""Actor views spread the map this much more than the aggregate view."""


def force_layout(
    S: nx.Graph, spacing: float = 110.0, minimum: float = 500.0, compact: bool = False
) -> Positions:
    """Fixed positions (igraph Fruchterman-Reingold, seeded): drawn at once, no live physics.

    ``compact`` ties every node to a hidden centre while laying out, so actors
    without a partner in ``S`` stay near the others instead of on a far ring.
    """
    import igraph as ig

    nodes = sorted(S)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    # Each edge as (low, high): a subgraph of a few nodes iterates over a set, so the
    # orientation of an edge in S.edges would change with the hash seed.
    edges = sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in S.edges)
    if compact:
        edges += [(i, len(nodes)) for i in range(len(nodes))]
    graph = ig.Graph(n=len(nodes) + int(compact), edges=edges)
    ig.set_random_number_generator(random.Random(LAYOUT_SEED))
    try:
        large = len(nodes) > 1000
        coords = graph.layout_fruchterman_reingold(
            niter=300 if large else 500, grid="grid" if large else "nogrid"
        ).coords
    finally:
        ig.set_random_number_generator(random)
    return _scale(nodes, coords[: len(nodes)], spacing, minimum)


def map_cluster_layout(G: nx.MultiDiGraph, places: Places, S: nx.Graph) -> Positions | None:
    """Actors clustered around their département on the map (None when off the map)."""
    group_of = departement_groups(places, sorted(S))
    members: dict[str, list[str]] = defaultdict(list)
    for actor in sorted(S):
        members[group_of[actor]].append(actor)
    centres = map_positions(G, sorted(members))
    if centres is None or len(members) < 3:
        return None
    positions: Positions = {}
    for group, actors in sorted(members.items()):
        cx, cy = centres[group]
        local = force_layout(S.subgraph(actors), spacing=30.0, minimum=40.0, compact=True)
        for actor, (x, y) in local.items():
            positions[actor] = (
                round(cx * _DETAIL_MAP_ZOOM + x, 1), round(cy * _DETAIL_MAP_ZOOM + y, 1)
            )
    return positions


def map_positions(G: nx.MultiDiGraph, groups: list[str]) -> Positions | None:
    """Map-like positions of départements and régions (None if one is not on the map)."""
    places = _departement_places()
    positions: Positions = {}
    for group in groups:
        data = G.nodes[group] if group != OUTSIDE else {}
        code = str(data.get("code", ""))
        if group == OUTSIDE:
            positions[group] = _OUTSIDE_PLACE
        elif data.get("level") == "departement" and code in places:
            positions[group] = places[code][0]
        elif data.get("level") == "region" and code in _REGION_INSETS:
            positions[group] = _REGION_INSETS[code]
        elif data.get("level") == "region":
            inside = [xy for xy, region in places.values() if region == code]
            if not inside:
                return None
            positions[group] = (
                round(sum(x for x, _ in inside) / len(inside), 1),
                round(sum(y for _, y in inside) / len(inside) + 40, 1),
            )
        else:
            return None
    return positions


@cache
def _departement_places() -> dict[str, tuple[tuple[float, float], str]]:
    """Département code -> (x, y) on a flat map of France, and its région code."""
    text = resources.files("hlmgraph").joinpath("static", "departements.csv").read_text("utf-8")
    places = {}
    for row in csv.DictReader(io.StringIO(text)):
        lon, lat = float(row["lon"]), float(row["lat"])
        x = (lon - _MAP_CENTRE[0]) * math.cos(math.radians(_MAP_CENTRE[1])) * _MAP_SCALE
        y = -(lat - _MAP_CENTRE[1]) * _MAP_SCALE
        places[row["code"]] = ((round(x, 1), round(y, 1)), row["region"])
    for code, xy in _DROM_INSETS.items():
        places[code] = (xy, _DROM_REGIONS[code])
    return places


def _scale(
    nodes: Sequence[str], coords: Sequence[Sequence[float]], spacing: float, minimum: float
) -> Positions:
    """Coordinates rescaled to about ``spacing`` pixels per node, rounded."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = max(minimum, spacing * math.sqrt(len(nodes))) if len(nodes) > 1 else 0.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        n: (round((x - cx) / span * side, 1), round((y - cy) / span * side, 1))
        for n, (x, y) in zip(nodes, zip(xs, ys, strict=True), strict=True)
    }


def scaled_sizes(values: Sequence[float], low: float, high: float) -> list[float]:
    """Sizes between ``low`` and ``high`` linear in ``values``, as vis-network scales ``value``.

    Every size is the middle one when all values are equal (vis-network's default).
    """
    if not values:
        return []
    vmin, vmax = min(values), max(values)
    if vmax == vmin:
        return [(low + high) / 2] * len(values)
    return [low + (v - vmin) / (vmax - vmin) * (high - low) for v in values]


def spread(positions: Positions, radii: dict[str, float], gap: float = 48.0,
           rounds: int = 60) -> Positions:
    """Positions moved apart until no two circles are closer than ``gap`` (deterministic).

    Each round pushes every overlapping pair apart along the line joining them,
    half each; pairs at the same point are split along a fixed direction.
    """
    import numpy as np
    from scipy.spatial import cKDTree

    nodes = sorted(positions)
    if len(nodes) < 2:
        return dict(positions)
    xy = np.array([positions[n] for n in nodes], dtype=float)
    r = np.array([radii.get(n, 10.0) for n in nodes], dtype=float)
    reach = 2 * float(r.max()) + gap
    for _ in range(rounds):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = xy[j] - xy[i]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        need = r[i] + r[j] + gap
        short = dist < need
        if not short.any():
            break
        i, j, delta, dist, need = i[short], j[short], delta[short], dist[short], need[short]
        same = dist < 1e-9
        delta[same] = (1.0, 0.0)
        dist[same] = 1.0
        push = ((need - dist) / 2 / dist)[:, None] * delta
        moves = np.zeros_like(xy)
        np.add.at(moves, i, -push)
        np.add.at(moves, j, push)
        xy += moves
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(nodes, xy, strict=True)}
