"""Measures carried by the exported actors: the properties ``hlmgraph analyse --write`` writes."""

from __future__ import annotations

import networkx as nx

from hlmgraph.analysis import Analysis, written_rows


def with_measures(H: nx.Graph, found: Analysis) -> nx.Graph:
    """A copy of ``H`` whose actors carry family, measures, community name and ``measures_key``.

    Empty measures (Burt's for an isolated actor) are left out, as every absent property.
    """
    H = H.copy()
    for row in written_rows(found):
        if row["id"] in H:
            H.nodes[row["id"]].update({k: v for k, v in row["props"].items() if v is not None})
    return H
