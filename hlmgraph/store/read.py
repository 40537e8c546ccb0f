"""Reading the model graph back from Neo4j, with plain Python values."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
from neo4j import ManagedTransaction

from hlmgraph.schema import BUILD_ORDER, NODE_CLASSES, REL_TYPES
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store.connect import connect, errors
from hlmgraph.store.files import cypher


def read_graph(settings: Neo4jSettings) -> nx.MultiDiGraph:
    """Read the model graph back: the same nodes, typed properties and keyed edges as build_graph."""
    with contextlib.closing(connect(settings)) as driver, errors(settings):
        with driver.session(database=settings.database) as session:
            nodes = session.execute_read(fetch, cypher("read_nodes"), {})
            edges = session.execute_read(
                fetch, cypher("read_relationships"), {"types": list(REL_TYPES)}
            )
    return _graph_from_records(nodes, edges)


def fetch(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """All records of a read query as plain dicts."""
    return [record.data() for record in tx.run(query, params)]


def _graph_from_records(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """Rebuild the MultiDiGraph of build_graph from read_nodes / read_relationships records."""
    G = nx.MultiDiGraph()
    order = {cls: rank for rank, cls in enumerate(BUILD_ORDER)}
    typed = []
    for record in nodes:
        cls = next(c for c in NODE_CLASSES if c in record["labels"])
        props = {k: native(v) for k, v in record["props"].items()}
        typed.append((order[cls], str(props["id"]), cls, props))
    for _, node_id, cls, props in sorted(typed, key=lambda item: item[:2]):
        G.add_node(node_id, label=cls, **props)
    rel_order = {rel: rank for rank, rel in enumerate(REL_TYPES)}
    for record in sorted(edges, key=lambda r: (rel_order[r["type"]], r["source"], r["target"])):
        props = {k: native(v) for k, v in record["props"].items()}
        G.add_edge(record["source"], record["target"], key=record["type"], type=record["type"], **props)
    return G


def native(value: Any) -> Any:
    """A driver value as a plain Python value (neo4j dates become datetime.date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value
