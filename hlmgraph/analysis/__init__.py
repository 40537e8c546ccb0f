"""Analysis step: measures of the actor network, typed brokerage, named communities, summary.

One job per module: ``measures`` (records, DataFrame, engine choice),
``reference`` (NetworkX engine), ``fast`` (igraph/scipy engine), ``brokerage``
(typed brokerage by actor family), ``communities`` (Louvain, names),
``summary`` (figures, « pont » block; ``hlmgraph analyse`` words them) and ``run``
(``analyse_graph``: project, measure or reuse); the French names and meanings live in
``hlmgraph.glossary`` (re-exported here).
"""

from hlmgraph.analysis.brokerage import FAMILY_CODES, ROLES, actor_family
from hlmgraph.analysis.communities import community_names
from hlmgraph.analysis.measures import (
    COLUMNS,
    ENGINES,
    LARGE_NETWORK,
    MEASURES,
    Progress,
    compute_measures,
    measures_frame,
    reporter,
)
from hlmgraph.analysis.reference import exact_pagerank
from hlmgraph.analysis.run import (
    Analysis,
    analyse_graph,
    measures_key,
    written_measures,
    written_rows,
)
from hlmgraph.analysis.summary import BRIDGE_TITLE, bridges, network_summary, type_pairs
from hlmgraph.glossary import GLOSSARY, Term, label, meaning
from hlmgraph.model import NetworkOptions
from hlmgraph.schema import FAMILIES, TIES, WEIGHTINGS

__all__ = [
    "BRIDGE_TITLE",
    "COLUMNS",
    "ENGINES",
    "FAMILIES",
    "FAMILY_CODES",
    "GLOSSARY",
    "LARGE_NETWORK",
    "MEASURES",
    "ROLES",
    "TIES",
    "WEIGHTINGS",
    "Analysis",
    "NetworkOptions",
    "Progress",
    "Term",
    "actor_family",
    "analyse_graph",
    "bridges",
    "community_names",
    "compute_measures",
    "exact_pagerank",
    "label",
    "measures_frame",
    "measures_key",
    "meaning",
    "network_summary",
    "reporter",
    "type_pairs",
    "written_measures",
    "written_rows",
]
