"""Analysis step: the fast engine, igraph and scipy, equal to the NetworkX definitions.

Paths (betweenness, closeness) run once per group of structurally equivalent
actors (twins); cut vertices come from igraph, PageRank from an exact sparse
solve; Burt's measures and the typed brokerage from sparse products, block by
block to bound memory.
"""

from __future__ import annotations

from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.analysis.brokerage import family_codes, open_pairs, roles, row_blocks
from hlmgraph.analysis.communities import canonical, louvain
from hlmgraph.analysis.matrix import edge_arrays, symmetric
from hlmgraph.analysis.paths import betweenness_later, class_closeness
from hlmgraph.analysis.reference import Columns, Progress, stationary, strengths


def fast_measures(A: nx.Graph, nodes: list[Any], say: Progress) -> Columns:
    """Measures with igraph (paths, cut vertices) and scipy (PageRank, structural holes).

    The betweenness starts first (in a second process on a large network) and
    is collected once every other measure is computed.
    """
    n = len(nodes)
    src, dst, weight = edge_arrays(A, nodes)
    adjacency = symmetric(src, dst, None, n)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    classes = twin_classes(adjacency)
    say("Intermédiarité (igraph)…")
    betweenness = betweenness_later(n, src, dst, classes, degree)
    try:
        g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)))
        say("Proximité (igraph)…")
        closeness = class_closeness(g, classes)
        say("PageRank…")
        pagerank = stationary(symmetric(src, dst, weight, n))
        say("Trous structuraux (contrainte, taille effective)…")
        pairs = np.asarray(g.transitivity_local_undirected(mode="zero")) * degree * (degree - 1) / 2
        constraint, effective_size = _burt_sparse(adjacency, degree, np.rint(pairs))
        cut = set(g.articulation_points())
        say("Communautés (Louvain, NetworkX)…")
        community = louvain(canonical(A, nodes), nodes)
        say("Courtage entre familles d'acteurs…")
        codes = family_codes(A, nodes)
        brokerage = roles(open_pairs(adjacency, codes), codes)
    except BaseException:
        betweenness.cancel()
        raise
    return {
        "degree": [int(d) for d in degree],
        "strength": strengths(A, nodes),
        "betweenness": betweenness.result(),
        "pagerank": pagerank,
        "closeness": closeness,
        "constraint": constraint,
        "effective_size": effective_size,
        "articulation": [i in cut for i in range(n)],
        "community": community,
        **brokerage,
    }


def twin_classes(adjacency: sp.csr_array) -> list[list[int]]:
    """Groups of structurally equivalent actors: same partners, linked or not (twins).

    Twins (same closed neighbourhood, or same open one) have the same
    distances and the same betweenness dependencies towards every other
    actor, and none through each other: one representative per group is
    enough as a path source. A vertex cannot have twins of both kinds.
    """
    indptr, indices = adjacency.indptr, adjacency.indices
    partners = [indices[indptr[v] : indptr[v + 1]].tolist() for v in range(len(indptr) - 1)]
    closed: dict[tuple[int, ...], list[int]] = {}
    for v, row in enumerate(partners):
        closed.setdefault(tuple(sorted([*row, v])), []).append(v)
    groups: list[list[int]] = []
    opened: dict[tuple[int, ...], list[int]] = {}
    for members in closed.values():
        if len(members) > 1:
            groups.append(members)
        else:
            opened.setdefault(tuple(partners[members[0]]), []).append(members[0])
    groups += opened.values()
    return sorted(groups)


def _burt_sparse(
    adjacency: sp.csr_array, degree: np.ndarray, triangles: np.ndarray
) -> tuple[list[float | None], list[float | None]]:
    """Burt's constraint and effective size (NetworkX, unweighted) from a sparse product.

    For an edge (u, v), S_uv = sum of 1/deg(w) over common partners w; then
    constraint(u) = sum_v (1 + S_uv)^2 / deg(u)^2 and effective_size(u) =
    deg(u) - 2 t(u) / deg(u), t(u) the links among u's partners (``triangles``).
    """
    n = len(degree)
    inverse = np.divide(1.0, degree, out=np.zeros(n), where=degree != 0)
    scaled = sp.csr_array(sp.diags_array(inverse) @ adjacency)
    shared = np.zeros(n)
    shared_sq = np.zeros(n)
    paths = adjacency @ degree
    for rows in row_blocks(paths):
        block = adjacency[rows]
        S = (block @ scaled).multiply(block)
        shared[rows] = np.asarray(S.sum(axis=1)).ravel()
        shared_sq[rows] = np.asarray(S.multiply(S).sum(axis=1)).ravel()
    constraint: list[float | None] = []
    effective: list[float | None] = []
    for d, s1, s2, t in zip(degree, shared, shared_sq, triangles, strict=True):
        if d == 0:
            constraint.append(None)
            effective.append(None)
        else:
            constraint.append(float((d + 2 * s1 + s2) / (d * d)))
            effective.append(float(d - 2 * t / d))
    return constraint, effective
