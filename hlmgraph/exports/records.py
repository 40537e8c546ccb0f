"""Which graph is exported (full, contracts in force, actor network) and its sorted records."""

from __future__ import annotations

from typing import Any

import networkx as nx

from hlmgraph import model
from hlmgraph.errors import ConfigError

NETWORKS: tuple[str, ...] = ("full", "actors")
"""Which graph is exported: the full model graph or the actor network."""

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]
"""(edge id, source, target, attributes)."""


def select_network(
    G: nx.MultiDiGraph, network: str = "full", options: model.NetworkOptions | None = None
) -> nx.MultiDiGraph | nx.Graph:
    """The graph to export: the full graph (contracts in force at ``options.as_of``) or the actor network.

    The actor network is projected under ``options`` (date, weighting, ties, memberships).
    """
    options = options or model.NetworkOptions()
    if network == "actors":
        return model.actor_network(G, options.as_of, options.memberships,
                                   weighting=options.weighting, ties=options.ties)
    if network != "full":
        raise ConfigError(f"Réseau inconnu {network!r} : choisissez full ou actors.")
    if options.as_of is None:
        return G
    expired = [
        n for n in model.nodes_of(G, "Contract") if not model.in_force(G.nodes[n], options.as_of)
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
