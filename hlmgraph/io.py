"""Read step: raw text tables from a CSV folder or an .xlsx workbook, then the typed dataset."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hlmgraph import schema
from hlmgraph.errors import DatasetError, HlmgraphError
from hlmgraph.output import reason_fr

if TYPE_CHECKING:
    import networkx as nx

    from hlmgraph.dataset import Dataset
    from hlmgraph.validate import Issue

DELIMITERS = (";", ",", "\t")
"""Delimiters tried on the header line (`;` first: French Excel writes it)."""


@dataclass
class RawTable:
    """The text of one input file or sheet, before any parsing.

    ``header`` holds the column names as written (outer spaces removed);
    ``rows`` holds ``(line, cells)`` for every non-empty data row, ``line``
    being the row number a spreadsheet shows (header = 1).
    """

    name: str
    source: str
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class RawDataset:
    """Every table found at a path, with the problems met while reading it."""

    origin: str
    is_workbook: bool
    tables: dict[str, RawTable] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Tables present but unreadable: references to them are not checked."""

    def source_name(self, table: str) -> str:
        """How issues name ``table``: its file name in a folder, its sheet name in a workbook."""
        if table in self.tables:
            return self.tables[table].source
        return table if self.is_workbook else f"{table}.csv"


def read_raw(path: str | os.PathLike[str]) -> RawDataset:
    """Read every known table at ``path`` (CSV folder or .xlsx) as text, noting read problems."""
    target = Path(path)
    if not target.exists():
        raise HlmgraphError(
            f"Le chemin {target} n'existe pas : donnez un dossier de fichiers CSV ou un classeur .xlsx."
        )
    if target.is_dir():
        raw = RawDataset(origin=str(target), is_workbook=False)
        _read_folder(target, raw)
    elif target.suffix.lower() in (".xlsx", ".xlsm"):
        raw = RawDataset(origin=str(target), is_workbook=True)
        _read_workbook(target, raw)
    else:
        raise HlmgraphError(_not_a_dataset_message(target))
    if "actors" not in raw.tables and "actors" not in raw.unreadable:
        raw.issues.append(_missing_actors(raw))
    return raw


def read_tables(path: str | os.PathLike[str]) -> dict[str, RawTable]:
    """Raw text tables at ``path``, keyed by table name; raises DatasetError if one is unreadable."""
    raw = read_raw(path)
    if raw.issues:
        from hlmgraph.validate import ValidationReport

        raise DatasetError(ValidationReport(raw.issues))
    return raw.tables


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read and validate the dataset at ``path``; raises DatasetError listing every problem."""
    from hlmgraph.validate import validate_path

    dataset, report = validate_path(path)
    if dataset is None:
        raise DatasetError(report)
    return dataset


def load_graph(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The full model graph of the dataset at ``path``."""
    from hlmgraph.model import build_graph

    return build_graph(load_dataset(path))


# ---------------------------------------------------------------- CSV folder


def _read_folder(folder: Path, raw: RawDataset) -> None:
    """Read the known CSV files of ``folder`` (file names matched case-insensitively)."""
    files = {p.name.lower(): p for p in sorted(folder.iterdir(), reverse=True) if p.is_file()}
    for name in schema.TABLES:
        file = files.get(f"{name}.csv")
        if file is None:
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            raw.issues.append(_unreadable(file.name, f"lecture impossible ({reason_fr(exc)})"))
            raw.unreadable.add(name)
            continue
        text = decode(data)
        if text is None:
            raw.issues.append(_unreadable(file.name, _encoding_hint(data)))
            raw.unreadable.add(name)
            continue
        raw.tables[name] = parse_csv_text(text, name, file.name)


def decode(data: bytes) -> str | None:
    """Text of a CSV file in UTF-8 (with or without BOM) or Windows-1252; None otherwise."""
    if b"\x00" in data:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def detect_delimiter(first_line: str) -> str:
    """The delimiter of a CSV header line: the one that finds most known column names."""
    known = {column.name for columns in schema.TABLES.values() for column in columns}

    def score(delimiter: str) -> tuple[int, int]:
        """(known column names found, number of fields) when splitting on ``delimiter``."""
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_header_key(c) in known for c in cells), len(cells)

    return max(DELIMITERS, key=score)


def parse_csv_text(text: str, name: str, source: str) -> RawTable:
    """Split decoded CSV text into a RawTable (delimiter detected on the header line)."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))
    table = RawTable(name=name, source=source)
    for line, cells in enumerate(reader, start=1):
        if line == 1:
            table.header = [c.replace("\ufeff", "").strip() for c in cells]
        elif any(c.strip() for c in cells):
            table.rows.append((line, cells))
    return table


def _encoding_hint(data: bytes) -> str:
    """Why a CSV file could not be decoded, and what to do."""
    if b"\x00" in data:
        return (
            "fichier en UTF-16 ou binaire : enregistrez-le depuis Excel au format "
            "« CSV UTF-8 » ou « CSV (séparateur : point-virgule) »"
        )
    return "encodage non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252"


# ---------------------------------------------------------------- workbook


def _read_workbook(path: Path, raw: RawDataset) -> None:
    """Read the sheets of an .xlsx workbook named like the tables (other sheets are ignored)."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        reason = type(exc).__name__
        raw.issues.append(
            _unreadable(path.name, f"classeur illisible ({reason}) : enregistrez-le au format .xlsx")
        )
        raw.unreadable.update(schema.TABLES)
        return
    try:
        sheets = {title.strip().lower().removesuffix(".csv"): title for title in workbook.sheetnames}
        for name in schema.TABLES:
            if name in sheets:
                raw.tables[name] = _read_sheet(workbook[sheets[name]], name, sheets[name])
    finally:
        workbook.close()


def _read_sheet(sheet: Any, name: str, title: str) -> RawTable:
    """One worksheet as a RawTable: every cell turned into text, row numbers kept."""
    table = RawTable(name=name, source=title)
    sheet.reset_dimensions()
    for line, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        cells = [cell_text(v) for v in values]
        if line == 1:
            table.header = [c.strip() for c in cells]
        elif any(c.strip() for c in cells):
            table.rows.append((line, cells))
    return table


def cell_text(value: Any) -> str:
    """A spreadsheet cell as input text: dates in ISO, 12.0 as 12, empty as ''."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- helpers


def _header_key(text: str) -> str:
    """A header cell as a column key: outer spaces removed, lower case."""
    return text.replace("\ufeff", "").strip().lower()


def _unreadable(source: str, reason: str) -> Issue:
    """An unreadable-file issue."""
    from hlmgraph.validate import Issue

    return Issue("unreadable-file", source, None, "", f"fichier illisible : {reason}")


def _missing_actors(raw: RawDataset) -> Issue:
    """The missing-file issue for the one required table."""
    from hlmgraph.validate import Issue

    if raw.is_workbook:
        message = "feuille « actors » absente du classeur : ajoutez-la (une ligne par organisation)"
    else:
        message = "fichier actors.csv absent du dossier : ajoutez-le (une ligne par organisation)"
    return Issue("missing-file", raw.source_name("actors"), None, "", message)


def _not_a_dataset_message(target: Path) -> str:
    """Why ``target`` is not a dataset, and what to give instead."""
    if target.suffix.lower() == ".csv":
        return (
            f"{target} est un fichier CSV isolé : donnez le dossier qui contient actors.csv "
            "et les autres fichiers."
        )
    if target.suffix.lower() in (".xls", ".ods"):
        return f"{target} n'est pas au format .xlsx : enregistrez le classeur au format .xlsx."
    return f"{target} n'est ni un dossier de fichiers CSV ni un classeur .xlsx : donnez l'un ou l'autre."
