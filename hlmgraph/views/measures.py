"""Views step: the measures a view shows (every one on small networks, only those drawn on large)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.analysis import LARGE_NETWORK, compute_measures, exact_pagerank
from hlmgraph.views.options import ViewOptions

Measures = dict[str, dict[str, Any]]


def view_measures(A: nx.Graph, options: ViewOptions) -> tuple[Measures, list[str]]:
    """Per-actor measures on the whole actor network, by id, and a note on what was left out.

    Up to ``analysis.LARGE_NETWORK`` actors, or when the view needs them
    (``size_by="betweenness"``, ``color_by="community"``), every measure is
    computed. Above, only what the page draws and its tooltips show: partners,
    link strength and PageRank (betweenness and communities take most of the
    time of a national network).
    """
    full = (A.number_of_nodes() <= LARGE_NETWORK or options.size_by == "betweenness"
            or options.color_by == "community")
    if full:
        records = compute_measures(A, progress=options.progress)
        return {str(r["id"]): r for r in records}, []
    nodes = sorted(A, key=str)
    pagerank = exact_pagerank(A, nodes)
    measures = {
        str(n): {"id": n, "degree": A.degree(n), "strength": A.degree(n, weight="weight"),
                 "pagerank": rank}
        for n, rank in zip(nodes, pagerank, strict=True)
    }
    note = fr.typography(
        f"Réseau de {fr.count(A.number_of_nodes(), 'acteur')} : intermédiarité et communautés "
        "ne sont calculées que sur demande (--size-by betweenness, --color-by community)."
    )
    return measures, [note]
