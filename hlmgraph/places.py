"""Model step: who is present, housed and based where (one index for gaps, recommend, report, views).

Words of spec/gap-rules.md, on the model graph:

- *encloses*: a territory encloses itself and every territory below it
  (``TerritoryTree``);
- *present in T*: the actor has a presence row for T or for a territory
  enclosing T (``Places.present``);
- *housed in T*: the actor's presence row for T itself has dwellings ≥ 1, or
  ≥ ``min_dwellings`` (``Places.housed``);
- an actor's *anchors*: the territories of its presence rows and its base
  territory (``actors.territory``); an actor *lies in* T when an anchor is
  enclosed by T (``Places.within``, used by ``--territory``).

Build it once per run with ``Places.of(G)``; every walk goes through its
``tree`` (a ``model.TerritoryTree``).

Example::

    places = Places.of(G)
    places.present("qpv:QN05901M", {"regie"})   # régies present in a QPV
    places.housed("qpv:QN05901M", {"bailleur"})  # {landlord: dwellings}
    places.within("departement:59")             # actors present or based in the Nord
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import networkx as nx

from hlmgraph.model import TerritoryTree
from hlmgraph.schema import LEVEL_RANK


@dataclass
class Places:
    """Presence rows, base territories and the territory tree of one model graph."""

    tree: TerritoryTree
    levels: dict[str, str]
    """Territory id → level."""
    types: dict[str, str]
    """Actor id → type ('' when none)."""
    rows: dict[str, dict[str, int]]
    """Territory id → {actor: dwellings of its presence row there (0 when none)}."""
    rows_of: dict[str, dict[str, int]]
    """Actor id → {territory of one of its presence rows: dwellings}."""
    base: dict[str, str]
    """Actor id → its base territory (``actors.territory``)."""
    _reach: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _within: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _by_anchor: dict[str, set[str]] | None = field(default=None, repr=False)
    _by_reach: dict[str, set[str]] | None = field(default=None, repr=False)
    _by_row_reach: dict[str, set[str]] | None = field(default=None, repr=False)
    _homes_of: dict[str, list[tuple[str, int, tuple[str, ...]]]] = field(default_factory=dict,
                                                                         repr=False)

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Places:
        """Index the presence rows, base territories and tree of the model graph ``G``."""
        levels: dict[str, str] = {}
        types: dict[str, str] = {}
        for node, data in G.nodes(data=True):
            if data.get("label") == "Territory":
                levels[node] = str(data.get("level", ""))
            elif data.get("label") == "Actor":
                types[node] = str(data.get("type", ""))
        rows: dict[str, dict[str, int]] = {}
        rows_of: dict[str, dict[str, int]] = {}
        base: dict[str, str] = {}
        parent: dict[str, str] = {}
        children: dict[str, list[str]] = {}
        for u, targets in G.adjacency():  # one pass; edges are keyed by their type
            for v, keyed in targets.items():
                if "PRESENT_IN" in keyed:
                    dwellings = int(keyed["PRESENT_IN"].get("dwellings") or 0)
                    rows.setdefault(v, {})[u] = dwellings
                    rows_of.setdefault(u, {})[v] = dwellings
                if "BASED_IN" in keyed:
                    base[u] = v
                if "PART_OF" in keyed:  # as TerritoryTree.of reads them
                    parent[u] = v
                    children.setdefault(v, []).append(u)
        return cls(TerritoryTree(parent, children), levels, types, rows, rows_of, base)

    # ------------------------------------------------------------ one territory

    def present(self, territory: str, types: Collection[str] | None = None) -> list[str]:
        """Sorted actors (of ``types`` when given) present in ``territory``."""
        found = {
            actor
            for place in self.tree.enclosing(territory)
            for actor in self.rows.get(place, ())
            if types is None or self.types.get(actor, "") in types
        }
        return sorted(found)

    def is_present(self, actor: str, territory: str) -> bool:
        """Whether ``actor`` has a presence row for ``territory`` or a territory enclosing it."""
        mine = self.rows_of.get(actor, {})
        return any(place in mine for place in self.tree.enclosing(territory))

    def housed(
        self, territory: str, types: Collection[str] | None = None, min_dwellings: int = 1
    ) -> dict[str, int]:
        """Actors (of ``types``) whose own row for ``territory`` has ≥ ``min_dwellings`` homes."""
        least = max(1, min_dwellings)
        return {
            actor: n
            for actor, n in sorted(self.rows.get(territory, {}).items())
            if n >= least and (types is None or self.types.get(actor, "") in types)
        }

    def dwellings(self, actor: str, territory: str) -> int:
        """Dwellings on the actor's own presence row for ``territory`` (0 when none)."""
        return self.rows.get(territory, {}).get(actor, 0)

    def dwellings_in(self, actor: str, territory: str) -> int:
        """The actor's homes located in ``territory``: its row there, else its rows below it."""
        return sum(self.rows_in(actor, territory).values())

    def rows_in(self, actor: str, territory: str) -> dict[str, int]:
        """The actor's presence rows with homes that make up its homes in ``territory``.

        Its row for ``territory`` when it has homes; else its rows below it,
        leaving out a row enclosed by another such row (homes counted once).
        """
        mine = self.rows_of.get(actor, {})
        found: dict[str, int] = {}
        for row, n, chain in self._homes(actor):
            if territory not in chain:
                continue
            between = chain[1 : chain.index(territory) + 1]
            if not any(mine.get(place, 0) > 0 for place in between):
                found[row] = n
        return found

    def at_level(self, level: str) -> list[str]:
        """Sorted ids of the territories of one level."""
        return sorted(t for t, lv in self.levels.items() if lv == level)

    def enclosing_at(self, territory: str, level: str) -> str:
        """The territory of ``level`` enclosing ``territory`` (itself when of that level), '' when none."""
        if not territory:
            return ""
        for place in self.tree.enclosing(territory):
            if self.levels.get(place) == level:
                return place
        return ""

    def region_of(self, territory: str) -> str:
        """The région enclosing ``territory`` (itself when it is one), '' when none."""
        return self.enclosing_at(territory, "region")

    # ------------------------------------------------------------ one actor

    def presence(self, actor: str) -> list[str]:
        """Sorted territories of the actor's presence rows."""
        return sorted(self.rows_of.get(actor, {}))

    def anchors(self, actor: str) -> list[str]:
        """Sorted territories of the actor's presence rows and its base territory."""
        found = set(self.rows_of.get(actor, {}))
        if actor in self.base:
            found.add(self.base[actor])
        return sorted(found)

    def reach(self, actor: str) -> frozenset[str]:
        """Every territory enclosing one of the actor's anchors (the anchors included)."""
        if actor not in self._reach:
            self._reach[actor] = frozenset(
                place for anchor in self.anchors(actor) for place in self.tree.enclosing(anchor)
            )
        return self._reach[actor]

    def regions(self, actor: str) -> set[str]:
        """The régions of the actor's anchors."""
        return {r for r in (self.region_of(t) for t in self.anchors(actor)) if r}

    def home(self, actor: str) -> str:
        """The actor's base territory, else its most specific presence territory ('' if none)."""
        return self.base.get(actor) or self.most_specific(self.presence(actor))

    # ------------------------------------------------------------ pairs and scope

    def shared(self, x: str, y: str) -> list[str]:
        """Most specific territories where both actors act (an anchor of one within the other's)."""
        ax, ay = set(self.anchors(x)), set(self.anchors(y))
        common = {t for t in ay if not ax.isdisjoint(self.tree.enclosing(t))}
        common |= {t for t in ax if not ay.isdisjoint(self.tree.enclosing(t))}
        wider = {p for t in common for p in self.tree.enclosing(t)[1:]}
        return sorted(common - wider)

    def common_presence(self, x: str, y: str) -> list[str]:
        """Territories of either actor's presence rows where both are present, sorted."""
        rows = set(self.rows_of.get(x, {})) | set(self.rows_of.get(y, {}))
        return sorted(t for t in rows if self.is_present(x, t) and self.is_present(y, t))

    def near(self, actor: str, pool: Collection[str]) -> list[str]:
        """Actors of ``pool`` sharing a territory with ``actor`` (anchor within the other's reach)."""
        by_anchor, by_reach = self._anchor_index(), self._reach_index()
        found: set[str] = set()
        for place in self.reach(actor):
            found |= by_anchor.get(place, set())
        for anchor in self.anchors(actor):
            found |= by_reach.get(anchor, set())
        return sorted((found & set(pool)) - {actor})

    def copresent(self, actor: str, types: Collection[str] | None = None) -> list[str]:
        """Actors (of ``types``) with a presence row enclosing or enclosed by one of the actor's rows."""
        below = self._row_reach_index()
        found: set[str] = set()
        for place in self.rows_of.get(actor, {}):
            for above in self.tree.enclosing(place):
                found.update(self.rows.get(above, ()))
            found |= below.get(place, set())
        found.discard(actor)
        return sorted(a for a in found if types is None or self.types.get(a, "") in types)

    def within(self, territory: str) -> frozenset[str]:
        """Actors present or based in a territory enclosed by ``territory`` (the ``--territory`` scope)."""
        if territory not in self._within:
            inside = self.tree.enclosed(territory)
            by_anchor = self._anchor_index()
            self._within[territory] = frozenset(
                actor for place in inside for actor in by_anchor.get(place, ())
            )
        return self._within[territory]

    def most_specific(self, territories: Iterable[str]) -> str:
        """The finest-level territory of ``territories`` (ties broken by id), '' when none."""
        ranked = sorted(territories, key=lambda t: (-self.rank(t), t))
        return ranked[0] if ranked else ""

    def rank(self, territory: str) -> int:
        """Fineness of a territory's level (région 0 … QPV 4; unknown levels -1)."""
        return LEVEL_RANK.get(self.levels.get(territory, ""), -1)

    # ------------------------------------------------------------ helpers

    def _anchor_index(self) -> dict[str, set[str]]:
        """Territory → actors anchored there (computed once)."""
        if self._by_anchor is None:
            self._by_anchor = _inverted({a: self.anchors(a) for a in self._anchored()})
        return self._by_anchor

    def _row_reach_index(self) -> dict[str, set[str]]:
        """Territory → actors with a presence row it encloses (computed once)."""
        if self._by_row_reach is None:
            self._by_row_reach = _inverted(
                {a: {p for r in rows for p in self.tree.enclosing(r)} for a, rows in self.rows_of.items()}
            )
        return self._by_row_reach

    def _reach_index(self) -> dict[str, set[str]]:
        """Territory → actors with an anchor it encloses (computed once)."""
        if self._by_reach is None:
            self._by_reach = _inverted({a: self.reach(a) for a in self._anchored()})
        return self._by_reach

    def _homes(self, actor: str) -> list[tuple[str, int, tuple[str, ...]]]:
        """The actor's presence rows with homes, sorted, each with its enclosing chain (cached)."""
        if actor not in self._homes_of:
            self._homes_of[actor] = [(row, n, self.tree.enclosing(row))
                                     for row, n in sorted(self.rows_of.get(actor, {}).items())
                                     if n > 0]
        return self._homes_of[actor]

    def _anchored(self) -> set[str]:
        """Actors with a presence row or a base territory."""
        return set(self.rows_of) | set(self.base)


def _inverted(territories_of: dict[str, Iterable[str]]) -> dict[str, set[str]]:
    """Actor → territories turned into territory → actors."""
    index: dict[str, set[str]] = {}
    for actor, territories in territories_of.items():
        for place in territories:
            index.setdefault(place, set()).add(actor)
    return index
