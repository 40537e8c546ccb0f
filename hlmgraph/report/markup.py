"""Report step: HTML building blocks of the report (tables, cells, notes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from hlmgraph.report.tables import SHARE_COLUMNS, Row, Table
from hlmgraph.report.text import esc, number_fr

HTML_ROW_LIMIT = 200
"""Rows of a table shown in the page; the workbook always holds every row."""
def render_table(table: Table, rows: Sequence[Row] | None = None, cls: str = "") -> str:
    """A table as HTML (its first ``HTML_ROW_LIMIT`` rows unless ``rows`` are given).

    ``data-sheet`` names the workbook sheet holding the same rows.
    """
    shown = table.rows[:HTML_ROW_LIMIT] if rows is None else rows
    head = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(_td(c, row.get(c)) for c in table.columns) + "</tr>" for row in shown
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
    return (
        f'<p class="note">Seules les {number_fr(HTML_ROW_LIMIT)} premières lignes sur '
        f"{number_fr(total)} sont affichées ; le classeur .xlsx (option --xlsx) les contient "
        "toutes.</p>"
    )


def _td(column: str, value: Any) -> str:
    """One cell: numbers right-aligned, oui/non as coloured badges."""
    text = number_fr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{esc(text)}</td>'
    if isinstance(value, dt.date):
        return f'<td class="date">{esc(text)}</td>'
    if text in ("oui", "non") or (" sur " in text and column in SHARE_COLUMNS):
        state = {"oui": "ok", "non": "ko"}.get(text, "part")
        if column == "Point de passage obligé":
            state = "info" if text == "oui" else "none"
        return f'<td><span class="badge {state}">{esc(text)}</span></td>'
    return f"<td>{esc(text)}</td>"


def empty(text: str) -> str:
    """A paragraph saying a section has nothing to show."""
    return f'<p class="empty">{esc(text)}</p>'

def grouped(rows: Iterable[Row], key: str) -> list[tuple[str, list[Row]]]:
    """Consecutive rows sharing ``key`` (rows are already ordered)."""
    groups: list[tuple[str, list[Row]]] = []
    for row in rows:
        if groups and groups[-1][0] == row[key]:
            groups[-1][1].append(row)
        else:
            groups.append((row[key], [row]))
    return groups
