"""Views step: the options of a view (one frozen record with defaults) and their checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from hlmgraph import fr, settings
from hlmgraph.errors import ConfigError
from hlmgraph.model import NetworkOptions
from hlmgraph.schema import ACTOR_TYPES, fold

SIZE_MEASURES: dict[str, str] = {
    "degree": "degré (nombre de partenaires)",
    "pagerank": "influence (PageRank)",
    "betweenness": "intermédiarité",
}
"""Measures that may size the circles, with their French names."""
COLOR_MODES: tuple[str, ...] = ("type", "community")
LAYOUT_SEED = 1
"""Seed of every layout: the same input gives the same positions."""
NODE_SIZES: dict[str, tuple[float, float]] = {"acteurs": (8.0, 40.0), "départements": (14.0, 70.0)}
"""Smallest and largest circle radius of each kind of view (layout units, vis-network pixels)."""


@dataclass(frozen=True)
class ViewOptions:
    """What a view shows and how; every field has a default.

    Parameters
    ----------
    as_of
        Only contracts in force at that date make links, and gaps are read at that date
        (default: today).
    all_dates
        Every contract makes links, whatever its dates (not with ``as_of`` nor ``gaps``).
    weighting, ties, memberships
        How the actor network is projected (``model.NetworkOptions``): ``newman`` or
        ``count`` weights, ``all`` or ``operational`` ties, memberships as links.
    gaps
        Overlay the missing partnerships of ``gaps.find_gaps`` (dashed red).
    ego, hops
        Show only the actors within ``hops`` links of actor ``ego``.
    territory
        Show only actors present in or based in that territory or one it encloses.
    types
        Actor types to show (list or comma-separated text), e.g. ``bailleur,regie``.
    size_by
        Node size: ``degree``, ``pagerank`` or ``betweenness``.
    color_by
        Node colour: ``type`` or ``community``.
    title
        Page title (default: built from the filters).
    rules
        Gap rules: a list of rules or a TOML file path (default rules when None).
    aggregate
        Group actors by département; None chooses it above ``aggregate_above`` actors.
    progress
        Called with a French message before long steps (large networks).
    aggregate_above, map_layout_above, edge_limit
        Size thresholds: aggregate view, actors clustered on the map, weight-1 links
        left out.
    """

    as_of: dt.date | None = None
    all_dates: bool = False
    weighting: str = "newman"
    ties: str = "all"
    memberships: bool = False
    gaps: bool = False
    ego: str | None = None
    hops: int = 1
    territory: str | None = None
    types: str | Iterable[str] | None = None
    size_by: str = "degree"
    color_by: str = "type"
    title: str | None = None
    rules: Any = None
    aggregate: bool | None = None
    progress: Callable[[str], None] | None = None
    aggregate_above: int = 1500
    map_layout_above: int = 400
    edge_limit: int = 12000

    @classmethod
    def of(cls, options: ViewOptions | None = None, **changes: Any) -> ViewOptions:
        """Options from a record and/or keyword changes, checked (ConfigError in French)."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise TypeError(f"unknown view option(s): {', '.join(unknown)}")
        built = replace(options or cls(), **changes)
        built.check()
        return built

    def check(self) -> None:
        """Refuse unknown measures, colour modes, types and negative hop counts."""
        if self.size_by not in SIZE_MEASURES:
            raise ConfigError(fr.typography(
                f"Mesure de taille inconnue « {self.size_by} » : choisissez parmi "
                f"{', '.join(SIZE_MEASURES)}."
            ))
        if self.color_by not in COLOR_MODES:
            raise ConfigError(fr.typography(
                f"Mode de couleur inconnu « {self.color_by} » : choisissez type ou community."
            ))
        if self.hops < 0:
            raise ConfigError("Le nombre de pas (--hops) doit être positif ou nul.")
        if self.all_dates and self.as_of is not None:
            raise ConfigError(fr.typography(
                "--all-dates et --as-of s'excluent : choisissez une date ou toutes."
            ))
        if self.all_dates and self.gaps:
            raise ConfigError(fr.typography(
                "--gaps demande une date (les manques se lisent à une date) : retirez "
                "--all-dates ou donnez --as-of."
            ))
        self.type_set()
        self.network()

    def day(self) -> dt.date | None:
        """The date contracts are taken at: ``as_of``, today by default, None for all dates."""
        return None if self.all_dates else (self.as_of or settings.today())

    def network(self) -> NetworkOptions:
        """How the actor network is projected for this view (checked, French errors)."""
        return NetworkOptions(self.day(), self.weighting, self.ties, self.memberships)

    def type_set(self) -> set[str] | None:
        """Canonical actor types from a list or a comma-separated text (None: all)."""
        if self.types is None:
            return None
        items = self.types.split(",") if isinstance(self.types, str) else list(self.types)
        wanted = {fold(t) for t in items if t.strip()}
        unknown = sorted(wanted - set(ACTOR_TYPES))
        if unknown:
            raise ConfigError(fr.typography(
                f"Type d'acteur inconnu « {unknown[0]} » : utilisez {', '.join(ACTOR_TYPES)}."
            ))
        return wanted or None

