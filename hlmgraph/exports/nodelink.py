"""Node-link JSON export (``nodes``, ``links``) for NetworkX and d3, ISO dates, sorted keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import jsontext
from hlmgraph.exports.records import graph_records
from hlmgraph.files import write_text


def write_json(H: nx.Graph, out: Path) -> Path:
    """Node-link JSON (``nodes``, ``links``) with ISO dates and sorted keys."""
    nodes, edges = graph_records(H)
    data = {
        "directed": H.is_directed(),
        "multigraph": H.is_multigraph(),
        "graph": {},
        "nodes": [{**attrs, "id": node} for node, attrs in nodes],
        "links": [_json_link(H, u, v, attrs) for _, u, v, attrs in edges],
    }
    text = jsontext.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
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
