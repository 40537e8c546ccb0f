"""Gaps step: lookups over the model graph computed once per run (places, contracts in force)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import networkx as nx

from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule
from hlmgraph.model import in_force
from hlmgraph.places import Places


class Context:
    """What the forms read: places (``hlmgraph.places``), contracts, parties and coverage at ``as_of``."""

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date) -> None:
        """Index the actors, contracts, parties and coverage of ``G`` at ``as_of``."""
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
        for u, v, rel in G.edges(data="type"):
            if rel == "PARTY_TO" and v in self.parties:
                self.parties[v].add(u)
                self.contracts_of.setdefault(u, set()).add(v)
            elif rel == "COVERS" and v != u and u in self.coverage:
                self.coverage[u].append(v)
                self.covered_by.setdefault(v, set()).add(u)
        self.active = {c for c, d in self.contracts.items() if in_force(d, as_of)}

    def type_of(self, actor: str) -> str:
        """An actor's type ('' when unknown)."""
        return self.places.types.get(actor, "")

    def candidates(self, rule: Rule, territory: str) -> dict[str, int | None]:
        """Actors of type ``a`` housed (``with_dwellings``) or present in a territory."""
        if rule.with_dwellings:
            return dict(self.places.housed(territory, rule.a))
        return {actor: None for actor in self.places.present(territory, rule.a)}

    def eligible(self, kinds: tuple[str, ...] | None) -> set[str]:
        """Contracts in force at the as-of date whose kind is one of ``kinds`` (None: any)."""
        if kinds is None:
            return set(self.active)
        return {c for c in self.active if self.contracts[c].get("kind") in kinds}

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

    def name(self, node: str) -> str:
        """Display name of a node (its id when it has none)."""
        data = self.G.nodes[node] if node in self.G else {}
        return str(data.get("name") or node)

    def level(self, territory: str) -> str:
        """A territory's level ('' when unknown)."""
        return self.places.levels.get(territory, "")

    def gap(
        self,
        rule: Rule,
        territory: str,
        actors: Sequence[str],
        message: str,
        dwellings: int | None = None,
        contract: str = "",
    ) -> Gap:
        """A gap record of ``rule`` with its names and types filled from the graph."""
        return Gap(
            rule=rule.id,
            form=rule.form,
            territory=territory,
            territory_name=self.name(territory) if territory else "",
            actors=tuple(actors),
            actor_names=tuple(self.name(a) for a in actors),
            types=tuple(self.type_of(a) for a in actors),
            message=message,
            contract=contract,
            contract_name=self.name(contract) if contract else "",
            end=self.contracts.get(contract, {}).get("end"),
            dwellings=dwellings,
        )
