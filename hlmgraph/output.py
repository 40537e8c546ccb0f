"""Writing step shared by commands: atomic files and record tables (table, csv, json, xlsx)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from hlmgraph import fr, jsontext
from hlmgraph.columns import RecordType, column, excel_fr_cell, headers, typed_cell
from hlmgraph.columns import readme as readme_of
from hlmgraph.errors import OutputError
from hlmgraph.files import atomic_path, write_text
from hlmgraph.xlsx import Readme, add_readme, format_table

TEXT_FORMATS: tuple[str, ...] = ("table", "csv", "json")
"""Record formats written as text (to a file or the terminal)."""
FORMATS: tuple[str, ...] = (*TEXT_FORMATS, "xlsx")
"""Every record format (xlsx needs an output file)."""
CSV_DIALECTS: tuple[str, ...] = ("excel-fr", "rfc4180")
"""CSV of the people's files: French Excel (default of their commands) or RFC 4180 (tools)."""
EXCEL_FR, RFC4180 = CSV_DIALECTS
BOM = "\ufeff"
"""UTF-8 byte order mark: Excel then reads the file as UTF-8."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d \u00a0\u202f]*(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal would obey rather than show (newline and tab excepted)."""
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters an .xlsx cell cannot hold (openpyxl refuses them)."""


def cell(value: Any) -> Any:
    """A value as a flat table cell: lists joined by '|', dates in ISO, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "|".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render_records(
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    record_type: RecordType = "",
    dialect: str = RFC4180,
) -> str:
    """Render records as text in ``table``, ``csv`` or ``json`` format.

    CSV in the ``excel-fr`` dialect (people's files): ``;``, French headers of
    ``record_type`` (``columns.TABLES``), decimal comma, dates dd/mm/yyyy; the
    BOM is added by ``write_records`` when writing a file. ``rfc4180``: ``,``,
    the field names, dot decimals, ISO dates.
    """
    if fmt == "json":
        return jsontext.dumps([_jsonable(r) for r in records], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv" and dialect == EXCEL_FR:
        kinds = [column(record_type, c).kind for c in columns]
        rows = ([excel_fr_cell(r.get(c), k) for c, k in zip(columns, kinds, strict=True)] for r in records)
        return csv_text(headers(record_type, columns), rows, delimiter=";")
    if fmt == "csv":
        return csv_text(columns, ([cell(record.get(c)) for c in columns] for record in records))
    if fmt == "table":
        return _text_table(records, columns, headers(record_type, columns))
    raise ValueError(f"unknown text format {fmt!r}")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",") -> str:
    """CSV text: a header line then one line per row, CRLF line ends (RFC 4180 with ``,``).

    Every cell is ``inert``: a spreadsheet opening the file never runs a formula from data.
    """
    buffer = io.StringIO()
    # CRLF as RFC 4180 says: with a plain LF terminator a lone CR in a cell stays unquoted
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([inert(c) for c in header])
    writer.writerows([inert(c) for c in row] for row in rows)
    return buffer.getvalue()


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet reads as text, never as a formula (OWASP CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'``, unless it is a plain number (« -12,5 »).
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_records(
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: str | os.PathLike[str] | None,
    sheet: str = "données",
    record_type: RecordType = "",
    dialect: str = RFC4180,
) -> str | None:
    """Write records to ``out`` in ``fmt``; return the text instead when ``out`` is None.

    With a ``record_type`` (``gap``, ``measure``, ``recommendation``…), a
    workbook has French headers and a « Lisez-moi » sheet explaining each
    column; an ``excel-fr`` CSV file starts with a UTF-8 BOM.
    """
    if fmt == "xlsx":
        if out is None:
            raise OutputError("Le format xlsx demande un fichier de sortie : ajoutez --out FICHIER.xlsx.")
        _write_people_workbook(records, columns, out, sheet, record_type)
        return None
    text = render_records(records, columns, fmt, record_type, dialect)
    if out is None:
        return text
    write_text(out, (BOM if fmt == "csv" and dialect == EXCEL_FR else "") + text)
    return None


def _write_people_workbook(
    records: Sequence[dict[str, Any]], columns: Sequence[str], out: str | os.PathLike[str],
    sheet: str, record_type: RecordType,
) -> None:
    """One sheet of typed values under French headers, with its « Lisez-moi » sheet."""
    if not record_type:
        write_workbook({sheet: (records, columns)}, out)
        return
    names = headers(record_type, columns)
    kinds = [column(record_type, c).kind for c in columns]
    rows = [{n: typed_cell(r.get(c), k) for n, c, k in zip(names, columns, kinds, strict=True)}
            for r in records]
    readme = Readme(f"{sheet[:1].upper()}{sheet[1:]} ({fr.count(len(rows), 'ligne')})",
                    [f"Une ligne par enregistrement ; feuille « {sheet} »."], readme_of(record_type, columns))
    write_workbook({sheet: (rows, names)}, out, readme)


def write_workbook(
    sheets: dict[str, tuple[Sequence[dict[str, Any]], Sequence[str]]],
    out: str | os.PathLike[str],
    readme: Readme | None = None,
) -> None:
    """Write several record tables as the sheets of one .xlsx workbook, atomically."""
    with atomic_path(out) as tmp:
        save_workbook(build_workbook(sheets, readme), tmp)


def build_workbook(
    sheets: dict[str, tuple[Sequence[dict[str, Any]], Sequence[str]]], readme: Readme | None = None
) -> Any:
    """An openpyxl workbook holding record tables as formatted sheets (text never a formula).

    Each sheet: frozen header, autofilter, fitted widths, real dates (``xlsx.format_table``);
    ``readme`` adds a « Lisez-moi » sheet first.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, (records, columns) in sheets.items():
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append([_xlsx_cell(c) for c in columns])
        for record in records:
            sheet.append([_xlsx_cell(record.get(c)) for c in columns])
        for row in sheet.iter_rows(min_row=2):
            for xlsx_cell in row:
                if xlsx_cell.data_type == "f":
                    xlsx_cell.data_type = "s"  # data, never a live formula
        format_table(sheet)
    if readme is not None:
        add_readme(workbook, readme)
    return workbook


def save_workbook(workbook: Any, path: Path) -> None:
    """Save an openpyxl workbook with fixed zip timestamps (same content, same bytes)."""
    workbook.save(path)
    _fix_zip_dates(path)


def _xlsx_cell(value: Any) -> Any:
    """A value as an .xlsx cell (dates stay dates, lists are joined, XML-illegal characters replaced)."""
    if isinstance(value, list | tuple | set):
        value = "|".join(str(v) for v in value)
    if isinstance(value, str):
        return _XLSX_ILLEGAL.sub("\ufffd", value)
    return value


def _fix_zip_dates(path: Path) -> None:
    """Rewrite an .xlsx with fixed timestamps so the same content gives identical bytes."""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _strip_core_dates(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(fixed, content)
    path.write_bytes(data.getvalue())


def _strip_core_dates(content: bytes) -> bytes:
    """Replace the created/modified stamps of docProps/core.xml by a fixed date."""
    return re.sub(rb">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<", b">2024-01-01T00:00:00Z<", content)


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    """A record with dates as ISO text and sets as sorted lists."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, set):
            value = sorted(value)
        out[key] = value
    return out


def _text_table(
    records: Sequence[dict[str, Any]], columns: Sequence[str], titles: Sequence[str]
) -> str:
    """A plain aligned text table for the terminal, headed by the French ``titles``."""
    last = len(columns) - 1
    rows = [
        [_short(cell(r.get(c)), None if i == last else 60) for i, c in enumerate(columns)]
        for r in records
    ]
    widths = [max([len(t)] + [len(row[i]) for row in rows]) for i, t in enumerate(titles)]
    widths[last:] = [0] * len(widths[last:])  # the last column is printed whole, unpadded
    lines = ["  ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * max(w, len(t)) for t, w in zip(titles, widths, strict=True)))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def _short(value: Any, limit: int | None = 60) -> str:
    """A cell as text, cut to ``limit`` characters for the terminal (None: whole)."""
    text = visible(_terminal_cell(value))
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _terminal_cell(value: Any) -> str:
    """A value as people read it: « 1 470 », « 0,25 », « oui »; lists joined, text as is."""
    if isinstance(value, bool | int):
        return fr.number(value)
    if isinstance(value, float):
        return f"{value:.6g}".replace(".", ",") if value == value else ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return fr.short_date(value)
    return str(cell(value))


def visible(text: str) -> str:
    """``text`` fit for a terminal: control, escape and direction characters shown as ``\\x1b``."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
