"""Gaps step: the typed gap record, its columns and its pandas table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

GAP_COLUMNS: tuple[str, ...] = (
    "rule",
    "form",
    "territory",
    "territory_name",
    "actors",
    "actor_names",
    "types",
    "contract",
    "contract_name",
    "end",
    "dwellings",
    "message",
)
"""Columns of a gap record, in output order (CSV, XLSX, JSON keys, DataFrame columns)."""

TABLE_COLUMNS: tuple[str, ...] = ("rule", "territory", "actors", "message")
"""Columns shown by the terminal table."""


@dataclass(frozen=True)
class Gap:
    """One expected partnership the data does not show (or, for ``expiry``, an ending contract)."""

    rule: str
    form: str
    territory: str
    territory_name: str
    actors: tuple[str, ...]
    actor_names: tuple[str, ...]
    types: tuple[str, ...]
    message: str
    contract: str = ""
    contract_name: str = ""
    end: dt.date | None = None
    dwellings: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The gap as a JSON-ready record with the keys of ``GAP_COLUMNS``."""
        return {
            "rule": self.rule,
            "form": self.form,
            "territory": self.territory,
            "territory_name": self.territory_name,
            "actors": list(self.actors),
            "actor_names": list(self.actor_names),
            "types": list(self.types),
            "contract": self.contract,
            "contract_name": self.contract_name,
            "end": self.end.isoformat() if self.end else None,
            "dwellings": self.dwellings,
            "message": self.message,
        }


def gaps_frame(gaps: Sequence[Gap]) -> pd.DataFrame:
    """The gaps as a pandas DataFrame, one row per gap, columns ``GAP_COLUMNS`` in order.

    ``actors``, ``actor_names`` and ``types`` hold lists; ``end`` holds
    ``datetime.date`` values (None when the gap has no contract).

    Example::

        frame = gaps_frame(find_gaps(G))
        frame.groupby("rule").size()
    """
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    rows = [{**gap.to_dict(), "end": gap.end} for gap in gaps]
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))
