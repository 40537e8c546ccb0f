"""Gaps step: the working-partnership network of recommend and its link-prediction scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.analysis.matrix import edge_arrays, symmetric
from hlmgraph.model import in_force
from hlmgraph.schema import FRAMEWORK_KINDS

DIGITS = 12
"""Scores are rounded to this many decimals so that equal sums tie exactly."""
Pair = tuple[str, str]


@dataclass
class Ties:
    """Who already works with whom: operational contracts in force and memberships (either way).

    Framework contracts in force two actors co-sign do not tie a pair: they
    are named in its reason (``cosigned``), read from each actor's list.
    """

    graph: nx.Graph
    """Every actor; an edge per tie (operational contract in force or membership)."""
    frameworks_of: dict[str, list[str]] = field(default_factory=dict)
    """Each actor's framework contracts in force, sorted by id."""

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
        frameworks_of: dict[str, list[str]] = {}
        for contract in sorted(parties):
            data = G.nodes[contract]
            if not in_force(data, as_of):
                continue
            members = sorted(set(parties[contract]), key=str)
            if data.get("kind") in FRAMEWORK_KINDS:
                for member in members:
                    frameworks_of.setdefault(member, []).append(contract)
            else:
                graph.add_edges_from(
                    (first, second) for i, first in enumerate(members) for second in members[i + 1:]
                )
        return cls(graph, frameworks_of)

    def tied(self, x: str, y: str) -> bool:
        """Whether two actors share an operational contract in force or a membership."""
        return bool(self.graph.has_edge(x, y))

    def cosigned(self, x: str, y: str) -> list[str]:
        """Framework contracts in force both actors are party to, sorted."""
        if x == y:
            return []
        theirs = set(self.frameworks_of.get(y, ()))
        return [c for c in self.frameworks_of.get(x, ()) if c in theirs]


@dataclass
class Network:
    """The scored actor network as a sparse adjacency with an id index (resource allocation)."""

    graph: nx.Graph
    """The network scored on (its links, not their weights)."""
    ties: Ties
    nodes: list[str]
    """The actors, sorted by id; ``index`` gives each one's position."""
    index: dict[str, int]
    adjacency: sp.csr_array
    scaled: sp.csr_array
    tie_matrix: sp.csr_array
    """The ties as a 0/1 matrix in the same index (tied pairs looked up in bulk)."""

    @classmethod
    def of(cls, A: nx.Graph, ties: Ties) -> Network:
        """Index the actors of ``A`` and build the adjacency, its 1/degree-scaled copy, the ties."""
        nodes = sorted(A, key=str)
        index = {v: i for i, v in enumerate(nodes)}
        n = len(nodes)
        src, dst, _ = edge_arrays(A, nodes)
        adjacency = symmetric(src, dst, None, n)
        degree = np.asarray(adjacency.sum(axis=1)).ravel()
        inverse = np.divide(1.0, degree, out=np.zeros(n), where=degree != 0)
        tied = [(index[u], index[v]) for u, v in ties.graph.edges() if u in index and v in index]
        first = np.array([i for i, _ in tied], dtype=np.int64)
        second = np.array([j for _, j in tied], dtype=np.int64)
        return cls(A, ties, nodes, index, adjacency,
                   sp.csr_array(sp.diags_array(inverse) @ adjacency),
                   symmetric(first, second, None, n))

    def score_arrays(
        self, rows: Sequence[str], cols: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row positions, column positions, raw scores) of the untied pairs scoring > 0.

        Raw: not rounded yet (``DIGITS``); positions index ``rows`` and ``cols``.
        """
        empty = np.zeros(0, dtype=np.int64)
        if not rows or not cols:
            return empty, empty, np.zeros(0)
        r = np.array([self.index[v] for v in rows], dtype=np.int64)
        c = np.array([self.index[v] for v in cols], dtype=np.int64)
        product = sp.coo_array(self.adjacency[r] @ self.scaled[:, c])
        i, j, values = product.row.astype(np.int64), product.col.astype(np.int64), product.data
        tied = sp.coo_array(self.tie_matrix[r][:, c])
        width = len(c)
        untied = ~np.isin(i * width + j, tied.row.astype(np.int64) * width + tied.col)
        keep = (values > 0) & (r[i] != c[j]) & untied
        return i[keep], j[keep], values[keep]
