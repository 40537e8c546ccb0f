"""Tests of the fast paths of the analysis step: projection, matrices, betweenness elsewhere.

Each fast path is compared with a literal computation: the actor network with a
per-contract pair loop, the matrices with NetworkX's conversion, the bridge
counts of a few actors with those of the whole network, and the betweenness of
the second process with the one computed in place and with NetworkX.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hlmgraph.analysis import fast, paths
from hlmgraph.analysis.brokerage import bridge_pairs
from hlmgraph.analysis.matrix import adjacency, edge_arrays, symmetric
from hlmgraph.model import actor_network

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("prestation", "contrat_de_ville", "npnru", "partenariat")
DAY = dt.date(2025, 6, 1)


@st.composite
def contract_graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    """A model graph of random contracts (dates, kinds, 0 to 9 parties) over up to 14 actors."""
    G = nx.MultiDiGraph()
    actors = [f"a{i:02d}" for i in range(draw(st.integers(1, 14)))]
    for a in actors:
        G.add_node(a, label="Actor", name=a.upper(), type=draw(st.sampled_from(("bailleur", "regie"))))
    for c in range(draw(st.integers(0, 12))):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 900)))
        G.add_node(f"c{c:02d}", label="Contract", name=f"C{c}", kind=draw(st.sampled_from(KINDS)),
                   start=start, end=start + dt.timedelta(days=draw(st.integers(0, 900))))
        for a in draw(st.lists(st.sampled_from(actors), max_size=9, unique=True)):
            G.add_edge(a, f"c{c:02d}", key="PARTY_TO", type="PARTY_TO", role="signataire")
    return G


def _literal_links(G: nx.MultiDiGraph, as_of: dt.date | None, newman: bool,
                   operational: bool) -> dict[tuple[str, str], dict]:
    """Links of the actor network by a literal loop over contracts and pairs of parties."""
    links: dict[tuple[str, str], dict] = {}
    for c in sorted(n for n, d in G.nodes(data=True) if d["label"] == "Contract"):
        data = G.nodes[c]
        if as_of is not None and not (data["start"] <= as_of <= data["end"]):
            continue
        if operational and data["kind"] in ("contrat_de_ville", "npnru"):
            continue
        parties = sorted(a for a, _ in G.in_edges(c))
        for i, first in enumerate(parties):
            for second in parties[i + 1:]:
                link = links.setdefault((first, second), {"terms": [], "contracts": []})
                link["terms"].append(1 / (len(parties) - 1) if newman else 1)
                link["contracts"].append(c)
    return links


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contract_graphs(), st.sampled_from((None, DAY)), st.booleans(), st.booleans())
def test_actor_network_equals_a_literal_pair_loop(
    G: nx.MultiDiGraph, as_of: dt.date | None, newman: bool, operational: bool
) -> None:
    """Links, weights (exact sums), counts and contracts, in sorted order."""
    A = actor_network(G, as_of, weighting="newman" if newman else "count",
                      ties="operational" if operational else "all")
    expected = _literal_links(G, as_of, newman, operational)
    assert list(A.nodes) == sorted(n for n, d in G.nodes(data=True) if d["label"] == "Actor")
    assert [(u, v) for u, v in A.edges] == sorted(expected)
    for (u, v), link in expected.items():
        weight = math.fsum(link["terms"]) if newman else len(link["terms"])
        assert A.edges[u, v] == {"weight": weight, "count": len(link["contracts"]),
                                 "contracts": link["contracts"]}
        assert type(A.edges[u, v]["weight"]) is type(weight)


def _network(seed: int) -> nx.Graph:
    """A weighted random network with twins, leaves, components and isolated actors."""
    G = nx.disjoint_union_all([nx.barabasi_albert_graph(60, 2, seed=seed),
                               nx.complete_graph(5), nx.empty_graph(3)])
    G.add_edges_from((0, leaf) for leaf in range(70, 74))
    H = nx.relabel_nodes(G, {v: f"a{v:03d}" for v in G})
    for i, v in enumerate(sorted(H)):
        H.nodes[v].update(name=v, type=("bailleur", "regie", "plie", "collectivite")[i % 4])
    for i, (u, v) in enumerate(sorted(H.edges)):
        H.edges[u, v]["weight"] = (1, 0.5, 1 / 11)[i % 3]
    return H


@pytest.mark.parametrize("weighted", [False, True])
def test_adjacency_equals_networkx_conversion(weighted: bool) -> None:
    """On the whole network and induced on a subset, in the order of the node list."""
    A = _network(1)
    for nodes in (sorted(A), sorted(A)[::3], sorted(A)[::-2]):
        expected = nx.to_scipy_sparse_array(A, nodelist=nodes, weight="weight" if weighted else None,
                                            dtype=float)
        assert (adjacency(A, nodes, weighted) != expected).nnz == 0


def test_edge_arrays_are_sorted_pairs() -> None:
    """Each link once, source below target, sorted, whatever the insertion order."""
    A = _network(2)
    B = nx.Graph()
    B.add_nodes_from(reversed(list(A.nodes(data=True))))
    B.add_edges_from((v, u, d) for u, v, d in reversed(list(A.edges(data=True))))
    nodes = sorted(A)
    for one, other in zip(edge_arrays(A, nodes), edge_arrays(B, nodes), strict=True):
        assert one.tolist() == other.tolist()
    src, dst, _ = edge_arrays(A, nodes)
    assert all(src < dst) and len(src) == A.number_of_edges()
    assert list(zip(src.tolist(), dst.tolist(), strict=True)) == sorted(zip(src.tolist(), dst.tolist(), strict=True))


def test_bridge_pairs_of_a_few_actors_are_their_whole_network_counts() -> None:
    """Counted around the listed actors only, the pairs are those of the whole network."""
    A = _network(3)
    for v in A:
        A.nodes[v]["type"] = "bailleur" if v < "a030" else "regie"
    nodes = sorted(A)
    whole = dict(zip(nodes, bridge_pairs(A, nodes, "logement", "insertion").tolist(), strict=True))
    assert any(whole.values())
    few = nodes[::7]
    assert bridge_pairs(A, few, "logement", "insertion").tolist() == [whole[v] for v in few]
    assert bridge_pairs(A, [], "logement", "insertion").tolist() == []


def _job(A: nx.Graph) -> tuple[int, np.ndarray, np.ndarray, list[list[int]], np.ndarray]:
    """The arrays the betweenness is computed from."""
    nodes = sorted(A)
    src, dst, _ = edge_arrays(A, nodes)
    matrix = symmetric(src, dst, None, len(nodes))
    degree = np.asarray(matrix.sum(axis=1)).ravel()
    return len(nodes), src, dst, fast.twin_classes(matrix), degree


def test_betweenness_in_a_second_process_is_the_same_bits() -> None:
    """The second process gives exactly the values computed in place, NetworkX's ones."""
    A = _network(4)
    job = _job(A)
    here = paths.betweenness_later(*job, background=False).result()
    there = paths.betweenness_later(*job, background=True).result()
    assert there == here
    expected = nx.betweenness_centrality(A, normalized=True)
    for v, value in zip(sorted(A), here, strict=True):
        assert value == pytest.approx(expected[v], rel=1e-9, abs=1e-12)


def test_second_process_protocol() -> None:
    """The worker reads a pickled job on stdin and writes the raw betweenness on stdout."""
    n, src, dst, classes, degree = _job(_network(5))
    sources, _ = paths._parts(paths._sources_by_size(classes, degree))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", paths._WORKER], env=env, check=True,
                          input=pickle.dumps((n, src, dst, sources)), capture_output=True)
    assert pickle.loads(done.stdout).tolist() == paths.raw_betweenness(n, src, dst, sources).tolist()


def test_failed_second_process_leaves_the_work_to_the_caller(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second process that fails does not fail the measures: they are computed in place."""
    job = _job(_network(6))
    monkeypatch.setattr(paths, "_WORKER", "import sys; sys.exit(3)")
    assert paths.betweenness_later(*job, background=True).result() == paths.betweenness_later(
        *job, background=False).result()


def test_cancelled_second_process_is_stopped_and_reaped() -> None:
    """A caller that fails before asking for the result leaves no process behind."""
    pending = paths.betweenness_later(*_job(_network(7)), background=True)
    assert pending.started is not None
    process = pending.started[0]
    pending.cancel()
    assert process.returncode is not None and pending.started is None
