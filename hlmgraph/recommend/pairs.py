"""Gaps step: which pairs recommend may propose, and their ranking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from hlmgraph.places import Places
from hlmgraph.recommend.score import DIGITS, Network, Pair
from hlmgraph.scope import Scope

COMPLEMENTARY: tuple[tuple[str, str], ...] = (
    ("bailleur", "regie"),
    ("bailleur", "collectivite"),
    ("bailleur", "centre_social"),
    ("bailleur", "habitants"),
    ("regie", "plie"),
    ("regie", "mission_locale"),
    ("regie", "emploi"),
    ("regie", "collectivite"),
    ("regie", "centre_social"),
    ("plie", "mission_locale"),
    ("federation/ar_hlm", "bailleur"),
    ("federation/ar_hlm", "collectivite"),
    ("federation/ar_hlm", "regie"),
    ("federation/reseau_regies", "regie"),
)
"""Pairs of actor selectors (``type`` or ``type/subtype``) that plausibly work together.

A suggestion names the first one first. An association régionale Hlm and the
Mouvement des Régies get suggestions too (a missing membership is not a tie).
"""

Block = tuple[list[str], list[str]]
"""(first actors, second actors) of candidate pairs."""


@dataclass(frozen=True)
class Candidate:
    """A pair to propose: its score and its most specific shared territories."""

    actor: str
    partner: str
    score: float
    shared: tuple[str, ...]


def sides(selected: dict[str, list[str]], actor: str | None, wanted: set[str] | None) -> list[Block]:
    """Blocks of candidate pairs, oriented as in ``COMPLEMENTARY`` (``actor`` first when given).

    ``selected`` maps each selector to its actors, sorted; ``wanted`` keeps
    pairs with a side of one of these types (the partner's with ``actor``).
    """
    if actor is not None:
        mine = {s for s, members in selected.items() if actor in members}
        partners = {b for a, b in COMPLEMENTARY if a in mine} | {
            a for a, b in COMPLEMENTARY if b in mine
        }
        if wanted is not None:
            partners = {p for p in partners if p.partition("/")[0] in wanted}
        pool = sorted({v for p in partners for v in selected.get(p, [])} - {actor}, key=str)
        return [([actor], pool)]
    return [
        (selected.get(a, []), selected.get(b, []))
        for a, b in COMPLEMENTARY
        if wanted is None or a.partition("/")[0] in wanted or b.partition("/")[0] in wanted
    ]


def selectors_of(actors: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """Selector → sorted actors, from each actor's (type, folded subtype)."""
    found: dict[str, list[str]] = {}
    for actor in sorted(actors, key=str):
        kind, subtype = actors[actor]
        found.setdefault(kind, []).append(actor)
        if subtype:
            found.setdefault(f"{kind}/{subtype}", []).append(actor)
    return found


def rank(
    network: Network, places: Places, blocks: list[Block], top: int, scope: Scope | None
) -> list[Candidate]:
    """The ``top`` eligible pairs, best first: scored ones, then the others sharing a territory.

    Pairs are taken by decreasing score, a group of equal (rounded) scores at a
    time, until ``top`` of them share a territory: the others are never rounded
    nor looked at.
    """
    actors, partners, raw = _scored(network, blocks)
    order = np.lexsort((partners, actors, -raw))
    chosen: list[Candidate] = []
    start = 0
    while start < len(order) and len(chosen) < top:
        score = round(float(raw[order[start]]), DIGITS)
        end = start + 1
        while end < len(order) and round(float(raw[order[end]]), DIGITS) == score:
            end += 1
        pairs = [(network.nodes[actors[k]], network.nodes[partners[k]]) for k in order[start:end]]
        found = [_candidate(places, x, y, score, scope) for x, y in pairs]
        chosen += sorted((c for c in found if c is not None), key=_order)
        start = end
    if len(chosen) >= top:
        return chosen[:top]
    scored = {(network.nodes[x], network.nodes[y])
              for x, y in zip(actors.tolist(), partners.tolist(), strict=True)}
    unscored = (
        _candidate(places, x, y, 0.0, scope)
        for x, y in _territory_pairs(places, blocks)
        if (x, y) not in scored and not network.ties.tied(x, y)
    )
    return (chosen + sorted((c for c in unscored if c is not None), key=_order))[:top]


def _scored(network: Network, blocks: list[Block]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first actor index, second actor index, raw score) of every scored pair, each pair once."""
    found = [network.score_arrays(rows, cols) for rows, cols in blocks]
    index = network.index
    actors = np.concatenate([np.zeros(0, dtype=np.int64)] + [
        np.array([index[v] for v in rows], dtype=np.int64)[i]
        for (rows, _), (i, _, _) in zip(blocks, found, strict=True)])
    partners = np.concatenate([np.zeros(0, dtype=np.int64)] + [
        np.array([index[v] for v in cols], dtype=np.int64)[j]
        for (_, cols), (_, j, _) in zip(blocks, found, strict=True)])
    raw = np.concatenate([np.zeros(0)] + [values for _, _, values in found])
    _, first = np.unique(actors * max(1, len(index)) + partners, return_index=True)
    return actors[first], partners[first], raw[first]


def counts(network: Network, blocks: list[Block]) -> tuple[int, int]:
    """(complementary pairs, of which already tied) over the blocks, each pair once."""
    total = sum(len(rows) * len(cols) - len(set(rows) & set(cols)) for rows, cols in blocks)
    tied = 0
    for rows, cols in blocks:
        wanted = set(cols)
        tied += sum(1 for x in rows for y in network.ties.graph[x] if y in wanted and y != x)
    return total, tied


def _candidate(places: Places, x: str, y: str, score: float, scope: Scope | None) -> Candidate | None:
    """The pair with its shared territories, or None when it shares none (in the scope)."""
    shared = places.shared(x, y)
    if scope is not None:
        shared = [t for t in shared if scope.keeps(t)]
    return Candidate(x, y, score, tuple(shared)) if shared else None


def _territory_pairs(places: Places, blocks: list[Block]) -> Iterable[Pair]:
    """Every (first, second) pair of the blocks that shares a territory."""
    for rows, cols in blocks:
        pool = set(cols)
        for x in rows:
            for y in places.near(x, pool):
                yield x, y


def _order(candidate: Candidate) -> tuple[float, int, str, str]:
    """Sort key: best score, most shared territories, then ids."""
    return (-candidate.score, -len(candidate.shared), str(candidate.actor), str(candidate.partner))
