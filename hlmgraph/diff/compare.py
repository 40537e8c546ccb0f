"""Diff step: what changed between two datasets, or one dataset at two dates.

Organisations are the actors of each dataset; partnerships are the pairs of actors
taking part in a common contract in force; contracts are those in force; gaps are
those the rules find. Each side is read at its own date (default: today).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from hlmgraph import settings
from hlmgraph.gaps import Gap, Rule, find_gaps
from hlmgraph.model import in_force, nodes_of
from hlmgraph.pipeline import load_graph

Pair = tuple[str, str]


@dataclass
class Side:
    """One side of a comparison: its graph and the date it is read at."""

    path: str
    as_of: dt.date
    graph: nx.MultiDiGraph = field(repr=False)


@dataclass
class Changes:
    """Organisations, partnerships, contracts and gaps that appear or disappear."""

    old: Side
    new: Side
    actors_added: list[str]
    actors_removed: list[str]
    partnerships_gained: list[Pair]
    partnerships_lost: list[Pair]
    contracts_added: list[str]
    contracts_removed: list[str]
    gaps_opened: list[Gap]
    gaps_closed: list[Gap]

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not any((self.actors_added, self.actors_removed, self.partnerships_gained,
                        self.partnerships_lost, self.contracts_added, self.contracts_removed,
                        self.gaps_opened, self.gaps_closed))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: actors, partnerships, contracts and gaps, each as two lists."""
        return {
            "actors": {"added": self.actors_added, "removed": self.actors_removed},
            "partnerships": {"gained": [list(p) for p in self.partnerships_gained],
                             "lost": [list(p) for p in self.partnerships_lost]},
            "contracts": {"added": self.contracts_added, "removed": self.contracts_removed},
            "gaps": {"opened": [g.to_dict() for g in self.gaps_opened],
                     "closed": [g.to_dict() for g in self.gaps_closed]},
        }

    def name(self, node: str) -> str:
        """The name of an actor or contract on the side that has it (the new one first)."""
        for graph in (self.new.graph, self.old.graph):
            if node in graph:
                return str(graph.nodes[node].get("name") or node)
        return node


def diff_datasets(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str] | None = None,
    *,
    as_of_old: dt.date | None = None,
    as_of_new: dt.date | None = None,
    rules: list[Rule] | None = None,
) -> Changes:
    """Compare dataset ``old`` with ``new`` (or with itself at ``as_of_new``)."""
    today = settings.today()
    first = load_graph(old)
    second = first if new is None else load_graph(new)
    return diff_graphs(Side(str(old), as_of_old or today, first),
                       Side(str(new or old), as_of_new or today, second), rules)


def compare_with(
    old: str | os.PathLike[str],
    graph: nx.MultiDiGraph,
    *,
    label: str = "",
    as_of: dt.date | None = None,
    rules: list[Rule] | None = None,
) -> Changes:
    """What changed from dataset ``old`` to the graph already read (both at ``as_of``)."""
    day = as_of or settings.today()
    return diff_graphs(Side(str(old), day, load_graph(old)), Side(label or "ce jeu", day, graph),
                       rules)


def diff_graphs(old: Side, new: Side, rules: list[Rule] | None = None) -> Changes:
    """The changes between two read sides."""
    actors = set(nodes_of(old.graph, "Actor")), set(nodes_of(new.graph, "Actor"))
    pairs = partnerships(old.graph, old.as_of), partnerships(new.graph, new.as_of)
    contracts = running(old.graph, old.as_of), running(new.graph, new.as_of)
    gaps = (_keyed(find_gaps(old.graph, rules, old.as_of)),
            _keyed(find_gaps(new.graph, rules, new.as_of)))
    return Changes(
        old, new,
        sorted(actors[1] - actors[0]), sorted(actors[0] - actors[1]),
        sorted(pairs[1] - pairs[0]), sorted(pairs[0] - pairs[1]),
        sorted(contracts[1] - contracts[0]), sorted(contracts[0] - contracts[1]),
        [g for k, g in gaps[1].items() if k not in gaps[0]],
        [g for k, g in gaps[0].items() if k not in gaps[1]],
    )


def partnerships(G: nx.MultiDiGraph, as_of: dt.date) -> set[Pair]:
    """Pairs of actors (sorted ids) taking part together in a contract in force."""
    pairs: set[Pair] = set()
    for contract in running(G, as_of):  # edges are keyed by their type
        parties = sorted(u for u, keyed in G.pred[contract].items() if "PARTY_TO" in keyed)
        pairs.update(combinations(parties, 2))
    return pairs


def running(G: nx.MultiDiGraph, as_of: dt.date) -> set[str]:
    """Ids of the contracts in force on ``as_of``."""
    return {c for c in nodes_of(G, "Contract") if in_force(G.nodes[c], as_of)}


def _keyed(gaps: list[Gap]) -> dict[tuple[Any, ...], Gap]:
    """Gaps by what identifies them (rule, territory, actors, contract), in the rules' order."""
    return {(g.rule, g.territory, tuple(g.actors), g.contract): g for g in gaps}
