"""Analysis step: per-actor measures of the actor network, by engine, as records or a DataFrame."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from hlmgraph.analysis.brokerage import ROLES, actor_family
from hlmgraph.analysis.communities import community_names
from hlmgraph.analysis.fast import fast_measures
from hlmgraph.analysis.reference import Columns, reference_measures
from hlmgraph.errors import ConfigError
from hlmgraph.gc_pause import pausing
from hlmgraph.schema import ENGINES

if TYPE_CHECKING:
    import pandas as pd

MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "pagerank",
    "closeness",
    "constraint",
    "effective_size",
    "community",
    "articulation",
    *ROLES,
)
"""Per-actor measure names, in output order (graph-model.md)."""
COLUMNS: tuple[str, ...] = ("id", "name", "type", "family", *MEASURES, "community_name")
"""Columns of a measures record."""
LARGE_NETWORK = 1000
"""From this many actors, long steps report their progress."""

Progress = Callable[[str], None]


@pausing
def compute_measures(
    A: nx.Graph,
    engine: str = "auto",
    progress: Progress | None = None,
    graph: nx.MultiDiGraph | None = None,
) -> list[dict[str, Any]]:
    """One record per actor (sorted by id) with the keys of ``COLUMNS``.

    ``engine="networkx"`` uses NetworkX's own functions; ``auto``/``igraph``
    compute the heavy measures with igraph and scipy, equal to the NetworkX
    definitions (1e-9 relative; PageRank: the exact stationary vector).
    Communities come from NetworkX's Louvain with ``settings.LOUVAIN_SEED`` on
    the graph in sorted order (the same for both engines), numbered 1, 2… by
    decreasing size then smallest id, and named by ``community_names`` (with
    the places of the model graph ``graph`` when given).
    ``progress`` receives French step messages when the network is large.
    """
    nodes = sorted(A, key=str)
    if nx.number_of_selfloops(A):
        raise ValueError("the actor network must not have self-loops")
    say = reporter(progress, len(nodes))
    fast = _use_igraph(engine)
    if not nodes:
        return []
    if fast:
        values = fast_measures(A, nodes, say)
    else:
        values = reference_measures(A, nodes, say)
    return records(A, nodes, values, graph)


def records(
    A: nx.Graph, nodes: Sequence[Any], values: Columns, graph: nx.MultiDiGraph | None = None
) -> list[dict[str, Any]]:
    """Assemble one record per actor (keys of ``COLUMNS``) from the measure columns."""
    names = community_names(A, dict(zip(nodes, values["community"], strict=True)), graph)
    columns = [values[m] for m in MEASURES]
    out = []
    for v, row in zip(nodes, zip(*columns, strict=True), strict=True):
        data = A.nodes[v]
        record: dict[str, Any] = {
            "id": v,
            "name": data.get("name", ""),
            "type": data.get("type", ""),
            "family": actor_family(data),
        }
        record.update(zip(MEASURES, row, strict=True))
        record["community_name"] = names[record["community"]]
        out.append(record)
    return out


def measures_frame(measures: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The measures as a pandas DataFrame indexed by actor id, columns in ``COLUMNS`` order.

    Examples
    --------
    >>> from hlmgraph.analysis import analyse_graph, measures_frame
    >>> frame = measures_frame(analyse_graph(G).measures)  # doctest: +SKIP
    >>> frame.sort_values("broker_gatekeeper", ascending=False).head()  # doctest: +SKIP
    """
    import pandas as pd  # noqa: PLC0415 - pandas loads in a second; only notebooks need it

    frame = pd.DataFrame.from_records(list(measures), columns=list(COLUMNS))
    return frame.set_index("id")


def reporter(progress: Progress | None, size: int) -> Progress:
    """A step reporter that speaks only for large networks."""
    if progress is None or size < LARGE_NETWORK:
        return lambda message: None
    return progress


def _use_igraph(engine: str) -> bool:
    """Whether the fast engine applies; unknown engines are a usage error."""
    if engine not in ENGINES:
        raise ConfigError(
            f"Moteur de calcul inconnu « {engine} » : choisissez parmi {', '.join(ENGINES)}."
        )
    return engine != "networkx"
