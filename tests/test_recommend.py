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

from hlmgraph import schema
from hlmgraph.dataset import Dataset, Table
from hlmgraph.errors import ConfigError, UsageError
from hlmgraph.model import build_graph, in_force
from hlmgraph.recommend import COLUMNS, COMPLEMENTARY, recommend, recommendations_frame
from hlmgraph.schema import ACTOR_TYPES, FRAMEWORK_KINDS

AS_OF = dt.date(2026, 6, 30)
NNBSP = "\u202f"

# Région R ⊃ département D ⊃ EPCI E1 ⊃ communes C1 (⊃ QPV Q1) and C2; EPCI E2 ⊃ commune C3.
TERRITORIES = [("region:32", "Hauts-de-France", "region", None),
               ("dep:1", "Nord", "departement", "region:32"),
               ("epci:1", "Métropole Une", "epci", "dep:1"),
               ("epci:2", "Agglo Deux", "epci", "dep:1"),
               ("com:1", "Villeneuve", "commune", "epci:1"),
               ("com:2", "Bourg", "commune", "epci:1"),
               ("com:3", "Lointain", "commune", "epci:2"),
               ("qpv:1", "Les Tilleuls", "qpv", "com:1")]
ACTORS = [("b1", "Habitat Un", "bailleur", "", "com:1"),
          ("b2", "Logis Deux", "bailleur", "", None),
          ("b3", "Toit Trois", "bailleur", "", None),
          ("r1", "Régie des Tilleuls", "regie", "", "qpv:1"),
          ("r2", "Régie du Lointain", "regie", "", None),
          ("p1", "PLIE Métropole", "plie", "", None),
          ("m1", "Mission locale Métropole", "mission_locale", "", None),
          ("c1", "Ville de Villeneuve", "collectivite", "commune", "com:1"),
          ("s1", "Centre social Arc-en-ciel", "centre_social", "", None),
          ("e1", "Préfecture", "etat", "préfecture", None),
          ("ar1", "Association régionale Hlm du Nord", "federation", "AR Hlm", None)]
CONTRACTS = [  # id, name, kind, start, end, parties
    ("k1", "Contrat de ville de Villeneuve", "contrat_de_ville", "2024-01-01", None,
     ["b1", "c1", "e1", "r1"]),
    ("k2", "Entretien", "prestation", "2018-01-01", "2020-12-31", ["r1", "c1"]),
    ("k3", "Prestation Lointain", "prestation", None, None, ["b2", "r2"]),
    ("k4", "Insertion", "partenariat", None, None, ["p1", "e1"]),
    ("k5", "Chantier éducatif", "partenariat", "2025-01-01", None, ["r1", "c1", "s1"]),
    ("k6", "Gardiennage", "prestation", "2025-01-01", "2027-12-31", ["b1", "c1"]),
]
PRESENCE = [("b1", "qpv:1", 120), ("b2", "com:3", 40), ("b3", "epci:1", None),
            ("r2", "com:3", None), ("p1", "epci:1", None), ("m1", "epci:1", None),
            ("s1", "com:1", None), ("s1", "com:2", None), ("e1", "dep:1", None),
            ("ar1", "region:32", None)]
MEMBERSHIPS = [("b3", "r1", "administrateur"), ("b1", "ar1", "adhérent")]


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Typed rows of every table."""
    blank = {name: {c.name: None for c in cols} for name, cols in schema.TABLES.items()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.TABLES}
    rows["territories"] = [{**blank["territories"], "id": t, "name": n, "level": lv, "parent": p}
                           for t, n, lv, p in TERRITORIES]
    rows["actors"] = [{**blank["actors"], "id": a, "name": n, "type": k, "subtype": s or None,
                       "territory": b} for a, n, k, s, b in ACTORS]
    for cid, name, kind, start, end, parties in CONTRACTS:
        rows["contracts"].append({**blank["contracts"], "id": cid, "name": name, "kind": kind,
                                  "start": start and dt.date.fromisoformat(start),
                                  "end": end and dt.date.fromisoformat(end), "themes": []})
        rows["parties"] += [{"contract": cid, "actor": a, "role": "signataire"} for a in parties]
    rows["presence"] = [{"actor": a, "territory": t, "dwellings": d} for a, t, d in PRESENCE]
    rows["memberships"] = [{"member": m, "organisation": o, "role": r} for m, o, r in MEMBERSHIPS]
    return rows


def _graph() -> nx.MultiDiGraph:
    """The model graph of the hand-built territory."""
    return build_graph(Dataset({name: Table(name, rows=r) for name, r in _rows().items()}))


def _pairs(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The (actor, partner) ids of suggestions, in order."""
    return [(r["actor"], r["partner"]) for r in found]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """The hand-built territory."""
    return _graph()


def test_ranking_by_resource_allocation_then_shared_territories(graph: nx.MultiDiGraph) -> None:
    """Best score first; equal scores by number of shared territories, then ids."""
    found = recommend(graph, top=5, as_of=AS_OF)
    assert _pairs(found) == [("b1", "r1"), ("b1", "s1"), ("r1", "p1"), ("b3", "s1"),
                             ("ar1", "b2")]
    assert [r["score"] for r in found] == pytest.approx([1 / 2, 1 / 2, 1 / 4, 0, 0])
    assert found[3]["shared_territories"] == ["com:2", "com:1"]  # by level, then name
    assert found.note == ""
    with_members = recommend(graph, top=1, as_of=AS_OF, memberships=True, ties="operational")
    assert _pairs(with_members) == [("ar1", "c1")]  # scored on the ties network


def test_memberships_are_ties_framework_contracts_are_not(graph: nx.MultiDiGraph) -> None:
    """A board seat or a membership ties a pair; co-signing the contrat de ville does not."""
    pairs = {frozenset(p) for p in _pairs(recommend(graph, top=100, as_of=AS_OF))}
    assert frozenset(("b3", "r1")) not in pairs and frozenset(("b1", "ar1")) not in pairs
    assert frozenset(("b2", "r2")) not in pairs  # their prestation is in force
    first = recommend(graph, actor="b1", types=["regie"], as_of=AS_OF)[0]
    assert (first["partner"], first["framework_contracts"]) == ("r1", ["k1"])
    assert first["framework_contract_names"] == ["Contrat de ville de Villeneuve"]
    assert first["message"].replace(NNBSP, " ") == (
        "Habitat Un (bailleur social) et la Régie des Tilleuls n'ont aucun contrat opérationnel "
        "en vigueur au 30 juin 2026 ni adhésion en commun mais agissent tous deux sur le QPV "
        "Les Tilleuls, ont deux partenaires communs (Préfecture et Ville de Villeneuve) et sont "
        "déjà cosignataires du contrat de ville de Villeneuve : un partenariat est à étudier."
    )


def test_most_specific_shared_territory(graph: nx.MultiDiGraph) -> None:
    """Both act in Villeneuve and in its QPV: the QPV is named."""
    by_pair = {(r["actor"], r["partner"]): r for r in recommend(graph, top=100, as_of=AS_OF)}
    assert by_pair["b1", "s1"]["shared_territories"] == ["qpv:1"]
    assert by_pair["b1", "s1"]["shared_territory_names"] == ["Les Tilleuls (QPV)"]
    assert by_pair["b3", "c1"]["shared_territories"] == ["com:1"]
    assert ("b2", "r1") not in by_pair  # different EPCIs: nothing in common


def test_as_of_defaults_to_today_and_all_dates(
    graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contracts in force today tie pairs; an ended one does not; --all-dates counts all."""
    from hlmgraph import settings

    after = recommend(graph, top=100, as_of=dt.date(2028, 1, 1))
    assert ("b1", "c1") in _pairs(after)  # the Gardiennage ended on 31/12/2027
    assert ("b1", "c1") not in _pairs(recommend(graph, top=100, as_of=AS_OF))
    assert ("b1", "c1") not in _pairs(recommend(graph, top=100, as_of=dt.date(2028, 1, 1),
                                                all_dates=True))
    monkeypatch.setattr(settings, "today", lambda: dt.date(2028, 1, 1))
    assert recommend(graph, top=100) == after


def test_fewer_than_asked_says_why(graph: nx.MultiDiGraph) -> None:
    """The mission locale has two possible partners: the note counts the others."""
    found = recommend(graph, actor="m1", top=5, as_of=AS_OF)
    assert _pairs(found) == [("m1", "p1"), ("m1", "r1")]
    assert found.note.replace(NNBSP, " ") == (
        "2 partenariats proposés sur 5 demandés : sur 3 paires de types complémentaires, 0 est "
        "déjà liée par un contrat opérationnel en vigueur ou une adhésion et 1 ne partage aucun "
        "territoire."
    )
    assert recommend(graph, actor="e1", as_of=AS_OF).note.startswith("Aucun partenariat")


def test_federations_get_suggestions_and_scope(graph: nx.MultiDiGraph) -> None:
    """An AR Hlm gets partners; --territory keeps pairs that act inside it."""
    assert _pairs(recommend(graph, actor="ar1", as_of=AS_OF))[:3] == [("ar1", "b2"), ("ar1", "b3"),
                                                                     ("ar1", "c1")]
    assert _pairs(recommend(graph, territory="com:3", as_of=AS_OF)) == [("ar1", "b2"),
                                                                        ("ar1", "r2")]
    with pytest.raises(UsageError, match="com:3"):
        recommend(graph, territory="com:33", as_of=AS_OF)


def test_errors_in_french(graph: nx.MultiDiGraph) -> None:
    """Unknown actor, unknown type and a bad top say what to do."""
    with pytest.raises(ConfigError, match="Acteur inconnu « zz »"):
        recommend(graph, actor="zz")
    with pytest.raises(ConfigError, match="Type d'acteur inconnu « martien »"):
        recommend(graph, types=["martien"])
    with pytest.raises(ConfigError, match="au moins 1"):
        recommend(graph, top=0)


def test_complementary_pairs_are_data() -> None:
    """Every complementary pair names known types (or type/subtype), each pair once."""
    for pair in COMPLEMENTARY:
        for selector in pair:
            kind, _, sub = selector.partition("/")
            assert kind in ACTOR_TYPES and (not sub or sub in schema.SUBTYPES[kind])
    assert len({frozenset(p) for p in COMPLEMENTARY}) == len(COMPLEMENTARY)
    assert ("bailleur", "regie") in COMPLEMENTARY and ("federation/ar_hlm", "bailleur") in COMPLEMENTARY


def test_deterministic(graph: nx.MultiDiGraph) -> None:
    """The same graph gives the same suggestions, whatever the insertion order."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(reversed(list(graph.nodes(data=True))))
    H.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert recommend(graph, top=50, as_of=AS_OF) == recommend(H, top=50, as_of=AS_OF)
    json.dumps(recommend(graph, as_of=AS_OF))


def test_recommendations_frame(graph: nx.MultiDiGraph) -> None:
    """The pandas table holds the records in rank order with the record columns."""
    records = recommend(graph, top=5, as_of=AS_OF)
    frame = recommendations_frame(records)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["rank"].tolist() == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------- CLI and demo


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built territory as a CSV dataset."""
    folder = tmp_path_factory.mktemp("reco")
    for name, rows in _rows().items():
        columns = [c.name for c in schema.TABLES[name]]
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else
                                 "|".join(row[c]) if isinstance(row[c], list) else str(row[c])
                                 for c in columns])
    return folder


def test_cli_recommend_json_and_note(run_cli: RunCli, data: Path) -> None:
    """recommend --actor --type --format json prints the records; the note goes to stderr."""
    done = run_cli("recommend", data, "--actor", "m1", "--top", "5", "--as-of", "2026-06-30",
                   "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _pairs(json.loads(done.stdout)) == [("m1", "p1"), ("m1", "r1")]
    assert done.stderr.startswith("2 partenariats proposés sur 5 demandés")
    scoped = run_cli("recommend", data, "--territory", "com:3", "--format", "json",
                     "--as-of", "2026-06-30")
    assert _pairs(json.loads(scoped.stdout)) == [("ar1", "b2"), ("ar1", "r2")]


def test_cli_recommend_csv_and_errors(run_cli: RunCli, data: Path, tmp_path: Path) -> None:
    """--out csv writes every column; an unknown actor exits 1, an unknown territory 2."""
    out = tmp_path / "suggestions.csv"
    done = run_cli("recommend", data, "--format", "csv", "--out", out, "--as-of", "2026-06-30")
    assert done.returncode == 0, done.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 11
    bad = run_cli("recommend", data, "--actor", "inconnu")
    assert bad.returncode == 1 and "Acteur inconnu « inconnu »" in bad.stderr
    assert run_cli("recommend", data, "--territory", "nulle-part").returncode == 2


@pytest.mark.neo4j
def test_cli_recommend_from_neo4j(run_cli: RunCli, neo4j_db: Any, graph: nx.MultiDiGraph) -> None:
    """The graph read back from a real Bolt server gives the same suggestions."""
    from hlmgraph.store import load_graph as store_graph

    store_graph(graph, neo4j_db)
    options = ["--uri", neo4j_db.uri, "--user", neo4j_db.user]
    if neo4j_db.database:
        options += ["--database", neo4j_db.database]
    done = run_cli("recommend", "--from-neo4j", *options, "--as-of", "2026-06-30", "--format",
                   "json", env={"NEO4J_PASSWORD": neo4j_db.password})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(recommend(graph, as_of=AS_OF)))


def test_demo_suggestions_are_untied_and_complementary(demo_graph: nx.MultiDiGraph) -> None:
    """On the demo: no operational contract in force, no membership, a shared territory."""
    day = dt.date(2026, 11, 23)
    found = recommend(demo_graph, top=15, as_of=day)
    assert len(found) == 15
    for record in found:
        x, y = record["actor"], record["partner"]
        shared = [c for c in demo_graph.successors(x) if demo_graph.has_edge(y, c, "PARTY_TO")
                  and in_force(demo_graph.nodes[c], day)
                  and demo_graph.nodes[c]["kind"] not in FRAMEWORK_KINDS]
        assert shared == [] and record["shared_territories"]
        assert not demo_graph.has_edge(x, y, "MEMBER_OF") and not demo_graph.has_edge(
            y, x, "MEMBER_OF")
    keys = [-r["score"] for r in found]
    assert keys == sorted(keys)
