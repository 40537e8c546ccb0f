"""Gaps step: the working-partnership network of recommend and its link-prediction scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.model import in_force
from hlmgraph.schema import FRAMEWORK_KINDS

DIGITS = 12
"""Scores are rounded to this many decimals so that equal sums tie exactly."""
Pair = tuple[str, str]


@dataclass
class Ties:
    """Who already works with whom: operational contracts in force and memberships (either way).

    ``frameworks`` holds the framework contracts in force two actors co-sign:
    they do not tie a pair, they are named in its reason.
    """

    graph: nx.Graph
    """Every actor; an edge per tie (operational contract in force or membership)."""
    frameworks: dict[Pair, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, G: nx.MultiDiGraph, as_of: dt.date | None) -> Ties:
        """Read the ties of ``G`` (``as_of`` None: every contract counts as in force)."""
        graph = nx.Graph()
        for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
            if data.get("label") == "Actor":
                graph.add_node(node, **{k: v for k, v in data.items() if k != "label"})
        parties: dict[str, list[str]] = {}
        for u, v, rel in G.edges(data="type"):
            if rel == "PARTY_TO":
                parties.setdefault(v, []).append(u)
            elif rel == "MEMBER_OF" and u != v:
                graph.add_edge(u, v)
        frameworks: dict[Pair, list[str]] = {}
        for contract in sorted(parties):
            data = G.nodes[contract]
            if not in_force(data, as_of):
                continue
            members = sorted(set(parties[contract]), key=str)
            framework = data.get("kind") in FRAMEWORK_KINDS
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    if framework:
                        frameworks.setdefault((first, second), []).append(contract)
                    else:
                        graph.add_edge(first, second)
        return cls(graph, frameworks)

    def tied(self, x: str, y: str) -> bool:
        """Whether two actors share an operational contract in force or a membership."""
        return bool(self.graph.has_edge(x, y))

    def cosigned(self, x: str, y: str) -> list[str]:
        """Framework contracts in force both actors are party to, sorted."""
        first, second = sorted((x, y), key=str)
        return self.frameworks.get((first, second), [])


@dataclass
class Network:
    """The scored actor network as a sparse adjacency with an id index (resource allocation)."""

    graph: nx.Graph
    """The network scored on (its links, not their weights)."""
    ties: Ties
    index: dict[str, int]
    adjacency: sp.csr_array
    scaled: sp.csr_array

    @classmethod
    def of(cls, A: nx.Graph, ties: Ties) -> Network:
        """Index the actors of ``A`` and build the adjacency and its 1/degree-scaled copy."""
        nodes = sorted(A, key=str)
        index = {v: i for i, v in enumerate(nodes)}
        pairs = [(index[u], index[v]) for u, v in A.edges()]
        rows = [i for i, j in pairs] + [j for i, j in pairs]
        cols = [j for i, j in pairs] + [i for i, j in pairs]
        n = len(nodes)
        adjacency = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        degree = np.asarray(adjacency.sum(axis=1)).ravel()
        inverse = np.divide(1.0, degree, out=np.zeros(n), where=degree != 0)
        return cls(A, ties, index, adjacency, sp.csr_array(sp.diags_array(inverse) @ adjacency))

    def scores(self, rows: Sequence[str], cols: Sequence[str]) -> dict[Pair, float]:
        """Resource-allocation scores > 0 of the untied (row, column) pairs."""
        if not rows or not cols:
            return {}
        r = [self.index[v] for v in rows]
        c = [self.index[v] for v in cols]
        product = sp.coo_array(self.adjacency[r] @ self.scaled[:, c])
        found = {}
        for i, j, value in zip(product.row, product.col, product.data, strict=True):
            x, y = rows[i], cols[j]
            if value > 0 and x != y and not self.ties.tied(x, y):
                found[(x, y)] = round(float(value), DIGITS)
        return found
