"""Analysis step: typed brokerage by actor family (Gould & Fernandez, undirected form).

For an actor b and an unordered pair {a, c} of its partners that are not
partners of each other, the pair counts as *coordinator* when a, b and c share a
family, *consultant* when a and c share a family other than b's, *gatekeeper*
when exactly one of a, c shares b's family and *liaison* when all three families
differ (graph-model.md). ``open_pairs`` counts these pairs by family pair with
sparse products; ``reference_brokerage`` counts them one pair at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.analysis.matrix import adjacency, around
from hlmgraph.schema import FAMILIES, family

ROLES: tuple[str, ...] = (
    "broker_coordinator",
    "broker_consultant",
    "broker_gatekeeper",
    "broker_liaison",
)
"""The four brokerage measures, in output order."""
FAMILY_CODES: tuple[str, ...] = (*FAMILIES, "")
"""Family of each code used in the arrays ('' : actor of unknown type)."""
_CHUNK_PATHS = 4_000_000
"""Two-step paths handled per block (bounds the memory of the sparse products)."""


def actor_family(data: dict[str, Any]) -> str:
    """The family of an actor from its node attributes (type and subtype)."""
    return family(data.get("type"), data.get("subtype"))


def family_codes(A: nx.Graph, nodes: Sequence[Any]) -> np.ndarray:
    """The family code (index in ``FAMILY_CODES``) of each node."""
    code = {f: i for i, f in enumerate(FAMILY_CODES)}
    return np.array([code[actor_family(A.nodes[v])] for v in nodes], dtype=np.int64)


def open_pairs(
    adjacency: sp.csr_array, codes: np.ndarray, first: Sequence[int] | None = None
) -> np.ndarray:
    """Array [actor, f, g] of unlinked partner pairs {a, c} with families f and g (f <= g).

    Entries with f > g are zero. For an actor b, all pairs come from its
    per-family partner counts; linked pairs from S_f = (A @ D_f A) ∘ A, whose
    entry (b, c) counts the partners a of both b and c in family f. With
    ``first``, only the entries whose f is in ``first`` are right (faster).
    """
    n, k = adjacency.shape[0], len(FAMILY_CODES)
    onehot = sp.csr_array((np.ones(n), (np.arange(n), codes)), shape=(n, k))
    per_family = np.asarray((adjacency @ onehot).todense()).reshape(n, k)
    linked = np.zeros((n, k, k))
    present = [f for f in range(k) if np.any(codes == f) and (first is None or f in first)]
    rows_of = {f: sp.csr_array(sp.diags_array((codes == f).astype(float)) @ adjacency)
               for f in present}
    for rows in row_blocks(_paths(adjacency)):
        block = adjacency[rows]
        for f in present:
            S = (block @ rows_of[f]).multiply(block)
            linked[rows, f, :] = np.asarray((S @ onehot).todense()).reshape(-1, k)
    return _unordered(per_family, linked)


def roles(pairs: np.ndarray, codes: np.ndarray) -> dict[str, list[int]]:
    """The four brokerage counts of each actor from its typed open pairs."""
    n, k, _ = pairs.shape
    same = pairs[np.arange(n), codes, codes]
    diagonal = np.einsum("iff->if", pairs)
    with_own = pairs[np.arange(n), codes, :].sum(axis=1) + pairs[np.arange(n), :, codes].sum(axis=1)
    total = pairs.reshape(n, -1).sum(axis=1)
    consultant = diagonal.sum(axis=1) - same
    gatekeeper = with_own - 2 * same
    liaison = total - same - consultant - gatekeeper
    values = (same, consultant, gatekeeper, liaison)
    return {name: [int(round(x)) for x in column] for name, column in zip(ROLES, values, strict=True)}


def pair_count(pairs: np.ndarray, first: str, second: str) -> np.ndarray:
    """Per actor, the unlinked partner pairs with one partner of each given family."""
    f, g = sorted((FAMILY_CODES.index(first), FAMILY_CODES.index(second)))
    return np.rint(pairs[:, f, g]).astype(np.int64)


def bridge_pairs(A: nx.Graph, nodes: Sequence[Any], first: str, second: str) -> np.ndarray:
    """Per actor of ``nodes``, its unlinked partner pairs with one partner of each family.

    Counted on the whole network ``A`` (« le pont »): an actor's pairs only
    depend on its partners and the links between them, so the products run on
    ``nodes`` and their partners.
    """
    if not nodes:
        return np.zeros(0, dtype=np.int64)
    found = around(A, nodes)
    codes = family_codes(A, found)
    smaller = min(FAMILY_CODES.index(first), FAMILY_CODES.index(second))
    counts = pair_count(open_pairs(adjacency(A, found), codes, (smaller,)), first, second)
    row = {v: i for i, v in enumerate(found)}
    return counts[[row[v] for v in nodes]]


def reference_brokerage(A: nx.Graph, nodes: Sequence[Any]) -> dict[str, list[int]]:
    """The four brokerage counts of each actor by enumerating its partner pairs (slow)."""
    fam = {v: actor_family(A.nodes[v]) for v in A}
    out: dict[str, list[int]] = {name: [] for name in ROLES}
    for b in nodes:
        counts = dict.fromkeys(ROLES, 0)
        partners = sorted(A[b], key=str)
        for i, a in enumerate(partners):
            for c in partners[i + 1 :]:
                if not A.has_edge(a, c):
                    counts[_role(fam[a], fam[b], fam[c])] += 1
        for name in ROLES:
            out[name].append(counts[name])
    return out


def row_blocks(paths: np.ndarray) -> list[slice]:
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


def _paths(adjacency: sp.csr_array) -> np.ndarray:
    """Number of two-step paths starting at each actor (sum of its partners' degrees)."""
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    return np.asarray(adjacency @ degree).ravel()


def _unordered(per_family: np.ndarray, linked: np.ndarray) -> np.ndarray:
    """Open pairs by unordered family pair (upper triangle) from partner counts and links."""
    n, k = per_family.shape
    total = per_family[:, :, None] * per_family[:, None, :]
    idx = np.arange(k)
    total[:, idx, idx] = per_family * (per_family - 1) / 2
    linked = linked.copy()
    linked[:, idx, idx] /= 2
    upper = np.triu(np.ones((k, k)))
    return (total - linked) * upper


def _role(first: str, broker: str, second: str) -> str:
    """The brokerage role of ``broker`` between two unlinked partners, by their families."""
    if first == broker == second:
        return "broker_coordinator"
    if first == second:
        return "broker_consultant"
    if broker in (first, second):
        return "broker_gatekeeper"
    return "broker_liaison"
