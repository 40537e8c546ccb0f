"""Export step: write the model graph or the actor network as GraphML, GEXF, JSON, CSV or Cypher.

One writer per format (``graphml.py``, ``gexf.py``, ``nodelink.py``,
``gephi_csv.py``, ``cypher.py``); ``records.py`` selects the graph and sorts
its records, ``values.py`` flattens and types property values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from hlmgraph.errors import ConfigError
from hlmgraph.exports.cypher import cypher_literal, write_cypher
from hlmgraph.exports.gephi_csv import write_csv
from hlmgraph.exports.gexf import write_gexf
from hlmgraph.exports.graphml import write_graphml
from hlmgraph.exports.nodelink import write_json
from hlmgraph.exports.records import NETWORKS, graph_records, select_network
from hlmgraph.files import check_file_target

FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "cypher")
"""Export formats, in the order the CLI lists them."""


def export_graph(
    G: nx.MultiDiGraph,
    fmt: str,
    out: Path,
    network: str = "full",
    as_of: dt.date | None = None,
) -> Path:
    """Write ``G`` (or its actor network) to ``out`` in ``fmt``; return the path written.

    With ``as_of``, only contracts in force at that date are kept. ``csv``
    writes ``nodes.csv`` and ``edges.csv`` into the folder ``out``.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"Format d'export inconnu {fmt!r} : choisissez parmi {', '.join(FORMATS)}.")
    if fmt == "cypher" and network != "full":
        raise ConfigError(
            "L'export Cypher ne concerne que le graphe complet : relancez avec --network full."
        )
    if fmt != "csv":
        check_file_target(Path(out))
    return _WRITERS[fmt](select_network(G, network, as_of), Path(out))


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
