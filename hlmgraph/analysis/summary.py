"""Analysis step: whole-network figures of the actor network (``hlmgraph analyse`` words them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx

from hlmgraph.analysis.brokerage import bridge_pairs
from hlmgraph.model import NetworkOptions
from hlmgraph.schema import ACTOR_TYPES

TOP_BROKERS = 3
"""Brokers listed per actor type in the summary."""
TOP_BRIDGES = 10
"""Actors listed in « Qui fait le pont entre logement et insertion »."""
TOP_COMMUNITIES = 10
"""Largest communities listed, with their names."""
BRIDGE_FAMILIES = ("logement", "insertion")
"""The two worlds of the « pont » block."""
BRIDGE_TITLE = "Qui fait le pont entre logement et insertion"
"""Title of the « pont » block, the same in the terminal, the report and the view."""
def network_summary(
    A: nx.Graph, measures: Sequence[dict[str, Any]], options: NetworkOptions | None = None
) -> dict[str, Any]:
    """Whole-network figures: size, components, communities, brokers, bridges, type links."""
    options = options or NetworkOptions()
    sizes = sorted((len(c) for c in nx.connected_components(A)), reverse=True)
    return {
        "actors": A.number_of_nodes(),
        "links": A.number_of_edges(),
        "density": nx.density(A) if A.number_of_nodes() > 1 else 0.0,
        "components": len(sizes),
        "largest_component": sizes[0] if sizes else 0,
        "isolated": sorted((n for n in A if A.degree(n) == 0), key=str),
        "communities": len({r["community"] for r in measures}),
        "largest_communities": largest_communities(measures),
        "top_brokers": _top_brokers(measures),
        "bridges": bridges(A, measures),
        "type_links": _type_links(A),
        "as_of": options.as_of.isoformat() if options.as_of else None,
        "weighting": options.weighting,
        "ties": options.ties,
    }


def bridges(A: nx.Graph, measures: Sequence[dict[str, Any]], top: int = TOP_BRIDGES) -> list[dict]:
    """Actors of ``measures`` linking the most unlinked logement–insertion pairs, most first.

    Counts are taken on the whole network ``A`` (the same for an actor whether
    ``measures`` lists every actor or a few). Each entry: id, name, type,
    family, ``pairs`` (logement–insertion pairs of unlinked partners it links:
    gatekeeper pairs for a logement or insertion actor, liaison pairs for the others).
    """
    if not measures:
        return []
    nodes = sorted({r["id"] for r in measures if r["id"] in A}, key=str)
    counts = dict(zip(nodes, bridge_pairs(A, nodes, *BRIDGE_FAMILIES).tolist(), strict=True))
    ranked = sorted(
        (r for r in measures if counts.get(r["id"], 0) > 0),
        key=lambda r: (-counts[r["id"]], str(r["id"])),
    )[:top]
    return [
        {key: r[key] for key in ("id", "name", "type", "family")} | {"pairs": int(counts[r["id"]])}
        for r in ranked
    ]


def largest_communities(
    measures: Sequence[dict[str, Any]], top: int = TOP_COMMUNITIES
) -> list[dict[str, Any]]:
    """The largest communities of two actors or more: number, name and size, community 1 first."""
    sizes = Counter(r["community"] for r in measures)
    names = {r["community"]: r["community_name"] for r in measures}
    shared = [k for k in sorted(sizes) if sizes[k] > 1]
    return [{"community": k, "name": names[k], "size": sizes[k]} for k in shared[:top]]


def _type_order(kind: str) -> tuple[int, str]:
    """Sort key of an actor type: schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return (order.index(kind) if kind in order else len(order), kind)


def _top_brokers(measures: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per actor type, the actors with the highest (non-zero) betweenness."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for record in measures:
        if record["betweenness"] > 0:
            by_type.setdefault(record["type"], []).append(record)
    return {
        kind: [
            {"id": r["id"], "name": r["name"], "betweenness": r["betweenness"]}
            for r in sorted(by_type[kind], key=lambda r: (-r["betweenness"], str(r["id"])))[
                :TOP_BROKERS
            ]
        ]
        for kind in sorted(by_type, key=_type_order)
    }


def _type_links(A: nx.Graph) -> dict[str, dict[str, int]]:
    """Symmetric matrix (dict of dicts) of link counts between actor types present."""
    kind = {v: str(t) for v, t in A.nodes(data="type", default="")}
    counts = Counter((kind[u], kind[v]) for u, v in A.edges())
    kinds = sorted(set(kind.values()), key=_type_order)
    matrix = {a: dict.fromkeys(kinds, 0) for a in kinds}
    for (a, b), count in counts.items():
        matrix[a][b] += count
        if a != b:
            matrix[b][a] += count
    return matrix


def type_pairs(matrix: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """Non-zero (type, type, count) cells of the upper triangle, most links first."""
    kinds = list(matrix)
    pairs = [
        (a, b, matrix[a][b])
        for i, a in enumerate(kinds)
        for b in kinds[i:]
        if matrix[a][b]
    ]
    return sorted(pairs, key=lambda p: (-p[2], _type_order(p[0]), _type_order(p[1])))
