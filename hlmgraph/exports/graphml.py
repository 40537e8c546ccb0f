"""GraphML export: one declared, typed key per attribute (NetworkX, igraph and Gephi read it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph.exports.records import graph_records
from hlmgraph.exports.values import attribute_types, typed, value_text, xml_attr, xml_text
from hlmgraph.files import write_text


def write_graphml(H: nx.Graph, out: Path) -> Path:
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
                f'  <key id="{keys[name]}" for="{scope}" attr.name="{xml_attr(name)}" '
                f'attr.type="{kind}"/>'
            )
    direction = "directed" if H.is_directed() else "undirected"
    lines.append(f'  <graph id="G" edgedefault="{direction}">')
    for node, data in nodes:
        lines.append(f'    <node id="{xml_attr(node)}">')
        lines += _graphml_data(data, node_types, node_keys)
        lines.append("    </node>")
    for edge_id, source, target, data in edges:
        lines.append(
            f'    <edge id="{edge_id}" source="{xml_attr(source)}" target="{xml_attr(target)}">'
        )
        lines += _graphml_data(data, edge_types, edge_keys)
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    write_text(out, "\n".join(lines))
    return out


def _graphml_data(data: Mapping[str, Any], types: Mapping[str, str], keys: Mapping[str, str]) -> list[str]:
    """The <data> lines of one node or edge, in key order."""
    return [
        f'      <data key="{keys[name]}">{xml_text(value_text(typed(data[name], kind)))}</data>'
        for name, kind in types.items()
        if data.get(name) is not None
    ]
