"""Cypher export: a cypher-shell script creating every node then every relationship (literals)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import schema
from hlmgraph.errors import OutputError
from hlmgraph.exports.records import Edge, graph_records
from hlmgraph.files import write_text

CYPHER_BATCH = 200
"""Nodes or relationships per Cypher statement."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def write_cypher(H: nx.Graph, out: Path) -> Path:
    """A cypher-shell script creating every node then every relationship, literals only."""
    nodes, edges = graph_records(H)
    labels = {node: _cypher_labels(data) for node, data in nodes}
    lines = [
        "// hlmgraph : export Cypher du graphe complet "
        f"({len(nodes)} nœuds, {len(edges)} relations).",
        "// À rejouer dans une base vide : cypher-shell -f ce_fichier.cypher",
    ]
    for label in schema.NODE_CLASSES:
        lines.append(f"CREATE INDEX hlmgraph_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) ON (n.id);")
    for batch in _batches(nodes, CYPHER_BATCH):
        patterns = [
            f"  ({labels[node]} {_cypher_map({**data, 'id': node}, skip=('label',))})"
            for node, data in batch
        ]
        lines.append("CREATE\n" + ",\n".join(patterns) + ";")
    groups: dict[tuple[str, str, str], list[Edge]] = {}
    for edge in edges:
        groups.setdefault(_cypher_endpoints(edge, H), []).append(edge)
    for (source_class, rel_type, target_class), group in sorted(groups.items()):
        for batch in _batches(group, CYPHER_BATCH):
            lines.append(_cypher_edges(source_class, rel_type, target_class, batch))
    write_text(out, "\n".join(lines) + "\n")
    return out


def _cypher_labels(data: Mapping[str, Any]) -> str:
    """``:Class:Second`` labels of a node, the second one from schema vocabularies only."""
    node_class = data.get("label")
    if node_class not in schema.NODE_CLASSES:
        raise OutputError(f"Classe de nœud inconnue {node_class!r} : le graphe ne suit pas le modèle.")
    second = schema.second_label(data)
    return f":{node_class}" + (f":{second}" if second else "")


def _cypher_endpoints(edge: Edge, H: nx.Graph) -> tuple[str, str, str]:
    """(source class, type, target class) of a relationship, checked against the schema."""
    _, source, target, data = edge
    rel_type = str(data.get("type"))
    if rel_type not in schema.REL_ENDPOINTS:
        raise OutputError(f"Type de relation inconnu {rel_type!r} : le graphe ne suit pas le modèle.")
    ends = schema.REL_ENDPOINTS[rel_type]
    if (H.nodes[source].get("label"), H.nodes[target].get("label")) != ends:
        raise OutputError(
            f"Relation {rel_type} de {source!r} vers {target!r} : le graphe ne suit pas le modèle."
        )
    return ends[0], rel_type, ends[1]


def _cypher_edges(source_class: str, rel_type: str, target_class: str, batch: list[Edge]) -> str:
    """One UNWIND statement creating a batch of relationships of one type."""
    rows = [
        f"  {{s: {cypher_literal(u)}, t: {cypher_literal(v)}, p: {_cypher_map(d, skip=('type',))}}}"
        for _, u, v, d in batch
    ]
    return (
        "UNWIND [\n" + ",\n".join(rows) + "\n] AS r\n"
        f"MATCH (a:{source_class} {{id: r.s}}), (b:{target_class} {{id: r.t}})\n"
        f"CREATE (a)-[e:{rel_type}]->(b) SET e = r.p;"
    )


def _cypher_map(data: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    """A Cypher map literal of the non-empty properties, keys sorted."""
    excluded = set(skip)
    items = [
        f"{_cypher_key(k)}: {cypher_literal(v)}"
        for k, v in sorted(data.items())
        if k not in excluded and v is not None and not _is_nan(v)
    ]
    return "{" + ", ".join(items) + "}"


def _cypher_key(name: str) -> str:
    """A property key, backquoted unless it is a plain identifier."""
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Cypher literal: escaped string, number, boolean, date('…') or list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _cypher_float(value)
    if isinstance(value, dt.date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return "'" + _cypher_escape(str(value)) + "'"


def _cypher_escape(text: str) -> str:
    """Escape a string for a single-quoted Cypher literal (control characters as \\u escapes)."""
    out = []
    for char in text:
        if char in _CYPHER_ESCAPES:
            out.append(_CYPHER_ESCAPES[char])
        elif ord(char) < 0x20 or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04x}" if ord(char) < 0x20 else "\ufffd")
        else:
            out.append(char)
    return "".join(out)


def _cypher_float(value: float) -> str:
    """A float literal Cypher accepts (exponent without '+')."""
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{int(exponent)}"
    return text


def _is_nan(value: Any) -> bool:
    """Whether a value is a float NaN or infinity (no Cypher literal for them)."""
    return isinstance(value, float) and not math.isfinite(value)


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
