"""Views step: the aggregate view (one circle per département, on a flat map of France)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.palette import GAP_COLOR, OTHER_COLOR, PALETTE
from hlmgraph.places import Places
from hlmgraph.schema import ACTOR_TYPES
from hlmgraph.views.data import ViewData
from hlmgraph.views.layout import force_layout, map_positions
from hlmgraph.views.select import (
    OUTSIDE,
    GapMarks,
    departement_groups,
    gaps_by_group,
    shared,
)
from hlmgraph.views.text import aggregate_notes, labelled

_MAX_LISTED = 5

Between = dict[tuple[str, str], list[int]]


def aggregate_view(
    G: nx.MultiDiGraph, places: Places, S: nx.Graph, gap_list: list[dict[str, Any]]
) -> ViewData:
    """One node per département (or région, or 'hors département'), links summed."""
    group_of = departement_groups(places, sorted(S))
    members: dict[str, list[str]] = defaultdict(list)
    for actor in sorted(S):
        members[group_of[actor]].append(actor)
    inner, between = _group_links(S, group_of)
    gap_counts = gaps_by_group(gap_list, group_of)
    most_gaps = max((len(v) for k, v in gap_counts.items() if k != "_all"), default=1)
    colors, legend = _region_colors(G, places, sorted(members))
    positions = map_positions(G, sorted(members)) or force_layout(_group_graph(members, between))
    nodes = []
    for group in sorted(members):
        node = {
            "id": group,
            "label": group_name(G, group),
            "title": _group_tooltip(G, S, group, members[group], inner[group], gap_counts),
            "value": len(members[group]),
            "color": colors[group],
            "kind": colors[group],
            "x": positions[group][0],
            "y": positions[group][1],
        }
        if gap_counts.get(group):
            node["borderWidth"] = round(1 + 7 * len(gap_counts[group]) / most_gaps, 1)
            node["color"] = {"background": colors[group], "border": GAP_COLOR}
        nodes.append(node)
    edges, untraced = _group_edges(G, between)
    view = ViewData(
        mode="départements", nodes=nodes, edges=edges, legend=legend, legend_title="Région",
        gaps=len({i for i, _ in gap_counts.get("_all", [])}), actors=len(S),
    )
    view.keys = [
        fr.typography("Taille des cercles : nombre d'acteurs du département."),
        fr.typography("Épaisseur des liens : liens de partenariat entre acteurs des deux "
                      "départements."),
    ]
    view.notes = aggregate_notes(S.number_of_nodes(), S.number_of_edges(), len(nodes), untraced)
    return view


def group_name(G: nx.MultiDiGraph, group: str) -> str:
    """Display name of an aggregate group."""
    if group == OUTSIDE:
        return "Hors département"
    data = G.nodes[group]
    code = data.get("code")
    name = str(data.get("name", group))
    return f"{name} ({code})" if code and data.get("level") == "departement" else name


def _group_tooltip(
    G: nx.MultiDiGraph, S: nx.Graph, group: str, members: list[str], inner_links: int,
    gap_counts: GapMarks,
) -> str:
    """Plain-text tooltip of a group: counts by type, links, top actors, how to drill down."""
    lines = [group_name(G, group), fr.typography(f"{fr.count(len(members), 'acteur')} :")]
    counts = Counter(S.nodes[a].get("type", "") for a in members)
    lines += [labelled(f"• {fr.type_label(t)}", fr.number(counts[t]))
              for t in ACTOR_TYPES if counts[t]]
    lines.append(f"{fr.count(inner_links, 'lien')} de partenariat internes")
    top = sorted(members, key=lambda a: (-S.degree(a), a))[:_MAX_LISTED]
    if top:
        lines.append(fr.typography("Acteurs les plus reliés :"))
        lines += [f"• {S.nodes[a].get('name', a)} ({fr.count(S.degree(a), 'partenaire')})"
                  for a in top]
    if gap_counts.get(group):
        lines.append(f"{fr.count(len(gap_counts[group]), 'manque')} de partenariat")
    if group == OUTSIDE:
        lines.append("Acteurs nationaux, multi-départements ou sans territoire.")
    else:
        lines.append(labelled("Détail", f"hlmgraph view … --territory {group}"))
    return "\n".join(lines)


def _region_colors(
    G: nx.MultiDiGraph, places: Places, groups: list[str]
) -> tuple[dict[str, str], list[tuple[str, str, str, int]]]:
    """Colour of each group by its région, and the région legend."""
    region_of_group = {g: places.region_of(g) if g != OUTSIDE else "" for g in groups}
    regions = sorted({r for r in region_of_group.values() if r})
    shades = dict(zip(regions, PALETTE, strict=False))
    colors = {g: shades.get(region_of_group[g], OTHER_COLOR) for g in groups}
    counts = Counter(region_of_group.values())
    legend = [
        (shades[r], shades[r], str(G.nodes[r].get("name", r)), counts[r])
        for r in regions if r in shades
    ]
    rest = sum(counts[r] for r in counts if r not in shades)
    if rest:
        legend.append((OTHER_COLOR, OTHER_COLOR, "Autres (hors région connue)", rest))
    return colors, legend


def _group_links(S: nx.Graph, group_of: dict[str, str]) -> tuple[Counter[str], Between]:
    """Links inside each group, and [links, common contracts] between two groups."""
    inner: Counter[str] = Counter()
    between: Between = defaultdict(lambda: [0, 0])
    for u, v, data in S.edges(data=True):
        weight = shared(data)
        gu, gv = sorted((group_of[u], group_of[v]))
        if gu == gv:
            inner[gu] += 1
        else:
            between[(gu, gv)][0] += 1
            between[(gu, gv)][1] += weight
    return inner, between


def _group_graph(members: dict[str, list[str]], between: Between) -> nx.Graph:
    """The graph of groups, to lay out when they are not all on the map."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(between)
    return graph


def _group_edges(G: nx.MultiDiGraph, between: Between) -> tuple[list[dict[str, Any]], int]:
    """Links between groups, and how many actor links of 'hors département' are not traced."""
    edges, untraced = [], 0
    for (gu, gv), (links, weight) in sorted(between.items()):
        if OUTSIDE in (gu, gv):
            untraced += links
            continue
        edges.append({
            "from": gu,
            "to": gv,
            "width": round(1 + 1.5 * math.log2(links), 2),
            "title": f"{group_name(G, gu)} — {group_name(G, gv)}\n"
            f"{fr.count(links, 'lien')} entre acteurs, {fr.count(weight, 'contrat')} en commun",
        })
    return edges, untraced
