"""Views step: build a view from the model graph (filters, gaps, actor or aggregate view)."""

from __future__ import annotations

import networkx as nx

from hlmgraph import fr, settings
from hlmgraph.model import actor_network
from hlmgraph.places import Places
from hlmgraph.scope import check_territory
from hlmgraph.views.actors import actor_view
from hlmgraph.views.aggregate import aggregate_view
from hlmgraph.views.data import ViewData
from hlmgraph.views.options import ViewOptions
from hlmgraph.views.select import Findings, find_findings, induced, select_actors
from hlmgraph.views.text import alert_note, as_of_notes, default_title, gap_note


def build_view(G: nx.MultiDiGraph, options: ViewOptions) -> ViewData:
    """Nodes, edges, legend, notes and title of the view of ``G`` with ``options``."""
    if options.territory is not None:
        check_territory(G, options.territory)
    places = Places.of(G)
    day = options.day()
    network = options.network()
    A = actor_network(G, day, network.memberships, weighting=network.weighting,
                      ties=network.ties)
    selected, filters = select_actors(
        G, A, places, ego=options.ego, hops=options.hops, territory=options.territory,
        types=options.type_set(),
    )
    S = induced(A, selected)
    gap_date = day or settings.today()
    found = find_findings(G, options.rules, gap_date) if options.gaps else Findings()
    aggregate = options.aggregate
    if aggregate is None:
        aggregate = S.number_of_nodes() > options.aggregate_above
    if aggregate:
        view = aggregate_view(G, places, S, found.gaps)
    else:
        view = actor_view(G, places, A, S, found, options)
    notes = filters + as_of_notes(day) + view.notes
    if options.gaps:
        notes.append(gap_note(view.mode, view.gaps, len(found.gaps), view.gap_edges, gap_date))
        if view.mode == "acteurs":
            notes.append(alert_note(view.alerts, len(found.alerts), gap_date))
    view.notes = notes
    view.heading = fr.typography(options.title or default_title(G, options.territory, options.ego))
    return view
