"""Report step: HTML building blocks of the report (tables, cells, badges, notes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from hlmgraph import fr
from hlmgraph.report.records import Row, Table
from hlmgraph.report.tables import ARTICULATION, SHARE_COLUMNS
from hlmgraph.report.text import PRIORITY_LABELS, esc

HTML_ROW_LIMIT = 200
"""Rows of a table shown in the page; the workbook always holds every row."""
PRIORITY_COLUMN = "Priorité"


def render_table(table: Table, rows: Sequence[Row] | None = None, cls: str = "",
                 columns: Sequence[str] | None = None) -> str:
    """A table as HTML (its first ``HTML_ROW_LIMIT`` rows unless ``rows`` are given).

    ``data-sheet`` names the workbook sheet holding the same rows; ``columns``
    shows only some columns.
    """
    shown = table.rows[:HTML_ROW_LIMIT] if rows is None else rows
    names = list(columns or table.columns)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in names)
    body = "".join(
        "<tr>" + "".join(cell(c, row.get(c)) for c in names) + "</tr>" for row in shown
    )
    note = truncation_note(len(table.rows)) if rows is None else ""
    return (
        f'<table class="{cls}" data-sheet="{esc(table.sheet)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{note}"
    )


def truncation_note(total: int) -> str:
    """Say that only the first rows are shown when a table is longer than the page limit."""
    if total <= HTML_ROW_LIMIT:
        return ""
    return paragraph(
        f"Seules les {fr.number(HTML_ROW_LIMIT)} premières lignes sur {fr.number(total)} sont "
        "affichées ; le classeur .xlsx (option --xlsx) les contient toutes.", "note")


def text(value: Any) -> str:
    """A cell value as French text: numbers « 1 470 », dates « 31 décembre 2026 »."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return fr.number(value, 1 if isinstance(value, float) else None)
    if isinstance(value, dt.date):
        return fr.date(value)
    return fr.typography(str(value))


def cell(column: str, value: Any) -> str:
    """One cell: numbers right-aligned, priorities and oui/non as coloured badges."""
    if column == PRIORITY_COLUMN and isinstance(value, int):
        label = PRIORITY_LABELS.get(value, str(value))
        return f'<td><span class="badge p{value}">{esc(label)}</span></td>'
    shown = text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{esc(shown)}</td>'
    if isinstance(value, dt.date):
        return f'<td class="date">{esc(shown)}</td>'
    if shown in ("oui", "non") or (" sur " in shown and column in SHARE_COLUMNS):
        state = {"oui": "ok", "non": "ko"}.get(shown, "part")
        if column == ARTICULATION:
            state = "info" if shown == "oui" else "none"
        return f'<td><span class="badge {state}">{esc(shown)}</span></td>'
    return f"<td>{esc(shown)}</td>"


def paragraph(words: str, cls: str = "") -> str:
    """A paragraph of French text (typography applied, escaped)."""
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{esc(fr.typography(words))}</p>"


def empty(words: str) -> str:
    """A paragraph saying a section has nothing to show."""
    return paragraph(words, "empty")


def grouped(rows: Iterable[Row], key: str) -> list[tuple[str, list[Row]]]:
    """Consecutive rows sharing ``key`` (rows are already ordered)."""
    groups: list[tuple[str, list[Row]]] = []
    for row in rows:
        if groups and groups[-1][0] == row[key]:
            groups[-1][1].append(row)
        else:
            groups.append((row[key], [row]))
    return groups
