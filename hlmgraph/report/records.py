"""Report step: the typed containers of the report (a table, everything the report shows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

from hlmgraph.gaps import Gap, Rule
from hlmgraph.places import Places

Row = dict[str, Any]


def gap_stake(gap: Gap) -> int:
    """Dwellings at stake in a gap (0 when none)."""
    return gap.stake


class Changes(Protocol):
    """What changed since an older dataset (``report --compare OLD``), as the report shows it."""

    def sentence(self) -> str:
        """One French sentence for « L'essentiel »."""

    def section(self) -> str:
        """The HTML body of the section « Ce qui a changé » (data escaped)."""


@dataclass
class Table:
    """One table of the report: a sheet name, French column headers and rows keyed by them."""

    sheet: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Fiche:
    """What one territory holds: actors present, contracts in force, gaps, alerts, suggestions."""

    territory: str
    name: str
    departement: str
    actors: list[str] = field(default_factory=list)
    contracts: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    alerts: list[Gap] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stake(self) -> int:
        """Dwellings at stake in the fiche's gaps."""
        return sum(gap_stake(g) for g in self.gaps)


@dataclass
class ReportData:
    """Everything the report shows, computed once from the graph."""

    as_of: dt.date
    graph: nx.MultiDiGraph
    """The model graph (cut to the territory when one is given)."""
    network: nx.Graph
    measures: list[dict[str, Any]]
    summary: dict[str, Any]
    gaps: list[Gap]
    """Gaps (manques), most urgent first: priority, then dwellings at stake."""
    alerts: list[Gap]
    """Alerts (échéances): gaps of the ``expiry`` rules, soonest first."""
    rules: list[Rule]
    places: Places
    """Who is present, housed and based where in ``graph`` (its ``tree`` walks the territories)."""
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    territory: str = ""
    """The territory the report is cut to ('' for the whole dataset)."""
    fictitious: bool = False
    """Whether some sources of the data say they are fictitious (« fictif »)."""
    tables: dict[str, Table] = field(default_factory=dict)
    picture: str = ""
    """The network picture of ``hlmgraph view`` for the same data (SVG text, ready to inline)."""
    fiches: list[Fiche] = field(default_factory=list)
    """One fiche per EPCI in scope, most dwellings at stake first."""
    changes: Changes | None = None
    """What changed since an older dataset (``report --compare``), when given."""
