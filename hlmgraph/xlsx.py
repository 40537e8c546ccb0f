"""Shared writing step: workbooks people open in Excel: frozen header, filters, widths, real dates.

Every sheet written by hlmgraph goes through ``format_table``: header row
frozen and bold, an autofilter over the table, column widths fitted to the
content, dates stored as dates and shown dd/mm/yyyy, numbers kept as numbers.
``add_readme`` puts a « Lisez-moi » sheet first: what the file is and what
each column means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hlmgraph import __version__, fr

README_SHEET = "Lisez-moi"
DATE_FORMAT = "DD/MM/YYYY"
"""Excel number format of dates (shown 31/12/2026 whatever the locale)."""
DECIMAL_FORMAT = "0.0##"
"""Excel number format of decimal numbers (up to three decimals; the comma comes from Excel)."""
MAX_WIDTH = 60
"""Widest column (characters); longer text wraps."""
MIN_WIDTH = 8
HEADER_FILL = "DDE6F0"


@dataclass(frozen=True)
class Readme:
    """What the « Lisez-moi » sheet says: a title, some lines, each column and its meaning."""

    title: str
    lines: Sequence[str] = ()
    columns: Sequence[tuple[str, str]] = field(default_factory=tuple)


def format_table(sheet: Any) -> None:
    """Freeze the header, add an autofilter, fit widths, format dates and decimals of a table sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if sheet.max_row < 1 or sheet.max_column < 1:
        return
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{max(sheet.max_row, 2)}"
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for header in sheet[1]:
        header.font = Font(bold=True)
        header.fill = fill
        header.alignment = Alignment(vertical="top", wrap_text=True)
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for item in row:
            widths[item.column] = max(widths.get(item.column, 0), _width(item.value))
            _number_format(item)
    wrap = Alignment(vertical="top", wrap_text=True)
    for index, width in widths.items():
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        if width > MAX_WIDTH:
            for (item,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                item.alignment = wrap


def add_readme(workbook: Any, readme: Readme) -> None:
    """Put a « Lisez-moi » sheet first (the workbook still opens on the data): title, lines, columns."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title=README_SHEET, index=0)
    sheet.append([fr.typography(readme.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in [*readme.lines, f"Fichier produit par hlmgraph {__version__}."]:
        sheet.append([fr.typography(line)])
    if readme.columns:
        sheet.append([])
        sheet.append(["Colonne", "Ce qu'elle contient"])
        for item in sheet[sheet.max_row]:
            item.font = Font(bold=True)
        for header, meaning in readme.columns:
            sheet.append([header, fr.typography(meaning)])
    _open_on(workbook, 1 if len(workbook.worksheets) > 1 else 0)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=2):
        for item in row:
            item.alignment = Alignment(vertical="top", wrap_text=item.column == 2)


def _open_on(workbook: Any, index: int) -> None:
    """Make one sheet the one Excel opens on (and the only selected tab)."""
    workbook.active = index
    for position, sheet in enumerate(workbook.worksheets):
        sheet.sheet_view.tabSelected = position == index


def _width(value: Any) -> int:
    """Characters a cell needs (dates 10, numbers their digits, text its longest line)."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.3f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _number_format(item: Any) -> None:
    """Show dates as dd/mm/yyyy and decimals with up to three digits."""
    if isinstance(item.value, dt.date):
        item.number_format = DATE_FORMAT
    elif isinstance(item.value, float):
        item.number_format = DECIMAL_FORMAT
