"""Neo4j step: load the model graph atomically, read it back, run the named queries.

All Cypher lives in ``cypher/*.cypher`` (packaged as ``hlmgraph/cypher``) and is
read by ``files.cypher``. Values always travel as parameters; the only text
substituted into a query is the ``{{label}}`` placeholder, and only with a
second label of ``schema.SECOND_LABELS``. ``connect.py`` opens the driver and
words every failure, ``load.py`` loads in one transaction, ``read.py`` reads
the graph back, ``queries.py`` runs the named queries.
"""

from __future__ import annotations

from hlmgraph.store.connect import connect
from hlmgraph.store.files import LABEL_PLACEHOLDER, cypher
from hlmgraph.store.load import (
    DEFAULT_BATCH_SIZE,
    LoadSummary,
    ProgressCallback,
    load_graph,
    write_measures,
)
from hlmgraph.store.queries import (
    CATALOG_COLUMNS,
    NamedQuery,
    QueryParameter,
    list_queries,
    run_query,
)
from hlmgraph.store.read import read_graph

__all__ = [
    "CATALOG_COLUMNS",
    "DEFAULT_BATCH_SIZE",
    "LABEL_PLACEHOLDER",
    "LoadSummary",
    "NamedQuery",
    "ProgressCallback",
    "QueryParameter",
    "connect",
    "cypher",
    "list_queries",
    "load_graph",
    "read_graph",
    "run_query",
    "write_measures",
]
