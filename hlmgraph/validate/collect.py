"""Issues being collected during validation, sorted like the tables they come from."""

from __future__ import annotations

from hlmgraph import schema
from hlmgraph.findings import WARNING, Issue
from hlmgraph.read import RawDataset, RawTable


class IssueCollector:
    """Issues being collected, sorted at the end by table, line and column order."""

    def __init__(self, raw: RawDataset) -> None:
        """Start an empty collection for ``raw``."""
        self.raw = raw
        self.items: list[tuple[tuple[int, int, int], Issue]] = []
        self.written = {name: _french_headers(table) for name, table in raw.tables.items()}
        """Per table, column -> the French header the file uses for it (issues name that one)."""

    def add(self, table: str, line: int | None, column: str, code: str, message: str,
            severity: str = "") -> None:
        """Record one issue at ``table`` / ``line`` / ``column`` (a column of the schema or extra)."""
        shown = self.written.get(table, {}).get(column, column)
        issue = Issue(code, self.raw.source_name(table), line, shown, message, severity)
        self._append(table, issue, column)

    def warn(self, table: str, line: int | None, column: str, code: str, message: str) -> None:
        """Record one warning (a value accepted but doubtful), located like an issue."""
        self.add(table, line, column, code, message, WARNING)

    def extend(self, issues: list[Issue]) -> None:
        """Record issues made while reading."""
        sources = {self.raw.source_name(name): name for name in schema.TABLES}
        for issue in issues:
            self._append(sources.get(issue.file, ""), issue, issue.column)

    def sorted(self) -> list[Issue]:
        """Every error, in table, line and column order (stable otherwise)."""
        return [issue for issue in self._in_order() if not issue.severity]

    def warnings(self) -> list[Issue]:
        """Every warning, in the same order as errors."""
        return [issue for issue in self._in_order() if issue.severity]

    def _in_order(self) -> list[Issue]:
        """Every issue and warning, in table, line and column order (stable otherwise)."""
        return [issue for _, issue in sorted(self.items, key=lambda item: item[0])]

    def _append(self, table: str, issue: Issue, column: str) -> None:
        """Store ``issue`` with its sort key (table order, line, ``column`` order)."""
        tables = list(schema.TABLES)
        table_rank = tables.index(table) if table in tables else -1
        columns = [c.name for c in schema.TABLES.get(table, ())]
        column_rank = columns.index(column) if column in columns else len(columns)
        column_rank = -1 if not column else column_rank  # a whole-row issue comes first
        self.items.append(((table_rank, issue.line or 0, column_rank), issue))


def _french_headers(table: RawTable) -> dict[str, str]:
    """Column -> header as written, for the headers that name a column in French (« nom »)."""
    found: dict[str, str] = {}
    for text in table.header:
        column = schema.column_name(table.name, text)
        if column is not None and schema.fold(text) != column:
            found.setdefault(column, text.strip())
    return found
