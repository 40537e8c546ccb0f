"""Tests of the shared writing helpers (atomic files, record tables)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hlmgraph.errors import OutputError
from hlmgraph.files import atomic_path
from hlmgraph.output import render_records, write_records, write_workbook

RECORDS = [
    {"id": "a", "n": 1.5, "tags": ["x", "y"], "when": dt.date(2024, 1, 2), "none": None},
    {"id": "b", "n": 2, "tags": [], "when": None, "none": None},
]
COLUMNS = ["id", "n", "tags", "when", "none"]


def test_csv_joins_lists_and_writes_iso_dates() -> None:
    text = render_records(RECORDS, COLUMNS, "csv")
    assert text.splitlines() == ["id,n,tags,when,none", "a,1.5,x|y,2024-01-02,", "b,2,,,"]


def test_json_is_a_list_of_objects() -> None:
    data = json.loads(render_records(RECORDS, COLUMNS, "json"))
    assert data[0] == {"id": "a", "n": 1.5, "tags": ["x", "y"], "when": "2024-01-02", "none": None}


def test_table_aligns_columns() -> None:
    lines = render_records(RECORDS, ["id", "n"], "table").splitlines()
    assert lines[0].split() == ["id", "n"]
    assert lines[2].split() == ["a", "1,5"]  # French decimal comma on screen


def test_atomic_path_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("partial")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="Impossible d'écrire"):
        write_records(RECORDS, COLUMNS, "csv", blocker / "sub" / "out.csv")


def test_xlsx_is_byte_identical_for_the_same_content(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook({"données": (RECORDS, COLUMNS)}, first)
    write_workbook({"données": (RECORDS, COLUMNS)}, second)
    assert first.read_bytes() == second.read_bytes()
    rows = list(load_workbook(first).active.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS)
    assert rows[1][2] == "x|y"


def test_xlsx_needs_an_output_file() -> None:
    with pytest.raises(OutputError, match="--out"):
        write_records(RECORDS, COLUMNS, "xlsx", None)


def test_xlsx_text_starting_with_equals_is_not_a_formula(tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    write_workbook({"d": ([{"name": '=HYPERLINK("http://x","y")'}], ["name"])}, out)
    cell = load_workbook(out).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x","y")'


def test_csv_quotes_carriage_returns() -> None:
    text = render_records([{"id": "a\rb"}], ["id"], "csv")
    assert text == 'id\r\n"a\rb"\r\n'


def test_written_files_get_usual_permissions(tmp_path: Path) -> None:
    from hlmgraph.files import write_text

    write_text(tmp_path / "x.txt", "x")
    assert (tmp_path / "x.txt").stat().st_mode & 0o044 == 0o044


def test_atomic_paths_refuse_a_folder_and_a_path_under_a_file(tmp_path: Path) -> None:
    from hlmgraph.files import atomic_paths

    with pytest.raises(OutputError, match="est un dossier"), atomic_paths([tmp_path]):
        pass
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="est un fichier, pas un dossier"):
        with atomic_paths([tmp_path / "ok.txt", tmp_path / "f" / "x.txt"], ["--out", "--xlsx"]):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]
