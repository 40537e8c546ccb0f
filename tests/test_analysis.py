"""Tests of the analysis step: measures equal to the NetworkX definitions, summary, CLI."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from conftest import RunCli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hlmgraph import analysis, fr
from hlmgraph.analysis import (
    COLUMNS,
    MEASURES,
    brokerage,
    compute_measures,
    exact_pagerank,
    fast,
    network_summary,
)
from hlmgraph.cli.summaries import network_text
from hlmgraph.columns import headers
from hlmgraph.errors import ConfigError
from hlmgraph.settings import LOUVAIN_SEED

ROOT = Path(__file__).resolve().parents[1]
REL = 1e-9
TYPES = ("bailleur", "regie", "plie", "collectivite")


# ---------------------------------------------------------------- references


def _label(G: nx.Graph, seed: int = 0) -> nx.Graph:
    """Relabel nodes as string ids with names, types and integer weights."""
    rng = random.Random(seed)
    H = nx.relabel_nodes(G, {v: f"a{v:03d}" if isinstance(v, int) else str(v) for v in G})
    for v in H:
        H.nodes[v].update(name=f"Acteur {v}", type=rng.choice(TYPES))
    for u, v in H.edges():
        H.edges[u, v]["weight"] = rng.choice((1, 2, 3, 0.5, 1 / 11, 1 + 1 / 3))
    return H


def _dense_pagerank(A: nx.Graph, nodes: list[str]) -> np.ndarray:
    """The stationary vector of NetworkX's Google matrix, by a dense least-squares solve."""
    n = len(nodes)
    M = nx.google_matrix(A, alpha=0.85, weight="weight", nodelist=nodes)
    system = np.vstack([np.eye(n) - M.T, np.ones((1, n))])
    rhs = np.concatenate([np.zeros(n), [1.0]])
    return np.linalg.lstsq(system, rhs, rcond=None)[0]


def _networkx_reference(A: nx.Graph) -> dict[str, dict[str, Any]]:
    """Every measure straight from NetworkX's functions, keyed by actor id."""
    nodes = sorted(A)
    if not nodes:
        return {}
    bc = nx.betweenness_centrality(A, normalized=True)
    cc = nx.closeness_centrality(A)
    cons = nx.constraint(A)
    eff = nx.effective_size(A)
    cut = set(nx.articulation_points(A))
    pr = _dense_pagerank(A, nodes) if nodes else []
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_weighted_edges_from(
        sorted((min(u, v), max(u, v), w) for u, v, w in A.edges(data="weight", default=1))
    )
    louvain = nx.community.louvain_communities(ordered, weight="weight", seed=LOUVAIN_SEED)
    part = {v: frozenset(c) for c in louvain for v in c}
    return {
        v: {
            "degree": A.degree(v),
            "strength": A.degree(v, weight="weight"),
            "betweenness": bc[v],
            "closeness": cc[v],
            "constraint": None if math.isnan(cons[v]) else cons[v],
            "effective_size": None if math.isnan(eff[v]) else eff[v],
            "articulation": v in cut,
            "pagerank": float(pr[i]),
            "partition": part[v],
        }
        for i, v in enumerate(nodes)
    }


def _close(x: float | None, y: float | None, rel: float = REL) -> bool:
    """Equal to ``rel`` relative error (None only equals None)."""
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=rel, abs_tol=1e-15)


def _assert_matches_networkx(A: nx.Graph, records: list[dict[str, Any]]) -> None:
    """Every record equals the NetworkX reference (PageRank: 1e-6 of the exact vector)."""
    reference = _networkx_reference(A)
    assert [r["id"] for r in records] == sorted(A)
    for record in records:
        expected = reference[record["id"]]
        assert record["degree"] == expected["degree"]
        assert _close(record["strength"], expected["strength"])
        assert record["articulation"] is expected["articulation"]
        for name in ("betweenness", "closeness", "constraint", "effective_size"):
            assert _close(record[name], expected[name]), (name, record, expected)
        assert _close(record["pagerank"], expected["pagerank"], 1e-6), record
    same_community = {
        r["id"]: frozenset(o["id"] for o in records if o["community"] == r["community"])
        for r in records
    }
    assert same_community == {v: reference[v]["partition"] for v in reference}


# ---------------------------------------------------------------- equality with NetworkX


@st.composite
def actor_networks(draw: st.DrawFn) -> nx.Graph:
    """Random small actor networks: any size 0-14, isolated actors, disconnected parts, weights."""
    n = draw(st.integers(0, 14))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=30)) if pairs else []
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(chosen)
    return _label(G, seed=draw(st.integers(0, 1000)))


@st.composite
def contract_networks(draw: st.DrawFn) -> nx.Graph:
    """Projections of random contracts (cliques, full of twins) plus stray links and leaves."""
    n = draw(st.integers(1, 16))
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for parties in draw(st.lists(st.sets(st.integers(0, n - 1), min_size=min(2, n), max_size=5),
                                 max_size=6)):
        for u in parties:
            for v in parties:
                if u < v:
                    G.add_edge(u, v)
    hub = draw(st.integers(0, n - 1))
    for leaf in draw(st.sets(st.integers(0, n - 1), max_size=4)):
        if leaf != hub and G.degree(leaf) == 0:
            G.add_edge(hub, leaf)
    return _label(G, seed=draw(st.integers(0, 1000)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actor_networks())
def test_fast_engine_equals_networkx(A: nx.Graph) -> None:
    """The igraph/scipy engine gives NetworkX's values on random graphs."""
    _assert_matches_networkx(A, compute_measures(A, engine="igraph"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contract_networks())
def test_fast_engine_equals_networkx_with_twins(A: nx.Graph) -> None:
    """Equality holds on contract projections, where many actors are twins."""
    _assert_matches_networkx(A, compute_measures(A, engine="igraph"))


def test_twin_classes() -> None:
    """Co-parties of a single contract are true twins; leaves of one hub are false twins."""
    A = nx.Graph([("h", "x"), ("h", "y"), ("x", "y"), ("h", "l1"), ("h", "l2"), ("x", "z")])
    nodes = sorted(A)
    adjacency = nx.to_scipy_sparse_array(A, nodelist=nodes, format="csr")
    classes = [[nodes[i] for i in c] for c in fast.twin_classes(adjacency)]
    assert classes == [["h"], ["l1", "l2"], ["x"], ["y"], ["z"]]
    B = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    adjacency = nx.to_scipy_sparse_array(B, nodelist=sorted(B), format="csr")
    assert fast.twin_classes(adjacency) == [[0, 1], [2], [3]]


@settings(max_examples=60, deadline=None)
@given(actor_networks())
def test_reference_engine_equals_networkx(A: nx.Graph) -> None:
    """The networkx engine gives the same values; both engines number communities alike."""
    reference = compute_measures(A, engine="networkx")
    _assert_matches_networkx(A, reference)
    for records in (reference, compute_measures(A, engine="auto")):
        _assert_communities_numbered(A, records)


def _assert_communities_numbered(A: nx.Graph, records: list[dict[str, Any]]) -> None:
    """Communities are numbered 1..k by decreasing size, then smallest id, within components."""
    groups: dict[int, list[str]] = {}
    for record in records:
        groups.setdefault(record["community"], []).append(record["id"])
    assert sorted(groups) == list(range(1, len(groups) + 1))
    keys = [(-len(groups[k]), min(groups[k])) for k in sorted(groups)]
    assert keys == sorted(keys)
    for members in groups.values():
        assert len({frozenset(nx.node_connected_component(A, v)) for v in members}) == 1


@pytest.mark.parametrize("n", [0, 1, 2])
def test_tiny_graphs(n: int) -> None:
    """Empty, single-actor and two-actor networks give defined values."""
    G = nx.path_graph(n)
    A = _label(G)
    for engine in ("auto", "networkx"):
        records = compute_measures(A, engine=engine)
        assert len(records) == n
        _assert_matches_networkx(A, records)
        assert all(r["betweenness"] == 0.0 for r in records)


def test_medium_random_graph_with_components() -> None:
    """A 300-actor graph with several components and isolates matches NetworkX."""
    G = nx.disjoint_union_all(
        [nx.barabasi_albert_graph(200, 2, seed=1), nx.gnp_random_graph(80, 0.05, seed=2),
         nx.empty_graph(20)]
    )
    A = _label(G, seed=3)
    _assert_matches_networkx(A, compute_measures(A))


def test_pagerank_equals_networkx_iteration() -> None:
    """PageRank matches NetworkX's own iteration run to a tight tolerance."""
    A = _label(nx.disjoint_union(nx.barabasi_albert_graph(120, 3, seed=4), nx.empty_graph(5)))
    expected = nx.pagerank(A, alpha=0.85, weight="weight", tol=1e-13, max_iter=100_000)
    for record in compute_measures(A):
        assert _close(record["pagerank"], expected[record["id"]], 1e-6)
    exact = exact_pagerank(A, sorted(A))
    assert all(_close(x, expected[v], 1e-6) for x, v in zip(exact, sorted(A), strict=True))


def test_structural_holes_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Constraint and effective size are unchanged when computed block by block."""
    A = _label(nx.barabasi_albert_graph(150, 3, seed=5))
    whole = compute_measures(A)
    monkeypatch.setattr(brokerage, "_CHUNK_PATHS", 50)
    blocks = compute_measures(A)
    assert whole == blocks
    _assert_matches_networkx(A, blocks)


# ---------------------------------------------------------------- known values


def test_star() -> None:
    """Star with four leaves: the centre brokers every path and has all the holes."""
    A = _label(nx.star_graph(4))
    by_id = {r["id"]: r for r in compute_measures(A)}
    centre, leaf = by_id["a000"], by_id["a001"]
    assert centre["betweenness"] == pytest.approx(1.0)
    assert leaf["betweenness"] == 0.0
    assert centre["closeness"] == pytest.approx(1.0)
    assert leaf["closeness"] == pytest.approx(4 / 7)
    assert centre["constraint"] == pytest.approx(0.25)
    assert leaf["constraint"] == pytest.approx(1.0)
    assert centre["effective_size"] == pytest.approx(4.0)
    assert centre["articulation"] is True and leaf["articulation"] is False
    assert centre["degree"] == 4


def test_path_and_isolated_actor() -> None:
    """Path a-b-c plus an isolated actor: middle is a cut vertex, isolated gets empty holes."""
    A = nx.Graph()
    A.add_nodes_from(["a", "b", "c", "z"], type="regie")
    A.add_edge("a", "b", weight=2)
    A.add_edge("b", "c", weight=1)
    by_id = {r["id"]: r for r in compute_measures(A)}
    assert by_id["b"]["betweenness"] == pytest.approx(1 / 3)
    assert by_id["b"]["articulation"] is True
    assert by_id["b"]["strength"] == 3
    assert by_id["z"]["constraint"] is None and by_id["z"]["effective_size"] is None
    assert by_id["z"]["closeness"] == 0.0
    assert by_id["a"]["closeness"] == pytest.approx((2 / 3) * (2 / 3))
    assert sum(r["pagerank"] for r in by_id.values()) == pytest.approx(1.0)
    assert by_id["z"]["community"] == 2 and by_id["a"]["community"] == 1


def test_florentine_families() -> None:
    """The Florentine families: the Medici are the main broker (NetworkX's published values)."""
    A = nx.florentine_families_graph()
    records = compute_measures(A)
    by_id = {r["id"]: r for r in records}
    assert by_id["Medici"]["betweenness"] == pytest.approx(0.52198, abs=1e-5)
    assert by_id["Guadagni"]["betweenness"] == pytest.approx(0.25458, abs=1e-5)
    assert by_id["Medici"]["closeness"] == pytest.approx(0.56, abs=1e-2)
    assert by_id["Medici"]["articulation"] is True
    assert max(records, key=lambda r: r["pagerank"])["id"] == "Medici"
    _assert_matches_networkx(A, records)


@pytest.mark.parametrize("engine", ["auto", "networkx"])
def test_records_shape_and_determinism(engine: str) -> None:
    """Records carry exactly the documented columns; insertion order changes nothing."""
    A = _label(nx.gnp_random_graph(60, 0.06, seed=6), seed=6)
    shuffled = nx.Graph()
    nodes = list(A.nodes(data=True))
    random.Random(1).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    edges = [(v, u, d) for u, v, d in A.edges(data=True)]
    random.Random(2).shuffle(edges)
    shuffled.add_edges_from(edges)
    first = compute_measures(A, engine=engine)
    assert all(tuple(r) == COLUMNS for r in first)
    assert COLUMNS[4:-1] == MEASURES
    assert compute_measures(shuffled, engine=engine) == first
    assert compute_measures(A, engine=engine) == first


@pytest.mark.parametrize("engine", ["auto", "networkx"])
def test_communities_numbered_by_size(engine: str) -> None:
    """Community 1 is the largest; equal sizes are ordered by smallest id; two cliques split."""
    A = nx.Graph()
    A.add_edges_from([("x1", "x2"), ("x2", "x3"), ("x1", "x3"), ("a1", "a2"), ("m1", "m2")],
                     weight=1)
    community = {r["id"]: r["community"] for r in compute_measures(A, engine=engine)}
    assert community["x1"] == community["x2"] == 1
    assert community["a1"] == community["a2"] == 2
    assert community["m1"] == 3
    B = nx.Graph()
    B.add_edges_from(nx.complete_graph(["k1", "k2", "k3", "k4"]).edges, weight=1)
    B.add_edges_from(nx.complete_graph(["l1", "l2", "l3", "l4", "l5"]).edges, weight=1)
    B.add_edge("k1", "l1", weight=1)
    found = {r["id"]: r["community"] for r in compute_measures(B, engine=engine)}
    assert {found[v] for v in ("l1", "l2", "l3", "l4", "l5")} == {1}
    assert {found[v] for v in ("k1", "k2", "k3", "k4")} == {2}


def test_unknown_engine_is_a_config_error() -> None:
    """An unknown engine name is refused with a French message."""
    with pytest.raises(ConfigError, match="Moteur de calcul inconnu"):
        compute_measures(nx.Graph(), engine="gpu")


def test_progress_on_large_networks() -> None:
    """Large networks report their steps; small ones stay silent."""
    messages: list[str] = []
    compute_measures(_label(nx.path_graph(10)), progress=messages.append)
    assert messages == []
    compute_measures(_label(nx.path_graph(analysis.LARGE_NETWORK)), progress=messages.append)
    assert any("Intermédiarité" in m for m in messages)


# ---------------------------------------------------------------- summary


def _small_network() -> nx.Graph:
    """Two bailleurs, a régie, a PLIE and an isolated centre social."""
    A = nx.Graph()
    for v, kind in [("b1", "bailleur"), ("b2", "bailleur"), ("r1", "regie"), ("p1", "plie"),
                    ("s1", "centre_social")]:
        A.add_node(v, name=v.upper(), type=kind)
    A.add_edge("b1", "r1", weight=2, contracts=["c1", "c2"])
    A.add_edge("b2", "r1", weight=1, contracts=["c3"])
    A.add_edge("r1", "p1", weight=1, contracts=["c4"])
    A.add_edge("b1", "b2", weight=1, contracts=["c5"])
    return A


def test_network_summary() -> None:
    """Summary figures: density, components, isolates, brokers per type, type-by-type links."""
    A = _small_network()
    summary = network_summary(A, compute_measures(A))
    assert summary["actors"] == 5 and summary["links"] == 4
    assert summary["density"] == pytest.approx(0.4)
    assert summary["components"] == 2 and summary["largest_component"] == 4
    assert summary["isolated"] == ["s1"]
    assert summary["top_brokers"] == {
        "regie": [{"id": "r1", "name": "R1", "betweenness": pytest.approx(1 / 3)}]
    }
    links = summary["type_links"]
    assert links["bailleur"]["regie"] == links["regie"]["bailleur"] == 2
    assert links["bailleur"]["bailleur"] == 1 and links["regie"]["plie"] == 1
    assert links["centre_social"]["bailleur"] == 0
    json.dumps(summary)


def test_format_summary_in_french() -> None:
    """The on-screen summary uses French type labels."""
    A = _small_network()
    text = network_text(network_summary(A, compute_measures(A)))
    assert f"acteurs isolés{fr.NNBSP}: 1" in text
    assert f"Bailleur social – Régie de quartier{fr.NNBSP}: 2" in text
    assert f"Régie de quartier{fr.NNBSP}: R1" in text


# ---------------------------------------------------------------- CLI


def _write_dataset(folder: Path) -> Path:
    """A small CSV dataset (two territories, five actors, four contracts)."""
    folder.mkdir()
    files = {
        "territories.csv": "id,name,level,parent\nepci:1,CA Test,epci,\nqpv:Q1,Quartier,qpv,epci:1\n",
        "actors.csv": "id,name,type,territory\nb1,Habitat Un,bailleur,epci:1\n"
        "b2,Logis Deux,bailleur,\nr1,Régie Sud,regie,qpv:Q1\np1,PLIE Test,plie,\n"
        "s1,Centre social,centre_social,\n",
        "contracts.csv": "id,name,kind,start,end\nc1,Prestation,prestation,2024-01-01,2024-12-31\n"
        "c2,Partenariat,partenariat,,\nc3,Prestation 2,prestation,,\nc4,Insertion,partenariat,,\n",
        "parties.csv": "contract,actor\nc1,b1\nc1,r1\nc2,b1\nc2,r1\nc3,b2\nc3,r1\nc4,r1\nc4,p1\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_cli_analyse_json(run_cli: RunCli, tmp_path: Path) -> None:
    """analyse --format json prints the records; the French summary goes to stderr."""
    data = _write_dataset(tmp_path / "data")
    done = run_cli("analyse", str(data), "--format", "json", "--all-dates")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["id"] for r in records] == ["b1", "b2", "p1", "r1", "s1"]
    assert set(records[0]) == set(COLUMNS)
    r1 = next(r for r in records if r["id"] == "r1")
    assert r1["degree"] == 3 and r1["strength"] == 4 and r1["articulation"] is True
    assert r1["family"] == "insertion" and r1["broker_gatekeeper"] == 2
    assert f"Réseau des acteurs{fr.NNBSP}: 5 acteurs" in done.stderr
    assert "Régie de quartier" in done.stderr
    today = json.loads(run_cli("analyse", str(data), "--format", "json").stdout)
    assert next(r for r in today if r["id"] == "r1")["strength"] == 3  # c1 ended in 2024
    done = run_cli("analyse", str(data), "--as-of", "2025-01-01", "--all-dates")
    assert done.returncode == 2 and "s'excluent" in done.stderr


def test_cli_analyse_weighting_and_ties(run_cli: RunCli, demo_path: Path) -> None:
    """--weighting count gives integer strengths; --ties operational drops framework links."""
    newman = json.loads(run_cli("analyse", str(demo_path), "--format", "json").stdout)
    count = json.loads(run_cli("analyse", str(demo_path), "--format", "json",
                               "--weighting", "count").stdout)
    done = run_cli("analyse", str(demo_path), "--format", "json", "--ties", "operational")
    operational = json.loads(done.stdout)
    assert all(isinstance(r["strength"], int) for r in count)
    assert sum(r["strength"] for r in newman) < sum(r["strength"] for r in count)
    assert sum(r["degree"] for r in operational) < sum(r["degree"] for r in newman)
    assert "contrats opérationnels seulement" in done.stderr
    assert run_cli("analyse", str(demo_path), "--ties", "some").returncode == 2


def test_cli_analyse_out_and_as_of(run_cli: RunCli, tmp_path: Path) -> None:
    """With --out the file is written (byte-identical twice) and the summary goes to stdout."""
    data = _write_dataset(tmp_path / "data")
    out = tmp_path / "mesures.csv"
    done = run_cli("analyse", str(data), "--format", "csv", "--out", str(out), "--as-of", "2025-06-01",
                   "--csv-dialect", "rfc4180")
    assert done.returncode == 0, done.stderr
    assert "Réseau des acteurs" in done.stdout
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    b1 = next(line for line in text.splitlines() if line.startswith("b1,"))
    assert b1.split(",")[4:6] == ["1", "1"]
    first = out.read_bytes()
    assert run_cli("analyse", str(data), "--format", "csv", "--out", str(out), "--as-of",
                "2025-06-01", "--csv-dialect", "rfc4180").returncode == 0
    assert out.read_bytes() == first
    done = run_cli("analyse", str(data), "--engine", "networkx", "--memberships")
    assert done.returncode == 0, done.stderr
    # the terminal table is headed in French, one header per column
    assert done.stdout.splitlines()[0].split("  ")[0] == "Identifiant"
    assert [h.strip() for h in done.stdout.splitlines()[0].split("  ") if h.strip()] == (
        headers("measure", COLUMNS))


def test_cli_analyse_demo(run_cli: RunCli, demo_path: Path) -> None:
    """analyse on the demo dataset: one record per actor, PageRank sums to 1, French summary."""
    done = run_cli("analyse", str(demo_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    with open(demo_path / "actors.csv", encoding="utf-8-sig") as handle:
        assert len(records) == sum(1 for line in handle if line.strip()) - 1
    assert sum(r["pagerank"] for r in records) == pytest.approx(1.0)
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert "Principaux intermédiaires par type" in done.stderr


def test_regional_dataset_matches_networkx(tmp_path: Path) -> None:
    """On the generated regional dataset, the fast engine equals NetworkX on every measure."""
    from hlmgraph.generate import generate_dataset
    from hlmgraph.model import actor_network
    from hlmgraph.pipeline import load_graph

    generate_dataset("regional", 3, tmp_path / "regional")
    A = actor_network(load_graph(tmp_path / "regional"))
    assert A.number_of_nodes() > 300
    _assert_matches_networkx(A, compute_measures(A))


def test_cli_analyse_missing_path(run_cli: RunCli) -> None:
    """A missing dataset path is a clear French error, no traceback."""
    done = run_cli("analyse", "/nonexistent/dataset")
    assert done.returncode == 1
    assert "n'existe pas" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_national_dataset(tmp_path: Path) -> None:
    """National scale via the CLI: NetworkX values on a sample, PageRank, cut vertices, memory."""
    import csv

    from hlmgraph.generate import generate_dataset
    from hlmgraph.model import actor_network
    from hlmgraph.pipeline import load_graph

    path = tmp_path / "national"
    generate_dataset("national", 1, path)
    wrapper = (  # the child's own peak resident memory (kB), printed at exit
        "import atexit, sys\n"
        "atexit.register(lambda: print([l for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0], file=sys.stderr))\n"
        "from hlmgraph.cli import main\nsys.argv = ['hlmgraph', *sys.argv[1:]]\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, "analyse", str(path), "--all-dates", "--format", "csv", "--out",
         str(tmp_path / "m.csv"), "--csv-dialect", "rfc4180"], capture_output=True, text=True,
        cwd=ROOT, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    peak_kb = int(done.stderr.split("VmHWM:")[1].split()[0])
    assert peak_kb / 1024 < 2000
    with open(tmp_path / "m.csv", encoding="utf-8") as handle:
        by_id = {row["id"]: row for row in csv.DictReader(handle)}
    A = actor_network(load_graph(path))
    assert len(by_id) == A.number_of_nodes()
    cut = set(nx.articulation_points(A))
    assert cut == {v for v, row in by_id.items() if row["articulation"] == "True"}
    pagerank = nx.pagerank(A, weight="weight", tol=1e-13, max_iter=100_000)
    assert all(_close(float(by_id[v]["pagerank"]), p, 1e-6) for v, p in pagerank.items())
    sample = sorted(A)[:: max(1, len(A) // 12)]
    effective = nx.effective_size(A, nodes=sample)
    for v in sample:
        assert _close(float(by_id[v]["closeness"]), nx.closeness_centrality(A, u=v)), v
        expected = None if math.isnan(effective[v]) else effective[v]
        value = by_id[v]["effective_size"]
        assert _close(float(value) if value else None, expected), v
