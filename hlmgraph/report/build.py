"""Report step: compute once everything the report shows (measures, gaps, alerts, tables, fiches)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import networkx as nx

from hlmgraph import settings
from hlmgraph.analysis import Progress, compute_measures, network_summary, reporter
from hlmgraph.gaps import Rule, find_gaps, load_rules
from hlmgraph.model import TerritoryTree, actor_network
from hlmgraph.recommend import recommend
from hlmgraph.report import deadlines, tables
from hlmgraph.report.fiches import fiche_table, fiches, map_table
from hlmgraph.report.records import Changes, ReportData, Table

SUGGESTIONS = 200
"""Recommended partnerships computed (the first ones are listed, the others feed the fiches)."""
FICTITIOUS_MARK = "fictif"
"""A source or name containing this word marks made-up data."""

_TABLES: tuple[Callable[[ReportData], Table], ...] = (
    tables.key_figures, tables.gap_rows, tables.gaps_by_rule, deadlines.alerts,
    deadlines.schedule, tables.qpv_coverage, tables.central, tables.brokers, tables.isolated,
    tables.communities, tables.recommendations,
)
"""Builders of the report's tables, in workbook order (fiches and map added after)."""


def build_report(
    G: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    changes: Changes | None = None,
) -> ReportData:
    """Compute measures, gaps, alerts, fiches and every table of the report."""
    day = as_of or settings.today()
    rule_list = list(rules) if rules is not None else load_rules()
    A = actor_network(G, as_of=day)
    say = reporter(progress, A.number_of_nodes())
    measures = compute_measures(A, progress=progress)
    summary = network_summary(A, measures)
    say("Manques de partenariat et échéances…")
    found = find_gaps(G, rule_list, as_of=day)
    by_id = {r.id: r for r in rule_list}
    data = ReportData(
        as_of=day, graph=G, network=A, measures=measures, summary=summary,
        gaps=tables.ranked([g for g in found if not tables.is_alert(g)], by_id),
        alerts=[g for g in found if tables.is_alert(g)], rules=rule_list,
        tree=TerritoryTree.of(G), fictitious=is_fictitious(G), changes=changes,
    )
    say("Partenariats recommandés et fiches territoire…")
    data.recommendations = recommend(G, top=SUGGESTIONS, as_of=day)
    for builder in _TABLES:
        table = builder(data)
        data.tables[table.sheet] = table
    data.fiches = fiches(data)
    for table in (fiche_table(data.fiches, G), map_table(data)):
        data.tables[table.sheet] = table
    return data


def is_fictitious(G: nx.MultiDiGraph) -> bool:
    """Whether some node's source or name says the data are made up (« fictif »)."""
    return any(
        FICTITIOUS_MARK in str(d.get("source", "")).lower()
        or FICTITIOUS_MARK in str(d.get("name", "")).lower()
        for _, d in G.nodes(data=True)
    )
