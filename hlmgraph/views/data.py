"""Views step: what a built view holds before drawing, and the summary of a written one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ViewSummary:
    """What a written view shows: counts and the notes printed in its header."""

    path: Path | None
    mode: str
    """``acteurs`` (one node per actor) or ``départements`` (aggregate)."""
    actors: int
    nodes: int
    edges: int
    gaps: int = 0
    gap_edges: int = 0
    hidden_edges: int = 0
    notes: tuple[str, ...] = ()
    alerts: int = 0


@dataclass
class ViewData:
    """Nodes, edges, legend and notes of a view before drawing (vis-network records)."""

    mode: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[tuple[str, str, str, int]]
    """(key, colour, French label, count) of the colour legend."""
    legend_title: str
    keys: list[str] = field(default_factory=list)
    """Lines explaining sizes, widths and dashes."""
    notes: list[str] = field(default_factory=list)
    gaps: int = 0
    gap_edges: int = 0
    hidden_edges: int = 0
    alerts: int = 0
    """Alerts (échéances) shown; never counted with the gaps."""
    contracts: list[str] = field(default_factory=list)
    """Contract labels that nodes and links refer to by number (key ``c``)."""
    heading: str = ""
    bridges: list[str] = field(default_factory=list)
    """Lines of « Qui fait le pont entre logement et insertion » (actor views)."""
    actors: int = 0
    """Actors selected (grouped in the aggregate view)."""

    def summary(self) -> ViewSummary:
        """Counts and notes of this view (no file yet)."""
        return ViewSummary(
            path=None, mode=self.mode, actors=self.actors, nodes=len(self.nodes),
            edges=len(self.edges) - self.gap_edges, gaps=self.gaps, gap_edges=self.gap_edges,
            hidden_edges=self.hidden_edges, notes=tuple(self.notes), alerts=self.alerts,
        )
