"""Analysis step: the reference engine, NetworkX's own functions (graph-model.md definitions)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve

from hlmgraph.analysis.brokerage import reference_brokerage
from hlmgraph.analysis.communities import canonical, louvain
from hlmgraph.analysis.matrix import adjacency

ALPHA = 0.85
"""PageRank damping factor."""

Progress = Callable[[str], None]
Columns = dict[str, list[Any]]


def reference_measures(G: nx.Graph, nodes: list[Any], say: Progress) -> Columns:
    """Measures with NetworkX's own functions (PageRank: exact solve of its linear system).

    They run on a copy built in sorted order, so results do not depend on insertion order.
    """
    A = canonical(G, nodes)
    say("Intermédiarité (NetworkX)…")
    betweenness = nx.betweenness_centrality(A, normalized=True)
    say("Proximité (NetworkX)…")
    closeness = nx.closeness_centrality(A)
    say("PageRank…")
    pagerank = exact_pagerank(A, nodes)
    say("Trous structuraux (contrainte, taille effective)…")
    constraint = nx.constraint(A)
    effective_size = nx.effective_size(A)
    cut = set(nx.articulation_points(A))
    say("Communautés (Louvain, NetworkX)…")
    community = louvain(A, nodes)
    say("Courtage entre familles d'acteurs…")
    return {
        "degree": [A.degree(v) for v in nodes],
        "strength": strengths(A, nodes),
        "betweenness": [betweenness[v] for v in nodes],
        "pagerank": pagerank,
        "closeness": [closeness[v] for v in nodes],
        "constraint": [defined(constraint[v]) for v in nodes],
        "effective_size": [defined(effective_size[v]) for v in nodes],
        "articulation": [v in cut for v in nodes],
        "community": community,
        **reference_brokerage(G, nodes),
    }


def exact_pagerank(A: nx.Graph, nodes: Sequence[Any] | None = None) -> list[float]:
    """NetworkX's PageRank (alpha 0.85, ``weight``, uniform dangling mass) by an exact sparse solve.

    The stationary vector satisfies x = alpha P^T x + c 1 with c a scalar, so it
    is proportional to (I - alpha P^T)^-1 1.
    """
    nodes = list(A) if nodes is None else list(nodes)
    return stationary(adjacency(A, nodes, weighted=True))


def stationary(W: sp.csr_array) -> list[float]:
    """PageRank of the weighted adjacency matrix ``W`` (exact solve, see ``exact_pagerank``)."""
    n = W.shape[0]
    if n == 0:
        return []
    out = np.asarray(W.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    P = sp.diags_array(inverse) @ W
    system = sp.csc_array(sp.identity(n, format="csc") - ALPHA * P.T)
    y = np.atleast_1d(spsolve(system, np.ones(n)))
    return [float(v) for v in y / y.sum()]


def strengths(A: nx.Graph, nodes: Sequence[Any]) -> list[float | int]:
    """Sum of each actor's link weights, exactly rounded (integers stay integers)."""
    out: list[float | int] = []
    for v in nodes:
        total = math.fsum(data.get("weight", 1) for data in A.adj[v].values())
        out.append(int(total) if total.is_integer() else total)
    return out


def defined(value: float) -> float | None:
    """NetworkX's NaN (undefined for isolated actors) as None."""
    return None if math.isnan(value) else float(value)
