"""Gaps step: recommended partnerships between complementary actors (docs/regles.md).

Pairs of actors of complementary types (``COMPLEMENTARY``) that share no
operational contract in force and no membership (either way) and act on a
common territory, ranked by resource allocation on the network of those ties.
Each comes with its reason: the most specific shared territories, the common
partners and the framework contracts the two already co-sign.

- ``score``: the ties network and the scores; ``pairs``: candidate pairs and
  ranking; ``record``: records, French reasons and ``recommendations_frame``.

Example::

    found = recommend(G, actor="r-filatures", top=5)
    found.note            # why fewer than ``top`` pairs, '' otherwise
    recommendations_frame(found)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from hlmgraph import fr, settings
from hlmgraph.errors import ConfigError
from hlmgraph.gc_pause import pausing
from hlmgraph.model import actor_network
from hlmgraph.places import Places
from hlmgraph.recommend.pairs import COMPLEMENTARY, counts, rank, selectors_of, sides
from hlmgraph.recommend.record import (
    COLUMNS,
    TABLE_COLUMNS,
    make_record,
    recommendations_frame,
)
from hlmgraph.recommend.score import Network, Ties
from hlmgraph.schema import ACTOR_TYPES, fold
from hlmgraph.scope import Scope

__all__ = ["COLUMNS", "COMPLEMENTARY", "TABLE_COLUMNS", "Suggestions", "recommend",
           "recommendations_frame"]


class Suggestions(list[dict[str, Any]]):
    """The suggestion records, best first; ``note`` says why there are fewer than asked ('' if not)."""

    note: str = ""


@pausing
def recommend(
    G: nx.MultiDiGraph,
    actor: str | None = None,
    types: list[str] | None = None,
    top: int = 10,
    as_of: dt.date | None = None,
    *,
    all_dates: bool = False,
    territory: str | None = None,
    weighting: str = "newman",
    ties: str = "all",
    memberships: bool = False,
    network: nx.Graph | None = None,
    places: Places | None = None,
) -> Suggestions:
    """Ranked partner suggestions: complementary types, a shared territory, no tie yet.

    ``as_of`` (today by default) decides which contracts are in force; with
    ``all_dates`` every contract counts. With ``actor``, suggestions are
    partners for that actor and ``types`` restricts the partner's type;
    otherwise ``types`` keeps pairs where one actor has one of the types.
    With ``territory``, only pairs sharing a territory inside it.
    ``weighting``, ``ties`` and ``memberships`` project the actor network the
    scores are computed on, as ``analyse`` does; which pairs are already tied
    (operational contract in force, membership) does not depend on them.
    ``network`` is that actor network and ``places`` the ``Places.of(G)`` when
    the caller already has them (``model.actor_network`` of ``G`` with the same
    date and options).
    """
    if top < 1:
        raise ConfigError("Le nombre de suggestions doit être au moins 1 : corrigez --top.")
    day = None if all_dates else (as_of or settings.today())
    tied = Ties.of(G, day)
    wanted = _check_types(types)
    if actor is not None and actor not in tied.graph:
        raise ConfigError(
            f"Acteur inconnu « {actor} » : donnez l'identifiant d'un acteur (colonne id de actors.csv)."
        )
    places = places if places is not None else Places.of(G)
    scope = Scope.of(G, territory, places) if territory else None
    scored = network if network is not None else actor_network(
        G, day, memberships, weighting=weighting, ties=ties)
    scores = Network.of(scored, tied)
    subtypes = {a: (str(d.get("type", "")), fold(str(d.get("subtype", ""))))
                for a, d in tied.graph.nodes(data=True)}
    blocks = sides(selectors_of(subtypes), actor, wanted)
    chosen = rank(scores, places, blocks, top, scope)
    found = Suggestions(
        make_record(i, pair, scores, G, places, day) for i, pair in enumerate(chosen, start=1)
    )
    if len(found) < top:
        found.note = _shortfall(scores, blocks, len(found), top, scope is not None)
    return found


def _shortfall(network: Network, blocks: list[tuple[list[str], list[str]]], found: int, top: int,
               scoped: bool) -> str:
    """Why fewer than ``top`` pairs: how many complementary pairs are tied or far apart."""
    total, tied = counts(network, blocks)
    head = (
        f"Aucun partenariat à proposer ({fr.number(top)} demandés)" if found == 0 else
        f"{fr.count(found, 'partenariat proposé', 'partenariats proposés')} sur "
        f"{fr.number(top)} demandés"
    )
    if total == 0:
        return fr.typography(f"{head} : aucun acteur d'un type complémentaire dans les données.")
    apart = total - tied - found
    where = " dans le territoire choisi" if scoped else ""
    return fr.typography(
        f"{head} : sur {fr.count(total, 'paire')} de types complémentaires, {fr.number(tied)} "
        f"{fr.noun(tied, 'est déjà liée', 'sont déjà liées')} par un contrat opérationnel en "
        f"vigueur ou une adhésion et {fr.number(apart)} "
        f"{fr.noun(apart, 'ne partage', 'ne partagent')} aucun territoire{where}."
    )


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
