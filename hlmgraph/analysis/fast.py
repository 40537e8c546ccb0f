"""Analysis step: the fast engine, igraph and scipy, equal to the NetworkX definitions.

Paths (betweenness, closeness) run once per group of structurally equivalent
actors (twins); cut vertices come from igraph, PageRank from an exact sparse
solve; Burt's measures and the typed brokerage from sparse products, block by
block to bound memory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.analysis.brokerage import family_codes, open_pairs, roles, row_blocks
from hlmgraph.analysis.communities import canonical, louvain
from hlmgraph.analysis.matrix import edge_arrays, symmetric
from hlmgraph.analysis.reference import Columns, Progress, stationary, strengths


def fast_measures(A: nx.Graph, nodes: list[Any], say: Progress) -> Columns:
    """Measures with igraph (paths, cut vertices) and scipy (PageRank, structural holes)."""
    n = len(nodes)
    src, dst, weight = edge_arrays(A, nodes)
    g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)))
    adjacency = symmetric(src, dst, None, n)
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    classes = twin_classes(adjacency)
    say("Intermédiarité (igraph)…")
    betweenness = _scaled_betweenness(_class_betweenness(g, classes, degree), n)
    say("Proximité (igraph)…")
    closeness = _wf_closeness(_class_closeness(g, classes), g, n)
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
    return {
        "degree": [int(d) for d in degree],
        "strength": strengths(A, nodes),
        "betweenness": betweenness,
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


def _class_betweenness(g: Any, classes: list[list[int]], degree: np.ndarray) -> np.ndarray:
    """igraph's undirected betweenness, with each twin group's paths counted from one member."""
    sources: dict[int, list[int]] = {}
    for members in classes:
        if degree[members[0]] > 0:
            sources.setdefault(len(members), []).append(members[0])
    raw = np.zeros(len(degree))
    for size, group in sorted(sources.items()):
        raw += size * np.asarray(g.betweenness(directed=False, sources=group))
    return raw


def _class_closeness(g: Any, classes: list[list[int]]) -> list[float]:
    """igraph's closeness computed once per twin group and shared by its members."""
    values = g.closeness(vertices=[c[0] for c in classes], mode="all", normalized=True)
    out = [math.nan] * g.vcount()
    for members, value in zip(classes, values, strict=True):
        for v in members:
            out[v] = value
    return out


def _scaled_betweenness(raw: Sequence[float] | np.ndarray, n: int) -> list[float]:
    """igraph's undirected betweenness (pairs counted once) scaled as NetworkX normalizes it."""
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    return [float(b) * scale for b in raw]


def _wf_closeness(raw: Sequence[float], g: Any, n: int) -> list[float]:
    """igraph's per-component closeness with NetworkX's Wasserman-Faust scaling (isolated: 0)."""
    membership = g.connected_components().membership
    sizes = np.bincount(membership, minlength=1) if n else np.zeros(0)
    out = []
    for i, value in enumerate(raw):
        reach = sizes[membership[i]]
        out.append(0.0 if reach <= 1 or math.isnan(value) else float(value * (reach - 1) / (n - 1)))
    return out


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
