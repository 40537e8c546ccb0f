"""Views step: what is shown (actors kept by the filters, their gaps, their département)."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph import gaps as gaps_module
from hlmgraph.errors import ConfigError
from hlmgraph.places import Places
from hlmgraph.schema import ACTOR_TYPES
from hlmgraph.scope import Scope
from hlmgraph.views.text import labelled

OUTSIDE = "_hors_departement"
"""Group of the actors with no single département (national, several, none)."""
ALERT_FORMS: frozenset[str] = frozenset({"expiry"})
"""Forms whose findings are alerts (échéances), never gaps."""
EDGE_FORMS: frozenset[str] = frozenset({"pair", "link"})
"""Gap forms drawn as dashed edges (first actor to each other one); others mark nodes."""

GapMarks = dict[str, list[tuple[int, str]]]
PairMarks = dict[tuple[str, str], list[tuple[int, str]]]


def select_actors(
    G: nx.MultiDiGraph,
    A: nx.Graph,
    places: Places,
    *,
    ego: str | None,
    hops: int,
    territory: str | None,
    types: set[str] | None,
) -> tuple[set[str], list[str]]:
    """Actors kept by the filters, and one French note per filter applied."""
    selected = set(A.nodes)
    notes: list[str] = []
    if territory is not None:
        selected &= Scope.of(G, territory, places).actors
        place = fr.territory_title(G.nodes[territory])
        notes.append(labelled("Territoire", f"{place} et les territoires qu'il contient."))
    if types is not None:
        selected = {a for a in selected if A.nodes[a].get("type") in types}
        labels = [fr.type_label(t) for t in ACTOR_TYPES if t in types]
        notes.append(labelled("Types d'acteurs", fr.names(labels, limit=len(labels)) + "."))
    if ego is not None:
        if ego not in A:
            raise ConfigError(
                f"Acteur {fr.quote(ego)} "
                + fr.typography("introuvable : donnez l'identifiant (colonne id) d'un acteur "
                                "du jeu de données.")
            )
        around = set(nx.single_source_shortest_path_length(A, ego, cutoff=hops))
        selected = (selected & around) | {ego}
        name = str(A.nodes[ego].get("name", ego))
        notes.append(labelled(f"Voisinage {fr.of(name)}",
                              f"partenaires jusqu'à {fr.count(hops, 'pas', 'pas')}."))
    return selected, notes


def induced(A: nx.Graph, keep: set[str]) -> nx.Graph:
    """A copy of the network induced on ``keep`` (attributes copied, each link once).

    As ``A.subgraph(keep).copy()``, without the filtered views it walks through
    (seconds on a national network). Nodes come in the order of ``A``.
    """
    S = nx.Graph()
    S.add_nodes_from((v, dict(data)) for v, data in A.nodes(data=True) if v in keep)
    adjacency = A._adj  # the plain dicts: the public views iterate items in Python
    done: set[str] = set()
    for u in S:
        S.add_edges_from((u, v, dict(data)) for v, data in adjacency[u].items()
                         if v in keep and v not in done)
        done.add(u)
    return S


def actors_in_territory(G: nx.MultiDiGraph, territory: str) -> set[str]:
    """Actors present in or based in ``territory`` or a territory it encloses (``scope``)."""
    return set(Scope.of(G, territory).actors)


def departement_groups(places: Places, actors: Sequence[str]) -> dict[str, str]:
    """The département (or région) each actor belongs to, ``OUTSIDE`` when not one.

    An actor belongs to the département of its seat, otherwise to the single
    département of the territories it is present in.
    """
    cache: dict[str, str] = {}

    def departement(territory: str) -> str:
        """The département enclosing a territory, the région when coarser, else OUTSIDE."""
        if territory not in cache:
            cache[territory] = next(
                (t for t in places.tree.enclosing(territory)
                 if places.levels.get(t) in ("departement", "region")),
                OUTSIDE,
            )
        return cache[territory]

    groups = {}
    for actor in actors:
        if actor in places.base:
            groups[actor] = departement(places.base[actor])
            continue
        found = {departement(t) for t in places.presence(actor)}
        groups[actor] = found.pop() if len(found) == 1 else OUTSIDE
    return groups


def shared(link: dict[str, Any]) -> int:
    """Contracts (and memberships) two actors share: the link's ``count``, at least 1.

    Widths and « contrats en commun » count contracts whatever the weighting
    (Newman's weight of a 12-party contract is 1/11).
    """
    if "count" in link:
        return max(1, int(link["count"]) + int(link.get("memberships", 0)))
    return max(1, int(link.get("weight", 1)))


@dataclass
class Findings:
    """What the rules found, as plain records: gaps (manques) and alerts (échéances) apart."""

    gaps: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)


def find_findings(G: nx.MultiDiGraph, rules: Any, as_of: dt.date) -> Findings:
    """Findings of the rules (a list, a TOML path or the defaults); alerts never count as gaps."""
    if isinstance(rules, str | os.PathLike):
        rules = gaps_module.load_rules(Path(rules))
    found = Findings()
    for gap in gaps_module.find_gaps(G, rules=rules, as_of=as_of):
        record = gap.to_dict()
        (found.alerts if is_alert(record) else found.gaps).append(record)
    return found


def is_alert(record: dict[str, Any]) -> bool:
    """Whether a finding is an alert (échéance: a contract to renew) rather than a gap."""
    category = record.get("category") or ("echeance" if record.get("form") in ALERT_FORMS else "")
    return category == "echeance"


def gaps_by_actor(gap_list: Sequence[dict[str, Any]], selected: set[str]) -> tuple[GapMarks, PairMarks]:
    """Gaps touching shown actors: missing partnerships by actor pair, the others by actor.

    A gap of a form in ``EDGE_FORMS`` (pair, link) is a partnership missing between
    its first actor and each other one: it becomes dashed edges when both ends are
    shown. Other gaps (presence, party, expiry) mark each shown actor they name.
    """
    by_node: GapMarks = defaultdict(list)
    by_pair: PairMarks = defaultdict(list)
    for index, gap in enumerate(gap_list):
        actors = list(dict.fromkeys(gap.get("actors", [])))
        message = fr.typography(f"{gap.get('title') or gap.get('rule', '')} : {gap.get('message', '')}")
        pairs = []
        if gap.get("form", "pair") in EDGE_FORMS and actors and actors[0] in selected:
            pairs = [(actors[0], other) for other in actors[1:] if other in selected]
        for first, second in pairs:
            by_pair[(min(first, second), max(first, second))].append((index, message))
        if not pairs:
            for actor in actors:
                if actor in selected:
                    by_node[actor].append((index, message))
    return by_node, by_pair


def gaps_by_group(gap_list: Sequence[dict[str, Any]], group_of: dict[str, str]) -> GapMarks:
    """Gaps touching shown actors, by group ('_all' holds every one of them)."""
    counts: GapMarks = defaultdict(list)
    for index, gap in enumerate(gap_list):
        groups = sorted({group_of[a] for a in gap.get("actors", []) if a in group_of})
        for group in groups:
            counts[group].append((index, gap.get("message", "")))
        if groups:
            counts["_all"].append((index, gap.get("message", "")))
    return counts
