"""The typed, validated content of an input dataset (one Table per input file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """Rows of one input file or sheet, with typed values.

    Each row maps every known column of the file (see ``schema.TABLES``) to its
    typed value (``None`` when empty) and every extra column to its text.
    Dates are ``datetime.date``, amounts ``float``, integers ``int``, themes
    ``list[str]``, vocabulary values their canonical form (``regie``).
    """

    name: str
    source: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)


@dataclass
class Dataset:
    """A whole dataset: the tables present, keyed by name (``actors``…)."""

    tables: dict[str, Table] = field(default_factory=dict)
    origin: str = ""
    written: dict[tuple[str, str], str] = field(default_factory=dict)
    """(file, column) -> the header the file writes for it, when not the column's own name
    (« montant » for ``amount_eur``): warnings name the header the user typed."""

    def rows(self, name: str) -> list[dict[str, Any]]:
        """Rows of table ``name`` (empty when the file is absent)."""
        table = self.tables.get(name)
        return table.rows if table is not None else []
