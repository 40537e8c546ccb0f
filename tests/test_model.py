"""Tests of the graph model step: full graph and actor-network projection."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from hlmgraph.dataset import Dataset, Table
from hlmgraph.model import actor_network, build_graph, in_force, nodes_of


def _dataset() -> Dataset:
    """A small typed dataset: one EPCI, one QPV, four actors, three contracts."""
    actor = {"subtype": None, "siren": None, "territory": None, "source": None}
    return Dataset(
        tables={
            "territories": Table(
                "territories",
                rows=[
                    {"id": "epci:1", "name": "CA Test", "level": "epci", "code": "1",
                     "parent": None, "population": 1000},
                    {"id": "qpv:Q1", "name": "Quartier", "level": "qpv", "code": "Q1",
                     "parent": "epci:1", "population": None},
                ],
            ),
            "actors": Table(
                "actors",
                rows=[
                    {**actor, "id": "b1", "name": "Bailleur 1", "type": "bailleur",
                     "subtype": "OPH", "territory": "epci:1", "note": "x"},
                    {**actor, "id": "r1", "name": "Régie 1", "type": "regie"},
                    {**actor, "id": "p1", "name": "PLIE 1", "type": "plie"},
                    {**actor, "id": "f1", "name": "Fédération", "type": "federation"},
                ],
            ),
            "contracts": Table(
                "contracts",
                rows=[
                    {"id": "c1", "name": "Prestation", "kind": "prestation",
                     "start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31),
                     "amount_eur": 1000.5, "themes": ["insertion"], "source": None},
                    {"id": "c2", "name": "Partenariat", "kind": "partenariat", "start": None,
                     "end": None, "amount_eur": None, "themes": [], "source": None},
                    {"id": "c3", "name": "Contrat de ville", "kind": "contrat_de_ville",
                     "start": dt.date(2024, 1, 1), "end": dt.date(2030, 12, 31),
                     "amount_eur": None, "themes": [], "source": None},
                ],
            ),
            "parties": Table(
                "parties",
                rows=[
                    {"contract": "c1", "actor": "b1", "role": "signataire"},
                    {"contract": "c1", "actor": "r1", "role": "operateur"},
                    {"contract": "c2", "actor": "b1", "role": "signataire"},
                    {"contract": "c2", "actor": "r1", "role": "signataire"},
                    {"contract": "c3", "actor": "r1", "role": "signataire"},
                    {"contract": "c3", "actor": "p1", "role": "partenaire"},
                ],
            ),
            "coverage": Table("coverage", rows=[{"contract": "c3", "territory": "epci:1"}]),
            "presence": Table(
                "presence",
                rows=[{"actor": "b1", "territory": "qpv:Q1", "dwellings": 120}],
            ),
            "memberships": Table(
                "memberships", rows=[{"member": "b1", "organisation": "f1", "role": None}]
            ),
        }
    )


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """The model graph of the small dataset."""
    return build_graph(_dataset())


def test_nodes_carry_label_and_non_empty_properties(graph: nx.MultiDiGraph) -> None:
    assert graph.number_of_nodes() == 9
    assert graph.nodes["b1"] == {
        "label": "Actor", "id": "b1", "name": "Bailleur 1", "type": "bailleur",
        "subtype": "OPH", "note": "x",
    }
    assert graph.nodes["qpv:Q1"] == {
        "label": "Territory", "id": "qpv:Q1", "name": "Quartier", "level": "qpv", "code": "Q1",
    }
    assert graph.nodes["c1"]["start"] == dt.date(2024, 1, 1)
    assert graph.nodes["c1"]["themes"] == ["insertion"]
    assert "themes" not in graph.nodes["c2"]
    assert nodes_of(graph, "Contract") == ["c1", "c2", "c3"]


def test_edges_are_typed_and_keyed_by_type(graph: nx.MultiDiGraph) -> None:
    types = sorted(t for _, _, t in graph.edges(data="type"))
    assert types == sorted(
        ["PART_OF", "BASED_IN"] + ["PARTY_TO"] * 6 + ["COVERS", "PRESENT_IN", "MEMBER_OF"]
    )
    assert graph.edges["b1", "qpv:Q1", "PRESENT_IN"]["dwellings"] == 120
    assert graph.edges["r1", "c1", "PARTY_TO"]["role"] == "operateur"
    assert graph.has_edge("qpv:Q1", "epci:1", "PART_OF")
    assert "role" not in graph.edges["b1", "f1", "MEMBER_OF"]


def test_actor_network_links_common_contracts(graph: nx.MultiDiGraph) -> None:
    A = actor_network(graph)
    assert sorted(A.nodes) == ["b1", "f1", "p1", "r1"]
    assert A.edges["b1", "r1"] == {"weight": 2.0, "count": 2, "contracts": ["c1", "c2"]}
    assert A.edges["p1", "r1"]["weight"] == 1
    assert A.degree("f1") == 0
    assert A.nodes["b1"]["name"] == "Bailleur 1"


def test_actor_network_as_of_keeps_contracts_in_force(graph: nx.MultiDiGraph) -> None:
    A = actor_network(graph, as_of=dt.date(2025, 6, 1))
    assert A.edges["b1", "r1"] == {"weight": 1.0, "count": 1, "contracts": ["c2"]}
    A = actor_network(graph, as_of=dt.date(2024, 12, 31))
    assert A.edges["b1", "r1"]["weight"] == 2


def test_memberships_join_only_on_request(graph: nx.MultiDiGraph) -> None:
    assert not actor_network(graph).has_edge("b1", "f1")
    A = actor_network(graph, memberships=True)
    assert A.edges["b1", "f1"]["weight"] == 1
    assert A.edges["b1", "f1"]["contracts"] == []


def test_in_force_bounds_are_inclusive_and_open() -> None:
    contract = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    assert in_force(contract, dt.date(2024, 1, 1))
    assert in_force(contract, dt.date(2024, 12, 31))
    assert not in_force(contract, dt.date(2025, 1, 1))
    assert not in_force(contract, dt.date(2023, 12, 31))
    assert in_force({}, dt.date(1990, 1, 1))
    assert in_force(contract, None)


def test_territory_tree_encloses_downward_and_upward() -> None:
    from hlmgraph.model import TerritoryTree

    G = nx.MultiDiGraph()
    for child, parent in [("c1", "e"), ("c2", "e"), ("q1", "c1"), ("e", "d")]:
        G.add_edge(child, parent, key="PART_OF", type="PART_OF")
    G.add_edge("a", "q1", key="PRESENT_IN", type="PRESENT_IN")
    tree = TerritoryTree.of(G)
    assert tree.enclosing("q1") == ("q1", "c1", "e", "d")
    assert tree.enclosing("d") == ("d",)
    assert tree.enclosed("e") == {"e", "c1", "c2", "q1"}
    assert tree.enclosed("q1") == {"q1"}
    assert tree.enclosing("unknown") == ("unknown",)
