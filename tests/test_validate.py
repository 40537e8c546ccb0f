"""Tests of dataset validation (validate.py): one test per rule of spec/input-format.md."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RunCli

from hlmgraph.cli import cli
from hlmgraph.cli.render import validation_summary as format_summary
from hlmgraph.validate import (
    Issue,
    ValidationReport,
    check_dataset,
    summarize,
    validate_path,
)

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"


def copy_valid(tmp_path: Path) -> Path:
    """A fresh copy of the small valid dataset."""
    target = tmp_path / "dataset"
    shutil.copytree(VALID, target)
    return target


def read_rows(folder: Path, table: str) -> list[list[str]]:
    """All records of one CSV file of ``folder``."""
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(folder: Path, table: str, rows: list[list[str]]) -> None:
    """Replace one CSV file of ``folder``."""
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Change one cell, addressed as a spreadsheet shows it (header = line 1)."""
    rows = read_rows(folder, table)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(folder, table, rows)


def append_row(folder: Path, table: str, values: dict[str, str]) -> int:
    """Append one row; return its line number."""
    rows = read_rows(folder, table)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(folder, table, rows)
    return len(rows)


def issues_of(folder: Path) -> list[Issue]:
    """The issues found in ``folder``."""
    dataset, report = validate_path(folder)
    assert (dataset is None) == (not report.valid)
    return report.issues


def only_issue(folder: Path) -> Issue:
    """The single issue found in ``folder``."""
    issues = issues_of(folder)
    assert len(issues) == 1, [i.format() for i in issues]
    return issues[0]


def test_valid_dataset_has_no_issue() -> None:
    dataset, report = validate_path(VALID)
    assert report.valid and report.issues == []
    assert dataset is not None
    assert len(dataset.rows("actors")) == 9
    assert report.to_dict() == {"valid": True, "issue_count": 0, "issues": []}


CELL_CASES = [
    ("actors", 3, "type", "bailleurs", "bad-vocabulary"),
    ("territories", 2, "level", "pays", "bad-vocabulary"),
    ("contracts", 4, "kind", "marché", "bad-vocabulary"),
    ("parties", 3, "role", "chef de file", "bad-vocabulary"),
    ("contracts", 2, "start", "2024-13-01", "bad-date"),
    ("contracts", 3, "end", "31-12-2024", "bad-date"),
    ("contracts", 4, "amount_eur", "12.500,50", "bad-amount"),
    ("presence", 2, "dwellings", "3200,5", "bad-integer"),
    ("presence", 2, "dwellings", "-4", "negative-dwellings"),
    ("territories", 2, "population", "-1", "negative-population"),
    ("territories", 3, "population", "beaucoup", "bad-integer"),
    ("actors", 2, "siren", "275900018", "bad-siren"),
    ("actors", 3, "siren", "38265406", "bad-siren"),
    ("actors", 2, "name", "", "missing-value"),
    ("parties", 4, "actor", "  ", "missing-value"),
    ("actors", 2, "territory", "commune:99999", "dangling-reference"),
    ("territories", 3, "parent", "nulle-part", "dangling-reference"),
    ("parties", 2, "actor", "cdv-mel-2024", "dangling-reference"),
    ("parties", 2, "contract", "contrat-inconnu", "dangling-reference"),
    ("coverage", 2, "contract", "mel", "dangling-reference"),
    ("coverage", 3, "territory", "mel", "dangling-reference"),
    ("presence", 3, "actor", "inconnu", "dangling-reference"),
    ("presence", 3, "territory", "inconnu", "dangling-reference"),
    ("memberships", 2, "member", "inconnu", "dangling-reference"),
    ("memberships", 2, "organisation", "region:32", "dangling-reference"),
    ("territories", 5, "parent", "qpv:QN05920M", "bad-parent-level"),
    ("territories", 8, "parent", "qpv:QN05905M", "bad-parent-level"),
    ("territories", 3, "parent", "departement:59", "parent-cycle"),
    ("contracts", 2, "end", "2023-12-31", "end-before-start"),
]


@pytest.mark.parametrize(("table", "line", "column", "value", "code"), CELL_CASES)
def test_each_cell_rule_reports_one_issue_at_the_cell(
    tmp_path: Path, table: str, line: int, column: str, value: str, code: str
) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, table, line, column, value)
    issue = only_issue(folder)
    assert issue.code == code
    assert (issue.file, issue.line, issue.column) == (f"{table}.csv", line, column)
    assert issue.format().startswith(f"{table}.csv:{line}:{column}: ")


def test_end_before_start_message_names_both_dates(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "contracts", 2, "end", "2023-12-31")
    assert only_issue(folder).format() == (
        "contracts.csv:2:end: la date de fin 2023-12-31 est antérieure à la date de début 2024-01-01"
    )


def test_end_equal_to_start_is_valid(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "contracts", 2, "end", "01/01/2024")
    assert issues_of(folder) == []


def test_a_parent_of_a_cell_with_bad_vocabulary_is_not_level_checked(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "territories", 6, "level", "quartier")
    assert only_issue(folder).code == "bad-vocabulary"


def test_reference_to_wrong_kind_of_id_says_what_it_is(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "parties", 2, "actor", "cdv-mel-2024")
    assert "est un contrat, pas un acteur" in only_issue(folder).message


@pytest.mark.parametrize(
    ("table", "values", "code", "column"),
    [
        ("actors", {"id": "vilogia", "name": "Doublon", "type": "association"}, "duplicate-id", "id"),
        ("actors", {"id": "mel", "name": "Doublon", "type": "association"}, "duplicate-id", "id"),
        ("contracts", {"id": "ush", "name": "Doublon", "kind": "autre"}, "duplicate-id", "id"),
        ("parties", {"contract": "cdv-mel-2024", "actor": "mel", "role": "financeur"},
         "duplicate-row", "contract"),
        ("coverage", {"contract": "cdv-mel-2024", "territory": "epci:200093201"},
         "duplicate-row", "contract"),
        ("presence", {"actor": "vilogia", "territory": "qpv:QN05920M", "dwellings": "3"},
         "duplicate-row", "actor"),
        ("memberships", {"member": "vilogia", "organisation": "ush"}, "duplicate-row", "member"),
        ("actors", {"id": "sans-nom", "type": "regie"}, "missing-value", "name"),
        ("contracts", {"id": "sans-nature", "name": "X"}, "missing-value", "kind"),
    ],
)
def test_each_row_rule_reports_one_issue_at_the_new_row(
    tmp_path: Path, table: str, values: dict[str, str], code: str, column: str
) -> None:
    folder = copy_valid(tmp_path)
    line = append_row(folder, table, values)
    issue = only_issue(folder)
    assert (issue.code, issue.file, issue.line, issue.column) == (code, f"{table}.csv", line, column)


def test_reference_differing_only_by_case_suggests_the_id(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "parties", 2, "actor", "MEL")
    assert "vouliez-vous dire « mel » ?" in only_issue(folder).message


def test_summary_lists_extra_columns(tmp_path: Path) -> None:
    dataset, _ = validate_path(DATA / "messy")
    assert dataset is not None
    summary = summarize(dataset, dt.date(2024, 6, 1))
    assert summary["extra_columns"] == {"actors": ["commentaire"]}
    assert "Colonnes supplémentaires conservées (vérifiez leur orthographe) :\n  actors : commentaire\n" in (
        format_summary(summary)
    )


def test_duplicate_id_names_the_first_occurrence(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    append_row(folder, "contracts", {"id": "mel", "name": "X", "kind": "autre"})
    assert "actors.csv ligne 5" in only_issue(folder).message


def test_duplicate_id_across_tables_is_reported_in_reading_order(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    append_row(folder, "actors", {"id": "region:32", "name": "Doublon", "type": "association"})
    issue = only_issue(folder)
    assert (issue.code, issue.file, issue.line) == ("duplicate-id", "territories.csv", 2)
    assert "actors.csv ligne 11" in issue.message


def test_parent_cycle_is_reported_once(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "territories", 2, "parent", "qpv:QN05905M")
    issue = only_issue(folder)
    assert (issue.code, issue.line, issue.column) == ("parent-cycle", 2, "parent")
    assert "region:32 → qpv:QN05905M → commune:59350" in issue.message


def test_self_parent_is_a_cycle(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "territories", 4, "parent", "epci:200093201")
    issue = only_issue(folder)
    assert (issue.code, issue.line) == ("parent-cycle", 4)


def test_role_defaults_to_signataire(tmp_path: Path) -> None:
    dataset, _ = validate_path(VALID)
    assert dataset is not None
    roles = [row["role"] for row in dataset.rows("parties")]
    assert roles[1] == "signataire" and None not in roles


def test_missing_required_column_is_reported_at_the_header(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "actors")
    write_rows(folder, "actors", [row[:2] + row[3:] for row in rows])
    issue = only_issue(folder)
    assert issue.format().startswith("actors.csv:1:type: colonne obligatoire « type » absente")


def test_missing_optional_column_is_fine_and_none(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    write_rows(folder, "actors", [row[:3] for row in read_rows(folder, "actors")])
    dataset, report = validate_path(folder)
    assert report.valid and dataset is not None
    assert dataset.rows("actors")[0]["siren"] is None
    assert list(dataset.rows("actors")[0]) == ["id", "name", "type", "subtype", "siren",
                                               "territory", "source"]


@pytest.mark.parametrize("header", ["contact", "E-mail", "Téléphone", "courriel", "nom_contact",
                                    "email_referent"])
def test_personal_data_columns_are_refused(tmp_path: Path, header: str) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "actors")
    write_rows(folder, "actors", [rows[0] + [header]] + [row + ["x"] for row in rows[1:]])
    issue = only_issue(folder)
    assert (issue.code, issue.line, issue.column) == ("personal-data", 1, header.lower())
    assert "organisations, pas des personnes" in issue.message
    assert "supprimez" in issue.message


def test_duplicate_header_is_reported(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "coverage")
    write_rows(folder, "coverage", [row + [row[0]] for row in rows[:1]] + [r + [""] for r in rows[1:]])
    issue = only_issue(folder)
    assert (issue.code, issue.line, issue.column) == ("duplicate-column", 1, "contract")


def test_reserved_extra_column_is_refused(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "contracts")
    write_rows(folder, "contracts", [rows[0] + ["Label"]] + [row + ["x"] for row in rows[1:]])
    assert only_issue(folder).code == "reserved-column"


def test_extra_columns_are_kept_as_text(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "actors")
    write_rows(folder, "actors", [rows[0] + [" Couleur "]] + [row + [" 12 "] for row in rows[1:]])
    dataset, report = validate_path(folder)
    assert report.valid and dataset is not None
    assert dataset.tables["actors"].extra_columns == ["couleur"]
    assert dataset.rows("actors")[0]["couleur"] == "12"


def test_missing_actors_file(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    (folder / "actors.csv").unlink()
    issues = issues_of(folder)
    assert issues[0].code == "missing-file"
    assert issues[0].format().startswith("actors.csv: fichier actors.csv absent")
    assert all(i.code in {"missing-file", "dangling-reference"} for i in issues)


def test_only_actors_is_required(tmp_path: Path) -> None:
    folder = tmp_path / "seul"
    folder.mkdir()
    shutil.copy(VALID / "actors.csv", folder)
    shutil.copy(VALID / "territories.csv", folder)
    dataset, report = validate_path(folder)
    assert report.valid and dataset is not None
    assert set(dataset.tables) == {"actors", "territories"}
    assert dataset.rows("contracts") == []


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    (folder / "contracts.csv").write_bytes((folder / "contracts.csv").read_text().encode("utf-16"))
    issues = issues_of(folder)
    assert issues[0].code == "unreadable-file" and issues[0].file == "contracts.csv"
    assert "UTF-8" in issues[0].message


def test_unreadable_target_table_does_not_cascade_into_dangling_references(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    (folder / "territories.csv").write_bytes(b"\x81\x8d\x8f\x90")
    assert [i.code for i in issues_of(folder)] == ["unreadable-file"]


def test_missing_actors_is_reported_even_when_another_file_is_unreadable(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    (folder / "actors.csv").unlink()
    (folder / "parties.csv").unlink()
    (folder / "memberships.csv").unlink()
    (folder / "presence.csv").unlink()
    (folder / "contracts.csv").write_bytes(b"\x81")
    assert sorted(i.code for i in issues_of(folder)) == ["missing-file", "unreadable-file"]


def test_table_without_id_column_does_not_cascade(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "contracts")
    write_rows(folder, "contracts", [row[1:] for row in rows])
    issue = only_issue(folder)
    assert (issue.code, issue.file, issue.line, issue.column) == (
        "missing-column", "contracts.csv", 1, "id")


def test_empty_rows_are_skipped_and_lines_still_counted(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    rows = read_rows(folder, "actors")
    write_rows(folder, "actors", rows[:2] + [[""] * 7, [], [" "] + [""] * 6] + rows[2:])
    set_cell(folder, "actors", 6, "type", "bailleurs")
    issue = only_issue(folder)
    assert (issue.line, issue.column) == (6, "type")


def test_quoted_newline_keeps_spreadsheet_line_numbers(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    set_cell(folder, "actors", 2, "name", "Lille Métropole\nHabitat")
    set_cell(folder, "actors", 3, "type", "bailleurs")
    assert only_issue(folder).line == 3


def test_every_problem_is_reported_at_once() -> None:
    _, report = validate_path(DATA / "invalid")
    expected = (DATA / "invalid" / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [issue.format() for issue in report.issues] == expected
    assert not report.valid
    assert report.to_dict()["issue_count"] == len(expected)


def test_issue_format_leaves_missing_parts_out() -> None:
    assert Issue("x", "f.csv", 3, "c", "m").format() == "f.csv:3:c: m"
    assert Issue("x", "f.csv", 1, "", "m").format() == "f.csv:1: m"
    assert Issue("x", "f.csv", None, "", "m").format() == "f.csv: m"


def test_report_to_dict_lists_issues() -> None:
    report = ValidationReport([Issue("bad-date", "contracts.csv", 2, "start", "m")])
    assert report.to_dict()["issues"] == [
        {"code": "bad-date", "file": "contracts.csv", "line": 2, "column": "start", "message": "m"}
    ]


def test_summary_counts_and_french_text() -> None:
    dataset, _ = validate_path(VALID)
    assert dataset is not None
    summary = summarize(dataset, dt.date(2024, 6, 1))
    assert summary["actors"] == {"bailleur": 2, "regie": 1, "collectivite": 2, "etat": 1,
                                 "plie": 1, "federation": 1, "habitants": 1}
    assert summary["contracts_in_force"] == 4
    assert summary["relations"] == {"parties": 11, "coverage": 4, "presence": 4, "memberships": 3}
    text = format_summary(summary)
    assert "Acteurs : 9\n  Bailleur social : 2\n  Régie de quartier : 1\n" in text
    assert "Contrats : 5 (dont 4 en vigueur au 01/06/2024)" in text
    assert "  QPV : 2" in text


def test_validation_json_for_invalid_data() -> None:
    import json

    payload = json.loads(json.dumps(check_dataset(DATA / "invalid").to_dict()))
    assert payload["valid"] is False and payload["summary"] is None
    assert payload["issues"][0]["file"] == "actors.csv"


# ---------------------------------------------------------------- the validate command


def test_validate_command_on_valid_data_prints_the_summary(run_cli: RunCli) -> None:
    result = run_cli("validate", str(VALID), "--as-of", "01/06/2024")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Jeu de données valide : {VALID}\nActeurs : 9\n")
    assert "dont 4 en vigueur au 01/06/2024" in result.stdout


def test_validate_command_on_invalid_data_lists_every_issue(run_cli: RunCli) -> None:
    result = run_cli("validate", str(DATA / "invalid"))
    assert result.returncode == 1
    expected = (DATA / "invalid" / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == expected + ["Jeu de données invalide : 15 problèmes."]
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "code", "phrase"),
    [
        (["validate", "nulle-part"], 1, "Erreur : Le chemin nulle-part n'existe pas"),
        (["validate"], 2, "argument obligatoire manquant"),
        (["validate", str(VALID), "--as-of", "2024-02-30"], 2, "date invalide"),
    ],
)
def test_validate_command_errors_have_no_traceback(run_cli: RunCli, args: list[str], code: int, phrase: str) -> None:
    result = run_cli(*args)
    assert result.returncode == code
    assert phrase in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_command_json() -> None:
    import json

    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(VALID), "--json", "--as-of", "2024-06-01"])
    assert ok.exit_code == 0
    payload = json.loads(ok.output)
    assert payload["valid"] is True and payload["issues"] == []
    assert payload["summary"]["contracts_in_force"] == 4
    bad = runner.invoke(cli, ["validate", str(DATA / "invalid"), "--json"])
    assert bad.exit_code == 1
    assert json.loads(bad.output)["issue_count"] == 15
