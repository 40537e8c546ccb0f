"""GEXF 1.3 export for Gephi: node label = model class (actor network: name), edge kind = type."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph.exports.records import graph_records
from hlmgraph.exports.values import (
    attribute_types,
    flat_value,
    number_text,
    typed,
    value_text,
    xml_attr,
)
from hlmgraph.files import write_text


def write_gexf(H: nx.Graph, out: Path) -> Path:
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
            lines.append(f'      <attribute id="{i}" title="{xml_attr(name)}" type="{kind}"/>')
        lines.append("    </attributes>")
    lines.append("    <nodes>")
    for node, data in nodes:
        label = xml_attr(str(flat_value(data.get("label") or data.get("name") or node)))
        lines.append(f'      <node id="{xml_attr(node)}" label="{label}">')
        lines += _gexf_values(data, node_types)
        lines.append("      </node>")
    lines += ["    </nodes>", "    <edges>"]
    for edge_id, source, target, data in edges:
        extra = ""
        if data.get("type") is not None:
            extra += f' kind="{xml_attr(str(flat_value(data["type"])))}"'
        if isinstance(data.get("weight"), int | float):
            extra += f' weight="{number_text(float(data["weight"]))}"'
        lines.append(
            f'      <edge id="{edge_id}" source="{xml_attr(source)}" '
            f'target="{xml_attr(target)}"{extra}>'
        )
        lines += _gexf_values(data, edge_types)
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    write_text(out, "\n".join(lines))
    return out


def _gexf_values(data: Mapping[str, Any], types: Mapping[str, str]) -> list[str]:
    """The <attvalues> block of one node or edge."""
    values = [
        f'          <attvalue for="{i}" value="{xml_attr(value_text(typed(data[name], kind)))}"/>'
        for i, (name, kind) in enumerate(types.items())
        if data.get(name) is not None
    ]
    if not values:
        return []
    return ["        <attvalues>", *values, "        </attvalues>"]
