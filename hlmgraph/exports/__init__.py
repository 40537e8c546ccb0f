"""Export step: write the model graph or the actor network as GraphML, GEXF, JSON, CSV or Cypher.

One writer per format (``graphml.py``, ``gexf.py``, ``nodelink.py``,
``gephi_csv.py``, ``cypher.py``); ``records.py`` selects the graph and sorts
its records, ``values.py`` flattens and types property values, ``measures.py``
puts the actors' measures on the exported nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from hlmgraph.analysis import Progress, analyse_graph
from hlmgraph.errors import ConfigError
from hlmgraph.exports.cypher import cypher_literal, write_cypher
from hlmgraph.exports.gephi_csv import write_csv
from hlmgraph.exports.gexf import write_gexf
from hlmgraph.exports.graphml import write_graphml
from hlmgraph.exports.measures import with_measures
from hlmgraph.exports.nodelink import write_json
from hlmgraph.exports.records import NETWORKS, graph_records, select_network
from hlmgraph.files import check_file_target
from hlmgraph.model import NetworkOptions

FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "cypher")
"""Export formats, in the order the CLI lists them."""


def export_graph(
    G: nx.MultiDiGraph,
    fmt: str,
    out: Path,
    network: str = "full",
    as_of: dt.date | None = None,
    *,
    measures: bool = False,
    weighting: str = "newman",
    ties: str = "all",
    memberships: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write ``G`` (or its actor network) to ``out`` in ``fmt``; return the path written.

    With ``as_of``, only contracts in force at that date are kept. The actor
    network is projected with ``weighting``, ``ties`` and ``memberships``; with
    ``measures``, every actor carries the measures of ``hlmgraph.analysis``
    under the same options (the properties ``analyse --write`` writes).
    ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the folder ``out``.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"Format d'export inconnu {fmt!r} : choisissez parmi {', '.join(FORMATS)}.")
    if fmt == "cypher" and network != "full":
        raise ConfigError(
            "L'export Cypher ne concerne que le graphe complet : relancez avec --network full."
        )
    if fmt != "csv":
        check_file_target(Path(out))
    options = NetworkOptions(as_of, weighting, ties, memberships)
    if not measures:
        return _WRITERS[fmt](select_network(G, network, options), Path(out))
    found = analyse_graph(G, options, progress=progress)
    H = found.network if network == "actors" else select_network(G, network, options)
    return _WRITERS[fmt](with_measures(H, found), Path(out))


_WRITERS: dict[str, Callable[[nx.Graph, Path], Path]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "json": write_json,
    "csv": write_csv,
    "cypher": write_cypher,
}

__all__ = [
    "FORMATS", "NETWORKS", "cypher_literal", "export_graph", "graph_records", "select_network"
]
