"""Exports with measures: every tool format, read back, gives the actors the values of hlmgraph.analysis."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from conftest import RunCli
from test_exports import split_statements

from hlmgraph import model
from hlmgraph.analysis import COLUMNS, NetworkOptions, analyse_graph
from hlmgraph.demo import DEMO_AS_OF
from hlmgraph.exports import export_graph, select_network
from hlmgraph.settings import today

CARRIED = (*COLUMNS[3:], "measures_key")
"""Actor properties an export with measures carries (those ``analyse --write`` writes)."""
INTS = ("degree", "community", "broker_coordinator", "broker_consultant", "broker_gatekeeper",
        "broker_liaison")


@pytest.fixture(scope="module")
def expected(demo_graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """The measures of the demo at its date, by actor id, with their key, from hlmgraph.analysis."""
    from hlmgraph.analysis import written_rows

    found = analyse_graph(demo_graph, NetworkOptions(DEMO_AS_OF))
    return {row["id"]: row["props"] for row in written_rows(found)}


def _same(actual: dict[str, Any], wanted: dict[str, Any], name: str) -> None:
    """The measures of one exported actor equal the analysis's, typed (empty ones absent)."""
    for prop in CARRIED:
        value = wanted[prop]
        if value is None:
            assert prop not in actual or actual[prop] in ("", None), (name, prop)
        elif isinstance(value, bool):
            assert actual[prop] is value, (name, prop)
        elif prop in INTS:
            assert actual[prop] == value and isinstance(actual[prop], int), (name, prop)
        elif isinstance(value, float):
            assert isinstance(actual[prop], float) and actual[prop] == value, (name, prop)
        else:
            assert actual[prop] == value, (name, prop)


def _actors(G: nx.Graph) -> list[str]:
    """Actor ids of a read-back model graph (``label`` Actor)."""
    return [n for n, d in G.nodes(data=True) if d.get("label") == "Actor"]


def test_graphml_carries_typed_measures(demo_graph: nx.MultiDiGraph, expected: dict, tmp_path: Path) -> None:
    """GraphML keys are typed (double, long, boolean) and NetworkX reads back the analysis values."""
    out = export_graph(demo_graph, "graphml", tmp_path / "g.graphml", as_of=DEMO_AS_OF, measures=True)
    text = out.read_text(encoding="utf-8")
    for name, kind in (("betweenness", "double"), ("pagerank", "double"), ("degree", "long"),
                       ("broker_gatekeeper", "long"), ("articulation", "boolean"),
                       ("community_name", "string")):
        assert f'attr.name="{name}" attr.type="{kind}"' in text
    H = nx.read_graphml(out)
    assert sorted(_actors(H)) == sorted(expected)
    for actor in _actors(H):
        _same(H.nodes[actor], expected[actor], actor)
    assert all("degree" not in d for _, d in H.nodes(data=True) if d["label"] != "Actor")


def test_gexf_carries_typed_measures(demo_graph: nx.MultiDiGraph, expected: dict, tmp_path: Path) -> None:
    """GEXF attributes are typed and NetworkX reads back the analysis values."""
    out = export_graph(demo_graph, "gexf", tmp_path / "g.gexf", as_of=DEMO_AS_OF, measures=True)
    assert 'title="betweenness" type="double"' in out.read_text(encoding="utf-8")
    H = nx.read_gexf(out)
    assert sorted(_actors(H)) == sorted(expected)
    for actor in _actors(H):
        _same(H.nodes[actor], expected[actor], actor)


def test_json_carries_measures(demo_graph: nx.MultiDiGraph, expected: dict, tmp_path: Path) -> None:
    """Node-link JSON nodes carry the measures as JSON numbers, booleans and strings."""
    out = export_graph(demo_graph, "json", tmp_path / "g.json", as_of=DEMO_AS_OF, measures=True)
    H = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    for actor in _actors(H):
        _same(H.nodes[actor], expected[actor], actor)


def test_gephi_csv_carries_measures(demo_graph: nx.MultiDiGraph, expected: dict, tmp_path: Path) -> None:
    """nodes.csv has one column per measure; pandas reads the same numbers."""
    folder = export_graph(demo_graph, "csv", tmp_path / "csv", as_of=DEMO_AS_OF, measures=True)
    nodes = pd.read_csv(folder / "nodes.csv", keep_default_na=False).set_index("Id")
    assert set(CARRIED) <= set(nodes.columns)
    for actor, wanted in expected.items():
        row = nodes.loc[actor]
        for prop in ("degree", "broker_liaison", "community"):
            assert int(row[prop]) == wanted[prop]
        for prop in ("betweenness", "pagerank", "closeness", "strength"):
            assert float(row[prop]) == wanted[prop]
        assert row["community_name"] == wanted["community_name"]
        assert str(row["articulation"]) == str(wanted["articulation"])


def test_actor_network_follows_the_options(demo_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """--network actors with count weighting and operational ties: links and measures under those options."""
    options = NetworkOptions(DEMO_AS_OF, "count", "operational")
    found = analyse_graph(demo_graph, options).by_id()
    A = model.actor_network(demo_graph, DEMO_AS_OF, weighting="count", ties="operational")
    H = nx.read_graphml(export_graph(demo_graph, "graphml", tmp_path / "a.graphml", network="actors",
                                     as_of=DEMO_AS_OF, measures=True, weighting="count",
                                     ties="operational"))
    assert H.number_of_edges() == A.number_of_edges()
    assert {tuple(sorted(e)) for e in H.edges} == {tuple(sorted(e)) for e in A.edges}
    for actor, data in H.nodes(data=True):
        assert data["strength"] == found[actor]["strength"]
        assert data["measures_key"].startswith(options.key())
    newman = analyse_graph(demo_graph, NetworkOptions(DEMO_AS_OF)).by_id()
    assert any(found[a]["strength"] != newman[a]["strength"] for a in found)


def test_without_measures_nothing_is_added(demo_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """The library's default writes the graph's own properties only, and never changes the graph."""
    before = {n: dict(d) for n, d in demo_graph.nodes(data=True)}
    H = nx.read_graphml(export_graph(demo_graph, "graphml", tmp_path / "g.graphml"))
    assert not any("degree" in d for _, d in H.nodes(data=True))
    export_graph(demo_graph, "graphml", tmp_path / "m.graphml", measures=True)
    assert {n: dict(d) for n, d in demo_graph.nodes(data=True)} == before


@pytest.mark.neo4j
def test_cypher_replay_carries_measures(demo_graph: nx.MultiDiGraph, expected: dict, tmp_path: Path,
                                         neo4j_db: Any, run_cli: RunCli) -> None:
    """The Cypher script, replayed on the Bolt server, gives actors the measures; analyse reuses them."""
    from neo4j import GraphDatabase

    script = export_graph(demo_graph, "cypher", tmp_path / "g.cypher", as_of=DEMO_AS_OF,
                          measures=True).read_text(encoding="utf-8")
    with GraphDatabase.driver(neo4j_db.uri, auth=(neo4j_db.user, neo4j_db.password)) as driver, \
            driver.session(database=neo4j_db.database) as session:
        for statement in split_statements(script):
            session.run(statement).consume()
        rows = {r["n"]["id"]: dict(r["n"]) for r in session.run("MATCH (n:Actor) RETURN n")}
    assert sorted(rows) == sorted(expected)
    for actor, props in rows.items():
        wanted = expected[actor]
        for prop in CARRIED:
            if wanted[prop] is None:
                assert prop not in props
            elif isinstance(wanted[prop], float):
                assert math.isclose(props[prop], wanted[prop], rel_tol=0, abs_tol=0), (actor, prop)
            else:
                assert props[prop] == wanted[prop], (actor, prop)
    done = run_cli("analyse", "--from-neo4j", "--uri", neo4j_db.uri, "--user", neo4j_db.user,
                   "--database", neo4j_db.database or "", "--as-of", DEMO_AS_OF.isoformat(),
                   "--format", "json", env={"NEO4J_PASSWORD": neo4j_db.password})
    assert done.returncode == 0, done.stderr
    assert {r["id"]: r["degree"] for r in json.loads(done.stdout)} == {
        a: w["degree"] for a, w in expected.items()
    }


def test_cli_export_measures_and_dates(run_cli: RunCli, demo_path: Path, demo_graph: nx.MultiDiGraph,
                                       tmp_path: Path) -> None:
    """export: measures and today's contracts by default; --no-measures, --all-dates; --as-of with --all-dates is refused."""
    out = tmp_path / "d.gexf"
    done = run_cli("export", demo_path, "--format", "gexf", "--out", out)
    assert done.returncode == 0, done.stderr
    H = nx.read_gexf(out)
    day = today()
    kept = select_network(demo_graph, "full", NetworkOptions(day))
    assert H.number_of_nodes() == kept.number_of_nodes()
    wanted = analyse_graph(demo_graph, NetworkOptions(day)).by_id()
    assert {a: H.nodes[a]["degree"] for a in _actors(H)} == {a: r["degree"] for a, r in wanted.items()}
    bare = tmp_path / "bare.graphml"
    done = run_cli("export", demo_path, "--format", "graphml", "--out", bare, "--no-measures",
                   "--all-dates")
    assert done.returncode == 0, done.stderr
    B = nx.read_graphml(bare)
    assert B.number_of_nodes() == demo_graph.number_of_nodes()
    assert not any("degree" in d for _, d in B.nodes(data=True))
    both = run_cli("export", demo_path, "--format", "json", "--out", tmp_path / "x.json",
                   "--as-of", "2026-01-01", "--all-dates")
    assert both.returncode == 2 and "s'excluent" in both.stderr
    assert not (tmp_path / "x.json").exists()


def test_cli_export_territory_measures_equal_analyse(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    """export --territory carries the measures analyse --territory prints, same options."""
    args = ["--territory", "departement:59", "--as-of", DEMO_AS_OF.isoformat(), "--weighting", "count"]
    out = tmp_path / "nord.json"
    assert run_cli("export", demo_path, "--format", "json", "--out", out, *args).returncode == 0
    nodes = {n["id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]}
    done = run_cli("analyse", demo_path, "--format", "json", *args, "--csv-dialect", "rfc4180")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed
    for record in printed:
        for prop in ("degree", "strength", "pagerank", "broker_gatekeeper", "community_name"):
            assert nodes[record["id"]][prop] == record[prop], (record["id"], prop)
