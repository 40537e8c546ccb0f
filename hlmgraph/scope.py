"""Model step: ``--territory ID``, the one scoping rule of every command (spec/gap-rules.md).

What lies in territory ID: the territories it encloses; the actors present or
based in one of them; a finding whose territory is enclosed by ID, or, when
it has no territory, one of whose actors lies in ID.

Example::

    scope = Scope.of(G, "departement:42")     # UsageError naming close ids if unknown
    kept = [g for g in gaps if scope.keeps(g.territory, g.actors)]
    H = scope.graph(G)                        # the model graph cut to the Loire
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from hlmgraph.errors import UsageError
from hlmgraph.places import Places

CLOSEST = 3
"""Ids suggested when a territory id is unknown."""


@dataclass(frozen=True)
class Scope:
    """The territories and actors that lie in one territory."""

    territory: str
    territories: frozenset[str]
    """The territory and every territory it encloses."""
    actors: frozenset[str]
    """Actors present or based in one of ``territories``."""

    @classmethod
    def of(cls, G: nx.MultiDiGraph, territory: str, places: Places | None = None) -> Scope:
        """The scope of ``territory`` in ``G``; ``UsageError`` (exit 2) naming close ids if unknown."""
        check_territory(G, territory)
        places = places or Places.of(G)
        return cls(territory, places.tree.enclosed(territory), places.within(territory))

    def keeps(self, territory: str, actors: Iterable[str] = ()) -> bool:
        """Whether a finding about ``territory`` (or, without one, about ``actors``) lies here."""
        if territory:
            return territory in self.territories
        return any(actor in self.actors for actor in actors)

    def graph(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """``G`` cut to the scope: its actors, the territories around them, their contracts.

        Kept: the actors of the scope, the territories enclosed by it and those
        enclosing it (so the hierarchy stays whole), and every contract one of
        the kept actors is party to or that covers a kept territory.
        """
        kept = set(self.actors) | set(self.territories)
        kept |= set(Places.of(G).tree.enclosing(self.territory))
        for u, v, rel in G.edges(data="type"):
            if (rel == "PARTY_TO" and u in self.actors) or (
                rel == "COVERS" and v in self.territories
            ):
                kept.add(u if rel == "COVERS" else v)
        return nx.MultiDiGraph(G.subgraph(kept))


def scope_graph(G: nx.MultiDiGraph, territory: str | None) -> nx.MultiDiGraph:
    """``G`` cut to what lies in ``territory`` (``Scope.graph``); ``G`` itself when None."""
    return G if territory is None else Scope.of(G, territory).graph(G)


def check_territory(G: nx.MultiDiGraph, territory: str) -> str:
    """``territory`` when it is a territory id of ``G``, else ``UsageError`` naming the closest ids."""
    if territory in G and G.nodes[territory].get("label") == "Territory":
        return territory
    known = sorted(n for n, d in G.nodes(data=True) if d.get("label") == "Territory")
    close = difflib.get_close_matches(territory, known, n=CLOSEST, cutoff=0.0)
    hint = f" ; les plus proches : {', '.join(close)}" if close else ""
    raise UsageError(
        f"Territoire « {territory} » introuvable : donnez l'identifiant d'un territoire "
        f"(colonne id de territories.csv){hint}."
    )
