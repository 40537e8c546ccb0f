"""Tests of reading datasets (io.py): dialects, encodings, workbooks and path errors."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from hlmgraph.dataset import Dataset
from hlmgraph.errors import DatasetError, HlmgraphError
from hlmgraph.pipeline import load_dataset, load_graph
from hlmgraph.read import cell_text, detect_delimiter, read_tables
from hlmgraph.validate import validate_path

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"


def known_rows(dataset: Dataset, table: str) -> list[dict[str, Any]]:
    """Rows of ``table`` without its extra columns."""
    extras = set(dataset.tables[table].extra_columns)
    return [{k: v for k, v in row.items() if k not in extras} for row in dataset.rows(table)]


def csv_records(table: str) -> list[list[str]]:
    """Records of one file of the valid dataset."""
    with (VALID / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write sheets of raw cell values to an .xlsx file."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def typed_cell(column: str, text: str) -> Any:
    """A valid-dataset cell as Excel would store it: real dates, numbers as floats or ints."""
    if not text:
        return None
    if column in ("start", "end"):
        return dt.datetime.fromisoformat(text)
    if column in ("amount_eur", "dwellings"):
        return float(text)
    if column in ("population", "siren"):
        return int(text)
    return text


def valid_as_workbook(path: Path) -> Path:
    """The valid dataset as one workbook with typed cells and a lisez-moi sheet."""
    sheets: dict[str, list[list[Any]]] = {"Lisez-moi": [["Notice"], ["id : identifiant"]]}
    for table in ("actors", "territories", "contracts", "parties", "coverage", "presence",
                  "memberships"):
        records = csv_records(table)
        header = records[0]
        rows = [[typed_cell(c, v) for c, v in zip(header, r, strict=True)] for r in records[1:]]
        sheets[table.capitalize() if table == "actors" else table] = [header, *rows]
    return write_workbook(path, sheets)


def test_messy_french_excel_export_reads_like_the_clean_one() -> None:
    clean, messy = load_dataset(VALID), load_dataset(DATA / "messy")
    for table in clean.tables:
        assert known_rows(messy, table) == clean.rows(table), table
    assert messy.tables["actors"].extra_columns == ["commentaire"]
    assert messy.rows("actors")[2]["commentaire"] == "« régie » de quartier"
    assert messy.tables["actors"].source == "Actors.CSV"
    assert messy.tables["actors"].lines[:3] == [2, 3, 5]


def test_typed_values() -> None:
    dataset = load_dataset(VALID)
    contract = dataset.rows("contracts")[1]
    assert contract["start"] == dt.date(2024, 1, 1)
    assert contract["amount_eur"] == 1250000.0
    assert contract["themes"] == ["gestion urbaine de proximité"]
    assert dataset.rows("contracts")[0]["themes"] == ["cohésion sociale", "emploi"]
    assert dataset.rows("presence")[0]["dwellings"] == 3200
    assert dataset.rows("territories")[0]["population"] == 5997734
    assert dataset.rows("actors")[2]["siren"] is None
    assert dataset.tables["parties"].lines == list(range(2, 13))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters_are_detected(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    for table in ("actors", "territories"):
        with (tmp_path / f"{table}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, delimiter=delimiter).writerows(csv_records(table))
    dataset = load_dataset(tmp_path)
    assert dataset.rows("actors") == load_dataset(VALID).rows("actors")


def test_detect_delimiter_prefers_known_columns() -> None:
    assert detect_delimiter("id;name;type") == ";"
    assert detect_delimiter("id,name,type") == ","
    assert detect_delimiter('"id";"name, long";"type"') == ";"
    assert detect_delimiter("id") == ";"


def test_workbook_reads_like_the_csv_folder(tmp_path: Path) -> None:
    workbook = valid_as_workbook(tmp_path / "jeu.xlsx")
    clean, from_xlsx = load_dataset(VALID), load_dataset(workbook)
    for table in clean.tables:
        assert from_xlsx.rows(table) == clean.rows(table), table
    assert from_xlsx.tables["actors"].source == "Actors"


def test_workbook_issues_name_the_sheet(tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "jeu.xlsx", {
        "actors": [["id", "name", "type"], ["a", "A", "regie"], [None, None, None],
                   ["b", "B", "régie de territoire"]],
        "contracts": [["id", "name", "kind", "start"], ["c", "C", "autre", "2024-02-30"]],
    })
    _, report = validate_path(workbook)
    assert [i.format().split(": ")[0] for i in report.issues] == [
        "actors:4:type", "contracts:2:start"
    ]


def test_workbook_without_actors_sheet(tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "jeu.xlsx", {"lisez-moi": [["rien"]]})
    _, report = validate_path(workbook)
    assert [i.format() for i in report.issues] == [
        "actors: feuille « actors » absente du classeur : ajoutez-la (une ligne par organisation)"
    ]


def test_damaged_workbook_is_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "jeu.xlsx"
    path.write_bytes(b"ceci n'est pas un classeur")
    _, report = validate_path(path)
    assert [i.code for i in report.issues] == ["unreadable-file"]
    assert report.issues[0].file == "jeu.xlsx"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (dt.datetime(2024, 1, 31), "2024-01-31"),
        (dt.datetime(2024, 1, 31, 10, 30), "2024-01-31 10:30:00"),
        (dt.date(2024, 1, 31), "2024-01-31"),
        (12.0, "12"),
        (12.5, "12.5"),
        (552100554, "552100554"),
        (" x ", " x "),
    ],
)
def test_cell_text(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_read_tables_gives_raw_text() -> None:
    tables = read_tables(DATA / "messy")
    actors = tables["actors"]
    assert actors.header[:3] == ["ID", "Name", "Type"]
    assert actors.rows[0][0] == 2 and actors.rows[0][1][0] == "bailleur-lmh"
    assert set(tables) == {"actors", "territories", "contracts", "parties", "coverage",
                           "presence", "memberships"}


def test_read_tables_raises_on_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_bytes("id,name,type\n".encode("utf-16"))
    with pytest.raises(DatasetError) as caught:
        read_tables(tmp_path)
    assert caught.value.report.issues[0].code == "unreadable-file"


def test_load_dataset_raises_dataset_error_with_every_issue() -> None:
    with pytest.raises(DatasetError) as caught:
        load_dataset(DATA / "invalid")
    assert len(caught.value.report.issues) == 15
    assert "15 problèmes" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("absent", "n'existe pas"),
        ("actors.csv", "donnez le dossier qui contient actors.csv"),
        ("jeu.xls", "enregistrez le classeur au format .xlsx"),
        ("notes.txt", "ni un dossier de fichiers CSV ni un classeur .xlsx"),
    ],
)
def test_path_errors_are_clear_french_sentences(tmp_path: Path, name: str, phrase: str) -> None:
    path = tmp_path / name
    if name != "absent":
        path.write_text("x")
    with pytest.raises(HlmgraphError) as caught:
        load_dataset(path)
    assert phrase in str(caught.value)
    assert not isinstance(caught.value, DatasetError)


def test_load_graph_builds_the_model_graph() -> None:
    G = load_graph(VALID)
    assert G.number_of_nodes() == 9 + 7 + 5
    assert G.nodes["mel"]["label"] == "Actor" and G.nodes["mel"]["type"] == "collectivite"
    assert G.nodes["tfpb-lmh-2024"]["amount_eur"] == 1250000.0
    assert G.edges["prefecture-59", "cdv-mel-2024", "PARTY_TO"]["role"] == "signataire"
    assert G.has_edge("qpv:QN05905M", "commune:59350", "PART_OF")
    assert G.edges["bailleur-lmh", "qpv:QN05905M", "PRESENT_IN"]["dwellings"] == 3200
