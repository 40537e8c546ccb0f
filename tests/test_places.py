"""Tests of the presence/anchor index (places) and of the ``--territory`` scope."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import RunCli

from hlmgraph.errors import UsageError
from hlmgraph.places import Places
from hlmgraph.scope import Scope, check_territory

# Région R ⊃ département D ⊃ EPCI E ⊃ communes C1 (⊃ QPV Q1, Q2) and C2; département D2.
TERRITORIES = [
    ("region:1", "region", None),
    ("dep:1", "departement", "region:1"),
    ("dep:2", "departement", "region:1"),
    ("epci:1", "epci", "dep:1"),
    ("com:1", "commune", "epci:1"),
    ("com:2", "commune", "epci:1"),
    ("qpv:1", "qpv", "com:1"),
    ("qpv:2", "qpv", "com:1"),
]
ACTORS = {"b1": "bailleur", "b2": "bailleur", "r1": "regie", "p1": "plie", "f1": "federation"}
PRESENCE = [("b1", "qpv:1", 300), ("b1", "com:1", 500), ("b2", "qpv:1", 0), ("r1", "epci:1", 0),
            ("p1", "com:2", 0)]
BASED = [("f1", "dep:2"), ("r1", "com:1")]


@pytest.fixture()
def graph() -> nx.MultiDiGraph:
    """A small model graph with presence rows and base territories."""
    G = nx.MultiDiGraph()
    for tid, level, parent in TERRITORIES:
        G.add_node(tid, label="Territory", id=tid, name=tid.upper(), level=level)
        if parent:
            G.add_edge(tid, parent, key="PART_OF", type="PART_OF")
    for aid, kind in ACTORS.items():
        G.add_node(aid, label="Actor", id=aid, name=aid.upper(), type=kind)
    for actor, territory, dwellings in PRESENCE:
        G.add_edge(actor, territory, key="PRESENT_IN", type="PRESENT_IN", dwellings=dwellings)
    for actor, territory in BASED:
        G.add_edge(actor, territory, key="BASED_IN", type="BASED_IN")
    return G


def test_presence_goes_down_not_up(graph: nx.MultiDiGraph) -> None:
    """A row on the EPCI makes the régie present in its QPV, never in the département."""
    places = Places.of(graph)
    assert places.present("qpv:2") == ["b1", "r1"]
    assert places.present("qpv:1", {"regie"}) == ["r1"]
    assert places.present("dep:1") == []
    assert places.is_present("r1", "qpv:1") and not places.is_present("p1", "com:1")


def test_housed_needs_homes_on_the_row_itself(graph: nx.MultiDiGraph) -> None:
    """Homes in a commune are not homes in its QPV; zero homes is not housed."""
    places = Places.of(graph)
    assert places.housed("qpv:1") == {"b1": 300}
    assert places.housed("qpv:2") == {}
    assert places.housed("qpv:1", min_dwellings=301) == {}
    assert places.dwellings("b1", "com:1") == 500


def test_anchors_reach_home_and_regions(graph: nx.MultiDiGraph) -> None:
    """Anchors are presence rows plus the base territory; home prefers the base."""
    places = Places.of(graph)
    assert places.anchors("r1") == ["com:1", "epci:1"]
    assert places.home("r1") == "com:1" and places.home("b1") == "qpv:1"
    assert places.regions("f1") == {"region:1"}
    assert "region:1" in places.reach("p1") and "qpv:1" not in places.reach("p1")
    assert places.most_specific(["dep:1", "qpv:2", "qpv:1", "com:1"]) == "qpv:1"


def test_pairs_of_actors(graph: nx.MultiDiGraph) -> None:
    """Shared territories, common presence, neighbours and co-presence."""
    places = Places.of(graph)
    assert places.shared("b1", "r1") == ["qpv:1"]  # the most specific
    assert places.common_presence("b1", "r1") == ["com:1", "qpv:1"]
    assert places.near("r1", set(ACTORS)) == ["b1", "b2", "p1"]
    assert places.copresent("p1") == ["r1"]
    assert places.copresent("r1", {"bailleur"}) == ["b1", "b2"]


def test_scope_keeps_what_lies_inside(graph: nx.MultiDiGraph) -> None:
    """Actors present or based inside; findings by territory, else by actors."""
    scope = Scope.of(graph, "dep:1")
    assert scope.actors == {"b1", "b2", "r1", "p1"}
    assert Scope.of(graph, "dep:2").actors == {"f1"}
    assert scope.keeps("qpv:2") and not scope.keeps("dep:2") and not scope.keeps("region:1")
    assert scope.keeps("", ["f1", "p1"]) and not scope.keeps("", ["f1"])
    H = scope.graph(graph)
    assert "f1" not in H and "region:1" in H and H.has_edge("b1", "qpv:1", key="PRESENT_IN")


def test_unknown_territory_is_a_usage_error_naming_close_ids(graph: nx.MultiDiGraph) -> None:
    """Exit 2, with the closest ids as a hint; an actor id is not a territory."""
    assert check_territory(graph, "com:2") == "com:2"
    with pytest.raises(UsageError) as info:
        Scope.of(graph, "com:3")
    assert info.value.exit_code == 2
    assert "« com:3 » introuvable" in str(info.value) and "com:1" in str(info.value)
    with pytest.raises(UsageError):
        check_territory(graph, "b1")


def test_analyse_and_export_keep_the_territory(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    """analyse and export --territory work on the graph cut by the one scope rule."""
    import json

    from hlmgraph.pipeline import load_graph

    G = load_graph(demo_path)
    inside = Scope.of(G, "departement:59").actors
    done = run_cli("analyse", demo_path, "--territory", "departement:59", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert {r["id"] for r in json.loads(done.stdout)} == inside
    out = tmp_path / "nord.json"
    assert run_cli("export", demo_path, "--territory", "departement:59", "--format", "json",
                   "--out", out).returncode == 0
    nodes = {n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    assert {n for n in nodes if G.nodes[n]["label"] == "Actor"} == inside
    bad = run_cli("export", demo_path, "--territory", "departement:5", "--format", "json",
                  "--out", out)
    assert bad.returncode == 2 and "departement:59" in bad.stderr
