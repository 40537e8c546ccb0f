"""Analysis step entry point: project the actor network, measure it (or reuse written measures).

Measures written onto the ``Actor`` nodes (``hlmgraph analyse --write``) carry
``measures_key``: the projection options and a fingerprint of the actor network
they were computed on. A graph read back from Neo4j whose actors all carry the
key of the network asked for gets those measures instead of a new computation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.analysis.measures import (
    COLUMNS,
    MEASURES,
    Progress,
    compute_measures,
    measures_frame,
    reporter,
)
from hlmgraph.analysis.summary import network_summary
from hlmgraph.gc_pause import pausing
from hlmgraph.model import NetworkOptions, actor_network

if TYPE_CHECKING:
    import pandas as pd

KEY_PROPERTY = "measures_key"
"""Actor property naming the options and network the written measures belong to."""
WRITTEN: tuple[str, ...] = (*COLUMNS[3:], KEY_PROPERTY)
"""Actor properties written by ``analyse --write`` (family, measures, community name, key)."""


@dataclass
class Analysis:
    """The actor network, one measures record per actor (``COLUMNS``) and the summary."""

    network: nx.Graph
    measures: list[dict[str, Any]]
    summary: dict[str, Any]
    options: NetworkOptions = field(default_factory=NetworkOptions)
    reused: bool = False
    """Whether the measures were read from the graph (written earlier) rather than computed."""

    def frame(self) -> pd.DataFrame:
        """The measures as a pandas DataFrame indexed by actor id."""
        return measures_frame(self.measures)

    def by_id(self) -> dict[str, dict[str, Any]]:
        """The measures records keyed by actor id."""
        return {str(r["id"]): r for r in self.measures}


@pausing
def analyse_graph(
    G: nx.MultiDiGraph,
    options: NetworkOptions | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
    reuse: bool = True,
) -> Analysis:
    """Project the actor network of ``G`` under ``options`` and measure it.

    With ``reuse``, measures already written on the actors for this very
    network (same options, same links) are taken as they are.
    """
    options = options or NetworkOptions()
    A = actor_network(G, options.as_of, options.memberships, weighting=options.weighting,
                      ties=options.ties)
    reporter(progress, A.number_of_nodes())(
        f"Réseau des acteurs : {fr.count(A.number_of_nodes(), 'acteur')}, "
        f"{fr.count(A.number_of_edges(), 'lien')}."
    )
    measures = reusable(A, options) if reuse else None
    reused = measures is not None
    if measures is None:
        measures = compute_measures(A, engine=engine, progress=progress, graph=G)
    return Analysis(A, measures, network_summary(A, measures, options), options, reused)


def measures_key(A: nx.Graph, options: NetworkOptions) -> str:
    """Options and a fingerprint of the network's actors and links (weights included)."""
    digest = hashlib.sha256()
    for v in sorted(A, key=str):
        digest.update(f"{v}\x1f{A.nodes[v].get('type', '')}\x1f{A.nodes[v].get('subtype', '')}\x1e"
                      .encode())
    edges = sorted((str(min(u, v, key=str)), str(max(u, v, key=str)), repr(w))
                   for u, v, w in A.edges(data="weight", default=1))
    for edge in edges:
        digest.update("\x1f".join(edge).encode() + b"\x1e")
    return f"{options.key()}#{digest.hexdigest()[:16]}"


def reusable(A: nx.Graph, options: NetworkOptions) -> list[dict[str, Any]] | None:
    """The measures written on the actors of ``A`` for this very network, else None.

    The key costs a pass over every link: it is computed only when an actor
    carries one (a graph read back from the database after ``analyse --write``).
    """
    if not any(KEY_PROPERTY in data for _, data in A.nodes(data=True)):
        return None
    return written_measures(A, measures_key(A, options))


def written_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Rows ``{id, props}`` putting the measures, community name and key on each actor."""
    key = measures_key(analysis.network, analysis.options)
    return [
        {"id": r["id"], "props": {**{c: r[c] for c in WRITTEN[:-1]}, KEY_PROPERTY: key}}
        for r in analysis.measures
    ]


def written_measures(A: nx.Graph, key: str) -> list[dict[str, Any]] | None:
    """The measures records carried by the actors of ``A`` when all carry ``key``, else None."""
    nodes = sorted(A, key=str)
    if not nodes or any(A.nodes[v].get(KEY_PROPERTY) != key for v in nodes):
        return None
    out = []
    for v in nodes:
        data = A.nodes[v]
        record: dict[str, Any] = {"id": v, "name": data.get("name", ""), "type": data.get("type", "")}
        record.update({c: data.get(c) for c in COLUMNS[3:]})
        record["articulation"] = bool(record["articulation"])
        for name in MEASURES:
            if isinstance(record[name], float) and record[name].is_integer() and name in _COUNTS:
                record[name] = int(record[name])
        out.append(record)
    return out


_COUNTS = frozenset({"degree", "community", "broker_coordinator", "broker_consultant",
                     "broker_gatekeeper", "broker_liaison"})
"""Integer measures (a server may hand them back as floats)."""
