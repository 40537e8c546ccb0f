"""Every value validation accepts loads and exports (issue 12, hardening 5).

Numbers are bounded in validation (no 5,000-digit integer, no infinite amount,
nothing beyond a 64-bit integer); JSON outputs are strictly valid; an extra
column whose name the database refuses is reported at its header cell.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import RunCli
from neo4j_fixtures import write_sample_dataset

from hlmgraph.analysis.run import WRITTEN
from hlmgraph.exports import export_graph
from hlmgraph.output import render_records
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store import read_graph
from hlmgraph.validate.tables import RESERVED_COLUMNS


def _replace_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file of the sample dataset (``line`` counted as a spreadsheet)."""
    path = folder / file
    rows = [row.split(",") for row in path.read_text(encoding="utf-8").splitlines()]
    rows[line - 1][rows[0].index(column)] = value
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")


def _strict_json(text: str) -> Any:
    """Parse JSON as strict readers do: NaN and Infinity are refused."""
    def refuse(constant: str) -> None:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _neo4j_env(settings: Neo4jSettings) -> dict[str, str | None]:
    """NEO4J_* variables for ``settings`` (the ones set outside the test removed)."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEO4J_")}
    return env | {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user,
                  "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database or None}


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "expected"),
    [
        ("territories.csv", 2, "population", "9" * 5000, "nombre trop grand (5\u202f000 chiffres)"),
        ("territories.csv", 3, "population", "1" + "0" * 19, "nombre trop grand (20 chiffres)"),
        ("territories.csv", 4, "population", "1000000001", "au plus 1\u202f000\u202f000\u202f000"),
        ("contracts.csv", 4, "amount_eur", "9" * 400, "nombre trop grand (400 chiffres)"),
        ("contracts.csv", 3, "amount_eur", "-2000000000000", "au plus 1\u202f000\u202f000\u202f000\u202f000"),
        ("presence.csv", 2, "dwellings", "9223372036854775808", "nombre trop grand (19 chiffres)"),
    ],
    ids=["5000-digits", "beyond-int64", "population", "infinite-amount", "amount", "dwellings"],
)
def test_numbers_beyond_bounds_are_refused_at_their_cell(
    run_cli: RunCli, tmp_path: Path, file: str, line: int, column: str, value: str, expected: str
) -> None:
    """One French line at the cell, exit 1; before: a crash (exit 70), or « valid » and an
    infinite amount or an integer the database cannot hold."""
    folder = write_sample_dataset(tmp_path / "data")
    _replace_cell(folder, file, line, column, value)
    result = run_cli("validate", folder)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{file}:{line}:{column}: «") and expected in lines[0]
    assert lines[1:] == ["Jeu de données invalide : 1 problème."]
    assert len(lines[0]) < 200  # a 5,000-digit value is cut in the message


def test_values_at_the_bounds_load_and_read_back(
    run_cli: RunCli, tmp_path: Path, neo4j_db: Neo4jSettings
) -> None:
    """The largest accepted population, dwellings and amounts go through the database."""
    folder = write_sample_dataset(tmp_path / "data")
    _replace_cell(folder, "territories.csv", 2, "population", "1 000 000 000")
    _replace_cell(folder, "presence.csv", 2, "dwellings", "1000000000")
    _replace_cell(folder, "contracts.csv", 3, "amount_eur", "1000000000000")
    _replace_cell(folder, "contracts.csv", 4, "amount_eur", "-1000000000000")
    result = run_cli("load", folder, "--replace", env=_neo4j_env(neo4j_db))
    assert result.returncode == 0, result.stderr
    G = read_graph(neo4j_db)
    assert G.nodes["region:32"]["population"] == 10**9
    assert G.edges["775663438", "qpv:QN05901M", "PRESENT_IN"]["dwellings"] == 10**9
    assert (G.nodes["c-cdv"]["amount_eur"], G.nodes["c-old"]["amount_eur"]) == (1e12, -1e12)


@pytest.mark.parametrize("name", ["@rid", "@type", "@in", "@out", "@this", "@cat"])
def test_a_column_the_database_refuses_is_reported_at_its_header(
    run_cli: RunCli, tmp_path: Path, neo4j_db: Neo4jSettings, name: str
) -> None:
    """Validation names the header cell; before, load sent it and ArcadeDB refused the Cypher."""
    folder = write_sample_dataset(tmp_path / "data")
    path = folder / "actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    position = lines[0].split(",").index("site_web")
    path.write_text("\n".join([lines[0].replace("site_web", name), *lines[1:]]) + "\n",
                    encoding="utf-8")
    result = run_cli("load", folder, "--replace", env=_neo4j_env(neo4j_db))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"actors.csv:1:{name}: colonne « {name} » refusée : un nom commençant par « @ » est "
        "réservé par la base de données (@rid, @type…) : renommez-la"
    )
    assert position == 7 and "Cypher" not in result.stderr
    assert read_graph(neo4j_db).number_of_nodes() == 0


@pytest.mark.parametrize("name", ["Pagerank", "community", "level", "parent", "measures_key"])
def test_a_column_clashing_with_model_properties_is_refused(
    run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    """A measure written by analyse --write, a second-label or reference attribute."""
    folder = write_sample_dataset(tmp_path / "data")
    path = folder / "contracts.csv" if name == "level" else folder / "actors.csv"
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path.write_text(f"{first},{name}\n{rest}", encoding="utf-8")
    result = run_cli("validate", folder)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path.name}:1:{name.lower()}: colonne « {name.lower()} » "
                                    "réservée par hlmgraph")


def test_reserved_names_cover_every_written_measure() -> None:
    """The measures analyse --write puts on actors can never be an extra column."""
    assert set(WRITTEN) <= RESERVED_COLUMNS


def test_ordinary_odd_column_names_load(tmp_path: Path, run_cli: RunCli, neo4j_db: Neo4jSettings) -> None:
    """Names ArcadeDB and Neo4j accept stay accepted (backtick, space, dot, accent, ``@`` inside)."""
    folder = write_sample_dataset(tmp_path / "data")
    path = folder / "actors.csv"
    names = ["a`b", "ma colonne", "a.b", "année", "x@y"]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [",".join([lines[0], *(f'"{n}"' for n in names)]),
             *(",".join([row, *("v" for _ in names)]) for row in lines[1:])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("load", folder, "--replace", env=_neo4j_env(neo4j_db))
    assert result.returncode == 0, result.stderr
    assert {n: read_graph(neo4j_db).nodes["ush"][n] for n in names} == dict.fromkeys(names, "v")


def _graph_with_undefined_values() -> nx.MultiDiGraph:
    """A model graph whose attributes hold NaN and infinities (a library user's graph)."""
    G = nx.MultiDiGraph()
    G.add_node("a", label="Actor", name="A", type="regie", score=math.nan)
    G.add_node("c", label="Contract", name="C", kind="prestation", amount_eur=math.inf)
    G.add_edge("a", "c", key="PARTY_TO", type="PARTY_TO", role="signataire", weight=-math.inf)
    return G


def test_json_exports_are_strictly_valid(tmp_path: Path) -> None:
    """Non-finite floats are written null, never NaN or Infinity (refused by JSON readers)."""
    out = export_graph(_graph_with_undefined_values(), "json", tmp_path / "g.json")
    data = _strict_json(out.read_text(encoding="utf-8"))
    assert {n["id"]: n.get("score", n.get("amount_eur")) for n in data["nodes"]} == {"a": None, "c": None}
    assert data["links"][0]["weight"] is None
    records = [{"id": "a", "constraint": math.nan, "pagerank": 0.5}]
    parsed = _strict_json(render_records(records, ["id", "constraint", "pagerank"], "json"))
    assert parsed == [{"id": "a", "constraint": None, "pagerank": 0.5}]


def test_a_negative_count_is_written_the_french_way(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_sample_dataset(tmp_path / "data")
    _replace_cell(folder, "territories.csv", 3, "population", "-1200")
    result = run_cli("validate", folder)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "territories.csv:3:population: nombre négatif (-1\u202f200) : attendu un entier positif ou nul"
    )
