"""Hardening against hostile data and paths (issue 12): one test per line of the attack."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from conftest import RunCli
from openpyxl import load_workbook

from hlmgraph.errors import ConfigError
from hlmgraph.exports import export_graph
from hlmgraph.gaps import default_rules_text, load_rules
from hlmgraph.output import EXCEL_FR, RFC4180, render_records, write_records
from hlmgraph.templates import WORKBOOK_NAME, write_templates
from hlmgraph.validate import validate_path

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]
SAFE = ["-12", "-12,5", "+3.5", "-1 200,5", "Régie = quartier", "a-b"]


def _cells(text: str, delimiter: str) -> list[list[str]]:
    """The rows of CSV text."""
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize(("dialect", "delimiter"), [(EXCEL_FR, ";"), (RFC4180, ",")])
def test_csv_cells_never_start_a_formula(dialect: str, delimiter: str) -> None:
    """Text starting with = + - @ tab or CR gets a leading quote; numbers and other text do not."""
    records = [{"id": value, "name": value} for value in HOSTILE + SAFE]
    rows = _cells(render_records(records, ["id", "name"], "csv", "", dialect), delimiter)[1:]
    assert [row[0] for row in rows[: len(HOSTILE)]] == ["'" + value for value in HOSTILE]
    assert [row[0] for row in rows[len(HOSTILE):]] == SAFE


def test_numbers_stay_numbers_in_csv() -> None:
    rows = _cells(render_records([{"x": -1.5, "y": -3}], ["x", "y"], "csv"), ",")
    assert rows[1] == ["-1.5", "-3"]


def test_gephi_csv_names_and_labels_are_inert(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("=a", label="Actor", name="=cmd|' /C calc'!A0", type="regie", id="=a")
    export_graph(G, "csv", tmp_path / "csv")
    rows = _cells((tmp_path / "csv" / "nodes.csv").read_text(encoding="utf-8"), ",")
    header, row = rows[0], rows[1]
    assert row[header.index("Id")] == "'=a"
    assert row[header.index("Label")] == "'=cmd|' /C calc'!A0"


def test_a_control_character_never_breaks_an_xlsx(tmp_path: Path) -> None:
    """The character is replaced, the row stays."""
    out = tmp_path / "x.xlsx"
    write_records([{"id": "a\x01b", "name": "ok\x1b[31m"}], ["id", "name"], "xlsx", out)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1] == ("a\ufffdb", "ok\ufffd[31m")


def test_control_characters_from_data_never_reach_the_terminal(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Tables and messages show \\x1b, \\r and direction marks escaped, never raw."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id;name;type\na1;Régie\x1b[2J\u202e;regie\na2;\"B\r\";bailleur\n", encoding="utf-8"
    )
    table = run_cli("analyse", folder)
    assert table.returncode == 0, table.stderr
    assert "Régie\\x1b[2J\\u202e" in table.stdout
    assert not {"\x1b", "\r", "\u202e"} & set(table.stdout + table.stderr)
    (folder / "actors.csv").write_text("id;name;type\na1;A;\x1b[31mregie\x07\n", encoding="utf-8")
    invalid = run_cli("validate", folder)
    assert invalid.returncode == 1 and "\\x1b[31mregie\\x07" in invalid.stderr
    assert not {"\x1b", "\x07"} & set(invalid.stderr)


def test_dev_null_is_written_and_stays_a_device(run_cli: RunCli, demo_path: Path) -> None:
    result = run_cli("gaps", demo_path, "--format", "csv", "--out", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(Path("/dev").glob(".null.*"))


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/dev/full").exists(), reason="needs root")
def test_dev_full_as_root_stays_a_device(run_cli: RunCli, demo_path: Path) -> None:
    """Writing to /dev/full fails with « disque plein » and never turns it into a file."""
    result = run_cli("gaps", demo_path, "--format", "csv", "--out", "/dev/full")
    assert result.returncode == 1 and "disque plein" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_refused_before_any_work(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    result = run_cli("gaps", demo_path, "--format", "csv", "--out", fifo)
    assert result.returncode == 1 and "n'est pas un fichier ordinaire" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_an_input_file_is_never_an_output(run_cli: RunCli, tmp_path: Path) -> None:
    """report data.xlsx --xlsx data.xlsx and analyse DS --out DS/actors.csv are refused."""
    folder = tmp_path / "ds"
    shutil.copytree(Path(__file__).parent / "data" / "valid", folder)
    before = (folder / "actors.csv").read_bytes()
    csv_out = run_cli("analyse", folder, "--format", "csv", "--out", folder / "actors.csv")
    assert csv_out.returncode == 1 and "fichier du jeu de données lu" in csv_out.stderr
    assert (folder / "actors.csv").read_bytes() == before
    write_templates(tmp_path / "wb", xlsx=True)
    workbook = tmp_path / "wb" / WORKBOOK_NAME
    data = workbook.read_bytes()
    report = run_cli("report", workbook, "--out", tmp_path / "r.html", "--xlsx", workbook)
    assert report.returncode == 1 and "fichier du jeu de données lu" in report.stderr
    assert workbook.read_bytes() == data and not (tmp_path / "r.html").exists()


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    """An .xlsx with one « actors » sheet holding ``rows`` (openpyxl writes no cached values)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "actors"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_formula_without_saved_value_is_an_error_at_its_cell(tmp_path: Path) -> None:
    """Today such a cell became empty (an end date silently open-ended)."""
    path = _workbook(tmp_path / "f.xlsx", [["id", "name", "type"], ["a1", "=UPPER(\"x\")", "regie"]])
    _, report = validate_path(path)
    assert [(i.code, i.line) for i in report.issues][0] == ("formula-without-value", 2)
    assert "B2 (colonne « name »)" in report.issues[0].message


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """A shared strings part of 300 MB compressing to a few hundred KB: refused, not read."""
    path = _workbook(tmp_path / "b.xlsx", [["id", "name", "type"], ["a1", "A", "regie"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/padding.xml", "w", force_zip64=True) as handle:
            block = b" " * 1_000_000
            for _ in range(300):
                handle.write(block)
    assert path.stat().st_size < 2_000_000
    _, report = validate_path(path)
    assert [i.code for i in report.issues] == ["unreadable-file"]
    assert "une fois décompressé" in report.issues[0].message


def test_cells_past_the_columns_are_not_read_and_counted(tmp_path: Path) -> None:
    """A value far right of the header is one value too many, without reading 16 000 columns."""
    far = ["a1", "A", "regie"] + [None] * 16000 + ["x"]
    path = _workbook(tmp_path / "w.xlsx", [["id", "name", "type"], far])
    _, report = validate_path(path)
    assert [i.code for i in report.issues] == ["too-many-values"]


def test_damaged_sheet_xml_is_an_issue_not_a_crash(run_cli: RunCli, tmp_path: Path) -> None:
    source = _workbook(tmp_path / "ok.xlsx", [["id", "name", "type"], ["a1", "A", "regie"]])
    damaged = tmp_path / "abime.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(damaged, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # truncated XML
            new.writestr(info, data)
    result = run_cli("validate", damaged)
    assert result.returncode == 1, result.stderr
    assert "feuille illisible" in result.stderr and "Erreur inattendue" not in result.stderr


def _rules(tmp_path: Path, text: str) -> Path:
    """A rules file: the shipped rules with ``text`` appended."""
    path = tmp_path / "regles.toml"
    path.write_text(default_rules_text() + text, encoding="utf-8")
    return path


def test_rules_beyond_sane_limits_are_refused(tmp_path: Path) -> None:
    """months over 1,200, a message with a width or precision, a file over 1 MB."""
    rule = '\n[[rule]]\nid = "x"\nform = "expiry"\nkinds = "any"\nmonths = {months}\nmessage = "{message}"\n'
    with pytest.raises(ConfigError, match="months vaut au plus 1200"):
        load_rules(_rules(tmp_path, rule.format(months=10**9, message="fin")))
    for spec in ("{territory_name:>100000000}", "{dwellings:.99999f}", "{territory_name!r}"):
        with pytest.raises(ConfigError, match="sans format"):
            load_rules(_rules(tmp_path, rule.format(months=12, message=spec)))
    big = tmp_path / "gros.toml"
    big.write_text(default_rules_text() + "#" * 1_000_001, encoding="utf-8")
    with pytest.raises(ConfigError, match="plus de 1 Mo"):
        load_rules(big)


def test_rules_from_dev_zero_are_refused_quickly(run_cli: RunCli, demo_path: Path) -> None:
    result = run_cli("gaps", demo_path, "--rules", "/dev/zero", timeout=60)
    assert result.returncode == 1 and "plus de 1 Mo" in result.stderr
