"""Data step: what each generation scale covers and how dense it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REFERENCE_DATE = dt.date(2026, 11, 1)
"""Default day the contract dates are placed around (some expired, some ending soon)."""


@dataclass(frozen=True)
class Scope:
    """What a scale covers and how dense it is."""

    contracts: tuple[str, ...] = ()
    """Codes of the contrats de ville kept (empty: all of the régions)."""
    regions: tuple[str, ...] = ()
    """Région codes kept (empty: all)."""
    max_qpv: int = 30
    """At most this many QPV per contrat de ville."""
    regie_rate: float = 0.08
    """Expected régies per QPV."""
    npnru_rate: float = 0.5
    """Chance of an NPNRU convention for a contrat de ville with several QPV."""
    acv_rate: float = 0.7
    """Chance that the main town (10,000-120,000 inhabitants) of an EPCI is in Action Cœur de Ville."""


SCOPES: dict[str, Scope] = {
    "demo": Scope(contracts=("CN05901I", "CN05903M", "CN08401M"), max_qpv=3, regie_rate=0.5,
                  npnru_rate=1.0, acv_rate=1.0),
    "regional": Scope(regions=("84",), regie_rate=0.12),
    "national": Scope(regie_rate=0.1),
}
SCALES: tuple[str, ...] = tuple(SCOPES)
"""The scale names, smallest first (the CLI's choices)."""
QPV_POPULATION = 5600
"""Published contrat-de-ville population per generated QPV (about 1,600 QPV nationally)."""

