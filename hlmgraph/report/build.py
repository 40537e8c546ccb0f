"""Report step: compute once everything the report shows (measures, gaps, alerts, tables, fiches)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

import networkx as nx

from hlmgraph import settings
from hlmgraph.analysis import Progress, analyse_graph, reporter
from hlmgraph.gaps import Rule, find_gaps, load_rules
from hlmgraph.gc_pause import pausing
from hlmgraph.model import NetworkOptions
from hlmgraph.places import Places
from hlmgraph.recommend import recommend
from hlmgraph.report import deadlines, tables
from hlmgraph.report.fiches import fiche_table, fiches, map_table
from hlmgraph.report.records import Changes, ReportData, Table
from hlmgraph.report.svg import embedded
from hlmgraph.scope import Scope
from hlmgraph.views import picture_svg

PICTURE_DETAILED_UP_TO = 300
"""Up to this many organisations the picture shows each one; above, the view by département."""
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


@pausing
def build_report(
    G: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
    changes: Changes | None = None,
    territory: str = "",
    network: NetworkOptions | None = None,
) -> ReportData:
    """Compute measures, gaps, alerts, fiches and every table of the report.

    ``territory`` cuts the report to one territory (``--territory``, through
    ``scope.Scope``): its actors, contracts and territories, and the gaps
    found on the whole graph that lie in it. ``network`` gives the weighting,
    ties and memberships of the actor network (its date is the report's);
    measures written on the actors for that very network are reused.
    """
    day = as_of or settings.today()
    rule_list = list(rules) if rules is not None else load_rules()
    whole = Places.of(G)
    scope = Scope.of(G, territory, whole) if territory else None
    H = scope.graph(G) if scope else G
    options = replace(network or NetworkOptions(), as_of=day)
    analysed = analyse_graph(H, options, progress=progress)
    A, measures, summary = analysed.network, analysed.measures, analysed.summary
    say = reporter(progress, A.number_of_nodes())
    say("Manques de partenariat et échéances…")
    found = [g for g in find_gaps(G, rule_list, as_of=day)
             if scope is None or scope.keeps(g.territory, g.actors)]
    by_id = {r.id: r for r in rule_list}
    data = ReportData(
        as_of=day, graph=H, network=A, measures=measures, summary=summary,
        gaps=tables.ranked([g for g in found if not tables.is_alert(g)], by_id),
        alerts=[g for g in found if tables.is_alert(g)], rules=rule_list,
        places=Places.of(H) if scope else whole, territory=territory,
        fictitious=is_fictitious(H), changes=changes,
    )
    say("Partenariats recommandés et fiches territoire…")
    data.recommendations = recommend(H, top=SUGGESTIONS, as_of=day, weighting=options.weighting,
                                     ties=options.ties, memberships=options.memberships,
                                     network=A, places=data.places)
    for builder in _TABLES:
        table = builder(data)
        data.tables[table.sheet] = table
    say("Image du réseau…")
    data.picture = network_picture(G, day, territory, A.number_of_nodes(), options)
    data.fiches = fiches(data)
    for table in (fiche_table(data.fiches, H), map_table(data)):
        data.tables[table.sheet] = table
    return data


def network_picture(
    G: nx.MultiDiGraph,
    as_of: dt.date,
    territory: str,
    actors: int,
    network: NetworkOptions | None = None,
) -> str:
    """The picture of ``hlmgraph view`` for the report's data, ready to inline in the page."""
    options = network or NetworkOptions()
    picture = picture_svg(G, as_of=as_of, territory=territory or None,
                          aggregate=actors > PICTURE_DETAILED_UP_TO, weighting=options.weighting,
                          ties=options.ties, memberships=options.memberships)
    return embedded(picture, "Réseau des partenariats")


def is_fictitious(G: nx.MultiDiGraph) -> bool:
    """Whether some node's source or name says the data are made up (« fictif »)."""
    return any(
        FICTITIOUS_MARK in str(d.get("source", "")).lower()
        or FICTITIOUS_MARK in str(d.get("name", "")).lower()
        for _, d in G.nodes(data=True)
    )
