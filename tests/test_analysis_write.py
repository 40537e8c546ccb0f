"""``analyse --write``: measures written onto the Actor nodes and reused when read back (ArcadeDB)."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from hlmgraph.analysis import COLUMNS, NetworkOptions, analyse_graph, written_rows
from hlmgraph.settings import Neo4jSettings, today
from hlmgraph.store import load_graph, read_graph, write_measures

pytestmark = pytest.mark.neo4j


def _same(first: list[dict], second: list[dict]) -> bool:
    """Equal records (floats to 1e-12 relative: the server stores doubles)."""
    for a, b in zip(first, second, strict=True):
        for column in COLUMNS:
            x, y = a[column], b[column]
            if isinstance(x, float) and isinstance(y, float):
                if not math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-300):
                    return False
            elif x != y or type(x) is not type(y):
                return False
    return len(first) == len(second)


def test_write_round_trip(demo_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """Written measures come back on the actors and are reused for the same options only."""
    load_graph(demo_graph, neo4j_db)
    computed = analyse_graph(demo_graph)
    assert write_measures(written_rows(computed), neo4j_db) == len(computed.measures)
    G = read_graph(neo4j_db)
    reused = analyse_graph(G)
    assert reused.reused and not computed.reused
    assert _same(reused.measures, computed.measures)
    assert reused.summary == computed.summary
    isolated = [r for r in computed.measures if r["constraint"] is None]
    assert all(r["constraint"] is None for r in reused.measures if r["id"] in
               {i["id"] for i in isolated})
    other = analyse_graph(G, NetworkOptions(weighting="count"))
    assert not other.reused
    assert _same(other.measures, analyse_graph(demo_graph, NetworkOptions(weighting="count")).measures)


def test_reload_drops_written_measures(
    demo_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """Loading the dataset again sets the actors' properties afresh: no stale measures remain."""
    load_graph(demo_graph, neo4j_db)
    write_measures(written_rows(analyse_graph(demo_graph)), neo4j_db)
    load_graph(demo_graph, neo4j_db)
    G = read_graph(neo4j_db)
    assert not any("degree" in G.nodes[v] for v in G)
    assert not analyse_graph(G).reused


def test_cli_write(run_cli: Any, demo_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """hlmgraph analyse --from-neo4j --write puts the measures on every actor of the database."""
    load_graph(demo_graph, neo4j_db)
    done = run_cli(
        "analyse", "--from-neo4j", "--uri", neo4j_db.uri, "--user", neo4j_db.user,
        "--database", neo4j_db.database or "", "--write", "--format", "json",
        env={"NEO4J_PASSWORD": neo4j_db.password},
    )
    assert done.returncode == 0, done.stderr
    actors = sum(1 for _, d in demo_graph.nodes(data=True) if d["label"] == "Actor")
    assert f"Mesures écrites sur {actors} nœuds Actor" in done.stderr
    G = read_graph(neo4j_db)
    assert all("broker_gatekeeper" in d for _, d in G.nodes(data=True) if d["label"] == "Actor")
    assert analyse_graph(G, NetworkOptions(as_of=today())).reused  # analyse counts today's contracts
    assert not analyse_graph(G).reused
