"""Views step: the measures a view shows (written ones reused; on large networks only those shown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.analysis import (
    LARGE_NETWORK,
    ROLES,
    actor_family,
    bridges,
    compute_measures,
    exact_pagerank,
    label,
)
from hlmgraph.analysis.brokerage import family_codes, open_pairs, roles
from hlmgraph.analysis.matrix import adjacency, around
from hlmgraph.analysis.run import reusable
from hlmgraph.schema import FAMILIES
from hlmgraph.views.options import ViewOptions

Measures = dict[str, dict[str, Any]]
TOP_BRIDGES = 5
"""Actors listed in the panel's « Qui fait le pont entre logement et insertion »."""


def view_measures(
    G: nx.MultiDiGraph, A: nx.Graph, shown: Sequence[str], options: ViewOptions
) -> tuple[Measures, list[str]]:
    """Measures on the whole actor network, by actor id, and notes on where they come from.

    Measures written on the actors for this very network (``analyse --write``)
    are reused. Otherwise, up to ``analysis.LARGE_NETWORK`` actors or when the
    view needs them (``size_by="betweenness"``, ``color_by="community"``), every
    measure is computed; above, only what the page shows, for the ``shown``
    actors: partners, strength, influence (PageRank, on the whole network),
    family and brokerage (from their partners and the links between them);
    betweenness and communities take most of the time of a national network.
    """
    written = reusable(A, options.network())
    if written is not None:
        note = "Mesures reprises de la base (hlmgraph analyse --write), non recalculées."
        return {str(r["id"]): r for r in written}, [note]
    full = (A.number_of_nodes() <= LARGE_NETWORK or options.size_by == "betweenness"
            or options.color_by == "community")
    if full:
        records = compute_measures(A, progress=options.progress, graph=G)
        return {str(r["id"]): r for r in records}, []
    note = fr.typography(
        f"Réseau de {fr.count(A.number_of_nodes(), 'acteur')} : intermédiarité et communautés "
        "ne sont calculées que sur demande (--size-by betweenness, --color-by community)."
    )
    return _shown_measures(A, shown), [note]


def bridge_lines(A: nx.Graph, measures: Measures, shown: Sequence[str]) -> list[str]:
    """« Qui fait le pont entre logement et insertion » among the shown actors, most first."""
    found = bridges(A, [measures[a] for a in sorted(shown) if a in measures], top=TOP_BRIDGES)
    return [
        f"{b['name']} ({fr.lower_first(fr.type_label(b['type']))}) : "
        f"{fr.count(b['pairs'], 'paire')} de partenaires reliées"
        for b in found
    ]


def measure_lines(measures: dict[str, Any]) -> list[str]:
    """Tooltip lines of an actor's measures, with their French names (analysis glossary)."""
    main = [f"{label('degree')} : {fr.number(measures.get('degree', 0))}"]
    for column, digits in (("strength", 2), ("pagerank", 4), ("betweenness", 4)):
        if measures.get(column) is not None:
            main.append(f"{label(column)} : {fr.number(measures[column], digits)}")
    first = " · ".join(main)
    lines = [fr.typography(first[:1].upper() + first[1:])]
    roles_shown = [f"{label(r)} {fr.number(measures[r])}" for r in ROLES if measures.get(r)]
    if roles_shown:
        lines.append(fr.typography(f"Paires reliées : {', '.join(roles_shown)}"))
    if measures.get("family"):
        lines.append(fr.typography(f"Famille : {FAMILIES.get(measures['family'], '')}"))
    if measures.get("community_name"):
        lines.append(fr.typography("Communauté : ") + str(measures["community_name"]))
    return lines


def _shown_measures(A: nx.Graph, shown: Sequence[str]) -> Measures:
    """Partners, strength, PageRank, family and brokerage of the shown actors.

    An actor's brokerage only depends on its partners and the links between
    them: it is counted on the shown actors and their partners.
    """
    nodes = sorted(A, key=str)
    pagerank = dict(zip(nodes, exact_pagerank(A, nodes), strict=True))
    found = around(A, shown)
    codes = family_codes(A, found)
    brokerage = roles(open_pairs(adjacency(A, found), codes), codes)
    row = {n: i for i, n in enumerate(found)}
    measures: Measures = {}
    for n in sorted(shown, key=str):
        data = A.nodes[n]
        measures[str(n)] = {
            "id": n, "name": data.get("name", ""), "type": data.get("type", ""),
            "family": actor_family(data), "degree": A.degree(n),
            "strength": A.degree(n, weight="weight"), "pagerank": pagerank[n],
            **{role: brokerage[role][row[n]] for role in ROLES},
        }
    return measures
