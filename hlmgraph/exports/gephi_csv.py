"""CSV export for Gephi's spreadsheet import: ``nodes.csv`` and ``edges.csv`` in a folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph.errors import OutputError
from hlmgraph.exports.records import Edge, graph_records
from hlmgraph.exports.values import flat_value
from hlmgraph.files import write_text
from hlmgraph.output import csv_text


def write_csv(H: nx.Graph, out: Path) -> Path:
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
    columns = fixed + sorted({k for row in rows for k in row} - set(fixed))
    write_text(path, csv_text(columns, ([flat_value(row.get(c)) for c in columns] for row in rows)))
