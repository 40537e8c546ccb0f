"""Report step: the report's tables as an .xlsx workbook, one sheet per table."""

from __future__ import annotations

from typing import Any

from hlmgraph.output import build_workbook
from hlmgraph.report.records import ReportData


def report_workbook(data: ReportData) -> Any:
    """An openpyxl workbook holding every table of the report, one sheet each."""
    return build_workbook({t.sheet: (t.rows, t.columns) for t in data.tables.values()})
