"""Read step: raw text tables from a CSV folder or an .xlsx workbook (no typing, no checks)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from hlmgraph import fr, schema
from hlmgraph.entries import kind_of, scan_folder
from hlmgraph.errors import DatasetError, HlmgraphError
from hlmgraph.files import reason_fr
from hlmgraph.findings import Issue, ValidationReport

DELIMITERS = (";", ",", "\t")
"""Delimiters tried on the header line (`;` first: French Excel writes it)."""
MAX_XLSX_BYTES = 200_000_000
"""Uncompressed size beyond which a workbook is refused before it is expanded (zip bombs)."""
MAX_ROWS = 1_000_000
"""Rows read per sheet at most."""
MAX_COLUMNS = 200
"""Header cells read per sheet at most; data rows are read as wide as the header."""


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
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, issue code, French message) of what went wrong while splitting the text."""


@dataclass
class RawDataset:
    """Every table found at a path, with the problems met while reading it."""

    origin: str
    is_workbook: bool
    tables: dict[str, RawTable] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Tables present but unreadable: references to them are not checked."""
    refused: dict[str, str] = field(default_factory=dict)
    """Tables whose folder entry is not a regular file -> what it is (« tube nommé »)."""

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
        if kind := kind_of(target):  # never opened: a FIFO or a device would block or never end
            raise HlmgraphError(f"{target} n'est pas un fichier ordinaire ({kind}) : donnez un "
                                "classeur .xlsx ou un dossier de fichiers CSV.")
        raw = RawDataset(origin=str(target), is_workbook=True)
        _read_workbook(target, raw)
    else:
        raise HlmgraphError(_not_a_dataset_message(target))
    if "actors" not in raw.tables and "actors" not in raw.unreadable:
        raw.issues.append(_missing_actors(raw))
    return raw


def source_files(path: str | os.PathLike[str]) -> list[Path]:
    """The files ``read_raw`` reads at ``path``: the workbook, or the table files of the folder."""
    target = Path(path)
    if target.is_dir():
        return sorted(scan_folder(target).tables.values())
    return [target] if target.is_file() else []


def read_tables(path: str | os.PathLike[str]) -> dict[str, RawTable]:
    """Raw text tables at ``path``, keyed by table name; raises DatasetError if one is unreadable."""
    raw = read_raw(path)
    errors = [issue for issue in raw.issues if not issue.severity]
    if errors:
        raise DatasetError(ValidationReport(errors))
    return raw.tables


# ---------------------------------------------------------------- CSV folder


def _read_folder(folder: Path, raw: RawDataset) -> None:
    """Read the table files of ``folder`` (``entries.scan_folder``), noting what is left aside."""
    entries = scan_folder(folder)
    raw.issues += entries.warnings
    raw.refused = entries.refused
    for name in schema.TABLES:
        file = entries.tables.get(name)
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
    known = {
        schema.fold(name) for columns in schema.TABLES.values() for column in columns
        for name in (column.name, column.french) if name
    }

    def score(delimiter: str) -> tuple[int, int]:
        """(known column names found, number of fields) when splitting on ``delimiter``."""
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(_header_key(c) in known for c in cells), len(cells)

    return max(DELIMITERS, key=score)


def parse_csv_text(text: str, name: str, source: str) -> RawTable:
    """Split decoded CSV text into a RawTable (delimiter detected on the header line).

    Quotes are read strictly: a quote that opens a value and is not closed where
    a value ends (a stray quote that would swallow the next lines), or a value
    over the csv module's size limit, becomes a problem at the row where it
    starts, and reading stops there.
    """
    first_line = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"), maxsplit=1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line), strict=True
    )
    table = RawTable(name=name, source=source)
    line, physical = 0, 0
    try:
        for line, cells in enumerate(reader, start=1):
            physical = reader.line_num
            if line == 1:
                table.header = [c.replace("\ufeff", "").strip() for c in cells]
            elif "".join(cells).strip():  # some cell holds more than spaces
                table.rows.append((line, cells))
    except csv.Error as exc:
        table.problems.append(_csv_problem(exc, line + 1, physical + 1))
    return table


def _csv_problem(exc: csv.Error, line: int, physical: int) -> tuple[int, str, str]:
    """(line, code, French message) of a csv module failure on the row starting at ``physical``."""
    if "field larger than field limit" in str(exc):
        return line, "value-too-long", (
            f"valeur de plus de {fr.number(csv.field_size_limit())} caractères (ligne {physical} "
            "du fichier) : un guillemet jamais refermé ? retirez-le ou doublez-le (\"\") ; la "
            "suite du fichier n'a pas été lue"
        )
    return line, "stray-quote", (
        f"un guillemet ouvre une valeur ligne {physical} du fichier et n'est pas refermé à la fin "
        "de cette valeur : retirez ce guillemet ou doublez-le (\"\") ; la suite du fichier n'a "
        "pas été lue"
    )


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
    from openpyxl import load_workbook  # heavy: imported only when a workbook is read

    try:
        _check_expanded_size(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except _TooBig as exc:
        raw.issues.append(_unreadable(path.name, str(exc)))
        raw.unreadable.update(schema.TABLES)
        return
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
            if name not in sheets:
                continue
            try:
                raw.tables[name] = _read_sheet(workbook[sheets[name]], name, sheets[name])
            except Exception as exc:  # noqa: BLE001 - damaged or hostile sheet XML
                raw.issues.append(_unreadable(sheets[name], (
                    f"feuille illisible ({type(exc).__name__}) : enregistrez à nouveau le classeur "
                    "depuis Excel ou LibreOffice")))
                raw.unreadable.add(name)
    finally:
        workbook.close()


class _TooBig(Exception):
    """A workbook beyond the size hlmgraph expands."""


def _check_expanded_size(path: Path) -> None:
    """Refuse a workbook whose files add up to more than MAX_XLSX_BYTES once uncompressed."""
    with zipfile.ZipFile(path) as archive:
        size = sum(info.file_size for info in archive.infolist())
    if size > MAX_XLSX_BYTES:
        raise _TooBig(
            f"classeur de {fr.number(size / 1e6, 0)} Mo une fois décompressé (au-delà de "
            f"{fr.number(MAX_XLSX_BYTES / 1e6, 0)} Mo) : gardez seulement les feuilles des tables, "
            "ou donnez les tables en CSV"
        )


def _read_sheet(sheet: Any, name: str, title: str) -> RawTable:
    """One worksheet as a RawTable: every cell turned into text, row numbers kept.

    A formula cell without a value saved by the spreadsheet is a problem at its cell.
    """
    table = RawTable(name=name, source=title)
    sheet.reset_dimensions()
    header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    table.header = [cell_text(v).strip() for v in header]
    while table.header and not table.header[-1]:
        table.header.pop()
    width = max(len(table.header), 1)  # values right of the header: found by _scan_cells
    rows = sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 1, max_col=width, values_only=True)
    for line, values in enumerate(rows, start=2):
        cells = [cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            table.rows.append((line, cells))
    if len(table.rows) and table.rows[-1][0] > MAX_ROWS:
        table.rows.pop()
        table.problems.append((MAX_ROWS + 1, "too-many-rows", (
            f"plus de {fr.number(MAX_ROWS)} lignes : la suite de la feuille n'a pas été lue ; "
            "découpez le jeu de données")))
    table.problems += _scan_cells(sheet, table.header)
    return table


def _scan_cells(sheet: Any, header: list[str]) -> list[tuple[int, str, str]]:
    """Problems of single cells, found by streaming the sheet's XML without expanding it.

    A formula whose value the spreadsheet did not save, and a value right of the
    last header cell (one per row), each at its row.
    """
    found: list[tuple[int, str, str]] = []
    past_header: set[int] = set()
    with sheet._get_source() as source:  # the sheet's XML, streamed
        for _, element in ElementTree.iterparse(source):
            if element.tag == _CELL:
                problem = _cell_problem(element, header, past_header)
                if problem is not None:
                    found.append(problem)
            element.clear()
    return found


def _cell_problem(element: Any, header: list[str], past_header: set[int]) -> tuple[int, str, str] | None:
    """The problem of one ``<c>`` element, if any (see ``_scan_cells``)."""
    ref = element.get("r", "")
    letters = ref.rstrip("0123456789")
    line, index = int(ref[len(letters):] or 0), _column_number(letters) - 1
    value = element.find(_VALUE)
    saved = value is not None and bool(value.text) or element.find(_INLINE) is not None
    if element.find(_FORMULA) is not None and not saved:
        column = header[index] if 0 <= index < len(header) else letters
        return line, "formula-without-value", (
            f"formule sans valeur enregistrée en {ref} (colonne « {column} ») : ouvrez le "
            "classeur dans Excel ou LibreOffice, laissez-le calculer et enregistrez-le")
    if index >= len(header) and saved and line > 1 and line not in past_header:
        past_header.add(line)
        return line, "too-many-values", (
            f"valeur en {ref}, à droite de la dernière colonne d'en-tête : donnez un en-tête à "
            "cette colonne ou videz la cellule")
    return None


def _column_number(letters: str) -> int:
    """The 1-based number of a spreadsheet column (``A`` -> 1, ``AB`` -> 28); 0 for none."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _FORMULA, _VALUE, _INLINE = f"{_NS}c", f"{_NS}f", f"{_NS}v", f"{_NS}is"


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
    """A header cell as a column key: outer spaces removed, folded (case, accents, hyphens)."""
    return schema.fold(text.replace("\ufeff", ""))


def _unreadable(source: str, reason: str) -> Issue:
    """An unreadable-file issue."""
    return Issue("unreadable-file", source, None, "", f"fichier illisible : {reason}")


def _missing_actors(raw: RawDataset) -> Issue:
    """The missing-file issue for the one required table."""
    if raw.is_workbook:
        message = "feuille « actors » absente du classeur : ajoutez-la (une ligne par organisation)"
    elif "actors" in raw.refused:
        message = (f"actors.csv n'est pas un fichier ordinaire ({raw.refused['actors']}) : "
                   "remplacez-le par un fichier CSV (une ligne par organisation)")
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
