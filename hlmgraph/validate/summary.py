"""What a valid dataset holds: counts per actor type, territory level, contract kind, relation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from hlmgraph import schema
from hlmgraph.dataset import Dataset
from hlmgraph.model import in_force


def summarize(dataset: Dataset, as_of: dt.date) -> dict[str, Any]:
    """Counts of what a dataset holds (per type, level and kind; contracts in force at ``as_of``)."""
    contracts = dataset.rows("contracts")
    return {
        "origin": dataset.origin,
        "as_of": as_of.isoformat(),
        "actors": _count_by(dataset.rows("actors"), "type", schema.ACTOR_TYPES),
        "territories": _count_by(dataset.rows("territories"), "level", schema.LEVELS),
        "contracts": _count_by(contracts, "kind", schema.KINDS),
        "contracts_in_force": sum(in_force(row, as_of) for row in contracts),
        "relations": {name: len(dataset.rows(name)) for name in schema.RELATION_KEYS},
        "extra_columns": {
            name: table.extra_columns for name, table in dataset.tables.items() if table.extra_columns
        },
    }


def _count_by(rows: list[dict[str, Any]], column: str, order: Iterable[str]) -> dict[str, int]:
    """Row counts per value of ``column``, in vocabulary order, zero counts left out."""
    counts = Counter(row[column] for row in rows)
    return {value: counts[value] for value in order if counts[value]}
