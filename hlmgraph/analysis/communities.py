"""Analysis step: Louvain communities, numbered by size and named by territory and families."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr, settings
from hlmgraph.analysis.brokerage import actor_family
from hlmgraph.model import TerritoryTree
from hlmgraph.schema import FAMILIES

FAMILY_SHARE = 0.25
"""A family appears in a community's name from this share of its members."""
FAMILIES_NAMED = 3
"""At most this many families in a community's name."""


def canonical(A: nx.Graph, nodes: list[Any]) -> nx.Graph:
    """A copy of ``A`` with nodes and edges inserted in sorted order (order-free results)."""
    position = {v: i for i, v in enumerate(nodes)}
    edges = [
        (u, v, w) if position[u] < position[v] else (v, u, w)
        for u, v, w in A.edges(data="weight", default=1)
    ]
    C = nx.Graph()
    C.add_nodes_from(nodes)
    C.add_weighted_edges_from(sorted(edges, key=lambda e: (position[e[0]], position[e[1]])))
    return C


def louvain(C: nx.Graph, nodes: list[Any]) -> list[int]:
    """Community numbers from NetworkX's seeded Louvain on the canonical graph (both engines)."""
    found = nx.community.louvain_communities(C, weight="weight", seed=settings.LOUVAIN_SEED)
    index = {v: i for i, v in enumerate(nodes)}
    return numbered([[index[v] for v in c] for c in found], len(nodes))


def numbered(groups: Sequence[Sequence[int]], size: int) -> list[int]:
    """Community number of each node: 1 for the largest group, ties by smallest index."""
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    number = [0] * size
    for k, members in enumerate(ordered, start=1):
        for i in members:
            number[i] = k
    return number


def community_names(
    A: nx.Graph, community: Mapping[Any, int], G: nx.MultiDiGraph | None = None
) -> dict[int, str]:
    """The name of each community: « Roubaix-Tourcoing — logement et insertion ».

    The territory is the most precise one enclosing more than half of the
    members that have a place (``BASED_IN``, else ``PRESENT_IN`` in ``G``);
    the families are those of at least a quarter of the members, most frequent
    first. A community of one actor is named after it. Equal names get « (2) »,
    « (3) »… in community order. Without ``G`` the name starts with the number.
    """
    members: dict[int, list[Any]] = {}
    for actor in sorted(community, key=str):
        members.setdefault(community[actor], []).append(actor)
    places = _places(G) if G is not None else None
    names: dict[int, str] = {}
    for number in sorted(members):
        group = members[number]
        if len(group) == 1:
            names[number] = f"{A.nodes[group[0]].get('name') or group[0]} (seul)"
            continue
        where = _dominant_place(group, *places) if places else f"Communauté {number}"
        names[number] = f"{where} — {_families(A, group)}" if where else _families(A, group)
    return _distinct(names)


def _families(A: nx.Graph, group: Sequence[Any]) -> str:
    """The main families of a group of actors, in words (« logement et insertion »)."""
    counts = Counter(actor_family(A.nodes[v]) for v in group)
    order = list(FAMILIES)
    ranked = sorted(
        (f for f in counts if f and counts[f] >= FAMILY_SHARE * len(group)),
        key=lambda f: (-counts[f], order.index(f)),
    )
    return fr.names([FAMILIES[f] for f in ranked[:FAMILIES_NAMED]], limit=FAMILIES_NAMED) or (
        "acteurs sans type"
    )


def _places(
    G: nx.MultiDiGraph,
) -> tuple[dict[str, set[str]], TerritoryTree, Mapping[str, Mapping[str, Any]]]:
    """Each actor's places (BASED_IN, else PRESENT_IN), the territory tree, territory attrs."""
    based: dict[str, set[str]] = {}
    present: dict[str, set[str]] = {}
    for u, v, kind in G.edges(keys=True):
        if kind == "BASED_IN":
            based.setdefault(u, set()).add(v)
        elif kind == "PRESENT_IN":
            present.setdefault(u, set()).add(v)
    anchors = {**present, **based}
    return anchors, TerritoryTree.of(G), G.nodes


def _dominant_place(
    group: Sequence[Any],
    anchors: dict[str, set[str]],
    tree: TerritoryTree,
    territories: Mapping[str, Mapping[str, Any]],
) -> str:
    """Name of the most precise territory enclosing more than half of the located members."""
    votes: Counter[str] = Counter()
    located = 0
    for actor in group:
        places = anchors.get(actor)
        if not places:
            continue
        located += 1
        votes.update({t for place in places for t in tree.enclosing(place)})
    majority = [t for t, n in votes.items() if 2 * n > located]
    if not majority:
        return ""
    best = max(majority, key=lambda t: (len(tree.enclosing(t)), votes[t], str(t)))
    return str(territories[best].get("name") or best)


def _distinct(names: dict[int, str]) -> dict[int, str]:
    """Make equal names distinct with « (2) », « (3) »… in community order."""
    seen: Counter[str] = Counter()
    out = {}
    for number in sorted(names):
        seen[names[number]] += 1
        k = seen[names[number]]
        out[number] = names[number] if k == 1 else f"{names[number]} ({k})"
    return out
