"""Gaps step: lookups over the model graph computed once per run (places, contracts in force)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.gaps.record import Gap, Stake
from hlmgraph.gaps.rule import Rule, selector_parts
from hlmgraph.model import in_force
from hlmgraph.places import Places
from hlmgraph.schema import fold

SUCCESSOR_DAYS = 183
"""A successor starts at most this many days after its predecessor ends (spec)."""


class Context:
    """What the forms read: places (``hlmgraph.places``), contracts, parties and coverage at ``as_of``.

    With ``all_dates``, every contract counts as in force (``--all-dates``);
    ``as_of`` still anchors the expiry and lapse horizons.
    """

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date, all_dates: bool = False) -> None:
        """Index the actors, contracts, parties, coverage and memberships of ``G``."""
        self.G = G
        self.as_of = as_of
        self.places = Places.of(G)
        self.tree = self.places.tree
        self.actors: dict[str, dict[str, Any]] = {}
        self.contracts: dict[str, dict[str, Any]] = {}
        for node, data in G.nodes(data=True):
            if data.get("label") == "Actor":
                self.actors[node] = data
            elif data.get("label") == "Contract":
                self.contracts[node] = data
        self.parties: dict[str, set[str]] = {c: set() for c in self.contracts}
        self.contracts_of: dict[str, set[str]] = {}
        self.coverage: dict[str, list[str]] = {c: [] for c in self.contracts}
        self.covered_by: dict[str, set[str]] = {}
        self.member_of: dict[str, set[str]] = {}
        for u, targets in G.adjacency():  # edges are keyed by their type
            for v, keyed in targets.items():
                if "PARTY_TO" in keyed and v in self.parties:
                    self.parties[v].add(u)
                    self.contracts_of.setdefault(u, set()).add(v)
                if "COVERS" in keyed and v != u and u in self.coverage:
                    self.coverage[u].append(v)
                    self.covered_by.setdefault(v, set()).add(u)
                if "MEMBER_OF" in keyed:
                    self.member_of.setdefault(u, set()).add(v)
        self.active = {
            c for c, d in self.contracts.items() if all_dates or in_force(d, as_of)
        }
        self._active_of_kind: dict[Any, set[str]] = {}
        for c in self.active:
            self._active_of_kind.setdefault(self.contracts[c].get("kind"), set()).add(c)
        self._selected: dict[tuple[str, ...], frozenset[str]] = {}
        self._of_kind: dict[tuple[str, str], set[str]] = {}
        self._of_type: dict[Any, list[tuple[str, str]]] | None = None
        self._names: dict[str, str] = {}

    # ------------------------------------------------------------ actors

    def type_of(self, actor: str) -> str:
        """An actor's type ('' when unknown)."""
        return self.places.types.get(actor, "")

    def select(self, selectors: Sequence[str]) -> frozenset[str]:
        """Actors matching one of the selectors (``type`` or ``type/subtype``)."""
        key = tuple(selectors)
        if key not in self._selected:
            if self._of_type is None:
                self._of_type = {}
                for actor, data in self.actors.items():
                    self._of_type.setdefault(data.get("type"), []).append(
                        (actor, fold(str(data.get("subtype", "")))))
            self._selected[key] = frozenset(
                actor
                for kind, sub in (selector_parts(s) for s in selectors)
                for actor, subtype in self._of_type.get(kind, ())
                if not sub or subtype == sub
            )
        return self._selected[key]

    def present(self, territory: str, selectors: Sequence[str]) -> list[str]:
        """Sorted actors matching ``selectors`` present in ``territory``."""
        chosen = self.select(selectors)
        return [a for a in self.places.present(territory) if a in chosen]

    def candidates(self, rule: Rule, territory: str) -> dict[str, int]:
        """Actors ``a`` housed (when the rule asks) or present in T, with their homes there."""
        chosen = self.select(rule.a)
        if rule.housed:
            housed = self.places.housed(territory, min_dwellings=rule.min_dwellings)
            return {a: n for a, n in housed.items() if a in chosen}
        return {
            a: self.places.dwellings(a, territory)
            for a in self.places.present(territory)
            if a in chosen
        }

    def stake(self, actors: Iterable[str], territory: str) -> Stake:
        """Dwellings of ``actors`` in ``territory`` as (actor, presence row, homes) parts."""
        if not territory:
            return ()
        return tuple(
            (actor, row, n)
            for actor in actors
            for row, n in self.places.rows_in(actor, territory).items()
        )

    # ------------------------------------------------------------ contracts

    def eligible(self, kinds: Collection[str] | None) -> set[str]:
        """Contracts in force whose kind is one of ``kinds`` (None: any)."""
        if kinds is None:
            return set(self.active)
        return set().union(*(self._active_of_kind.get(kind, ()) for kind in set(kinds)))

    def of_kinds(self, kinds: Collection[str] | None) -> list[str]:
        """Every contract (in force or not) whose kind is one of ``kinds``, sorted."""
        return sorted(c for c, d in self.contracts.items() if kinds is None or d.get("kind") in kinds)

    def covering(self, territory: str, contracts: set[str]) -> set[str]:
        """The ``contracts`` whose coverage includes a territory enclosing ``territory``."""
        found: set[str] = set()
        for place in self.tree.enclosing(territory):
            found |= self.covered_by.get(place, set())
        return found & contracts

    def partners(self, actor: str, contracts: Collection[str]) -> set[str]:
        """Every party of the ``contracts`` the actor is party to (the actor included)."""
        mine = self.contracts_of.get(actor, set()) & set(contracts)
        return set().union(*(self.parties[c] for c in mine))

    def contract_territory(self, contract: str) -> str:
        """The contract's most specific covered territory ('' when it covers none)."""
        return self.places.most_specific(self.coverage[contract])

    def contract_stake(self, contract: str) -> Stake:
        """Dwellings of the contract's landlord parties in the territories it covers."""
        covered = set(self.coverage[contract])
        tops = sorted(t for t in covered if covered.isdisjoint(self.tree.enclosing(t)[1:]))
        landlords = sorted(a for a in self.parties[contract] if self.type_of(a) == "bailleur")
        return tuple(part for t in tops for part in self.stake(landlords, t))

    def has_successor(self, contract: str) -> bool:
        """Whether another contract of the same kind renews ``contract`` (spec: *successor*)."""
        data = self.contracts[contract]
        end, start, kind = data.get("end"), data.get("start"), data.get("kind")
        if end is None:
            return False
        latest = end + dt.timedelta(days=SUCCESSOR_DAYS)
        mine = self.parties[contract]
        needed = math.ceil(len(mine) / 2)
        for other in sorted(self._renewal_pool(contract, str(kind), needed) - {contract}):
            row = self.contracts[other]
            begins = row.get("start")
            if row.get("kind") != kind or begins is None or begins > latest:
                continue
            if start is not None and begins <= start:
                continue
            if len(self.parties[other] & mine) >= needed and self._overlap(contract, other):
                return True
        return False

    # ------------------------------------------------------------ names and records

    def name(self, node: str) -> str:
        """Display name of a node (its id when it has none)."""
        if node not in self._names:
            data = self.G.nodes[node] if node in self.G else {}
            self._names[node] = str(data.get("name") or node)
        return self._names[node]

    def level(self, territory: str) -> str:
        """A territory's level ('' when unknown)."""
        return self.places.levels.get(territory, "")

    def gap(
        self,
        rule: Rule,
        territory: str,
        actors: Sequence[str],
        message: str,
        stake: Stake = (),
        contract: str = "",
    ) -> Gap:
        """A finding of ``rule`` with its names and types filled from the graph."""
        return Gap(
            rule=rule.id,
            form=rule.form,
            category=rule.category,
            priority=rule.priority,
            stake=sum(n for _, _, n in stake),
            stake_parts=stake,
            territory=territory,
            territory_name=self.name(territory) if territory else "",
            actors=tuple(actors),
            actor_names=tuple(self.name(a) for a in actors),
            types=tuple(self.type_of(a) for a in actors),
            message=fr.typography(message),
            contract=contract,
            contract_name=self.name(contract) if contract else "",
            end=self.contracts.get(contract, {}).get("end"),
            title=rule.title,
            region=self.enclosing_name(territory, "region"),
            departement=self.enclosing_name(territory, "departement"),
            epci=self.enclosing_name(territory, "epci"),
        )

    def enclosing_name(self, territory: str, level: str) -> str:
        """Name of the territory of ``level`` enclosing ``territory`` ('' when none)."""
        place = self.places.enclosing_at(territory, level)
        return self.name(place) if place else ""

    # ------------------------------------------------------------ helpers

    def _renewal_pool(self, contract: str, kind: str, needed: int) -> set[str]:
        """Contracts of ``kind`` that could share ``needed`` parties with ``contract``.

        A successor shares at least ``needed`` of the n parties, hence one of
        any n - needed + 1 of them: the parties with the fewest contracts of
        the kind are enough to look at.
        """
        if not needed:
            return {c for c, d in self.contracts.items() if d.get("kind") == kind}
        if not self._of_kind:
            for c, parties in self.parties.items():
                for party in parties:
                    self._of_kind.setdefault((party, str(self.contracts[c].get("kind"))),
                                             set()).add(c)
        lists = sorted((self._of_kind.get((p, kind), set()) for p in self.parties[contract]),
                       key=len)
        return set().union(*lists[: len(lists) - needed + 1])

    def _overlap(self, first: str, second: str) -> bool:
        """Whether a territory covered by one encloses one covered by the other (or neither covers)."""
        one, two = set(self.coverage[first]), set(self.coverage[second])
        if not one and not two:
            return True
        return any(not two.isdisjoint(self.tree.enclosing(t)) for t in one) or any(
            not one.isdisjoint(self.tree.enclosing(t)) for t in two
        )
