"""Gaps step: one call for the ``gaps`` command (find, scope, count, records to print)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.gaps.find import find_gaps
from hlmgraph.gaps.record import GAP_COLUMNS, TABLE_COLUMNS, Gap
from hlmgraph.gaps.rule import Rule
from hlmgraph.gaps.summary import BY_COLUMNS, by_territory, level_word, summary_lines
from hlmgraph.gc_pause import pausing


@dataclass
class GapsRun:
    """What the ``gaps`` command prints: records with their columns, and stderr lines."""

    gaps: list[Gap]
    records: list[dict[str, Any]]
    columns: tuple[str, ...]
    table_columns: tuple[str, ...]
    sheet: str
    lines: list[str] = field(default_factory=list)


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
    lines = summary_lines(gaps, rules)
    if by is None:
        return GapsRun(gaps, [g.to_dict() for g in gaps], GAP_COLUMNS, TABLE_COLUMNS, "manques",
                       lines)
    table = by_territory(G, gaps, rules, by)
    if table.unplaced:
        lines.append(fr.typography(
            f"{fr.count(table.unplaced, 'constat')} sans territoire de niveau {level_word(by)} "
            "(territoire plus large ou absent) : non comptés dans le tableau."
        ))
    columns = tuple(table.columns)
    return GapsRun(gaps, table.rows, columns, BY_COLUMNS, f"manques par {level_word(by)}", lines)
