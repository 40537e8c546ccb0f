"""Views step: the actor view (one node per actor, links weighted by common contracts)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.model import in_force
from hlmgraph.palette import ALERT_COLOR, GAP_COLOR, OTHER_COLOR, PALETTE, TYPE_COLORS
from hlmgraph.places import Places
from hlmgraph.schema import ACTOR_TYPES
from hlmgraph.views.data import ViewData
from hlmgraph.views.layout import force_layout, map_cluster_layout, scaled_sizes, spread
from hlmgraph.views.measures import bridge_lines, measure_lines, view_measures
from hlmgraph.views.options import NODE_SIZES, SIZE_MEASURES, ViewOptions
from hlmgraph.views.select import Findings, PairMarks, gaps_by_actor, shared
from hlmgraph.views.text import actor_notes, finite, labelled, short

Legend = list[tuple[str, str, str, int]]


def actor_view(
    G: nx.MultiDiGraph, places: Places, A: nx.Graph, S: nx.Graph, found: Findings,
    options: ViewOptions,
) -> ViewData:
    """One node per selected actor, links weighted by common contracts."""
    measures, left_out = view_measures(G, A, sorted(S), options)
    colors, legend, legend_title = _actor_colors(S, measures, options.color_by)
    on_map = map_cluster_layout(G, places, S) if len(S) > options.map_layout_above else None
    values = {a: finite(measures.get(a, {}).get(options.size_by, 0)) for a in S}
    positions = on_map or _spread_layout(S, values)
    node_gaps, pair_gaps = gaps_by_actor(found.gaps, set(S))
    node_alerts, _ = gaps_by_actor(found.alerts, set(S))
    catalog = _Catalog(G)
    nodes = []
    for actor in sorted(S):
        data = S.nodes[actor]
        node = {
            "id": actor,
            "label": short(str(data.get("name", actor))),
            "title": _actor_tooltip(G, actor, data, measures.get(actor, {})),
            "c": catalog.refs(_contracts_of(G, actor, options.day())),
            "value": values[actor],
            "color": colors[actor],
            "kind": data.get("type", "") if options.color_by == "type" else colors[actor],
            "x": positions[actor][0],
            "y": positions[actor][1],
        }
        _mark(node, node_alerts.get(actor), "a", ALERT_COLOR)
        _mark(node, node_gaps.get(actor), "m", GAP_COLOR)
        nodes.append(node)
    edges, hidden = _actor_edges(S, catalog, options.edge_limit)
    gap_edges = _gap_edges(S, pair_gaps)
    shown_gaps = {i for items in node_gaps.values() for i, _ in items}
    shown_gaps |= {i for items in pair_gaps.values() for i, _ in items}
    view = ViewData(
        mode="acteurs", nodes=nodes, edges=edges + gap_edges, legend=legend,
        legend_title=legend_title, gaps=len(shown_gaps), gap_edges=len(gap_edges),
        alerts=len({i for items in node_alerts.values() for i, _ in items}),
        hidden_edges=hidden, contracts=catalog.labels, actors=len(S),
    )
    view.keys = [
        fr.typography(f"Taille des cercles : {SIZE_MEASURES[options.size_by]}, calculé sur "
                      "tout le réseau."),
        fr.typography("Épaisseur des liens : nombre de contrats communs."),
    ]
    view.notes = actor_notes(len(nodes), len(edges), hidden) + left_out
    view.bridges = bridge_lines(A, measures, sorted(S))
    return view


def _spread_layout(S: nx.Graph, values: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Force layout, then circles moved apart so that none overlaps another (nor its label)."""
    actors = sorted(S)
    low, high = NODE_SIZES["acteurs"]
    radii = dict(zip(actors, scaled_sizes([values[a] for a in actors], low, high), strict=True))
    return spread(force_layout(S, compact=True), radii)


def _mark(node: dict[str, Any], items: list[tuple[int, str]] | None, key: str, border: str) -> None:
    """Messages of gaps (``m``) or alerts (``a``) on a node, and its coloured border."""
    if not items:
        return
    node[key] = [message for _, message in items]
    node["borderWidth"] = 3
    fill = node["color"]["background"] if isinstance(node["color"], dict) else node["color"]
    node["color"] = {"background": fill, "border": border}


def _actor_colors(
    S: nx.Graph, measures: dict[str, dict[str, Any]], color_by: str
) -> tuple[dict[str, str], Legend, str]:
    """Colour of each actor, the legend entries and the legend's title."""
    if color_by == "type":
        counts = Counter(S.nodes[a].get("type", "") for a in S)
        legend = [
            (t, TYPE_COLORS[t], fr.type_label(t), counts[t]) for t in ACTOR_TYPES if counts[t]
        ]
        colors = {a: TYPE_COLORS.get(S.nodes[a].get("type", ""), OTHER_COLOR) for a in S}
        return colors, legend, "Type d'acteur"
    community = {a: measures.get(a, {}).get("community") for a in S}
    sizes = Counter(c for c in community.values() if c is not None)
    ranked = sorted(sizes, key=lambda c: (-sizes[c], str(c)))
    shades = dict(zip(ranked, PALETTE, strict=False))
    colors = {a: shades.get(community[a], OTHER_COLOR) for a in S}
    names = {c: str(measures[a].get("community_name") or f"Communauté {c}")
             for a, c in community.items() if c is not None and a in measures}
    legend = [(shades[c], shades[c], names[c], sizes[c]) for c in ranked if c in shades]
    rest = sum(sizes[c] for c in ranked if c not in shades) + sum(
        1 for c in community.values() if c is None
    )
    if rest:
        legend.append((OTHER_COLOR, OTHER_COLOR, "Autres communautés", rest))
    return colors, legend, "Communauté (Louvain)"


def _actor_tooltip(
    G: nx.MultiDiGraph, actor: str, data: dict[str, Any], measures: dict[str, Any]
) -> str:
    """Plain-text tooltip head of an actor (view.js appends its contracts and gaps).

    vis-network shows a string title as text (innerText), never as HTML.
    """
    kind = fr.type_label(data.get("type"))
    if data.get("subtype"):
        kind += f" ({data['subtype']})"
    lines = [str(data.get("name", actor)), labelled("Type", kind), labelled("Identifiant", actor)]
    base = _territory_of(G, actor)
    if base:
        lines.append(labelled("Territoire", base))
    return "\n".join(lines + measure_lines(measures))


def _territory_of(G: nx.MultiDiGraph, actor: str) -> str:
    """Name and level of the territory an actor is based in ('' if none)."""
    for _, target, rel in G.out_edges(actor, data="type"):
        if rel == "BASED_IN":
            return fr.territory_title(G.nodes[target])
    return ""


def _contracts_of(G: nx.MultiDiGraph, actor: str, as_of: dt.date | None) -> list[str]:
    """Ids of the contracts an actor is party to, in force at ``as_of``."""
    return [
        contract
        for _, contract, rel in sorted(G.out_edges(actor, data="type"))
        if rel == "PARTY_TO" and in_force(G.nodes[contract], as_of)
    ]


class _Catalog:
    """Contract labels listed once in the page; nodes and links refer to them by number."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        """An empty catalog over the contracts of ``G``."""
        self.G = G
        self.labels: list[str] = []
        self._index: dict[str, int] = {}

    def refs(self, contracts: Iterable[str]) -> list[int]:
        """Numbers of the given contracts, adding their labels when new."""
        refs = []
        for contract in contracts:
            if contract not in self._index:
                data = self.G.nodes[contract] if contract in self.G else {}
                name = str(data.get("name", contract))
                self._index[contract] = len(self.labels)
                kind = data.get("kind")
                self.labels.append(f"{name} ({fr.lower_first(fr.kind_label(kind))})" if kind else name)
            refs.append(self._index[contract])
        return refs


def _actor_edges(
    S: nx.Graph, catalog: _Catalog, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Links of the actor view (weight-1 links dropped above ``limit``) and how many hid."""
    links = sorted((min(u, v), max(u, v), d) for u, v, d in S.edges(data=True))
    hidden = 0
    if len(links) > limit:
        kept = [link for link in links if shared(link[2]) > 1]
        hidden = len(links) - len(kept)
        links = kept
    edges = []
    for u, v, data in links:
        weight = shared(data)
        edges.append({
            "from": u,
            "to": v,
            "width": round(1 + 1.5 * math.log2(weight), 2),
            "title": _edge_tooltip(S, u, v, data),
            "c": catalog.refs(data.get("contracts", [])),
        })
    return edges, hidden


def _edge_tooltip(S: nx.Graph, u: str, v: str, data: dict[str, Any]) -> str:
    """Plain-text tooltip head of a link (view.js appends the common contracts)."""
    names = f"{S.nodes[u].get('name', u)} — {S.nodes[v].get('name', v)}"
    return names + ("\nAdhésion ou siège de gouvernance" if data.get("memberships") else "")


def _gap_edges(S: nx.Graph, pair_gaps: PairMarks) -> list[dict[str, Any]]:
    """Dashed red edges for the missing partnerships between two shown actors."""
    edges = []
    for (u, v), items in sorted(pair_gaps.items()):
        names = f"{S.nodes[u].get('name', u)} — {S.nodes[v].get('name', v)}"
        lines = [labelled("Manque de partenariat", names)] + [f"• {m}" for _, m in items]
        edges.append({
            "id": f"manque:{u}:{v}",
            "from": u,
            "to": v,
            "dashes": True,
            "width": 3,
            "color": {"color": GAP_COLOR, "highlight": GAP_COLOR, "hover": GAP_COLOR},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25},
            "title": "\n".join(lines),
            "gap": True,
        })
    return edges
