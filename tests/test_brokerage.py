"""Tests of the network semantics: Newman weights, ties, families, typed brokerage, names."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hlmgraph import fr
from hlmgraph.analysis import (
    COLUMNS,
    GLOSSARY,
    ROLES,
    NetworkOptions,
    analyse_graph,
    bridges,
    compute_measures,
    label,
    measures_frame,
)
from hlmgraph.cli.summaries import network_text
from hlmgraph.errors import ConfigError
from hlmgraph.model import actor_network
from hlmgraph.report.build import build_report
from hlmgraph.schema import FAMILIES, family

KINDS = (
    ("bailleur", ""), ("financeur", ""), ("federation", "ush"), ("federation", "AR Hlm"),
    ("regie", ""), ("plie", ""), ("mission_locale", ""), ("emploi", ""), ("entreprise", ""),
    ("federation", "Réseau Régies"), ("collectivite", ""), ("etat", ""),
    ("centre_social", ""), ("association", ""), ("habitants", ""), ("federation", "fnar"),
)


# ---------------------------------------------------------------- the literal reference


def literal_brokerage(A: nx.Graph) -> dict[str, dict[str, int]]:
    """graph-model.md word for word: every unordered pair of unlinked partners, classified."""
    fam = {v: family(A.nodes[v].get("type"), A.nodes[v].get("subtype")) for v in A}
    out = {}
    for b in A:
        counts = dict.fromkeys(ROLES, 0)
        for a, c in itertools.combinations(list(A[b]), 2):
            if A.has_edge(a, c):
                continue
            if fam[a] == fam[b] == fam[c]:
                counts["broker_coordinator"] += 1
            elif fam[a] == fam[c]:
                counts["broker_consultant"] += 1
            elif fam[b] in (fam[a], fam[c]):
                counts["broker_gatekeeper"] += 1
            else:
                counts["broker_liaison"] += 1
        out[b] = counts
    return out


@st.composite
def typed_networks(draw: st.DrawFn) -> nx.Graph:
    """Random actor networks with typed actors: isolated ones, one family only, every family."""
    n = draw(st.integers(0, 16))
    kinds = draw(st.sampled_from([KINDS, KINDS[:2], KINDS[4:6], KINDS[10:12], KINDS[12:]]))
    A = nx.Graph()
    for i in range(n):
        kind, subtype = draw(st.sampled_from(kinds))
        A.add_node(f"a{i:02d}", name=f"Acteur {i}", type=kind, subtype=subtype)
    pairs = list(itertools.combinations(sorted(A), 2))
    if pairs:
        for u, v in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=45)):
            A.add_edge(u, v, weight=1.0)
    return A


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed_networks())
def test_brokerage_equals_literal_count(A: nx.Graph) -> None:
    """Both engines count the four roles exactly as the per-pair definition does."""
    expected = literal_brokerage(A)
    for engine in ("auto", "networkx"):
        for record in compute_measures(A, engine=engine):
            assert {r: record[r] for r in ROLES} == expected[record["id"]], (engine, record)


def test_brokerage_known_values() -> None:
    """A régie between a bailleur and a PLIE is a passeur; a mairie between them a liaison."""
    A = nx.Graph()
    for v, kind in [("b", "bailleur"), ("r", "regie"), ("p", "plie"), ("m", "collectivite"),
                    ("b2", "bailleur")]:
        A.add_node(v, name=v, type=kind)
    A.add_edges_from([("r", "b"), ("r", "p"), ("m", "b"), ("m", "p"), ("b", "b2")])
    by_id = {r["id"]: r for r in compute_measures(A)}
    assert by_id["r"]["broker_gatekeeper"] == 1 and by_id["r"]["broker_liaison"] == 0
    assert by_id["m"]["broker_liaison"] == 1
    assert by_id["b"]["broker_coordinator"] == 0
    assert by_id["b"]["broker_gatekeeper"] == 2  # b2 with r, b2 with m
    assert by_id["b"]["broker_consultant"] == 0 and by_id["b"]["broker_liaison"] == 1  # r–m


# ---------------------------------------------------------------- families


@pytest.mark.parametrize(
    ("kind", "subtype", "expected"),
    [("bailleur", "OPH", "logement"), ("financeur", None, "logement"),
     ("federation", "USH", "logement"), ("federation", "Fédération HLM", "logement"),
     ("federation", "ar-hlm", "logement"), ("federation", "Réseau régies", "insertion"),
     ("federation", "fnar", "societe_civile"), ("federation", None, "societe_civile"),
     ("Régie", None, "insertion"), ("mission_locale", None, "insertion"),
     ("entreprise", None, "insertion"), ("etat", None, "public"),
     ("collectivite", "commune", "public"), ("habitants", None, "societe_civile"),
     ("", None, "")],
)
def test_families(kind: str, subtype: str | None, expected: str) -> None:
    """The family table of graph-model.md, subtypes matched like vocabularies."""
    assert family(kind, subtype) == expected


# ---------------------------------------------------------------- weighting and ties


def _contract_graph(parties: dict[str, tuple[str, list[str]]]) -> nx.MultiDiGraph:
    """A model graph with the given contracts {id: (kind, parties)}."""
    G = nx.MultiDiGraph()
    actors = sorted({a for _, members in parties.values() for a in members})
    for a in actors:
        G.add_node(a, label="Actor", name=a.upper(), type="bailleur" if a < "m" else "regie")
    for cid, (kind, members) in parties.items():
        G.add_node(cid, label="Contract", name=cid, kind=kind, start=dt.date(2024, 1, 1))
        for a in members:
            G.add_edge(a, cid, key="PARTY_TO", type="PARTY_TO", role="signataire")
    return G


def test_newman_weights_by_hand() -> None:
    """A 2-party contract weighs 1 per pair, a 12-party one 1/11; count adds 1 each."""
    twelve = [f"{c}{i:02d}" for c, i in zip("a" * 6 + "n" * 6, range(12), strict=True)]
    G = _contract_graph({"c2": ("prestation", ["a00", "n11"]),
                         "c12": ("contrat_de_ville", twelve)})
    A = actor_network(G)
    assert A.edges["a00", "n11"]["weight"] == pytest.approx(1 + 1 / 11)
    assert A.edges["a00", "n11"]["count"] == 2
    assert A.edges["a00", "n11"]["contracts"] == ["c12", "c2"]
    assert A.edges["a01", "a02"]["weight"] == pytest.approx(1 / 11)
    assert A.degree("a01") == 11
    assert A.degree("a01", weight="weight") == pytest.approx(1.0)
    counted = actor_network(G, weighting="count")
    assert counted.edges["a00", "n11"]["weight"] == 2
    assert counted.edges["a01", "a02"]["weight"] == 1


def test_operational_ties_leave_framework_contracts_out() -> None:
    """--ties operational drops contrats de ville, NPNRU, CUS and Action Cœur de Ville."""
    G = _contract_graph({"c1": ("prestation", ["a", "n"]), "c2": ("npnru", ["a", "b", "n"]),
                         "c3": ("cus", ["b", "n"]), "c4": ("partenariat", ["b", "z"])})
    A = actor_network(G, ties="operational")
    assert sorted(A.edges) == [("a", "n"), ("b", "z")]
    assert A.edges["a", "n"]["count"] == 1 and A.number_of_nodes() == 4
    with pytest.raises(ConfigError, match="pondération"):
        NetworkOptions(weighting="equal")
    with pytest.raises(ConfigError, match="liens"):
        actor_network(G, ties="some")


def test_weighting_changes_measures(demo_graph: nx.MultiDiGraph) -> None:
    """On the demo, Newman weighting lowers the strength of co-signatories of big contracts."""
    G = demo_graph
    newman = analyse_graph(G).by_id()
    count = analyse_graph(G, NetworkOptions(weighting="count")).by_id()
    assert all(newman[v]["strength"] <= count[v]["strength"] + 1e-12 for v in newman)
    assert any(newman[v]["strength"] < count[v]["strength"] for v in newman)
    assert all(newman[v]["degree"] == count[v]["degree"] for v in newman)


# ---------------------------------------------------------------- names, glossary, frame


def _placed_graph() -> nx.MultiDiGraph:
    """Six actors: four based in two communes of one EPCI, a pair elsewhere, one isolated."""
    G = _contract_graph({"c1": ("prestation", ["a1", "a2", "n1", "n2"]),
                         "c2": ("prestation", ["a3", "n3"])})
    G.add_node("z", label="Actor", name="Zéro", type="habitants")
    for t, name, level, parent in [("epci:1", "Roubaix-Tourcoing", "epci", None),
                                   ("commune:1", "Roubaix", "commune", "epci:1"),
                                   ("commune:2", "Tourcoing", "commune", "epci:1"),
                                   ("commune:3", "Avignon", "commune", None)]:
        G.add_node(t, label="Territory", name=name, level=level)
        if parent:
            G.add_edge(t, parent, key="PART_OF", type="PART_OF")
    for actor, place in [("a1", "commune:1"), ("a2", "commune:2"), ("n1", "commune:1"),
                         ("a3", "commune:3"), ("n3", "commune:3")]:
        G.add_edge(actor, place, key="BASED_IN", type="BASED_IN")
    G.add_edge("n2", "commune:2", key="PRESENT_IN", type="PRESENT_IN")
    return G


def test_community_names() -> None:
    """Named by the most precise territory holding most members, then the main families."""
    found = analyse_graph(_placed_graph())
    names = {r["id"]: r["community_name"] for r in found.measures}
    assert names["a1"] == "Roubaix-Tourcoing — logement et insertion"
    assert names["a3"] == "Avignon — logement et insertion"
    assert names["z"] == "Zéro (seul)"
    assert found.summary["largest_communities"][0]["name"] == names["a1"]


def test_glossary_covers_every_column() -> None:
    """Every output column has a French name and a one-line meaning, with the agreed words."""
    assert set(COLUMNS) <= set(GLOSSARY)
    assert all(t.meaning and "\n" not in t.meaning for t in GLOSSARY.values())
    assert [label(r) for r in ROLES] == ["coordinateur", "consultant", "passeur", "liaison"]
    assert label("pagerank") == "influence" and label("closeness") == "proximité"
    assert "plus l'acteur est proche" in GLOSSARY["closeness"].meaning


def test_pont_block_and_frame() -> None:
    """The summary lists who bridges logement and insertion; the frame has every column."""
    G = _contract_graph({"c1": ("prestation", ["a", "m"]), "c2": ("prestation", ["m", "n"]),
                         "c3": ("prestation", ["b", "m"])})
    G.nodes["m"]["type"] = "collectivite"
    found = analyse_graph(G)
    assert [(b["id"], b["pairs"]) for b in found.summary["bridges"]] == [("m", 2)]
    text = network_text(found.summary)
    assert "Qui fait le pont entre logement et insertion" in text
    assert f"M (collectivité, acteurs publics){fr.NNBSP}: 2 paires" in text
    frame = measures_frame(found.measures)
    assert list(frame.columns) == list(COLUMNS[1:]) and frame.index.name == "id"
    assert frame.loc["m", "broker_liaison"] == 2
    assert set(FAMILIES) == {"logement", "insertion", "public", "societe_civile"}



def test_report_uses_the_network_options(demo_graph: nx.MultiDiGraph) -> None:
    """The report measures the network it is asked for, communities named with their places."""
    day = dt.date(2026, 11, 23)
    data = build_report(demo_graph, as_of=day, network=NetworkOptions(ties="operational"))
    expected = analyse_graph(demo_graph, NetworkOptions(day, ties="operational"))
    assert data.summary == expected.summary and data.measures == expected.measures
    assert data.summary["ties"] == "operational"
    assert not any(r["community_name"].startswith("Communauté") for r in data.measures)


def test_bridges_count_on_the_whole_network() -> None:
    """Listing a few actors keeps their whole-network counts."""
    G = _contract_graph({"c1": ("prestation", ["a", "m"]), "c2": ("prestation", ["m", "n"]),
                         "c3": ("prestation", ["b", "m"])})
    G.nodes["m"]["type"] = "collectivite"
    found = analyse_graph(G)
    only_m = [r for r in found.measures if r["id"] == "m"]
    assert [(b["id"], b["pairs"]) for b in bridges(found.network, only_m)] == [("m", 2)]
    assert bridges(found.network, []) == []
