"""Gaps step: the typed gap record, its columns and its pandas table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hlmgraph.gaps.rule import ECHEANCE, MANQUE

if TYPE_CHECKING:
    import pandas as pd

GAP_COLUMNS: tuple[str, ...] = (
    "rule",
    "title",
    "form",
    "category",
    "priority",
    "stake",
    "territory",
    "territory_name",
    "region",
    "departement",
    "epci",
    "actors",
    "actor_names",
    "types",
    "contract",
    "contract_name",
    "end",
    "message",
)
"""Columns of a gap record, in output order (CSV, XLSX, JSON keys, DataFrame columns)."""

Stake = tuple[tuple[str, str, int], ...]
"""Dwellings at stake as (actor, territory of its presence row, dwellings) parts."""

TABLE_COLUMNS: tuple[str, ...] = ("priority", "title", "stake", "territory", "message")
"""Columns shown by the terminal table."""


@dataclass(frozen=True)
class Gap:
    """One finding of a rule: a gap (``manque``) or, for ``expiry``, an alert (``echeance``).

    ``stake`` counts the dwellings at stake (0 when none); ``territory`` is the
    most specific territory the finding is about ('' when there is none).
    """

    rule: str
    form: str
    category: str
    """``manque`` (gap) or ``echeance`` (alert): never added together."""
    priority: int
    """1 haute, 2 moyenne, 3 basse."""
    stake: int
    territory: str
    territory_name: str
    actors: tuple[str, ...]
    actor_names: tuple[str, ...]
    types: tuple[str, ...]
    message: str
    contract: str = ""
    contract_name: str = ""
    end: dt.date | None = None
    title: str = ""
    """The rule's French title (« Régie non adhérente au Mouvement des Régies »)."""
    region: str = ""
    """Name of the région enclosing ``territory`` ('' when none)."""
    departement: str = ""
    """Name of the département enclosing ``territory`` ('' when none)."""
    epci: str = ""
    """Name of the EPCI enclosing ``territory`` ('' when none)."""
    stake_parts: Stake = field(default=(), repr=False, compare=False)
    """(actor, presence row territory, dwellings) making up ``stake``: totals count each once."""

    @property
    def is_alert(self) -> bool:
        """Whether this is an alert (échéance) rather than a gap (manque)."""
        return self.category == ECHEANCE

    def to_dict(self) -> dict[str, Any]:
        """The gap as a JSON-ready record with the keys of ``GAP_COLUMNS``."""
        return {
            "rule": self.rule,
            "title": self.title,
            "form": self.form,
            "category": self.category,
            "priority": self.priority,
            "stake": self.stake,
            "territory": self.territory,
            "territory_name": self.territory_name,
            "region": self.region,
            "departement": self.departement,
            "epci": self.epci,
            "actors": list(self.actors),
            "actor_names": list(self.actor_names),
            "types": list(self.types),
            "contract": self.contract,
            "contract_name": self.contract_name,
            "end": self.end.isoformat() if self.end else None,
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


def manques(gaps: Sequence[Gap]) -> list[Gap]:
    """The gaps proper (category ``manque``), alerts left out: what headlines count."""
    return [g for g in gaps if g.category == MANQUE]


def alerts(gaps: Sequence[Gap]) -> list[Gap]:
    """The alerts (category ``echeance``: contracts ending without successor)."""
    return [g for g in gaps if g.category == ECHEANCE]


def dwellings_at_stake(gaps: Sequence[Gap]) -> int:
    """Dwellings at stake over many gaps, each presence row counted once."""
    parts = {(actor, territory): n for g in gaps for actor, territory, n in g.stake_parts}
    return sum(parts.values())
