"""Gaps step: recommended partnerships between complementary actors (gap-rules.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

from hlmgraph.errors import ConfigError
from hlmgraph.model import actor_network
from hlmgraph.places import Places
from hlmgraph.schema import ACTOR_TYPES, LEVEL_LABELS_FR, LEVEL_RANK, TYPE_LABELS_FR, fold

if TYPE_CHECKING:
    import pandas as pd

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
)
"""Pairs of actor types that plausibly work together; a suggestion names the first type first."""
COLUMNS: tuple[str, ...] = (
    "rank",
    "actor",
    "actor_name",
    "actor_type",
    "partner",
    "partner_name",
    "partner_type",
    "score",
    "shared_territories",
    "shared_territory_names",
    "common_partners",
    "common_partner_names",
    "message",
)
"""Columns of a suggestion record (CSV, JSON, XLSX)."""
TABLE_COLUMNS: tuple[str, ...] = (
    "rank",
    "actor_name",
    "partner_name",
    "score",
    "shared_territory_names",
    "common_partner_names",
)
"""Columns shown in the terminal table."""
_LISTED = 3
"""Names quoted in a message before « et N autres »."""
_DIGITS = 12
"""Scores are rounded to this many decimals so that equal sums tie exactly."""


def recommend(
    G: nx.MultiDiGraph,
    actor: str | None = None,
    types: list[str] | None = None,
    top: int = 10,
    as_of: dt.date | None = None,
    *,
    weighting: str = "newman",
    ties: str = "all",
    memberships: bool = False,
) -> list[dict[str, Any]]:
    """Ranked partner suggestions: complementary types, a shared territory, no common contract.

    Pairs are ranked by resource allocation on the actor network (``as_of``:
    only contracts in force count), then by number of shared territories,
    then by ids; pairs without common partner come after the scored ones.
    With ``actor``, suggestions are partners for that actor and ``types``
    restricts the partner's type; otherwise ``types`` keeps pairs where one
    actor has one of the types. ``weighting``, ``ties`` and ``memberships``
    project the actor network as ``model.NetworkOptions`` says: with
    ``ties="operational"``, co-signing a framework contract is not a partnership.
    """
    if top < 1:
        raise ConfigError("Le nombre de suggestions doit être au moins 1 : corrigez --top.")
    A = actor_network(G, as_of, memberships, weighting=weighting, ties=ties)
    wanted = _check_types(types)
    if actor is not None and actor not in A:
        raise ConfigError(
            f"Acteur inconnu « {actor} » : donnez l'identifiant d'un acteur (colonne id de actors.csv)."
        )
    places = Places.of(G)
    network = _Network.of(A)
    chosen = _rank(network, places, _sides(A, actor, wanted), top)
    operational = ties == "operational"
    return [_record(rank, pair, A, G, places, as_of, operational)
            for rank, pair in enumerate(chosen, start=1)]


def recommendations_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Suggestions of ``recommend`` as a pandas DataFrame, columns ``COLUMNS`` in order.

    Example::

        recommendations_frame(recommend(G, top=20)).head()
    """
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    return pd.DataFrame([dict(r) for r in records], columns=list(COLUMNS))


# ---------------------------------------------------------------- scoring


@dataclass
class _Network:
    """The actor network as a sparse adjacency with an id index."""

    graph: nx.Graph
    index: dict[str, int]
    adjacency: sp.csr_array
    scaled: sp.csr_array

    @classmethod
    def of(cls, A: nx.Graph) -> _Network:
        """Index the actors and build the adjacency and its 1/degree-scaled copy."""
        nodes = sorted(A, key=str)
        index = {v: i for i, v in enumerate(nodes)}
        pairs = [(index[u], index[v]) for u, v in A.edges()]
        rows = [i for i, j in pairs] + [j for i, j in pairs]
        cols = [j for i, j in pairs] + [i for i, j in pairs]
        n = len(nodes)
        adjacency = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        degree = np.asarray(adjacency.sum(axis=1)).ravel()
        inverse = np.divide(1.0, degree, out=np.zeros(n), where=degree != 0)
        return cls(A, index, adjacency, sp.csr_array(sp.diags_array(inverse) @ adjacency))

    def scores(self, rows: Sequence[str], cols: Sequence[str]) -> dict[tuple[str, str], float]:
        """Resource-allocation scores > 0 of non-linked (row, column) pairs."""
        if not rows or not cols:
            return {}
        r = [self.index[v] for v in rows]
        c = [self.index[v] for v in cols]
        product = sp.coo_array(self.adjacency[r] @ self.scaled[:, c])
        found = {}
        for i, j, value in zip(product.row, product.col, product.data, strict=True):
            x, y = rows[i], cols[j]
            if value > 0 and x != y and not self.graph.has_edge(x, y):
                found[(x, y)] = round(float(value), _DIGITS)
        return found

    def linked(self, x: str, y: str) -> bool:
        """Whether two actors already share a contract."""
        return bool(self.graph.has_edge(x, y))


def _sides(
    A: nx.Graph, actor: str | None, wanted: set[str] | None
) -> list[tuple[list[str], list[str]]]:
    """(first actors, second actors) blocks of candidate pairs, oriented as in COMPLEMENTARY."""
    by_type: dict[str, list[str]] = {}
    for v in sorted(A, key=str):
        by_type.setdefault(str(A.nodes[v].get("type", "")), []).append(v)
    if actor is not None:
        kind = A.nodes[actor].get("type", "")
        partners = {b for a, b in COMPLEMENTARY if a == kind} | {
            a for a, b in COMPLEMENTARY if b == kind
        }
        if wanted is not None:
            partners &= wanted
        pool = sorted((v for t in partners for v in by_type.get(t, [])), key=str)
        return [([actor], pool)]
    return [
        (by_type.get(a, []), by_type.get(b, []))
        for a, b in COMPLEMENTARY
        if wanted is None or a in wanted or b in wanted
    ]


def _rank(
    network: _Network, places: Places, sides: list[tuple[list[str], list[str]]], top: int
) -> list[tuple[str, str, float, list[str]]]:
    """The ``top`` eligible pairs as (first, second, score, shared territories), best first."""
    scored: dict[tuple[str, str], float] = {}
    for rows, cols in sides:
        scored.update(network.scores(rows, cols))
    chosen: list[tuple[str, str, float, list[str]]] = []
    for _, group in _score_groups(scored):
        eligible = [(x, y, s, places.shared(x, y)) for (x, y), s in group]
        chosen += sorted((p for p in eligible if p[3]), key=_order)
        if len(chosen) >= top:
            return chosen[:top]
    unscored = [
        (x, y, 0.0, places.shared(x, y))
        for x, y in _territory_pairs(places, sides)
        if (x, y) not in scored and not network.linked(x, y)
    ]
    return (chosen + sorted(unscored, key=_order))[:top]


def _territory_pairs(
    places: Places, sides: list[tuple[list[str], list[str]]]
) -> Iterable[tuple[str, str]]:
    """Every (first, second) pair of the blocks that shares a territory."""
    for rows, cols in sides:
        pool = set(cols)
        for x in rows:
            for y in places.near(x, pool):
                yield x, y


def _score_groups(
    scored: dict[tuple[str, str], float],
) -> list[tuple[float, list[tuple[tuple[str, str], float]]]]:
    """Scored pairs grouped by equal score, highest first."""
    groups: dict[float, list[tuple[tuple[str, str], float]]] = {}
    for pair, score in scored.items():
        groups.setdefault(score, []).append((pair, score))
    return sorted(groups.items(), key=lambda item: -item[0])


def _order(pair: tuple[str, str, float, list[str]]) -> tuple[float, int, str, str]:
    """Sort key: best score, most shared territories, then ids."""
    return (-pair[2], -len(pair[3]), str(pair[0]), str(pair[1]))


# ---------------------------------------------------------------- records


def _record(
    rank: int,
    pair: tuple[str, str, float, list[str]],
    A: nx.Graph,
    G: nx.MultiDiGraph,
    places: Places,
    as_of: dt.date | None,
    operational: bool = False,
) -> dict[str, Any]:
    """One suggestion record with its reasons and French sentence."""
    x, y, score, shared = pair
    territories = sorted(shared, key=lambda t: (_level_rank(G, t), _name(G, t), t))
    common = sorted(set(A[x]) & set(A[y]), key=lambda v: (_name(G, v), str(v)))
    record = {
        "rank": rank,
        "actor": x,
        "actor_name": _name(G, x),
        "actor_type": A.nodes[x].get("type", ""),
        "partner": y,
        "partner_name": _name(G, y),
        "partner_type": A.nodes[y].get("type", ""),
        "score": score,
        "shared_territories": territories,
        "shared_territory_names": [_territory_label(G, t) for t in territories],
        "common_partners": common,
        "common_partner_names": [_name(G, v) for v in common],
    }
    record["message"] = _message(record, as_of, operational)
    return record


def _message(record: dict[str, Any], as_of: dt.date | None, operational: bool = False) -> str:
    """The French sentence explaining a suggestion."""
    when = (" opérationnel" if operational else "") + (
        f" en vigueur au {as_of.strftime('%d/%m/%Y')}" if as_of else "")
    text = (
        f"« {record['actor_name']} » ({_lower(_type_label(record['actor_type']))}) et "
        f"« {record['partner_name']} » ({_lower(_type_label(record['partner_type']))}) "
        f"n'ont aucun contrat{when} ensemble mais agissent tous deux sur "
        f"{_listing(record['shared_territory_names'])}"
    )
    if record["common_partner_names"]:
        count = len(record["common_partner_names"])
        noun = "partenaire commun" if count == 1 else "partenaires communs"
        text += f" et ont {count} {noun} ({_listing(record['common_partner_names'])})"
    return text + " : un partenariat est à étudier."


def _check_types(types: list[str] | None) -> set[str] | None:
    """Canonical actor types, or a French error naming the valid ones."""
    if not types:
        return None
    canonical = {fold(t) for t in types}
    unknown = sorted(canonical - set(ACTOR_TYPES))
    if unknown:
        raise ConfigError(
            f"Type d'acteur inconnu « {unknown[0]} » : choisissez parmi {', '.join(ACTOR_TYPES)}."
        )
    return canonical


def _name(G: nx.MultiDiGraph, node: str) -> str:
    """The name of a node, or its id."""
    return str(G.nodes[node].get("name", node)) if node in G else str(node)


def _level_rank(G: nx.MultiDiGraph, territory: str) -> int:
    """Coarseness of a territory's level (unknown levels last)."""
    return LEVEL_RANK.get(str(G.nodes[territory].get("level", "")), len(LEVEL_RANK))


def _territory_label(G: nx.MultiDiGraph, territory: str) -> str:
    """A territory as « name (level) »."""
    level = LEVEL_LABELS_FR.get(str(G.nodes[territory].get("level", "")), "")
    name = _name(G, territory)
    return f"{name} ({_lower(level)})" if level else name


def _type_label(kind: str) -> str:
    """French label of an actor type."""
    return TYPE_LABELS_FR.get(kind, kind or "sans type")


def _lower(label: str) -> str:
    """Lower-case a label's first letter unless it is an acronym (EPCI, QPV, PLIE)."""
    if len(label) > 1 and label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _listing(names: Sequence[str]) -> str:
    """Up to three names, then « et N autres »."""
    shown = ", ".join(names[:_LISTED])
    rest = len(names) - _LISTED
    return shown if rest <= 0 else f"{shown} et {rest} autre{'s' if rest > 1 else ''}"
