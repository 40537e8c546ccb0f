"""Tests of the ``gaps`` command: formats, scope, per-territory table, bad input, Neo4j."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import gaps_case as case
import pytest
from conftest import RunCli

from hlmgraph.columns import headers
from hlmgraph.gaps import default_rules_text, find_gaps

KEYS = [(p, r, s, t, a, c) for p, r, s, t, a, c in case.EXPECTED]


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built territory as CSV files."""
    return case.write_csv(tmp_path_factory.mktemp("territoire"))


def _keys(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(priority, rule, stake, territory, actors, contract) of JSON records."""
    return [(r["priority"], r["rule"], r["stake"], r["territory"], r["actors"], r["contract"])
            for r in records]


def test_json_lists_the_gaps_and_the_counts(run_cli: RunCli, dataset_dir: Path) -> None:
    """``gaps --format json`` gives the records; stderr gives the headline and one line per rule."""
    result = run_cli("gaps", dataset_dir, "--as-of", "30/06/2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert _keys(json.loads(result.stdout)) == KEYS
    assert result.stderr.splitlines()[0].startswith("14 manques de partenariat (dont 3 de ")
    assert "Contrat arrivant à échéance sans successeur (priorité moyenne)\u202f: 1 échéance." in result.stderr


def test_csv_and_xlsx_files_are_identical_run_after_run(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """CSV and XLSX hold one row per gap; two runs write byte-identical files."""
    files = []
    for run in (1, 2):
        out = tmp_path / f"manques-{run}.csv"
        assert run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--format", "csv",
                       "--out", out).returncode == 0
        files.append(out.read_bytes())
    assert files[0] == files[1]
    lines = files[0].decode("utf-8-sig").splitlines()
    rows = list(csv.reader(lines, delimiter=";" if ";" in lines[0] else ","))
    assert [r[0] for r in rows[1:]] == [k[1] for k in KEYS]
    xlsx = tmp_path / "manques.xlsx"
    assert run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--format", "xlsx",
                   "--out", xlsx).returncode == 0
    from openpyxl import load_workbook

    values = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert values[0][:5] == tuple(headers("gap", ["rule", "title", "form", "category", "priority"]))
    assert len(values) == len(KEYS) + 1
    where = [values[0].index(h) for h in headers("gap", ["region", "departement", "epci"])]
    lille = [row for row in values[1:] if row[values[0].index("Territoire (id)")] == "qpv:QN05901"]
    assert lille and all(lille[0][i] for i in where)  # région, département, EPCI of the QPV


def test_territory_and_by_departement(run_cli: RunCli, dataset_dir: Path) -> None:
    """--territory keeps what lies inside; --by prints one row per territory of the level."""
    scoped = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--territory",
                     "commune:59350", "--format", "json")
    assert [r["territory"] for r in json.loads(scoped.stdout)] == [
        "qpv:QN05901", "qpv:QN05902", "commune:59350"]
    table = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--by", "epci",
                    "--format", "json")
    rows = json.loads(table.stdout)
    assert [(r["territory"], r["manques"], r["stake"], r["echeances"]) for r in rows] == [
        ("epci:mel", 12, 650, 1), ("epci:douaisis", 2, 60, 0)]
    assert rows[0]["regie-bailleur"] == 3 and rows[1]["qpv-sans-regie"] == 1


def test_all_dates_counts_every_contract(run_cli: RunCli, dataset_dir: Path) -> None:
    """With --all-dates the ended Alma-Gare prestation ties Toit Roubaisien to the régie."""
    dated = json.loads(run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--format",
                               "json").stdout)
    every = json.loads(run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--all-dates",
                               "--format", "json").stdout)
    pair = ["bailleur:toit", "regie:mel"]
    assert pair in [r["actors"] for r in dated] and pair not in [r["actors"] for r in every]


def test_print_default_rules_round_trips(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """The printed default rules, edited and passed back with --rules, drive the search."""
    printed = run_cli("gaps", "--print-default-rules")
    assert printed.returncode == 0 and printed.stdout == default_rules_text()
    rules = tmp_path / "mes-règles.toml"
    rules.write_text(printed.stdout.replace("months = 12\npriority = 2\n", "months = 6\n"
                                            "priority = 2\n"), encoding="utf-8")
    result = run_cli("gaps", dataset_dir, "--rules", rules, "--as-of", "2026-06-30",
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    rules_seen = [r["rule"] for r in json.loads(result.stdout)]
    assert "echeance" not in rules_seen and "non-renouvele" not in rules_seen


def test_table_columns(run_cli: RunCli, dataset_dir: Path) -> None:
    """The terminal table shows priority, rule title (never its code), stake, territory and message."""
    result = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30")
    titles = [t.strip() for t in result.stdout.splitlines()[0].split("  ") if t.strip()]
    assert titles == ["Priorité", "Constat", "Logements en jeu", "Territoire (id)", "Action proposée"]
    assert "regie-bailleur" not in result.stdout
    assert len(result.stdout.splitlines()) == len(KEYS) + 2


def test_bad_rules_file_one_line_per_problem(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """A broken rules file: exit 1, each problem as « file:line: message », nothing on stdout."""
    rules = tmp_path / "règles.toml"
    rules.write_text('[[rule]]\nid = "a"\nform = "pairs"\n\n[[rule]]\nid = "b"\nform = '
                     '"membership"\na = "bailleur"\nb = "federation/arhlm"\npriority = 5\n',
                     encoding="utf-8")
    result = run_cli("gaps", dataset_dir, "--rules", rules)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{rules}:3", f"{rules}:9",
                                                          f"{rules}:10"]
    assert "forme inconnue « pairs »" in lines[0] and "Traceback" not in result.stderr


def test_unknown_territory_is_a_usage_error(run_cli: RunCli, dataset_dir: Path) -> None:
    """Exit 2 with the closest ids; no PATH is a usage error too."""
    result = run_cli("gaps", dataset_dir, "--territory", "commune:5935")
    assert result.returncode == 2 and result.stdout == ""
    assert "« commune:5935 » introuvable" in result.stderr and "commune:59350" in result.stderr
    assert run_cli("gaps").returncode == 2


@pytest.mark.neo4j
def test_from_neo4j_gives_the_same_gaps(run_cli: RunCli, neo4j_db: Any) -> None:
    """The graph loaded into a real Bolt server gives the same gaps with --from-neo4j."""
    from hlmgraph.store import load_graph as store_graph

    G = case.graph()
    store_graph(G, neo4j_db)
    options = ["--uri", neo4j_db.uri, "--user", neo4j_db.user]
    if neo4j_db.database:
        options += ["--database", neo4j_db.database]
    result = run_cli("gaps", "--from-neo4j", *options, "--as-of", "2026-06-30", "--format", "json",
                   env={"NEO4J_PASSWORD": neo4j_db.password})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [g.to_dict() for g in find_gaps(G, as_of=case.AS_OF)]


def test_by_table_for_people_has_french_headers_and_rule_titles(
    run_cli: RunCli, dataset_dir: Path, tmp_path: Path
) -> None:
    """gaps --by in Excel's French CSV: French headers, one column per rule headed by its title."""
    out = tmp_path / "par-epci.csv"
    assert run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--by", "epci", "--format", "csv",
                   "--out", out).returncode == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert header[:5] == ["Territoire (id)", "Territoire", "Manques", "Logements en jeu", "Échéances"]
    assert "Contrat arrivant à échéance sans successeur" in header
    assert not any(h in header for h in ("regie-bailleur", "echeance", "stake"))
    screen = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--by", "epci").stdout
    assert screen.splitlines()[0].split("  ")[0] == "Territoire (id)"
