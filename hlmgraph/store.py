"""Neo4j step: load the model graph atomically, read it back, run the named queries.

All Cypher lives in ``cypher/*.cypher`` (packaged as ``hlmgraph/cypher``). Values
always travel as parameters; the only text substituted into a query is the
``{{label}}`` placeholder, and only with a second label of ``schema.ACTOR_TYPES``
or ``schema.LEVELS``.

A load is one explicit transaction: every batch is sent inside it and it is
committed at the end, so a failure (constraint, lost connection, interruption)
rolls everything back and the database stays as it was. Schema statements
(constraints, indexes) cannot share a transaction with data in Neo4j; they are
idempotent (``IF NOT EXISTS``) and run just before.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from hlmgraph.errors import ConfigError, StoreError, UsageError
from hlmgraph.schema import ACTOR_TYPES, LEVELS, NODE_CLASSES, REL_TYPES
from hlmgraph.settings import Neo4jSettings
from hlmgraph.values import parse_date

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction, Session, Transaction

DEFAULT_BATCH_SIZE = 5000
"""Rows sent per UNWIND query (measured on ArcadeDB: larger batches stop paying off)."""

TRANSIENT_ATTEMPTS = 3
"""Tries of a whole load when the server reports a transient conflict (it is safe to redo)."""

LABEL_PLACEHOLDER = "{{label}}"
"""The one placeholder a Cypher file may hold; replaced only by a label from schema.py."""

SECOND_LABELS: frozenset[str] = frozenset(ACTOR_TYPES.values()) | frozenset(LEVELS.values())
"""Every label that may replace the placeholder (a fixed list, never read from data)."""

_SCHEMA_FILES: tuple[str, ...] = (
    "schema_actor_id",
    "schema_territory_id",
    "schema_contract_id",
    "schema_actor_type",
    "schema_territory_level",
    "schema_contract_kind",
)
_CLASS_FILES: dict[str, str] = {"Actor": "actors", "Territory": "territories"}
_QUERY_DIR = "queries"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_PARAM_LINE = re.compile(r"^//\s*\$(\w+)\s*:\s*(.*)$")

logging.getLogger("neo4j").addHandler(logging.NullHandler())
# The driver logs lost connections at ERROR level; without a configured logging,
# Python would print them after our French message. Applications may still log them.

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(rows_sent, rows_total)`` after each batch."""


@dataclass(frozen=True)
class LoadSummary:
    """What the database holds after a load: nodes per label, relationships per type."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    rows_sent: int = 0
    replaced: bool = False

    def to_text(self) -> str:
        """A short French summary, one line per label and per relationship type."""
        verb = "remplacé par" if self.replaced else "fusionné avec"
        lines = [f"Graphe {verb} le jeu de données ({self.rows_sent} lignes envoyées)."]
        lines.append("Nœuds par label :")
        lines += [f"  {label:<16} {count:>8}" for label, count in sorted(self.nodes.items())]
        lines.append("Relations par type :")
        lines += [f"  {rel:<16} {count:>8}" for rel, count in sorted(self.relationships.items())]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class QueryParameter:
    """One parameter of a named query, as declared in the file header."""

    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class NamedQuery:
    """A reusable query of ``cypher/queries``: French description and parameters."""

    name: str
    description: str
    parameters: tuple[QueryParameter, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, str]:
        """One row of the query catalogue (columns CATALOG_COLUMNS)."""
        params = "; ".join(
            f"{p.name}{'' if p.required else ' (facultatif)'}" for p in self.parameters
        )
        return {"requete": self.name, "parametres": params, "description": self.description}


CATALOG_COLUMNS: tuple[str, ...] = ("requete", "parametres", "description")
"""Columns of ``hlmgraph query --list``."""


@dataclass(frozen=True)
class _Step:
    """One batched statement of a load: a Cypher file, its label, its rows."""

    query: str
    rows: list[Any]
    key: str = "rows"
    counted: bool = True
    """Whether the rows are graph rows (nodes, relationships) counted in the progress."""


# ---------------------------------------------------------------- public API


def connect(settings: Neo4jSettings) -> Driver:
    """Open a driver and check server, credentials and database; raise StoreError otherwise."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError

    if settings.uri.partition("://")[0].lower() not in _SCHEMES:
        raise _store_error(ValueError(settings.uri), settings, loading=False)
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password), connection_timeout=10.0
        )
    except (ValueError, ConfigurationError) as exc:  # malformed URI or scheme
        raise _store_error(exc, settings, loading=False) from None
    try:
        with _errors(settings), driver.session(database=settings.database) as session:
            session.run(cypher("ping")).consume()
    except BaseException:
        driver.close()
        raise
    return driver


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
            with _errors(settings, loading=True):
                for name in _SCHEMA_FILES:
                    session.run(cypher(name)).consume()
                _transaction(session, prepared, replace, batch_size, progress)
            with _errors(settings):
                nodes, relationships = _counts(session)
    return LoadSummary(nodes, relationships, rows_sent=prepared.total, replaced=replace)


def read_graph(settings: Neo4jSettings) -> nx.MultiDiGraph:
    """Read the model graph back: the same nodes, typed properties and keyed edges as build_graph."""
    with contextlib.closing(connect(settings)) as driver, _errors(settings):
        with driver.session(database=settings.database) as session:
            nodes = session.execute_read(_fetch, cypher("read_nodes"), {})
            edges = session.execute_read(
                _fetch, cypher("read_relationships"), {"types": list(REL_TYPES)}
            )
    return _graph_from_records(nodes, edges)


def write_measures(
    rows: Sequence[Mapping[str, Any]], settings: Neo4jSettings, batch_size: int = DEFAULT_BATCH_SIZE
) -> int:
    """Write per-actor properties (``analysis.written_rows``) onto the Actor nodes, in one transaction.

    Returns the number of actors found and written; a null value removes the property.
    """
    written = 0
    with contextlib.closing(connect(settings)) as driver, _errors(settings, loading=True):
        with driver.session(database=settings.database) as session:
            with session.begin_transaction() as tx:
                for start in range(0, len(rows), batch_size):
                    batch = list(rows[start : start + batch_size])
                    record = tx.run(cypher("write_measures"), {"rows": batch}).single()
                    written += int(record["written"]) if record else 0
                tx.commit()
    return written


def run_query(
    name: str, params: Mapping[str, Any], settings: Neo4jSettings
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a named query of ``cypher/queries`` and return (columns, records) with native values."""
    info = _named_query(name)
    values = _query_parameters(info, params)
    with contextlib.closing(connect(settings)) as driver, _errors(settings):
        with driver.session(database=settings.database) as session:
            text = cypher(f"{_QUERY_DIR}/{name}")
            result = session.run(text, values)
            records = [{k: _native(v) for k, v in record.items()} for record in result]
            columns = list(result.keys()) or _return_columns(text)
    return columns, records


def list_queries() -> list[NamedQuery]:
    """The named queries shipped in ``cypher/queries``, sorted by name."""
    folder = _cypher_root() / _QUERY_DIR
    names = sorted(p.name[: -len(".cypher")] for p in folder.iterdir() if p.name.endswith(".cypher"))
    return [_parse_header(name, cypher(f"{_QUERY_DIR}/{name}")) for name in names]


def cypher(name: str, label: str | None = None) -> str:
    """The text of ``cypher/<name>.cypher``, with ``{{label}}`` replaced by a whitelisted label."""
    text = _read_cypher(name)
    if LABEL_PLACEHOLDER in text:
        if label not in SECOND_LABELS:
            raise ValueError(f"label {label!r} is not a second label of schema.py")
        return text.replace(LABEL_PLACEHOLDER, label)
    if label is not None:
        raise ValueError(f"{name}.cypher has no label placeholder")
    return text


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Prepared:
    """The graph as typed rows: node groups (class, second label, rows) and edges per type."""

    nodes: list[tuple[str, str | None, list[dict[str, Any]]]]
    edges: dict[str, list[dict[str, Any]]]

    @property
    def total(self) -> int:
        """Number of node and relationship rows."""
        return sum(len(rows) for *_, rows in self.nodes) + sum(map(len, self.edges.values()))


def _prepare(G: nx.MultiDiGraph) -> _Prepared:
    """Typed rows of every node and edge, grouped and sorted; refuses a graph outside the model."""
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        row = {"id": node, "props": {"id": node, **_properties(data, exclude="label")}}
        groups.setdefault(_node_group(node, data), []).append(row)
    nodes = [(cls, label, rows) for (cls, label), rows in sorted(groups.items(), key=_group_order)]
    edges: dict[str, list[dict[str, Any]]] = {rel: [] for rel in REL_TYPES}
    for source, target, data in sorted(G.edges(data=True), key=_edge_sort_key):
        rel = data.get("type")
        if rel not in edges:
            raise ConfigError(f"Relation de type inconnu {rel!r} : le graphe ne suit pas le modèle.")
        props = _properties(data, exclude="type")
        edges[rel].append({"source": source, "target": target, "props": props})
    return _Prepared(nodes, {rel: rows for rel, rows in edges.items() if rows})


def _steps(prepared: _Prepared, fresh: bool) -> list[_Step]:
    """The batched statements of a load, territories first, then actors, contracts, relationships.

    On a non-empty graph, actors and territories whose labels changed are
    deleted, existing ones updated and missing ones created; contracts and
    relationships are merged. On an empty graph (``fresh``) everything is created.
    """
    steps: list[_Step] = []
    for cls, label, rows in prepared.nodes:
        files = _CLASS_FILES.get(cls, "contracts")
        if label is None:
            steps.append(_Step(cypher("create_contracts" if fresh else "merge_contracts"), rows))
            continue
        if not fresh:
            ids = [row["id"] for row in rows]
            steps.append(_Step(cypher(f"delete_stale_{files}", label), ids, "ids", counted=False))
            steps.append(_Step(cypher(f"update_{files}"), rows, counted=False))
        steps.append(_Step(cypher(f"create_{files}", label), rows))
    verb = "create" if fresh else "merge"
    steps += [_Step(cypher(f"{verb}_{rel.lower()}"), rows) for rel, rows in prepared.edges.items()]
    return steps


def _node_group(node: Any, data: Mapping[str, Any]) -> tuple[str, str | None]:
    """(class, second label) of a model node; a node outside the model is a ConfigError."""
    cls = data.get("label")
    if cls == "Actor":
        label = ACTOR_TYPES.get(str(data.get("type")))
    elif cls == "Territory":
        label = LEVELS.get(str(data.get("level")))
    elif cls == "Contract":
        return "Contract", None
    else:
        label = None
    if label is None:
        raise ConfigError(
            f"Le nœud {node!r} n'a pas de classe ou de type connu : construisez le graphe "
            "avec hlmgraph.model.build_graph."
        )
    return str(cls), label


def _group_order(item: tuple[tuple[str, str | None], Any]) -> tuple[int, str]:
    """Load territories, then actors, then contracts; labels alphabetically."""
    (cls, label), _ = item
    return ({"Territory": 0, "Actor": 1, "Contract": 2}[cls], label or "")


def _edge_sort_key(edge: tuple[Any, Any, Mapping[str, Any]]) -> tuple[str, str, str]:
    """Deterministic edge order: type, source, target."""
    return (str(edge[2].get("type")), str(edge[0]), str(edge[1]))


def _properties(data: Mapping[str, Any], exclude: str) -> dict[str, Any]:
    """Node or edge attributes as Neo4j property values (dates stay dates, lists lists)."""
    props: dict[str, Any] = {}
    for key, value in data.items():
        if key == exclude or value is None:
            continue
        if isinstance(value, tuple | set | frozenset):
            value = sorted(value) if isinstance(value, set | frozenset) else list(value)
        props[str(key)] = value
    return props


def _transaction(
    session: Session,
    prepared: _Prepared,
    replace: bool,
    batch_size: int,
    progress: ProgressCallback | None,
) -> None:
    """Run the whole load as one transaction, retried from scratch on a transient conflict."""
    from neo4j.exceptions import TransientError

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
    labels = session.execute_read(_fetch, cypher("count_labels"), {})
    rels = session.execute_read(_fetch, cypher("count_relationships"), {"types": list(REL_TYPES)})
    return (
        {str(r["label"]): int(r["count"]) for r in labels},
        {str(r["type"]): int(r["count"]) for r in rels},
    )


# ---------------------------------------------------------------- reading


def _fetch(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """All records of a read query as plain dicts."""
    return [record.data() for record in tx.run(query, params)]


def _graph_from_records(
    nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """Rebuild the MultiDiGraph of build_graph from read_nodes / read_relationships records."""
    G = nx.MultiDiGraph()
    order = {cls: rank for rank, cls in enumerate(("Territory", "Actor", "Contract"))}
    typed = []
    for record in nodes:
        cls = next(c for c in NODE_CLASSES if c in record["labels"])
        props = {k: _native(v) for k, v in record["props"].items()}
        typed.append((order[cls], str(props["id"]), cls, props))
    for _, node_id, cls, props in sorted(typed, key=lambda item: item[:2]):
        G.add_node(node_id, label=cls, **props)
    rel_order = {rel: rank for rank, rel in enumerate(REL_TYPES)}
    for record in sorted(edges, key=lambda r: (rel_order[r["type"]], r["source"], r["target"])):
        props = {k: _native(v) for k, v in record["props"].items()}
        G.add_edge(record["source"], record["target"], key=record["type"], type=record["type"], **props)
    return G


def _native(value: Any) -> Any:
    """A driver value as a plain Python value (neo4j dates become datetime.date)."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- named queries


def _named_query(name: str) -> NamedQuery:
    """The named query ``name`` or a ConfigError listing the available ones."""
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise ConfigError(
            f"Requête inconnue « {name} » : choisissez parmi {', '.join(sorted(queries))} "
            "(hlmgraph query --list)."
        )
    return queries[name]


def _query_parameters(info: NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check the given parameters against the header; optional missing ones become null."""
    declared = {p.name: p for p in info.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ConfigError(
            f"Paramètre inconnu {', '.join(unknown)} pour la requête « {info.name} » : "
            f"paramètres acceptés : {', '.join(declared) or 'aucun'}."
        )
    missing = [p.name for p in info.parameters if p.required and params.get(p.name) in (None, "")]
    if missing:
        raise ConfigError(
            f"Paramètre manquant pour la requête « {info.name} » : ajoutez "
            + " ".join(f"--param {m}=…" for m in missing)
            + "."
        )
    values = {name: (None if params.get(name) == "" else params.get(name)) for name in declared}
    for name, value in values.items():
        if value is not None and declared[name].description.startswith("date"):
            values[name] = _iso_date(name, value)
    return values


def _iso_date(name: str, value: Any) -> str:
    """A date parameter as ISO text (AAAA-MM-JJ or JJ/MM/AAAA accepted), checked before sending."""
    parsed = parse_date(str(value))
    if parsed is None:
        raise UsageError(
            f"Date invalide pour le paramètre {name} : « {value} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)."
        )
    return parsed.isoformat()


def _return_columns(text: str) -> list[str]:
    """Column names of the last RETURN clause (servers may send no keys for no rows)."""
    clause = text[text.rfind("RETURN") + len("RETURN") :]
    clause = re.split(r"\bORDER BY\b|\bSKIP\b|\bLIMIT\b", clause)[0]
    clause = re.sub(r"^\s*DISTINCT\b", "", clause)
    items, depth, current = [], 0, ""
    for char in clause:
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [re.split(r"\bAS\b", item)[-1].strip() for item in items if item.strip()]


def _parse_header(name: str, text: str) -> NamedQuery:
    """Description (first comment lines) and parameters (``// $name : text``) of a query file."""
    description: list[str] = []
    parameters: list[QueryParameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        match = _PARAM_LINE.match(stripped)
        if match:
            text_fr = match.group(2).strip()
            parameters.append(QueryParameter(match.group(1), text_fr, "facultatif" not in text_fr))
        elif not parameters:
            description.append(stripped[2:].strip())
    return NamedQuery(name, " ".join(description), tuple(parameters))


# ---------------------------------------------------------------- files and errors


def _cypher_root() -> Path:
    """The folder of the .cypher files: the installed copy, else the repository's cypher/."""
    packaged = importlib.resources.files("hlmgraph") / "cypher"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[1] / "cypher"


@functools.cache
def _read_cypher(name: str) -> str:
    """Read one .cypher file by name (``merge_actors``, ``queries/partenaires``)."""
    path = _cypher_root() / f"{name}.cypher"
    if not path.is_file():
        raise ValueError(f"no Cypher file {name}.cypher in {_cypher_root()}")
    return path.read_text(encoding="utf-8")


@contextlib.contextmanager
def _errors(settings: Neo4jSettings, loading: bool = False) -> Iterator[None]:
    """Turn driver and network failures into a StoreError with one French sentence."""
    from neo4j import exceptions as ex

    try:
        yield
    except (ex.Neo4jError, ex.DriverError, OSError) as exc:
        raise _store_error(exc, settings, loading) from None


def _safe_uri(uri: str) -> str:
    """The URI without any user:password part, fit to print."""
    scheme, sep, rest = uri.partition("://")
    host = rest.rpartition("@")[2] if sep else uri.rpartition("@")[2]
    return f"{scheme}{sep}{host}" if sep else host


def _store_error(exc: BaseException, settings: Neo4jSettings, loading: bool) -> StoreError:
    """The StoreError explaining ``exc`` to the user (never showing the password)."""
    from neo4j import exceptions as ex

    untouched = " Rien n'a été modifié dans la base." if loading else ""
    settings = replace(settings, uri=_safe_uri(settings.uri))
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, ex.AuthError) or code.endswith("Unauthorized"):
        return StoreError(
            f"Authentification refusée pour l'utilisateur « {settings.user} » sur {settings.uri} : "
            "vérifiez NEO4J_USERNAME et NEO4J_PASSWORD."
        )
    if isinstance(exc, ex.Forbidden) or code.startswith("Neo.ClientError.Security"):
        return StoreError(
            f"L'utilisateur « {settings.user} » n'a pas le droit d'écrire dans la base : utilisez "
            f"un compte ayant les droits d'écriture.{untouched}"
        )
    if code.endswith("DatabaseNotFound"):
        return StoreError(
            f"La base « {settings.database} » n'existe pas sur {settings.uri} : créez-la ou "
            "corrigez NEO4J_DATABASE (--database)."
        )
    if isinstance(exc, ex.ConfigurationError | ValueError):
        return StoreError(
            f"Adresse Neo4j invalide « {settings.uri} » : utilisez bolt://hôte:port ou "
            "neo4j://hôte:port (NEO4J_URI, --uri)."
        )
    if isinstance(exc, ex.IncompleteCommit):
        return StoreError(
            f"La connexion à {settings.uri} a été perdue pendant la validation du chargement : "
            "relancez la même commande, elle remet la base dans l'état voulu."
        )
    if isinstance(exc, ex.TransientError):
        return StoreError(
            "Un autre programme modifiait la base en même temps : relancez le chargement "
            f"quand il a fini.{untouched}"
        )
    if isinstance(exc, ex.ConstraintError):
        return StoreError(
            "Le chargement viole une contrainte de la base (identifiant déjà pris par un autre "
            f"nœud) : relancez avec --replace ou retirez la contrainte en cause.{untouched}"
        )
    if isinstance(exc, ex.ServiceUnavailable | ex.SessionExpired | OSError) or not code:
        if loading:
            return StoreError(
                f"La connexion à {settings.uri} a été perdue pendant le chargement : vérifiez que "
                f"le serveur tourne puis relancez la commande.{untouched}"
            )
        return StoreError(
            f"Serveur Neo4j injoignable à {settings.uri} : démarrez-le (ou lancez « hlmgraph db "
            "start ») et vérifiez NEO4J_URI (--uri)."
        )
    message = getattr(exc, "message", None) or str(exc)
    return StoreError(
        f"Le serveur a refusé l'opération ({code} : {message}) : corrigez la cause indiquée "
        f"puis relancez.{untouched}"
    )
