"""Graph model step: build the property graph and project the actor network."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from hlmgraph import schema
from hlmgraph.dataset import Dataset
from hlmgraph.errors import ConfigError
from hlmgraph.gc_pause import pausing
from hlmgraph.schema import FRAMEWORK_KINDS, TIES, WEIGHTINGS

_REFERENCE_COLUMNS = {"territory", "parent"}


def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Build the full model graph (graph-model.md) from a validated dataset.

    Nodes are keyed by id and carry ``label`` plus their non-empty properties;
    edges are keyed by their ``type`` and carry it with their properties.
    """
    G = nx.MultiDiGraph()
    for label in schema.BUILD_ORDER:
        G.add_nodes_from(
            (row["id"], {"label": label, **{k: v for k, v in row.items()
                                            if k not in _REFERENCE_COLUMNS and _filled(v)}})
            for row in dataset.rows(schema.table_of(label))
        )
    add = G.add_edge
    for row in dataset.rows("territories"):
        if row.get("parent"):
            add(row["id"], row["parent"], "PART_OF", type="PART_OF")
    for row in dataset.rows("actors"):
        if row.get("territory"):
            add(row["id"], row["territory"], "BASED_IN", type="BASED_IN")
    for table, rel, source, target, prop in _RELATION_ROWS:
        for row in dataset.rows(table):
            value = row.get(prop) if prop else None
            if _filled(value):
                add(row[source], row[target], rel, type=rel, **{prop: value})
            else:
                add(row[source], row[target], rel, type=rel)
    return G


_RELATION_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("parties", "PARTY_TO", "actor", "contract", "role"),
    ("coverage", "COVERS", "contract", "territory", ""),
    ("presence", "PRESENT_IN", "actor", "territory", "dwellings"),
    ("memberships", "MEMBER_OF", "member", "organisation", "role"),
)
"""Relation tables in building order: table, edge type, source and target columns, the
edge's property column ('' when none)."""


def _filled(value: Any) -> bool:
    """Whether a value is kept as a property (None, '' and empty lists are absent)."""
    return value is not None and value != "" and value != []


def in_force(contract: Mapping[str, Any], as_of: dt.date | None) -> bool:
    """Whether a contract is in force at ``as_of`` (empty bounds are open; None: always)."""
    if as_of is None:
        return True
    start, end = contract.get("start"), contract.get("end")
    return (start is None or start <= as_of) and (end is None or as_of <= end)


@dataclass(frozen=True)
class NetworkOptions:
    """How the actor network is projected (graph-model.md): date, weighting, ties, memberships.

    ``as_of`` keeps the contracts in force that day (None: every contract);
    ``weighting`` is ``newman`` (a shared contract with n parties adds
    1/(n - 1)) or ``count`` (it adds 1); ``ties`` is ``all`` or ``operational``
    (framework contracts left out); ``memberships`` adds one per membership.
    """

    as_of: dt.date | None = None
    weighting: str = "newman"
    ties: str = "all"
    memberships: bool = False

    def __post_init__(self) -> None:
        """Refuse unknown weightings and ties with a French message."""
        for name, value, allowed in (("pondération", self.weighting, WEIGHTINGS),
                                     ("liens", self.ties, TIES)):
            if value not in allowed:
                raise ConfigError(
                    f"Valeur inconnue « {value} » pour {name} : choisissez parmi "
                    f"{', '.join(allowed)}."
                )

    def key(self) -> str:
        """A stable text naming these options (stored beside written measures)."""
        day = self.as_of.isoformat() if self.as_of else "toutes-dates"
        return f"{self.weighting};{self.ties};{day};{'adhesions' if self.memberships else '-'}"


@pausing
def actor_network(
    G: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    memberships: bool = False,
    *,
    weighting: str = "newman",
    ties: str = "all",
) -> nx.Graph:
    """Project the undirected actor network: all actors, linked by common contracts.

    Each link carries ``contracts`` (sorted shared contract ids), ``count``
    (their number) and ``weight``: with ``weighting="newman"`` each shared
    contract with n parties adds 1/(n - 1), with ``count`` it adds 1; each
    membership adds 1 when ``memberships`` is true (the link then carries
    ``memberships``). With ``as_of`` only contracts in force that day count;
    ``ties="operational"`` leaves out framework contracts (``FRAMEWORK_KINDS``).
    """
    options = NetworkOptions(as_of, weighting, ties, memberships)
    A = nx.Graph()
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        if data.get("label") == "Actor":
            A.add_node(node, **{k: v for k, v in data.items() if k != "label"})
    A.add_edges_from(_contract_links(_contract_parties(G, options), weighting == "newman"))
    if memberships:
        _add_memberships(G, A)
    return A


def _contract_links(
    found: list[tuple[str, list[str]]], newman: bool
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Links (first, second, attributes) between co-parties, sorted by their two ids.

    Every pair of parties of each contract, as integer arrays sorted once (a
    stable sort keeps each link's contracts in id order); a Newman weight is the
    exact sum (``math.fsum``) of 1/(n - 1) over the shared contracts.
    """
    names = sorted({party for _, parties in found for party in parties})
    index = {party: i for i, party in enumerate(names)}
    firsts, seconds, owners = [], [], []
    pairs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for number, (_, parties) in enumerate(found):
        if len(parties) < 2:
            continue
        ids = np.array([index[p] for p in parties], dtype=np.int64)
        if len(parties) not in pairs:
            pairs[len(parties)] = np.triu_indices(len(parties), 1)
        i, j = pairs[len(parties)]
        firsts.append(ids[i])
        seconds.append(ids[j])
        owners.append(np.full(len(i), number, dtype=np.int64))
    if not owners:
        return
    keys = np.concatenate(firsts) * len(names) + np.concatenate(seconds)
    order = np.argsort(keys, kind="stable")
    keys, owner = keys[order], np.concatenate(owners)[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    counts = (ends - starts).tolist()
    if newman:
        terms = np.array([1 / max(1, len(parties) - 1) for _, parties in found])[owner]
        weights = terms[starts].tolist()
        for k in np.flatnonzero(ends - starts > 1).tolist():
            weights[k] = math.fsum(terms[starts[k]:ends[k]].tolist())
    else:
        weights = counts
    contract = [c for c, _ in found]
    shared = [contract[c] for c in owner.tolist()]
    first, second = np.divmod(keys[starts], len(names))
    for u, v, weight, count, start, end in zip(
        first.tolist(), second.tolist(), weights, counts, starts.tolist(), ends.tolist(), strict=True
    ):
        yield names[u], names[v], {"weight": weight, "count": count, "contracts": shared[start:end]}


def _contract_parties(G: nx.MultiDiGraph, options: NetworkOptions) -> list[tuple[str, list[str]]]:
    """(contract, sorted parties) of every contract that makes ties under ``options``, by id."""
    found = []
    pred = G._pred  # the plain dicts (the public view iterates items in Python)
    for contract in sorted(G, key=str):
        parties = [a for a, keys in pred[contract].items() if "PARTY_TO" in keys]
        if not parties:
            continue
        data = G.nodes[contract]
        if not in_force(data, options.as_of):
            continue
        if options.ties == "operational" and data.get("kind") in FRAMEWORK_KINDS:
            continue
        found.append((contract, sorted(parties)))
    return found


def _add_memberships(G: nx.MultiDiGraph, A: nx.Graph) -> None:
    """Add one to the weight of member–organisation links (creating them when needed)."""
    for member, organisation in sorted(_edges_of_type(G, "MEMBER_OF")):
        if member == organisation:
            continue
        if A.has_edge(member, organisation):
            A.edges[member, organisation]["weight"] += 1
            A.edges[member, organisation]["memberships"] = 1
        else:
            A.add_edge(member, organisation, weight=1, count=0, contracts=[], memberships=1)


@dataclass
class TerritoryTree:
    """The PART_OF hierarchy: what encloses a territory, what it encloses (gap-rules.md)."""

    parent: dict[str, str]
    children: dict[str, list[str]]
    _up: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _down: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> TerritoryTree:
        """Read the territory tree from the PART_OF edges of the model graph."""
        parent: dict[str, str] = {}
        children: dict[str, list[str]] = {}
        for child, above in _edges_of_type(G, "PART_OF"):
            parent[child] = above
            children.setdefault(above, []).append(child)
        return cls(parent, children)

    def enclosing(self, territory: str) -> tuple[str, ...]:
        """The territory and every territory enclosing it, nearest first (cycle-safe)."""
        if territory not in self._up:
            chain = [territory]
            while chain[-1] in self.parent and self.parent[chain[-1]] not in chain:
                chain.append(self.parent[chain[-1]])
            self._up[territory] = tuple(chain)
        return self._up[territory]

    def enclosed(self, territory: str) -> frozenset[str]:
        """The territory and every territory it encloses."""
        if territory not in self._down:
            found, stack = {territory}, [territory]
            while stack:
                for child in self.children.get(stack.pop(), ()):
                    if child not in found:
                        found.add(child)
                        stack.append(child)
            self._down[territory] = frozenset(found)
        return self._down[territory]


def nodes_of(G: nx.MultiDiGraph, label: str) -> list[str]:
    """Sorted ids of the nodes of one class (``Actor``, ``Territory``, ``Contract``)."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("label") == label)


def _edges_of_type(G: nx.MultiDiGraph, rel_type: str) -> Iterable[tuple[str, str]]:
    """(source, target) of every edge of one relationship type (edges are keyed by their type)."""
    return ((u, v) for u, targets in G.adjacency() for v, keyed in targets.items()
            if rel_type in keyed)
