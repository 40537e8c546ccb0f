"""Gaps step: counts of what the rules found per territory of a level (``gaps --by``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from hlmgraph import fr, schema
from hlmgraph.errors import UsageError
from hlmgraph.gaps.record import Gap, dwellings_at_stake
from hlmgraph.gaps.rule import Rule
from hlmgraph.places import Places

BY_LEVELS: tuple[str, ...] = ("region", "departement", "epci", "commune")
"""Levels ``gaps --by`` accepts."""
BY_COLUMNS: tuple[str, ...] = ("territory", "territory_name", "manques", "stake", "echeances")
"""Fixed columns of a per-territory table; one column per rule id follows."""


@dataclass
class TerritoryTable:
    """Gaps counted per territory of one level: rows keyed by ``columns``."""

    level: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    unplaced: int = 0
    """Findings whose territory lies in no territory of the level (coarser, or none)."""


def by_territory(
    G: nx.MultiDiGraph, gaps: Sequence[Gap], rules: Sequence[Rule], level: str
) -> TerritoryTable:
    """Per territory of ``level``: gaps per rule, total gaps, dwellings at stake, alerts.

    The dwellings at stake of a row count each landlord's homes in a
    territory once, however many gaps name them.

    Rows come most gaps first, then most dwellings at stake, then by id;
    territories without any finding are left out.
    """
    if level not in BY_LEVELS:
        raise UsageError(f"Niveau inconnu « {level} » pour --by (attendu : {', '.join(BY_LEVELS)}).")
    places = Places.of(G)
    table = TerritoryTable(level, [*BY_COLUMNS, *(r.id for r in rules)])
    rows: dict[str, dict[str, Any]] = {}
    found: dict[str, list[Gap]] = {}
    for gap in gaps:
        home = places.enclosing_at(gap.territory, level)
        if not home:
            table.unplaced += 1
            continue
        row = rows.setdefault(home, _empty_row(G, home, rules))
        row[gap.rule] = row.get(gap.rule, 0) + 1
        if gap.is_alert:
            row["echeances"] += 1
        else:
            row["manques"] += 1
            found.setdefault(home, []).append(gap)
    for home, listed in found.items():
        rows[home]["stake"] = dwellings_at_stake(listed)
    table.rows = sorted(rows.values(), key=lambda r: (-r["manques"], -r["stake"], r["territory"]))
    return table


def _empty_row(G: nx.MultiDiGraph, territory: str, rules: Sequence[Rule]) -> dict[str, Any]:
    """A row of zeros for one territory."""
    name = str(G.nodes[territory].get("name", territory))
    row: dict[str, Any] = {"territory": territory, "territory_name": name, "manques": 0,
                           "stake": 0, "echeances": 0}
    row.update({r.id: 0 for r in rules})
    return row


def level_word(level: str) -> str:
    """French word of a level in lower case (« département »)."""
    return fr.lower_first(schema.LEVEL_LABELS_FR.get(level, level))
