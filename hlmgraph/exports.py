"""Export step: write the model graph or the actor network as GraphML, GEXF, JSON, CSV or Cypher."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import model, schema
from hlmgraph.errors import ConfigError, OutputError
from hlmgraph.output import cell, check_file_target, write_text

FORMATS: tuple[str, ...] = ("graphml", "gexf", "json", "csv", "cypher")
"""Export formats, in the order the CLI lists them."""
NETWORKS: tuple[str, ...] = ("full", "actors")
"""Which graph is exported: the full model graph or the actor network."""
CYPHER_BATCH = 200
"""Nodes or relationships per Cypher statement."""

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]
"""(edge id, source, target, attributes)."""

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


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


def select_network(
    G: nx.MultiDiGraph, network: str = "full", as_of: dt.date | None = None
) -> nx.MultiDiGraph | nx.Graph:
    """The graph to export: the full graph (contracts in force at ``as_of``) or the actor network."""
    if network == "actors":
        return model.actor_network(G, as_of=as_of)
    if network != "full":
        raise ConfigError(f"Réseau inconnu {network!r} : choisissez full ou actors.")
    if as_of is None:
        return G
    expired = [
        n for n in model.nodes_of(G, "Contract") if not model.in_force(G.nodes[n], as_of)
    ]
    H = G.copy()
    H.remove_nodes_from(expired)
    return H


def graph_records(H: nx.Graph) -> tuple[list[Node], list[Edge]]:
    """Nodes sorted by id and edges sorted by (source, target, key), with stable edge ids."""
    nodes = [(str(n), dict(H.nodes[n])) for n in sorted(H.nodes, key=str)]
    if H.is_multigraph():
        raw = [(str(u), str(v), str(k), d) for u, v, k, d in H.edges(keys=True, data=True)]
    else:
        raw = [(str(u), str(v), "", d) for u, v, d in H.edges(data=True)]
    if not H.is_directed():
        raw = [(min(u, v), max(u, v), k, d) for u, v, k, d in raw]
    raw.sort(key=lambda e: (e[0], e[1], e[2]))
    edges = [(f"e{i}", u, v, dict(d)) for i, (u, v, _, d) in enumerate(raw)]
    return nodes, edges


# ---------------------------------------------------------------- value typing


def flat_value(value: Any) -> Any:
    """A property as a scalar: lists joined by '|', dates as ISO text, text made XML-safe."""
    value = cell(value)
    if isinstance(value, str):
        return _INVALID_XML.sub("\ufffd", value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def attribute_types(records: Iterable[Mapping[str, Any]], skip: Iterable[str] = ()) -> dict[str, str]:
    """One declared type per attribute key (boolean, long, double or string), sorted by key."""
    seen: dict[str, set[str]] = {}
    excluded = set(skip)
    for record in records:
        for key, value in record.items():
            if key not in excluded and value is not None:
                seen.setdefault(key, set()).add(_kind(flat_value(value)))
    return {key: _merge_kinds(kinds) for key, kinds in sorted(seen.items())}


def typed(value: Any, kind: str) -> Any:
    """A flat value converted to its key's declared type."""
    value = flat_value(value)
    if kind == "string":
        return value if isinstance(value, str) else _number_text(value)
    if kind == "double":
        return float(value)
    return value


def _kind(value: Any) -> str:
    """The XML attribute type of one flat value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _merge_kinds(kinds: set[str]) -> str:
    """One type for a key seen with several: numbers widen to double, anything else to string."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds == {"long", "double"}:
        return "double"
    return "string"


def _number_text(value: Any) -> str:
    """A boolean or number as text (true/false, repr for floats)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


# ---------------------------------------------------------------- XML formats


def _xml_text(text: str) -> str:
    """Escape element text (carriage returns kept, characters XML forbids as U+FFFD)."""
    text = _INVALID_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    """Escape a double-quoted attribute value, keeping newlines and tabs verbatim."""
    text = _xml_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def _write_graphml(H: nx.Graph, out: Path) -> Path:
    """GraphML with one declared, typed key per attribute (NetworkX, igraph and Gephi read it)."""
    nodes, edges = graph_records(H)
    node_types = attribute_types((d for _, d in nodes), skip=("id",))  # igraph keeps node ids as "id"
    edge_types = attribute_types(d for *_, d in edges)
    node_keys = {name: f"d{i}" for i, name in enumerate(node_types)}
    edge_keys = {name: f"d{i + len(node_keys)}" for i, name in enumerate(edge_types)}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for scope, types, keys in (("node", node_types, node_keys), ("edge", edge_types, edge_keys)):
        for name, kind in types.items():
            lines.append(
                f'  <key id="{keys[name]}" for="{scope}" attr.name="{_xml_attr(name)}" '
                f'attr.type="{kind}"/>'
            )
    direction = "directed" if H.is_directed() else "undirected"
    lines.append(f'  <graph id="G" edgedefault="{direction}">')
    for node, data in nodes:
        lines.append(f'    <node id="{_xml_attr(node)}">')
        lines += _graphml_data(data, node_types, node_keys)
        lines.append("    </node>")
    for edge_id, source, target, data in edges:
        lines.append(
            f'    <edge id="{edge_id}" source="{_xml_attr(source)}" target="{_xml_attr(target)}">'
        )
        lines += _graphml_data(data, edge_types, edge_keys)
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    write_text(out, "\n".join(lines))
    return out


def _graphml_data(data: Mapping[str, Any], types: Mapping[str, str], keys: Mapping[str, str]) -> list[str]:
    """The <data> lines of one node or edge, in key order."""
    return [
        f'      <data key="{keys[name]}">{_xml_text(_number_text_or_str(typed(data[name], kind)))}</data>'
        for name, kind in types.items()
        if data.get(name) is not None
    ]


def _number_text_or_str(value: Any) -> str:
    """A typed value as XML text."""
    return value if isinstance(value, str) else _number_text(value)


def _write_gexf(H: nx.Graph, out: Path) -> Path:
    """GEXF 1.3: node label = model class (actor network: name), edge ``kind`` = relationship type.

    Gephi keeps parallel edges of different kinds; ``weight`` is the edge's own attribute.
    """
    nodes, edges = graph_records(H)
    node_types = attribute_types((d for _, d in nodes), skip=("label",))
    edge_types = attribute_types((d for *_, d in edges), skip=("weight",))  # the edge's own weight
    direction = "directed" if H.is_directed() else "undirected"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        "  <meta>",
        "    <creator>hlmgraph</creator>",
        "  </meta>",
        f'  <graph defaultedgetype="{direction}" mode="static">',
    ]
    for scope, types in (("node", node_types), ("edge", edge_types)):
        lines.append(f'    <attributes class="{scope}" mode="static">')
        for i, (name, kind) in enumerate(types.items()):
            lines.append(f'      <attribute id="{i}" title="{_xml_attr(name)}" type="{kind}"/>')
        lines.append("    </attributes>")
    lines.append("    <nodes>")
    for node, data in nodes:
        label = _xml_attr(str(flat_value(data.get("label") or data.get("name") or node)))
        lines.append(f'      <node id="{_xml_attr(node)}" label="{label}">')
        lines += _gexf_values(data, node_types)
        lines.append("      </node>")
    lines += ["    </nodes>", "    <edges>"]
    for edge_id, source, target, data in edges:
        extra = ""
        if data.get("type") is not None:
            extra += f' kind="{_xml_attr(str(flat_value(data["type"])))}"'
        if isinstance(data.get("weight"), int | float):
            extra += f' weight="{_number_text(float(data["weight"]))}"'
        lines.append(
            f'      <edge id="{edge_id}" source="{_xml_attr(source)}" '
            f'target="{_xml_attr(target)}"{extra}>'
        )
        lines += _gexf_values(data, edge_types)
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    write_text(out, "\n".join(lines))
    return out


def _gexf_values(data: Mapping[str, Any], types: Mapping[str, str]) -> list[str]:
    """The <attvalues> block of one node or edge."""
    values = [
        f'          <attvalue for="{i}" value="{_xml_attr(_number_text_or_str(typed(data[name], kind)))}"/>'
        for i, (name, kind) in enumerate(types.items())
        if data.get(name) is not None
    ]
    if not values:
        return []
    return ["        <attvalues>", *values, "        </attvalues>"]


# ---------------------------------------------------------------- JSON and CSV


def _write_json(H: nx.Graph, out: Path) -> Path:
    """Node-link JSON (``nodes``, ``links``) with ISO dates and sorted keys."""
    nodes, edges = graph_records(H)
    data = {
        "directed": H.is_directed(),
        "multigraph": H.is_multigraph(),
        "graph": {},
        "nodes": [{**attrs, "id": node} for node, attrs in nodes],
        "links": [_json_link(H, u, v, attrs) for _, u, v, attrs in edges],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
    write_text(out, text + "\n")
    return out


def _json_link(H: nx.Graph, source: str, target: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """One node-link edge; multigraph edges carry their ``key`` (the relationship type)."""
    link = {**attrs, "source": source, "target": target}
    if H.is_multigraph():
        link["key"] = attrs.get("type", "")
    return link


def _json_default(value: Any) -> Any:
    """JSON form of dates (ISO text) and sets (sorted lists)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _write_csv(H: nx.Graph, out: Path) -> Path:
    """Gephi spreadsheet files ``nodes.csv`` and ``edges.csv`` in the folder ``out``."""
    if out.suffix.lower() == ".csv" or out.is_file():
        raise OutputError(
            f"{out} n'est pas un dossier : l'export csv écrit nodes.csv et edges.csv dans le "
            "dossier donné par --out."
        )
    nodes, edges = graph_records(H)
    node_rows = [_csv_node(node, data) for node, data in nodes]
    edge_rows = [_csv_edge(H, edge) for edge in edges]
    fixed_nodes = ["Id", "Label", "class"]
    fixed_edges = ["Source", "Target", "Type", "Kind", "Id", "Label", "Weight"]
    _write_csv_file(out / "nodes.csv", node_rows, fixed_nodes)
    _write_csv_file(out / "edges.csv", edge_rows, fixed_edges)
    return out


def _csv_node(node: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """One nodes.csv row: Id, Label (the name), class (the model label), then properties."""
    row = {k: v for k, v in data.items() if k not in ("id", "label")}
    row.update(Id=node, Label=data.get("name", node), **{"class": data.get("label", "")})
    return row


def _csv_edge(H: nx.Graph, edge: Edge) -> dict[str, Any]:
    """One edges.csv row: Source, Target, Type (direction), Kind and Label (relationship type)."""
    edge_id, source, target, data = edge
    row = {k: v for k, v in data.items() if k not in ("type", "weight")}
    rel_type = data.get("type", "")
    row.update(
        Source=source,
        Target=target,
        Type="Directed" if H.is_directed() else "Undirected",
        Kind=rel_type,
        Id=edge_id,
        Label=rel_type,
        Weight=data.get("weight", 1),
    )
    return row


def _write_csv_file(path: Path, rows: list[dict[str, Any]], fixed: list[str]) -> None:
    """Write rows with the fixed columns first, then the other keys sorted."""
    others = sorted({k for row in rows for k in row} - set(fixed))
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: the writer then also quotes values holding a lone "\r".
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fixed + others)
    for row in rows:
        writer.writerow([flat_value(row.get(c)) for c in fixed + others])
    write_text(path, buffer.getvalue())


# ---------------------------------------------------------------- Cypher


def _write_cypher(H: nx.Graph, out: Path) -> Path:
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
        key = (labels[edge[1]].split(":")[1], str(edge[3].get("type")), labels[edge[2]].split(":")[1])
        groups.setdefault(key, []).append(edge)
    for (source_class, rel_type, target_class), group in sorted(groups.items()):
        if rel_type not in schema.REL_TYPES:
            raise OutputError(f"Type de relation inconnu {rel_type!r} : le graphe ne suit pas le modèle.")
        for batch in _batches(group, CYPHER_BATCH):
            lines.append(_cypher_edges(source_class, rel_type, target_class, batch))
    write_text(out, "\n".join(lines) + "\n")
    return out


def _cypher_labels(data: Mapping[str, Any]) -> str:
    """``:Class:Second`` labels of a node, the second one from schema vocabularies only."""
    node_class = data.get("label")
    if node_class not in schema.NODE_CLASSES:
        raise OutputError(f"Classe de nœud inconnue {node_class!r} : le graphe ne suit pas le modèle.")
    second = ""
    if node_class == "Actor":
        second = schema.ACTOR_TYPES.get(str(data.get("type")), "")
    elif node_class == "Territory":
        second = schema.LEVELS.get(str(data.get("level")), "")
    return f":{node_class}" + (f":{second}" if second else "")


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


_WRITERS: dict[str, Callable[[nx.Graph, Path], Path]] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "json": _write_json,
    "csv": _write_csv,
    "cypher": _write_cypher,
}

__all__ = [
    "FORMATS", "NETWORKS", "export_graph", "graph_records", "select_network"
]
