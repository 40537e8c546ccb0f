"""Neo4j store step against a real Bolt server (ArcadeDB fixture, or HLMGRAPH_TEST_NEO4J_URI)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import RunCli
from neo4j_fixtures import HOSTILE, BoltServer, free_port_pair, write_sample_dataset

from hlmgraph.cli.render import load_summary
from hlmgraph.errors import ConfigError, StoreError
from hlmgraph.schema import ACTOR_TYPES, LEVELS
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store import (
    LoadSummary,
    connect,
    cypher,
    list_queries,
    load_graph,
    read_graph,
    run_query,
)
from hlmgraph.store.queries import _return_columns

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[1]

QUERY_PARAMS: dict[str, dict[str, Any]] = {
    "acteurs_par_type": {},
    "acteurs_sans_contrat": {"type": "federation"},
    "bailleurs_qpv": {"territory": "departement:59"},
    "chaine": {"actor": "plie-lille", "other": "regie`1`"},
    "contrats_acteur": {"actor": "775663438"},
    "contrats_echeance": {"before": "2027-01-01", "after": "2022-01-01"},
    "contrats_territoire": {"territory": "qpv:QN05901M"},
    "membres": {"organisation": "ush"},
    "partenaires": {"actor": "775663438", "as_of": "2025-06-30"},
    "presents_territoire": {"territory": "qpv:QN05901M"},
    "qpv_sans_regie": {},
}
"""Parameters of every named query on the sample dataset."""


def assert_same_graph(actual: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    """Same nodes with the same typed attributes, same keyed edges with the same attributes."""
    assert dict(actual.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(actual.edges(keys=True, data=True), key=repr) == sorted(
        expected.edges(keys=True, data=True), key=repr
    )


def expected_counts(G: nx.MultiDiGraph) -> tuple[Counter[str], Counter[str]]:
    """Nodes per label (class and second label) and edges per type of a model graph."""
    labels: Counter[str] = Counter()
    for _, data in G.nodes(data=True):
        labels[data["label"]] += 1
        second = ACTOR_TYPES.get(data.get("type", "")) or LEVELS.get(data.get("level", ""))
        if data["label"] != "Contract" and second:
            labels[second] += 1
    return labels, Counter(t for _, _, t in G.edges(data="type"))


# ---------------------------------------------------------------- loading


def test_load_counts_per_label_and_type(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """After a load the database holds one node per graph node, with both labels, and every edge."""
    summary = load_graph(sample_graph, neo4j_db)
    labels, types = expected_counts(sample_graph)
    assert summary.nodes == dict(labels)
    assert summary.relationships == dict(types)
    assert summary.nodes["Actor"] == 5 and summary.nodes["Regie"] == 1 and summary.nodes["Qpv"] == 1
    assert summary.rows_sent == sample_graph.number_of_nodes() + sample_graph.number_of_edges()
    assert "Nœuds par label" in load_summary(summary) and "PARTY_TO" in load_summary(summary)


def test_typed_values_round_trip(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """Dates come back as dates, amounts as floats, themes as lists, integers as integers."""
    load_graph(sample_graph, neo4j_db)
    G = read_graph(neo4j_db)
    contract = G.nodes["c-prest"]
    assert contract["start"] == dt.date(2024, 1, 1) and type(contract["start"]) is dt.date
    assert contract["amount_eur"] == 12500.5 and isinstance(contract["amount_eur"], float)
    assert contract["themes"] == ["insertion", "propreté"]
    assert type(G.nodes["region:32"]["population"]) is int
    assert G.edges["775663438", "qpv:QN05901M", "PRESENT_IN"]["dwellings"] == 420
    assert G.nodes["775663438"]["site_web"] == "https://b.example"
    _, records = run_query("contrats_acteur", {"actor": "775663438"}, neo4j_db)
    assert {type(r["debut"]) for r in records} == {dt.date}
    assert_same_graph(G, sample_graph)


def test_read_back_equals_build_graph_on_demo(
    demo_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """read_graph returns exactly the graph build_graph made from the demo dataset."""
    load_graph(demo_graph, neo4j_db)
    assert_same_graph(read_graph(neo4j_db), demo_graph)


def test_loading_twice_changes_nothing(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """A second load of the same graph leaves the same nodes, labels, properties and edges."""
    first = load_graph(sample_graph, neo4j_db)
    before = read_graph(neo4j_db)
    second = load_graph(sample_graph, neo4j_db)
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)
    assert_same_graph(read_graph(neo4j_db), before)


def test_reload_sets_exact_values(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """Merging a changed graph sets properties, labels and edge properties to the new values."""
    load_graph(sample_graph, neo4j_db)
    changed = copy.deepcopy(sample_graph)
    del changed.nodes["c-prest"]["themes"]
    changed.nodes["c-prest"]["name"] = "Prestation renouvelée"
    changed.nodes["regie`1`"]["type"] = "association"
    changed.nodes["qpv:QN05901M"]["level"] = "commune"
    changed.edges["regie`1`", "c-prest", "PARTY_TO"]["role"] = "signataire"
    summary = load_graph(changed, neo4j_db)
    assert summary.nodes.get("Regie") is None and summary.nodes["Association"] == 1
    assert summary.nodes.get("Qpv") is None
    assert_same_graph(read_graph(neo4j_db), changed)


def test_merge_keeps_other_nodes_and_replace_removes_them(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """Without --replace the database keeps what the dataset lacks; with it, it holds the dataset only."""
    load_graph(sample_graph, neo4j_db)
    smaller = copy.deepcopy(sample_graph)
    smaller.remove_nodes_from(["ush", "c-old", HOSTILE])
    smaller.remove_edge("plie-lille", "c-cdv", "PARTY_TO")
    merged = load_graph(smaller, neo4j_db)
    assert merged.nodes["Actor"] == 5 and not merged.replaced
    assert_same_graph(read_graph(neo4j_db), sample_graph)
    replaced = load_graph(smaller, neo4j_db, replace=True)
    assert replaced.replaced and replaced.nodes["Actor"] == 3
    assert_same_graph(read_graph(neo4j_db), smaller)


def test_hostile_names_are_stored_verbatim(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """Quotes, backticks, braces and Cypher fragments are data: stored as is, harming nothing."""
    load_graph(sample_graph, neo4j_db)
    G = read_graph(neo4j_db)
    assert G.nodes[HOSTILE]["name"] == HOSTILE
    assert G.nodes["regie`1`"]["name"] == "Régie `deux` l'Est"
    assert G.nodes["qpv:QN05901M"]["name"] == 'Quartier "Sud" {1}'
    assert G.number_of_nodes() == sample_graph.number_of_nodes()
    _, records = run_query("contrats_acteur", {"actor": HOSTILE}, neo4j_db)
    assert [r["id"] for r in records] == ["c-old"]


def test_progress_reports_every_row(sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings) -> None:
    """The progress callback ends at (total, total), total = nodes + relationships."""
    calls: list[tuple[int, int]] = []
    load_graph(sample_graph, neo4j_db, progress=lambda done, total: calls.append((done, total)),
               batch_size=2)
    total = sample_graph.number_of_nodes() + sample_graph.number_of_edges()
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# ---------------------------------------------------------------- atomicity


def test_constraint_violation_half_way_leaves_database_unchanged(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """A load failing on a constraint in its middle rolls back every batch already sent."""
    load_graph(sample_graph, neo4j_db)
    before = read_graph(neo4j_db)
    with connect(neo4j_db) as driver, driver.session(database=neo4j_db.database) as session:
        session.run(
            "CREATE CONSTRAINT test_contract_name IF NOT EXISTS "
            "FOR (n:Contract) REQUIRE n.name IS UNIQUE"
        ).consume()
    try:
        bad = copy.deepcopy(sample_graph)
        bad.nodes["775663438"]["name"] = "Nom changé"
        bad.add_node("c-zzz", label="Contract", id="c-zzz", name="Contrat de ville", kind="autre")
        with pytest.raises(StoreError) as error:
            load_graph(bad, neo4j_db, batch_size=1)
        assert "contrainte" in str(error.value) and "Rien n'a été modifié" in str(error.value)
        assert_same_graph(read_graph(neo4j_db), before)
    finally:
        with connect(neo4j_db) as driver, driver.session(database=neo4j_db.database) as session:
            session.run("DROP CONSTRAINT test_contract_name IF EXISTS").consume()


def test_interrupted_load_leaves_database_unchanged(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """Half-way, other readers see the old graph; an exception there rolls everything back."""
    load_graph(sample_graph, neo4j_db)
    before = read_graph(neo4j_db)
    changed = copy.deepcopy(sample_graph)
    changed.nodes["c-cdv"]["name"] = "Autre nom"

    seen: list[nx.MultiDiGraph] = []

    def interrupt(done: int, total: int) -> None:
        """Look at the database from another connection, then stop the load in its middle."""
        if done > total // 2:
            seen.append(read_graph(neo4j_db))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_graph(changed, neo4j_db, replace=True, progress=interrupt, batch_size=1)
    assert_same_graph(seen[0], before)  # other readers never see a half-done load
    assert_same_graph(read_graph(neo4j_db), before)


def test_killed_client_leaves_database_unchanged(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings, tmp_path: Path
) -> None:
    """A loading process killed half-way (connection dropped mid-transaction) changes nothing."""
    load_graph(sample_graph, neo4j_db)
    before = read_graph(neo4j_db)
    folder = write_sample_dataset(tmp_path / "data")
    script = (
        "import os, sys\n"
        "from hlmgraph.pipeline import load_graph\n"
        "from hlmgraph.settings import Neo4jSettings\n"
        "from hlmgraph.store import load_graph as store\n"
        "settings = Neo4jSettings(**__import__('json').loads(os.environ['SETTINGS']))\n"
        "def die(done, total):\n"
        "    if done > total // 2:\n"
        "        os._exit(9)\n"
        "store(load_graph(sys.argv[1]), settings, replace=True, progress=die, batch_size=1)\n"
    )
    env = _env(neo4j_db) | {"SETTINGS": json.dumps(_settings_dict(neo4j_db))}
    result = subprocess.run([sys.executable, "-c", script, str(folder)], env=env, timeout=120)
    assert result.returncode == 9
    assert_same_graph(read_graph(neo4j_db), before)
    load_graph(sample_graph, neo4j_db, replace=True)  # no lock left behind
    assert_same_graph(read_graph(neo4j_db), before)


# ---------------------------------------------------------------- connection failures


def test_wrong_password_is_a_store_error_without_the_password(neo4j_db: Neo4jSettings) -> None:
    """A wrong password says to check the credentials and never shows the password."""
    wrong = Neo4jSettings(neo4j_db.uri, neo4j_db.user, "Mauvais-Secret-42", neo4j_db.database)
    with pytest.raises(StoreError) as error:
        read_graph(wrong)
    assert error.value.exit_code == 3
    assert "NEO4J_PASSWORD" in str(error.value) and "Mauvais-Secret-42" not in str(error.value)


def test_unreachable_server_is_a_store_error() -> None:
    """Nothing listening: the message says to start the server and check NEO4J_URI."""
    settings = Neo4jSettings(f"bolt://127.0.0.1:{free_port_pair()}", "neo4j", "x")
    with pytest.raises(StoreError, match="injoignable"):
        connect(settings)


def test_bad_uri_is_a_store_error() -> None:
    """A URI with another scheme is refused with the expected forms."""
    with pytest.raises(StoreError, match="bolt://"):
        connect(Neo4jSettings("http://localhost:7474", "neo4j", "x"))


def test_missing_database_is_a_store_error(neo4j_db: Neo4jSettings, bolt_server: BoltServer) -> None:
    """An unknown database name is reported with the variable to fix."""
    settings = Neo4jSettings(neo4j_db.uri, neo4j_db.user, neo4j_db.password, "absente")
    with pytest.raises(StoreError, match="NEO4J_DATABASE"):
        read_graph(settings)


def test_read_only_user_cannot_load_and_nothing_changes(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings, bolt_server: BoltServer
) -> None:
    """A user without write rights gets a StoreError asking for an account that may write."""
    load_graph(sample_graph, neo4j_db)
    reader = bolt_server.read_only_user(neo4j_db.database)
    assert_same_graph(read_graph(reader), sample_graph)
    with pytest.raises(StoreError, match="droit d'écrire"):
        load_graph(sample_graph, reader, replace=True)
    assert_same_graph(read_graph(neo4j_db), sample_graph)


# ---------------------------------------------------------------- named queries


def test_queries_are_listed_with_french_descriptions() -> None:
    """Every shipped query has a description and declared parameters."""
    queries = {q.name: q for q in list_queries()}
    assert set(queries) == set(QUERY_PARAMS)
    assert all(q.description for q in queries.values())
    chaine = queries["chaine"]
    assert [(p.name, p.required) for p in chaine.parameters] == [("actor", True), ("other", True)]


def test_every_named_query_runs_with_known_answers(
    sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """Each named query runs and returns its columns; known answers on the sample data."""
    load_graph(sample_graph, neo4j_db)
    for name, params in QUERY_PARAMS.items():
        columns, records = run_query(name, params, neo4j_db)
        assert columns and all(list(r) == columns for r in records), name
        assert columns == _return_columns(cypher(f"queries/{name}")), name
    _, partners = run_query("partenaires", {"actor": "775663438"}, neo4j_db)
    assert [(r["id"], r["contrats"]) for r in partners] == [("plie-lille", 1), ("regie`1`", 1)]
    _, present = run_query("presents_territoire", {"territory": "qpv:QN05901M"}, neo4j_db)
    assert {(r["id"], r["presence_declaree_sur"]) for r in present} == {
        ("775663438", "qpv:QN05901M"), ("regie`1`", "commune:59350"), ("plie-lille", "departement:59"),
    }
    _, expiring = run_query("contrats_echeance", {"before": "2027-01-01"}, neo4j_db)
    assert [r["id"] for r in expiring] == ["c-old", "c-prest"]
    _, gaps = run_query("qpv_sans_regie", {"as_of": "2027-06-30"}, neo4j_db)
    assert [(r["qpv"], r["bailleur"]) for r in gaps] == [("qpv:QN05901M", "775663438")]
    _, none = run_query("qpv_sans_regie", {"as_of": "2025-06-30"}, neo4j_db)
    assert none == []
    _, chain = run_query("chaine", QUERY_PARAMS["chaine"], neo4j_db)
    assert chain[0]["ids"][0] == "plie-lille" and chain[0]["ids"][-1] == "regie`1`"
    assert chain[0]["liens"] == 4


def test_query_columns_known_without_rows(neo4j_db: Neo4jSettings) -> None:
    """An empty result still has its columns (for CSV headers), unaliased ones included."""
    with pytest.raises(ConfigError, match="Identifiant introuvable dans la base : « personne »"):
        run_query("membres", {"organisation": "personne"}, neo4j_db)  # says why nothing came
    columns, records = run_query("acteurs_par_type", {}, neo4j_db)
    assert records == [] and columns == ["type", "acteurs", "avec_contrat"]


def test_query_parameter_errors(neo4j_db: Neo4jSettings) -> None:
    """Unknown query, missing and unknown parameters are ConfigErrors naming the fix."""
    with pytest.raises(ConfigError, match="query --list"):
        run_query("inexistante", {}, neo4j_db)
    with pytest.raises(ConfigError, match="--param other="):
        run_query("chaine", {"actor": "x"}, neo4j_db)
    with pytest.raises(ConfigError, match="inconnu"):
        run_query("membres", {"organisation": "x", "pirate": "1"}, neo4j_db)


# ---------------------------------------------------------------- command line


def test_cli_load_then_query(run_cli: RunCli, tmp_path: Path, neo4j_db: Neo4jSettings) -> None:
    """hlmgraph load prints the French summary; hlmgraph query prints the records."""
    folder = write_sample_dataset(tmp_path / "data")
    loaded = run_cli("load", str(folder), "--replace", env=_variables(neo4j_db))
    assert loaded.returncode == 0, loaded.stderr
    assert "Nœuds par label" in loaded.stdout and "Bailleur" in loaded.stdout
    queried = run_cli("query", "membres", "--param", "organisation=ush", "--format", "json", env=_variables(neo4j_db))
    assert queried.returncode == 0, queried.stderr
    assert [r["id"] for r in json.loads(queried.stdout)] == ["775663438", "regie`1`"]
    unknown = run_cli("query", "membres", "--param", "organisation=inconnue", env=_variables(neo4j_db))
    assert unknown.returncode == 1
    assert "Identifiant introuvable dans la base : « inconnue » (--param organisation)" in unknown.stderr
    none = run_cli("query", "membres", "--param", "organisation=775663438", env=_variables(neo4j_db))
    assert none.returncode == 0, none.stderr  # a known id with no result is an empty table


def test_cli_invalid_dataset_sends_nothing(
    run_cli: RunCli,
    tmp_path: Path, sample_graph: nx.MultiDiGraph, neo4j_db: Neo4jSettings
) -> None:
    """Invalid data exits 1 with the issues and leaves the database as it was."""
    load_graph(sample_graph, neo4j_db)
    folder = write_sample_dataset(tmp_path / "data")
    with (folder / "contracts.csv").open("a", encoding="utf-8") as handle:
        handle.write("c-bad,Mauvais,prestation,2025-01-01,2024-01-01,,,\n")
    result = run_cli("load", str(folder), "--replace", env=_variables(neo4j_db))
    assert result.returncode == 1
    assert "contracts.csv" in result.stderr
    assert_same_graph(read_graph(neo4j_db), sample_graph)


def test_cli_wrong_password_exits_3_without_showing_it(run_cli: RunCli, tmp_path: Path, neo4j_db: Neo4jSettings) -> None:
    """Exit 3, one French sentence, and the password appears nowhere."""
    folder = write_sample_dataset(tmp_path / "data")
    wrong = Neo4jSettings(neo4j_db.uri, neo4j_db.user, "Secret-Faux-913", neo4j_db.database)
    result = run_cli("load", str(folder), env=_variables(wrong))
    assert result.returncode == 3
    assert "Authentification refusée" in result.stderr and "Traceback" not in result.stderr
    assert "Secret-Faux-913" not in result.stderr + result.stdout


def test_cli_unreachable_server_exits_3(run_cli: RunCli, tmp_path: Path) -> None:
    """No server at the URI: exit 3 and a French sentence."""
    settings = Neo4jSettings(f"bolt://127.0.0.1:{free_port_pair()}", "neo4j", "x")
    result = run_cli("query", "acteurs_par_type", env=_variables(settings))
    assert result.returncode == 3 and "injoignable" in result.stderr


def test_cli_query_list(run_cli: RunCli) -> None:
    """hlmgraph query --list shows every query with its description, no server needed."""
    result = run_cli("query", "--list", "--format", "csv", env=_variables(None))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("requete,parametres,description")
    assert "qpv_sans_regie" in result.stdout and "Chaîne la plus courte" in result.stdout


def _settings_dict(settings: Neo4jSettings) -> dict[str, Any]:
    """Settings as a JSON-able dict (for a subprocess)."""
    return {"uri": settings.uri, "user": settings.user, "password": settings.password,
            "database": settings.database}


def _variables(settings: Neo4jSettings | None) -> dict[str, str | None]:
    """NEO4J_* variables for ``settings``; None removes the ones set outside the test."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEO4J_")}
    if settings is not None:
        env |= {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user,
                "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database or None}
    return env


def _env(settings: Neo4jSettings | None) -> dict[str, str]:
    """Environment for a subprocess: the repository importable, NEO4J_* from ``settings``."""
    env = {k: v for k, v in (os.environ | _variables(settings)).items() if v is not None}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def test_load_summary_text_is_french() -> None:
    """The summary names what happened and lists labels and types sorted."""
    text = load_summary(LoadSummary({"Actor": 2, "Bailleur": 1}, {"PARTY_TO": 3}, rows_sent=6))
    assert text.splitlines()[0] == "Graphe fusionné avec le jeu de données (6 lignes envoyées)."
    assert text.index("Actor") < text.index("Bailleur") < text.index("PARTY_TO")


def test_a_lost_concurrent_load_with_replace_does_not_advise_replace() -> None:
    """A load given --replace that meets a constraint (another writer) says what happened."""
    from neo4j.exceptions import ConstraintError

    from hlmgraph.store.connect import _store_error

    settings = Neo4jSettings("bolt://localhost:7687", "neo4j", "x", None)
    merged = str(_store_error(ConstraintError(), settings, loading=True))
    replaced = str(_store_error(ConstraintError(), settings, loading=True, replacing=True))
    assert "--replace" in merged
    assert "--replace" not in replaced and "pendant ce chargement" in replaced
    assert "Rien n'a été modifié" in replaced
