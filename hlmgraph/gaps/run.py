"""Gaps step: one call for the ``gaps`` command (find, scope, count, records to print)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from hlmgraph.gaps.find import find_gaps
from hlmgraph.gaps.record import GAP_COLUMNS, TABLE_COLUMNS, Gap
from hlmgraph.gaps.rule import Rule
from hlmgraph.gaps.summary import BY_COLUMNS, by_territory, level_word
from hlmgraph.gc_pause import pausing


@dataclass
class GapsRun:
    """What the ``gaps`` command prints: the findings, records with their columns."""

    gaps: list[Gap]
    records: list[dict[str, Any]]
    columns: tuple[str, ...]
    table_columns: tuple[str, ...]
    sheet: str
    level: str = ""
    """Level of the per-territory table (``--by``), '' for one record per gap."""
    unplaced: int = 0
    """Findings left out of the per-territory table (no territory of that level)."""


@pausing
def run_gaps(
    G: nx.MultiDiGraph,
    rules: Sequence[Rule],
    as_of: dt.date | None = None,
    *,
    all_dates: bool = False,
    territory: str | None = None,
    by: str | None = None,
) -> GapsRun:
    """Find the gaps (scoped to ``territory``), as records per gap or, with ``by``, per territory."""
    gaps = find_gaps(G, rules, as_of, all_dates=all_dates, territory=territory)
    if by is None:
        return GapsRun(gaps, [g.to_dict() for g in gaps], GAP_COLUMNS, TABLE_COLUMNS, "manques")
    table = by_territory(G, gaps, rules, by)
    columns = tuple(table.columns)
    return GapsRun(gaps, table.rows, columns, BY_COLUMNS, f"manques par {level_word(by)}", by,
                   table.unplaced)
