"""Messages that say what is wrong (issue 12, first hour): one test per case of the attack."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import RunCli

from hlmgraph.validate import validate_path


def _dataset(tmp_path: Path, actors: str) -> Path:
    """A folder holding only ``actors.csv`` with ``actors`` as its text."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    return folder


def _issues(folder: Path) -> list[str]:
    """The issues of the dataset at ``folder``, formatted."""
    _, report = validate_path(folder)
    return [issue.format() for issue in report.issues]


def test_a_day_that_does_not_exist_is_named(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, "id;name;type\na1;A;regie\n")
    (folder / "contracts.csv").write_text("id;name;kind;start\nc1;C;autre;31/02/2028\n", encoding="utf-8")
    assert _issues(folder) == [
        "contracts.csv:2:start: « 31/02/2028 » invalide : date inexistante (février 2028 n'a "
        "que 29 jours)"
    ]


def test_one_value_too_many_is_counted(tmp_path: Path) -> None:
    """An unquoted « ; » in a name: the row has 4 values for 3 columns."""
    folder = _dataset(tmp_path, "id;name;type\na1;Régie A; quartier nord;regie\na2;B;regie;;\n")
    issues = _issues(folder)
    assert issues[0] == (
        "actors.csv:2: la ligne a 4 valeurs pour 3 colonnes : une valeur contient sans doute le "
        "séparateur (« ; » ou « , ») ; mettez-la entre guillemets"
    )
    assert len(issues) == 2 and issues[1].startswith("actors.csv:2:type:")  # a2's empty cells pass


def test_a_stray_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    """The quote opening « "Les Lilas » swallows the next rows: reported at its row, not later."""
    text = 'id;name;type\na1;A;regie\na2;"Les Lilas;regie\na3;C;regie\na4;D;regie\n'
    issues = _issues(_dataset(tmp_path, text))
    assert len(issues) == 1 and issues[0].startswith("actors.csv:3: un guillemet ouvre une valeur ligne 3")


def test_a_quoted_value_on_several_lines_stays_valid(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, 'id;name;type\na1;"Régie A\n; nord";regie\na2;B;regie\n')
    dataset, report = validate_path(folder)
    assert report.valid and dataset is not None
    assert dataset.rows("actors")[0]["name"] == "Régie A\n; nord"


def test_a_value_over_the_csv_limit_is_an_issue(tmp_path: Path) -> None:
    big = "x" * (csv.field_size_limit() + 10)
    issues = _issues(_dataset(tmp_path, f'id;name;type\na1;"{big}";regie\n'))
    assert len(issues) == 1 and issues[0].startswith("actors.csv:2: valeur de plus de 131")


def test_mac_line_ends_are_read(tmp_path: Path) -> None:
    """CR-only line ends (Excel for Mac) read like any other."""
    folder = _dataset(tmp_path, "id;name;type\ra1;A;regie\ra2;B;bailleur\r")
    dataset, report = validate_path(folder)
    assert report.valid, [i.format() for i in report.issues]
    assert dataset is not None and [r["id"] for r in dataset.rows("actors")] == ["a1", "a2"]


def test_xlsx_format_needs_an_xlsx_file(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    result = run_cli("gaps", demo_path, "--format", "xlsx", "--out", tmp_path / "x.csv")
    assert result.returncode == 2
    assert "donnez à --out un nom en .xlsx (pas « x.csv »)" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_as_of_that_does_not_exist(run_cli: RunCli, demo_path: Path) -> None:
    result = run_cli("gaps", demo_path, "--as-of", "31/02/2028")
    assert result.returncode == 2 and "février 2028 n'a que 29 jours" in result.stderr


def test_hlmgraph_alone_prints_the_help(run_cli: RunCli) -> None:
    result = run_cli()
    assert result.returncode == 0
    # click 8.4 prints "COMMAND [ARGS]...", click 8.5 "[COMMAND] [ARGS]...".
    assert result.stdout.startswith("Usage\u202f: hlmgraph [OPTIONS]")
    assert "COMMAND" in result.stdout.splitlines()[0]
    assert "Commandes\u202f:" in result.stdout


def test_click_texts_in_french(run_cli: RunCli) -> None:
    text = run_cli("export", "--help").stdout
    assert "Options\u202f:" in text and "[obligatoire]" in text and "[défaut\u202f: full]" in text
    assert "default" not in text and "required" not in text


def test_debug_keeps_the_exit_codes(run_cli: RunCli, demo_path: Path) -> None:
    """--debug adds the trace but exits 3 for a database error and 1 for bad data, as without it."""
    env = {"NEO4J_PASSWORD": "x", "NEO4J_URI": "bolt://127.0.0.1:9"}
    plain = run_cli("load", demo_path, env=env)
    debug = run_cli("--debug", "load", demo_path, env=env)
    assert plain.returncode == debug.returncode == 3
    assert "Traceback" in debug.stderr and "Traceback" not in plain.stderr
    assert debug.stderr.rstrip().endswith(plain.stderr.rstrip().splitlines()[-1])
    missing = run_cli("--debug", "analyse", demo_path / "absent")
    assert missing.returncode == 1 and "Traceback" in missing.stderr
