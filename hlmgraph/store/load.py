"""Loading the model graph into Neo4j: all of it in one transaction, or nothing.

A load is one explicit transaction: every batch is sent inside it and it is
committed at the end, so a failure (constraint, lost connection, interruption)
rolls everything back and the database stays as it was. Schema statements
(constraints, indexes) cannot share a transaction with data in Neo4j; they are
idempotent (``IF NOT EXISTS``) and run just before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import Session, Transaction
from neo4j.exceptions import TransientError

from hlmgraph.errors import ConfigError
from hlmgraph.gc_pause import pausing
from hlmgraph.schema import BUILD_ORDER, REL_TYPES, second_label, table_of
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store.connect import connect, errors
from hlmgraph.store.files import cypher
from hlmgraph.store.read import fetch

DEFAULT_BATCH_SIZE = 5000
"""Rows sent per UNWIND query (measured on ArcadeDB: larger batches stop paying off)."""

TRANSIENT_ATTEMPTS = 3
"""Tries of a whole load when the server reports a transient conflict (it is safe to redo)."""

SCHEMA_FILES: tuple[str, ...] = (
    "schema_actor_id",
    "schema_territory_id",
    "schema_contract_id",
    "schema_actor_type",
    "schema_territory_level",
    "schema_contract_kind",
)
"""Constraint and index statements run before every load (idempotent)."""

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(rows_sent, rows_total)`` after each batch."""


@dataclass(frozen=True)
class LoadSummary:
    """What the database holds after a load: nodes per label, relationships per type."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    rows_sent: int = 0
    replaced: bool = False


@dataclass(frozen=True)
class _Step:
    """One batched statement of a load: a Cypher file, its label, its rows."""

    query: str
    rows: list[Any]
    key: str = "rows"
    counted: bool = True
    """Whether the rows are graph rows (nodes, relationships) counted in the progress."""


@pausing
def load_graph(
    G: nx.MultiDiGraph,
    settings: Neo4jSettings,
    replace: bool = False,
    progress: ProgressCallback | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> LoadSummary:
    """Load the model graph in one transaction: all of it, or nothing.

    Nodes and relationships are upserted on their ids and their properties set
    to exactly the graph's values, so loading twice changes nothing. With
    ``replace`` the model nodes already in the database are deleted first (in
    the same transaction): the database then holds exactly this graph. When the
    graph is empty at the start (fresh database or ``replace``) nothing can
    exist yet, so plain CREATE statements replace the upserts.
    """
    prepared = _prepare(G)
    with contextlib.closing(connect(settings)) as driver:
        with driver.session(database=settings.database) as session:
            with errors(settings, loading=True, replacing=replace):
                for name in SCHEMA_FILES:
                    session.run(cypher(name)).consume()
                _transaction(session, prepared, replace, batch_size, progress)
            with errors(settings):
                nodes, relationships = _counts(session)
    return LoadSummary(nodes, relationships, rows_sent=prepared.total, replaced=replace)


def write_measures(
    rows: Sequence[Mapping[str, Any]], settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE
) -> int:
    """Write per-actor properties (``analysis.written_rows``) onto the Actor nodes, in one transaction.

    Returns the number of actors found and written; a null value removes the property.
    """
    written = 0
    with contextlib.closing(connect(settings)) as driver, errors(settings, loading=True):
        with driver.session(database=settings.database) as session:
            with session.begin_transaction() as tx:
                for start in range(0, len(rows), batch_size):
                    batch = list(rows[start : start + batch_size])
                    record = tx.run(cypher("write_measures"), {"rows": batch}).single()
                    written += int(record["written"]) if record else 0
                tx.commit()
    return written


@dataclass(frozen=True)
class _Prepared:
    """The graph as typed rows: node groups (class, second label, (id, properties) pairs) and
    (source, target, properties) edges per type."""

    nodes: list[tuple[str, str | None, list[tuple[Any, dict[str, Any]]]]]
    edges: dict[str, list[tuple[Any, Any, dict[str, Any]]]]

    @property
    def total(self) -> int:
        """Number of node and relationship rows."""
        return sum(len(rows) for *_, rows in self.nodes) + sum(map(len, self.edges.values()))


def _prepare(G: nx.MultiDiGraph) -> _Prepared:
    """Typed rows of every node and edge, grouped and sorted; refuses a graph outside the model."""
    groups: dict[tuple[str, str | None], list[tuple[Any, dict[str, Any]]]] = {}
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        groups.setdefault(_node_group(node, data), []).append(
            (node, {"id": node, **_properties(data, exclude="label")}))
    nodes = [(cls, label, rows) for (cls, label), rows in sorted(groups.items(), key=_group_order)]
    edges: dict[str, list[tuple[Any, Any, dict[str, Any]]]] = {rel: [] for rel in REL_TYPES}
    for source, targets in G.adjacency():
        for target, keyed in targets.items():
            for data in keyed.values():
                rel = data.get("type")
                if rel not in edges:
                    raise ConfigError(
                        f"Relation de type inconnu {rel!r} : le graphe ne suit pas le modèle.")
                edges[rel].append((source, target, _properties(data, exclude="type")))
    for rows in edges.values():
        rows.sort(key=_edge_sort_key)
    return _Prepared(nodes, {rel: rows for rel, rows in edges.items() if rows})


def _steps(prepared: _Prepared, fresh: bool) -> list[_Step]:
    """The batched statements of a load, territories first, then actors, contracts, relationships.

    On an empty graph (``fresh``) everything is created, each row sent as its properties
    (nodes) or as a ``[source, target, properties]`` list (relationships). Otherwise actors
    and territories whose labels changed are deleted, existing ones updated and missing
    ones created; contracts and relationships are merged.
    """
    steps: list[_Step] = []
    for cls, label, pairs in prepared.nodes:
        files = table_of(cls)
        if fresh:
            name = "create_contracts" if label is None else f"create_all_{files}"
            steps.append(_Step(cypher(name, label), [props for _, props in pairs]))
            continue
        rows = [{"id": node, "props": props} for node, props in pairs]
        if label is None:
            steps.append(_Step(cypher("merge_contracts"), rows))
            continue
        ids = [node for node, _ in pairs]
        steps.append(_Step(cypher(f"delete_stale_{files}", label), ids, "ids", counted=False))
        steps.append(_Step(cypher(f"update_{files}"), rows, counted=False))
        steps.append(_Step(cypher(f"create_{files}", label), rows))
    for rel, edges in prepared.edges.items():
        if fresh:
            steps.append(_Step(cypher(f"create_{rel.lower()}"), [list(edge) for edge in edges]))
        else:
            steps.append(_Step(cypher(f"merge_{rel.lower()}"),
                               [{"source": s, "target": t, "props": p} for s, t, p in edges]))
    return steps


def _node_group(node: Any, data: Mapping[str, Any]) -> tuple[str, str | None]:
    """(class, second label) of a model node; a node outside the model is a ConfigError."""
    cls = data.get("label")
    if cls == "Contract":
        return "Contract", None
    label = second_label(data)
    if label is None:
        raise ConfigError(
            f"Le nœud {node!r} n'a pas de classe ou de type connu : construisez le graphe "
            "avec hlmgraph.model.build_graph."
        )
    return str(cls), label


def _group_order(item: tuple[tuple[str, str | None], Any]) -> tuple[int, str]:
    """Load territories, then actors, then contracts; labels alphabetically."""
    (cls, label), _ = item
    return (BUILD_ORDER.index(cls), label or "")


def _edge_sort_key(edge: tuple[Any, Any, Mapping[str, Any]]) -> tuple[str, str]:
    """Deterministic edge order within a type: source, target."""
    return (str(edge[0]), str(edge[1]))


_PLAIN: frozenset[type] = frozenset({str, int, float, bool, list, dt.date, dt.datetime})
"""Value types sent as they are (the model's); others go through ``_property_value``."""


def _properties(data: Mapping[str, Any], exclude: str) -> dict[str, Any]:
    """Node or edge attributes as Neo4j property values (dates stay dates, lists lists)."""
    props: dict[str, Any] = {}
    for key, value in data.items():
        if key == exclude or value is None:
            continue
        if type(value) in _PLAIN and type(key) is str:  # the model graph's values
            props[key] = value
        else:
            props[str(key)] = _property_value(value)
    return props


def _property_value(value: Any) -> Any:
    """A tuple as a list, a set as a sorted list; other values unchanged."""
    if isinstance(value, tuple | set | frozenset):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return value


def _transaction(
    session: Session,
    prepared: _Prepared,
    replace: bool,
    batch_size: int,
    progress: ProgressCallback | None,
) -> None:
    """Run the whole load as one transaction, retried from scratch on a transient conflict."""
    for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
        try:
            with session.begin_transaction() as tx:
                _write(tx, prepared, replace, batch_size, progress)
                tx.commit()
            return
        except TransientError:
            if attempt == TRANSIENT_ATTEMPTS:
                raise


def _write(
    tx: Transaction,
    prepared: _Prepared,
    replace: bool,
    batch_size: int,
    progress: ProgressCallback | None,
) -> None:
    """Send the whole load inside the open transaction, in batches, reporting progress."""
    if replace:
        tx.run(cypher("clear_graph")).consume()
    fresh = replace or not list(tx.run(cypher("any_model_node")))
    done = 0
    for step in _steps(prepared, fresh):
        for start in range(0, len(step.rows), batch_size):
            batch = step.rows[start : start + batch_size]
            tx.run(step.query, {step.key: batch}).consume()
            done += len(batch) if step.counted else 0
            if progress is not None:
                progress(done, prepared.total)


def _counts(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type currently in the database."""
    labels = session.execute_read(fetch, cypher("count_labels"), {})
    rels = session.execute_read(fetch, cypher("count_relationships"), {"types": list(REL_TYPES)})
    return (
        {str(r["label"]): int(r["count"]) for r in labels},
        {str(r["type"]): int(r["count"]) for r in rels},
    )
