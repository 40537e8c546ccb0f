"""Report step: the report's own labels (rule titles, names, escaping); wording comes from ``fr``."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.schema import ACTOR_TYPES

PRIORITY_LABELS: dict[int, str] = {1: "1 – haute", 2: "2 – moyenne", 3: "3 – basse"}
"""Priority of a rule as people read it."""


def node_name(G: nx.Graph, node: Any) -> str:
    """Display name of a node (its id when it has none)."""
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def territory_title(G: nx.Graph, territory: str) -> str:
    """« Lille-Sud (QPV) » for a territory of the graph (its id when unknown)."""
    return fr.territory_title(G.nodes[territory]) if territory in G else territory


def type_sorted(counts: Counter[str]) -> list[tuple[str, int]]:
    """(type, count) in schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def cut(text: str, limit: int) -> str:
    """Shorten a label to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: Any) -> str:
    """Any text shown in the page: French typography applied, then HTML-escaped."""
    return html.escape(fr.typography(str(text)), quote=True)


def capital(text: str) -> str:
    """The text with its first letter in upper case (« Point d'articulation »)."""
    return text[:1].upper() + text[1:]
