"""Analysis step: per-actor measures and a summary of the actor network (graph-model.md)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph import settings
from hlmgraph.errors import ConfigError
from hlmgraph.schema import ACTOR_TYPES, TYPE_LABELS_FR

MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "pagerank",
    "closeness",
    "constraint",
    "effective_size",
    "community",
    "articulation",
)
"""Per-actor measure names, in output order (graph-model.md)."""
COLUMNS: tuple[str, ...] = ("id", "name", "type", *MEASURES)
"""Columns of a measures record."""
ENGINES: tuple[str, ...] = ("auto", "igraph", "networkx")
"""``auto`` and ``igraph``: heavy measures in igraph/scipy; ``networkx``: reference code."""
ALPHA = 0.85
"""PageRank damping factor."""
LARGE_NETWORK = 1000
"""From this many actors, long steps report their progress."""
TOP_BROKERS = 3
"""Brokers listed per actor type in the summary."""
TYPE_PAIRS_SHOWN = 15
"""Pairs of actor types listed in the on-screen summary (most links first)."""
_CHUNK_PATHS = 4_000_000
"""Two-step paths handled per block in the structural-hole computation (bounds memory)."""

Progress = Callable[[str], None]
Columns = dict[str, list[Any]]


def compute_measures(
    A: nx.Graph, engine: str = "auto", progress: Progress | None = None
) -> list[dict[str, Any]]:
    """One record per actor (sorted by id): id, name, type and every measure of ``MEASURES``.

    ``engine="networkx"`` uses NetworkX's own functions; ``auto``/``igraph``
    compute the heavy measures with igraph and scipy, equal to the NetworkX
    definitions (1e-9 relative; PageRank: the exact stationary vector).
    Communities come from NetworkX's Louvain with ``settings.LOUVAIN_SEED`` on
    the graph in sorted order (the same for both engines), numbered 1, 2… by
    decreasing size then smallest id.
    ``progress`` receives French step messages when the network is large.
    """
    nodes = sorted(A, key=str)
    if nx.number_of_selfloops(A):
        raise ValueError("the actor network must not have self-loops")
    say = reporter(progress, len(nodes))
    fast = _use_igraph(engine)
    if not nodes:
        return []
    if fast:
        values = _fast_measures(A, nodes, say)
    else:
        values = _reference_measures(_canonical(A, nodes), nodes, say)
    return _records(A, nodes, values)


def network_summary(A: nx.Graph, measures: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Whole-network figures: size, density, components, isolates, communities, brokers, type links."""
    sizes = sorted((len(c) for c in nx.connected_components(A)), reverse=True)
    return {
        "actors": A.number_of_nodes(),
        "links": A.number_of_edges(),
        "density": nx.density(A) if A.number_of_nodes() > 1 else 0.0,
        "components": len(sizes),
        "largest_component": sizes[0] if sizes else 0,
        "isolated": sorted((n for n in A if A.degree(n) == 0), key=str),
        "communities": len({r["community"] for r in measures}),
        "top_brokers": _top_brokers(measures),
        "type_links": _type_links(A),
    }


def analyse_graph(
    G: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    memberships: bool = False,
    engine: str = "auto",
    progress: Progress | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Project the actor network of ``G`` and return (measures, summary)."""
    from hlmgraph.model import actor_network

    A = actor_network(G, as_of=as_of, memberships=memberships)
    reporter(progress, A.number_of_nodes())(
        f"Réseau des acteurs : {_int_fr(A.number_of_nodes())} acteurs, "
        f"{_int_fr(A.number_of_edges())} liens."
    )
    measures = compute_measures(A, engine=engine, progress=progress)
    return measures, network_summary(A, measures)


def format_summary(summary: dict[str, Any]) -> str:
    """The network summary as a short French text for the terminal."""
    lines = [
        f"Réseau des acteurs : {_int_fr(summary['actors'])} acteurs, "
        f"{_int_fr(summary['links'])} liens, densité {_float_fr(summary['density'])}.",
        f"Composantes connexes : {_int_fr(summary['components'])} (la plus grande : "
        f"{_int_fr(summary['largest_component'])} acteurs) ; acteurs isolés : "
        f"{_int_fr(len(summary['isolated']))}.",
        f"Communautés (Louvain) : {_int_fr(summary['communities'])}.",
    ]
    if summary["top_brokers"]:
        lines.append("Principaux intermédiaires par type (intermédiarité) :")
        for kind, brokers in summary["top_brokers"].items():
            names = ", ".join(f"{b['name']} ({_float_fr(b['betweenness'])})" for b in brokers)
            lines.append(f"  {_type_label(kind)} : {names}")
    pairs = _type_pairs(summary["type_links"])
    if pairs:
        lines.append("Liens entre types d'acteurs :")
        shown = pairs[:TYPE_PAIRS_SHOWN]
        lines += [f"  {_type_label(a)} – {_type_label(b)} : {_int_fr(n)}" for a, b, n in shown]
        if len(pairs) > len(shown):
            lines.append(f"  … et {_int_fr(len(pairs) - len(shown))} autres paires de types.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- engines


def _use_igraph(engine: str) -> bool:
    """Whether the fast engine applies; unknown engines are a usage error."""
    if engine not in ENGINES:
        raise ConfigError(
            f"Moteur de calcul inconnu « {engine} » : choisissez parmi {', '.join(ENGINES)}."
        )
    if engine == "networkx":
        return False
    try:
        import igraph  # noqa: F401
    except ImportError as exc:
        if engine == "igraph":
            raise ConfigError(
                "Le moteur igraph n'est pas installé : installez le paquet « igraph » ou "
                "choisissez --engine networkx."
            ) from exc
        return False
    return True


def _fast_measures(A: nx.Graph, nodes: list[Any], say: Progress) -> Columns:
    """Measures with igraph (paths, PageRank, cut vertices) and scipy (structural holes)."""
    import igraph as ig

    n = len(nodes)
    src, dst, weight = _edge_arrays(A, nodes)
    g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)))
    weights = weight.tolist()
    adjacency = sp.csr_array(
        (np.ones(2 * len(src)), (np.concatenate([src, dst]), np.concatenate([dst, src]))),
        shape=(n, n),
    )
    adjacency.sort_indices()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    strength = np.bincount(np.concatenate([src, dst]), np.concatenate([weight, weight]), n)
    classes = _twin_classes(adjacency)
    say("Intermédiarité (igraph)…")
    betweenness = _scaled_betweenness(_class_betweenness(g, classes, degree), n)
    say("Proximité (igraph)…")
    closeness = _wf_closeness(_class_closeness(g, classes), g, n)
    say("PageRank (igraph)…")
    pagerank = g.pagerank(directed=False, damping=ALPHA, weights=weights)
    say("Trous structuraux (contrainte, taille effective)…")
    pairs = np.asarray(g.transitivity_local_undirected(mode="zero")) * degree * (degree - 1) / 2
    constraint, effective_size = _burt_sparse(adjacency, degree, np.rint(pairs))
    cut = set(g.articulation_points())
    say("Communautés (Louvain, NetworkX)…")
    community = _louvain(_canonical(A, nodes), nodes)
    return {
        "degree": [int(d) for d in degree],
        "strength": [int(s) if float(s).is_integer() else float(s) for s in strength],
        "betweenness": betweenness,
        "pagerank": [float(p) for p in pagerank],
        "closeness": closeness,
        "constraint": constraint,
        "effective_size": effective_size,
        "articulation": [i in cut for i in range(n)],
        "community": community,
    }


def _reference_measures(A: nx.Graph, nodes: list[Any], say: Progress) -> Columns:
    """Measures with NetworkX's own functions (PageRank: exact solve of its linear system)."""
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
    community = _louvain(A, nodes)
    return {
        "degree": [A.degree(v) for v in nodes],
        "strength": [A.degree(v, weight="weight") for v in nodes],
        "betweenness": [betweenness[v] for v in nodes],
        "pagerank": pagerank,
        "closeness": [closeness[v] for v in nodes],
        "constraint": [_defined(constraint[v]) for v in nodes],
        "effective_size": [_defined(effective_size[v]) for v in nodes],
        "articulation": [v in cut for v in nodes],
        "community": community,
    }


def exact_pagerank(A: nx.Graph, nodes: Sequence[Any] | None = None) -> list[float]:
    """NetworkX's PageRank (alpha 0.85, ``weight``, uniform dangling mass) by an exact sparse solve.

    The stationary vector satisfies x = alpha P^T x + c 1 with c a scalar, so it
    is proportional to (I - alpha P^T)^-1 1.
    """
    from scipy.sparse.linalg import spsolve

    nodes = list(A) if nodes is None else list(nodes)
    n = len(nodes)
    if n == 0:
        return []
    W = sp.csr_array(nx.to_scipy_sparse_array(A, nodelist=nodes, weight="weight", dtype=float))
    out = np.asarray(W.sum(axis=1)).ravel()
    inverse = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    P = sp.diags_array(inverse) @ W
    system = sp.csc_array(sp.identity(n, format="csc") - ALPHA * P.T)
    y = np.atleast_1d(spsolve(system, np.ones(n)))
    return [float(v) for v in y / y.sum()]


# ---------------------------------------------------------------- fast helpers


def _edge_arrays(A: nx.Graph, nodes: list[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges as sorted index arrays (source < target) and their float weights.

    The canonical order makes every result independent of insertion order.
    """
    index = {v: i for i, v in enumerate(nodes)}
    triples = [(index[u], index[v], w) for u, v, w in A.edges(data="weight", default=1)]
    table = np.array(triples, dtype=float).reshape(-1, 3)
    first, second = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64)
    src, dst = np.minimum(first, second), np.maximum(first, second)
    order = np.lexsort((dst, src))
    return src[order], dst[order], table[order, 2]


def _louvain(C: nx.Graph, nodes: list[Any]) -> list[int]:
    """Community numbers from NetworkX's seeded Louvain on the canonical graph (both engines)."""
    found = nx.community.louvain_communities(C, weight="weight", seed=settings.LOUVAIN_SEED)
    index = {v: i for i, v in enumerate(nodes)}
    return _numbered([[index[v] for v in c] for c in found], nodes)


def _twin_classes(adjacency: sp.csr_array) -> list[list[int]]:
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
        out.append(0.0 if reach <= 1 or math.isnan(value) else value * (reach - 1) / (n - 1))
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
    for rows in _row_blocks(paths):
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


def _row_blocks(paths: np.ndarray) -> list[slice]:
    """Consecutive row ranges whose two-step path counts stay under ``_CHUNK_PATHS``."""
    blocks, start, total = [], 0, 0.0
    for i, count in enumerate(paths):
        if total and total + count > _CHUNK_PATHS:
            blocks.append(slice(start, i))
            start, total = i, 0.0
        total += count
    if start < len(paths):
        blocks.append(slice(start, len(paths)))
    return blocks


# ---------------------------------------------------------------- shared helpers


def _canonical(A: nx.Graph, nodes: list[Any]) -> nx.Graph:
    """A copy of ``A`` with nodes and edges inserted in sorted order (order-free results)."""
    position = {v: i for i, v in enumerate(nodes)}
    edges = [
        (u, v, w) if position[u] < position[v] else (v, u, w)
        for u, v, w in A.edges(data="weight", default=1)
    ]
    C = nx.Graph()
    C.add_nodes_from(nodes)
    C.add_weighted_edges_from(sorted(edges, key=lambda e: (position[e[0]], position[e[1]])))
    return C


def _numbered(groups: Sequence[Sequence[int]], nodes: list[Any]) -> list[int]:
    """Community number of each node: 1 for the largest group, ties by smallest id."""
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    number = [0] * len(nodes)
    for k, members in enumerate(ordered, start=1):
        for i in members:
            number[i] = k
    return number


def _records(A: nx.Graph, nodes: list[Any], values: Columns) -> list[dict[str, Any]]:
    """Assemble one record per actor from the measure columns."""
    columns = [values[m] for m in MEASURES]
    records = []
    for v, row in zip(nodes, zip(*columns, strict=True), strict=True):
        data = A.nodes[v]
        record: dict[str, Any] = {"id": v, "name": data.get("name", ""), "type": data.get("type", "")}
        record.update(zip(MEASURES, row, strict=True))
        records.append(record)
    return records


def _defined(value: float) -> float | None:
    """NetworkX's NaN (undefined for isolated actors) as None."""
    return None if math.isnan(value) else float(value)


def reporter(progress: Progress | None, size: int) -> Progress:
    """A step reporter that speaks only for large networks."""
    if progress is None or size < LARGE_NETWORK:
        return lambda message: None
    return progress


def _type_order(kind: str) -> tuple[int, str]:
    """Sort key of an actor type: schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return (order.index(kind) if kind in order else len(order), kind)


def _top_brokers(measures: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per actor type, the actors with the highest (non-zero) betweenness."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for record in measures:
        if record["betweenness"] > 0:
            by_type.setdefault(record["type"], []).append(record)
    return {
        kind: [
            {"id": r["id"], "name": r["name"], "betweenness": r["betweenness"]}
            for r in sorted(by_type[kind], key=lambda r: (-r["betweenness"], str(r["id"])))[
                :TOP_BROKERS
            ]
        ]
        for kind in sorted(by_type, key=_type_order)
    }


def _type_links(A: nx.Graph) -> dict[str, dict[str, int]]:
    """Symmetric matrix (dict of dicts) of link counts between actor types present."""
    kind = {v: str(t) for v, t in A.nodes(data="type", default="")}
    counts = Counter((kind[u], kind[v]) for u, v in A.edges())
    kinds = sorted(set(kind.values()), key=_type_order)
    matrix = {a: dict.fromkeys(kinds, 0) for a in kinds}
    for (a, b), count in counts.items():
        matrix[a][b] += count
        if a != b:
            matrix[b][a] += count
    return matrix


def _type_pairs(matrix: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """Non-zero (type, type, count) cells of the upper triangle, most links first."""
    kinds = list(matrix)
    pairs = [
        (a, b, matrix[a][b])
        for i, a in enumerate(kinds)
        for b in kinds[i:]
        if matrix[a][b]
    ]
    return sorted(pairs, key=lambda p: (-p[2], _type_order(p[0]), _type_order(p[1])))


def _type_label(kind: str) -> str:
    """French label of an actor type."""
    return TYPE_LABELS_FR.get(kind, kind or "(sans type)")


def _int_fr(value: int) -> str:
    """An integer with French thousands separators."""
    return f"{value:,}".replace(",", "\u202f")


def _float_fr(value: float) -> str:
    """A small float with four significant digits and a French decimal comma."""
    return f"{value:.4g}".replace(".", ",")
