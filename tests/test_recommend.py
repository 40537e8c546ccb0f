"""Tests of recommended partnerships on a small hand-built territory."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import RunCli

from hlmgraph.dataset import Dataset, Table
from hlmgraph.errors import ConfigError
from hlmgraph.model import actor_network, build_graph
from hlmgraph.recommend import COLUMNS, COMPLEMENTARY, recommend

ROOT = Path(__file__).resolve().parents[1]

# Département D ⊃ EPCI E1 ⊃ communes C1 (⊃ QPV Q1) and C2; EPCI E2 ⊃ commune C3.
TABLES: dict[str, list[dict[str, Any]]] = {
    "territories": [
        {"id": "dep:1", "name": "Nord", "level": "departement", "parent": None},
        {"id": "epci:1", "name": "Métropole Une", "level": "epci", "parent": "dep:1"},
        {"id": "epci:2", "name": "Agglo Deux", "level": "epci", "parent": "dep:1"},
        {"id": "com:1", "name": "Villeneuve", "level": "commune", "parent": "epci:1"},
        {"id": "com:2", "name": "Bourg", "level": "commune", "parent": "epci:1"},
        {"id": "com:3", "name": "Lointain", "level": "commune", "parent": "epci:2"},
        {"id": "qpv:1", "name": "Les Tilleuls", "level": "qpv", "parent": "com:1"},
    ],
    "actors": [
        {"id": "b1", "name": "Habitat Un", "type": "bailleur", "territory": "com:1"},
        {"id": "b2", "name": "Logis Deux", "type": "bailleur", "territory": None},
        {"id": "b3", "name": "Toit Trois", "type": "bailleur", "territory": None},
        {"id": "r1", "name": "Régie des Tilleuls", "type": "regie", "territory": "qpv:1"},
        {"id": "r2", "name": "Régie du Lointain", "type": "regie", "territory": None},
        {"id": "p1", "name": "PLIE Métropole", "type": "plie", "territory": None},
        {"id": "m1", "name": "Mission locale Métropole", "type": "mission_locale",
         "territory": None},
        {"id": "c1", "name": "Ville de Villeneuve", "type": "collectivite", "territory": "com:1"},
        {"id": "s1", "name": "Centre social Arc-en-ciel", "type": "centre_social",
         "territory": None},
        {"id": "e1", "name": "Préfecture", "type": "etat", "territory": None},
    ],
    "contracts": [
        {"id": "k1", "name": "Contrat de ville", "kind": "contrat_de_ville",
         "start": dt.date(2024, 1, 1), "end": None},
        {"id": "k2", "name": "Entretien", "kind": "prestation", "start": dt.date(2018, 1, 1),
         "end": dt.date(2020, 12, 31)},
        {"id": "k3", "name": "Prestation Lointain", "kind": "prestation", "start": None,
         "end": None},
        {"id": "k4", "name": "Insertion", "kind": "partenariat", "start": None, "end": None},
    ],
    "parties": [
        {"contract": "k1", "actor": "b1"}, {"contract": "k1", "actor": "c1"},
        {"contract": "k1", "actor": "e1"}, {"contract": "k2", "actor": "r1"},
        {"contract": "k2", "actor": "c1"}, {"contract": "k3", "actor": "b2"},
        {"contract": "k3", "actor": "r2"}, {"contract": "k4", "actor": "p1"},
        {"contract": "k4", "actor": "e1"},
    ],
    "presence": [
        {"actor": "b1", "territory": "qpv:1", "dwellings": 120},
        {"actor": "b2", "territory": "com:3", "dwellings": 40},
        {"actor": "b3", "territory": "epci:1", "dwellings": None},
        {"actor": "r2", "territory": "com:3", "dwellings": None},
        {"actor": "p1", "territory": "epci:1", "dwellings": None},
        {"actor": "m1", "territory": "epci:1", "dwellings": None},
        {"actor": "s1", "territory": "com:1", "dwellings": None},
        {"actor": "s1", "territory": "com:2", "dwellings": None},
        {"actor": "e1", "territory": "dep:1", "dwellings": None},
    ],
}


def _graph() -> nx.MultiDiGraph:
    """The model graph of the hand-built territory."""
    rows = {name: [{**row, "role": row.get("role", "signataire")} if name == "parties" else row
                   for row in table] for name, table in TABLES.items()}
    return build_graph(Dataset({name: Table(name, rows=r) for name, r in rows.items()}))


def _pairs(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (actor, partner) ids of suggestions, in order."""
    return [(r["actor"], r["partner"]) for r in found]


def test_ranking_scored_first_then_by_shared_territories() -> None:
    """The scored pair leads; zero-score pairs follow by shared territories then ids."""
    found = recommend(_graph())
    assert _pairs(found) == [
        ("b1", "r1"),
        ("b3", "s1"),
        ("b1", "s1"),
        ("b3", "c1"),
        ("b3", "r1"),
        ("p1", "m1"),
        ("r1", "m1"),
        ("r1", "p1"),
        ("r1", "s1"),
    ]
    assert [r["rank"] for r in found] == list(range(1, 10))
    first = found[0]
    assert first["score"] == pytest.approx(1 / 3)
    assert first["shared_territories"] == ["qpv:1"]
    assert first["shared_territory_names"] == ["Les Tilleuls (QPV)"]
    assert first["common_partners"] == ["c1"]
    assert first["common_partner_names"] == ["Ville de Villeneuve"]
    assert all(r["score"] == 0.0 for r in found[1:])
    assert found[1]["shared_territories"] == ["com:2", "com:1"]  # by level, then name
    assert found[1]["shared_territory_names"] == ["Bourg (commune)", "Villeneuve (commune)"]
    assert set(found[0]) == set(COLUMNS)


def test_encloses_keeps_the_largest_shared_territory() -> None:
    """A bailleur in a commune and its QPV shares the commune (not the QPV) with a centre social."""
    by_pair = {(r["actor"], r["partner"]): r for r in recommend(_graph(), top=50)}
    assert by_pair[("b1", "s1")]["shared_territories"] == ["com:1"]
    assert by_pair[("b3", "r1")]["shared_territories"] == ["qpv:1"]
    assert ("b2", "r1") not in by_pair  # different EPCIs: nothing in common
    assert ("b2", "r2") not in by_pair and ("b1", "c1") not in by_pair  # already partners


def test_message_in_french() -> None:
    """Each suggestion explains itself in one French sentence naming both actors."""
    first = recommend(_graph(), top=1)[0]
    assert first["message"] == (
        "« Habitat Un » (bailleur social) et « Régie des Tilleuls » (régie de quartier) "
        "n'ont aucun contrat ensemble mais agissent tous deux sur Les Tilleuls (QPV) et ont "
        "1 partenaire commun (Ville de Villeneuve) : un partenariat est à étudier."
    )


def test_actor_and_types() -> None:
    """With --actor the actor comes first; --type restricts the partner's type."""
    G = _graph()
    assert _pairs(recommend(G, actor="r1")) == [("r1", "b1"), ("r1", "b3"), ("r1", "m1"),
                                               ("r1", "p1"), ("r1", "s1")]
    assert _pairs(recommend(G, actor="r1", types=["PLIE"])) == [("r1", "p1")]
    assert _pairs(recommend(G, types=["Mission locale"])) == [("p1", "m1"), ("r1", "m1")]
    assert _pairs(recommend(G, top=2)) == [("b1", "r1"), ("b3", "s1")]
    assert recommend(G, actor="e1") == []


def test_as_of_reopens_expired_contracts() -> None:
    """At a date after the end of k2, the régie and the town are no longer partners."""
    found = recommend(_graph(), actor="r1", as_of=dt.date(2025, 1, 1), top=10)
    assert ("r1", "c1") in _pairs(found)
    assert recommend(_graph(), actor="r1", as_of=dt.date(2025, 1, 1))[0]["message"].count(
        "en vigueur au 01/01/2025"
    ) == 1


def test_ties_broken_by_shared_territories_then_ids() -> None:
    """Equal scores are ordered by number of shared territories, then by ids."""
    G = _graph()
    G.add_node("h", label="Actor", id="h", name="Hub", type="etat")
    for contract, actors in (("k8", ("h", "b3")), ("k9", ("h", "r1", "r2"))):
        G.add_node(contract, label="Contract", id=contract, name="Hub", kind="autre")
        for actor in actors:
            G.add_edge(actor, contract, key="PARTY_TO", type="PARTY_TO", role="signataire")
    G.add_edge("r2", "com:1", key="PRESENT_IN", type="PRESENT_IN")
    G.add_edge("r2", "com:2", key="BASED_IN", type="BASED_IN")
    found = recommend(G, actor="b3", types=["regie"])
    # r1 and r2 have the hub as only common partner: equal scores 1/3; r2 shares two
    # communes with b3, r1 only the QPV: r2 comes first despite its id.
    assert _pairs(found) == [("b3", "r2"), ("b3", "r1")]
    assert found[0]["score"] == found[1]["score"] == pytest.approx(1 / 3)
    assert found[0]["shared_territories"] == ["com:2", "com:1"]
    found = recommend(G, types=["regie"], top=20)
    scores = [r["score"] for r in found if r["actor"] == "b3"]
    assert scores == sorted(scores, reverse=True)


def test_errors_in_french() -> None:
    """Unknown actor or type, or a zero --top, raise a French ConfigError."""
    with pytest.raises(ConfigError, match="Acteur inconnu « zz »"):
        recommend(_graph(), actor="zz")
    with pytest.raises(ConfigError, match="Acteur inconnu « qpv:1 »"):
        recommend(_graph(), actor="qpv:1")
    with pytest.raises(ConfigError, match="Type d'acteur inconnu"):
        recommend(_graph(), types=["plombier"])
    with pytest.raises(ConfigError, match="au moins 1"):
        recommend(_graph(), top=0)


def test_complementary_pairs_are_data() -> None:
    """The complementary pairs are known types, each unordered pair listed once."""
    from hlmgraph.schema import ACTOR_TYPES

    assert all(a in ACTOR_TYPES and b in ACTOR_TYPES and a != b for a, b in COMPLEMENTARY)
    assert len({frozenset(p) for p in COMPLEMENTARY}) == len(COMPLEMENTARY)
    assert ("bailleur", "regie") in COMPLEMENTARY and ("regie", "plie") in COMPLEMENTARY


def test_deterministic() -> None:
    """The same graph gives the same suggestions, whatever the insertion order."""
    G = _graph()
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert recommend(G, top=50) == recommend(H, top=50) == recommend(G, top=50)
    json.dumps(recommend(G))


# ---------------------------------------------------------------- CLI


def _write_csv(folder: Path) -> Path:
    """The hand-built territory as a CSV dataset."""
    folder.mkdir()
    for name, rows in TABLES.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else str(row[c]) for c in columns])
    return folder


def test_cli_recommend_json(run_cli: RunCli, tmp_path: Path) -> None:
    """recommend --actor --type --format json prints the records."""
    data = _write_csv(tmp_path / "data")
    done = run_cli("recommend", str(data), "--actor", "r1", "--type", "plie", "--type", "bailleur",
                "--format", "json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [(r["actor"], r["partner"]) for r in found] == [("r1", "b1"), ("r1", "b3"),
                                                           ("r1", "p1")]
    assert found == json.loads(json.dumps(recommend(_graph(), actor="r1",
                                                    types=["plie", "bailleur"])))


def test_cli_recommend_table_and_csv(run_cli: RunCli, tmp_path: Path) -> None:
    """The table shows names; --out csv (RFC 4180 dialect) writes every column, lists joined by |."""
    data = _write_csv(tmp_path / "data")
    done = run_cli("recommend", str(data), "--top", "2")
    assert done.returncode == 0, done.stderr
    assert "Habitat Un" in done.stdout and "Régie des Tilleuls" in done.stdout
    out = tmp_path / "suggestions.csv"
    done = run_cli("recommend", str(data), "--format", "csv", "--out", str(out),
                   "--csv-dialect", "rfc4180")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[1]["shared_territories"] == "com:2|com:1"


def test_cli_recommend_unknown_actor(run_cli: RunCli, tmp_path: Path) -> None:
    """An unknown --actor exits 1 with a French message and no traceback."""
    data = _write_csv(tmp_path / "data")
    done = run_cli("recommend", str(data), "--actor", "inconnu")
    assert done.returncode == 1
    assert "Acteur inconnu « inconnu »" in done.stderr
    assert "Traceback" not in done.stderr


def test_demo_suggestions_are_eligible(demo_graph: nx.MultiDiGraph) -> None:
    """On the demo: complementary, unlinked pairs with a shared territory, best scores first."""
    from hlmgraph.model import actor_network

    A = actor_network(demo_graph)
    found = recommend(demo_graph, top=15)
    assert 5 <= len(found) <= 15
    allowed = {frozenset(p) for p in COMPLEMENTARY}
    for record in found:
        assert frozenset((record["actor_type"], record["partner_type"])) in allowed
        assert not A.has_edge(record["actor"], record["partner"])
        assert record["shared_territories"]
        assert set(record["common_partners"]) == set(A[record["actor"]]) & set(
            A[record["partner"]])
    keys = [(-r["score"], -len(r["shared_territories"])) for r in found]
    assert keys == sorted(keys)


def test_cli_recommend_demo(run_cli: RunCli, demo_path: Path) -> None:
    """recommend on the demo dataset, for one actor, in JSON."""
    actor = recommend(_demo(demo_path), top=1)[0]["actor"]
    done = run_cli("recommend", str(demo_path), "--actor", actor, "--format", "json", "--top", "3")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert 1 <= len(found) <= 3 and all(r["actor"] == actor for r in found)


def _demo(demo_path: Path) -> nx.MultiDiGraph:
    """The demo model graph."""
    from hlmgraph.pipeline import load_graph

    return load_graph(demo_path)


def test_recommendations_frame(demo_graph: nx.MultiDiGraph) -> None:
    """The pandas table holds the records in rank order with the record columns."""
    from hlmgraph.recommend import recommendations_frame

    records = recommend(demo_graph, top=5)
    frame = recommendations_frame(records)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["rank"].tolist() == [r["rank"] for r in records]


def test_operational_ties_suggest_framework_cosignatories(demo_graph: nx.MultiDiGraph) -> None:
    """With operational ties, co-signatories of a framework contract only may be suggested."""
    found = recommend(demo_graph, top=40, ties="operational")
    assert found and all("aucun contrat opérationnel" in r["message"] for r in found)
    linked = actor_network(demo_graph)
    assert any(linked.has_edge(r["actor"], r["partner"]) for r in found)
    assert not any(linked.has_edge(r["actor"], r["partner"]) for r in recommend(demo_graph, top=40))
