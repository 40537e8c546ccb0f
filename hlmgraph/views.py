"""Views step: readable, filterable, offline network pages (pyvis data, vis-network inlined).

A view is one self-contained HTML file: vis-network's JavaScript and CSS are
inlined, the data travel as escaped JSON, a Content-Security-Policy forbids any
network request and any script but the page's own (by hash), and every text
from the data is shown as text. Small selections show the actors themselves;
above ``AGGREGATE_ABOVE`` actors the default view groups them by département.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import math
import os
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import networkx as nx

from hlmgraph import settings
from hlmgraph.errors import ConfigError
from hlmgraph.model import TerritoryTree, actor_network, in_force, nodes_of
from hlmgraph.output import write_text
from hlmgraph.schema import ACTOR_TYPES, KIND_LABELS_FR, LEVEL_LABELS_FR, TYPE_LABELS_FR, fold

if TYPE_CHECKING:
    from IPython.display import HTML

AGGREGATE_ABOVE = 1500
"""Above this many selected actors, the default view groups them by département."""
SETTLE_UP_TO = 2500
"""Actor views up to this many nodes plus links settle with a short physics run."""
MAP_LAYOUT_ABOVE = 400
"""Actor views with more actors than this cluster them on the map by département."""
EDGE_LIMIT = 12000
"""Above this many links in an actor view, links of weight 1 are left out."""
LAYOUT_SEED = 1
SIZE_MEASURES: dict[str, str] = {
    "degree": "degré (nombre de partenaires)",
    "pagerank": "PageRank",
    "betweenness": "intermédiarité",
}
COLOR_MODES: tuple[str, ...] = ("type", "community")
GAP_COLOR = "#d62728"
EDGE_FORMS: frozenset[str] = frozenset({"pair", "link"})
"""Gap forms drawn as dashed edges (first actor to each other one); others mark nodes."""
TYPE_COLORS: dict[str, str] = {
    "bailleur": "#1f77b4",
    "regie": "#2ca02c",
    "collectivite": "#ff7f0e",
    "etat": "#7f7f7f",
    "plie": "#9467bd",
    "mission_locale": "#e377c2",
    "emploi": "#8c564b",
    "centre_social": "#bcbd22",
    "association": "#17becf",
    "federation": "#393b79",
    "financeur": "#e7ba52",
    "habitants": "#637939",
    "entreprise": "#6b6ecf",
}
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#e7ba52", "#637939", "#6b6ecf", "#7b4173", "#3182bd",
    "#31a354", "#756bb1", "#fd8d3c", "#8ca252", "#de9ed6", "#6baed6", "#bd9e39",
)
"""Colours for communities and régions (red is kept for gaps)."""
OTHER_COLOR = "#c7c7c7"
_OUTSIDE = "_hors_departement"
_MAX_LISTED = 5
_MAP_CENTRE = (2.4, 46.6)
_MAP_SCALE = 260.0
"""Pixels per degree of latitude on the national map."""
_DROM_INSETS: dict[str, tuple[float, float]] = {
    "971": (-1500.0, -250.0), "972": (-1500.0, 0.0), "973": (-1500.0, 250.0),
    "974": (-1500.0, 500.0), "976": (-1500.0, 750.0),
}
"""Overseas départements drawn as insets west of the mainland, as French maps do."""
_DROM_REGIONS = {"971": "01", "972": "02", "973": "03", "974": "04", "976": "06"}
_REGION_INSETS = {r: (_DROM_INSETS[d][0] - 180.0, _DROM_INSETS[d][1]) for d, r in _DROM_REGIONS.items()}
_OUTSIDE_PLACE = (-1500.0, -700.0)
_DETAIL_MAP_ZOOM = 4.0
"""Actor views spread the map this much more than the aggregate view."""


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

    def message(self) -> str:
        """One French sentence for the terminal."""
        if self.mode == "acteurs":
            text = _count(self.nodes, "acteur")
        else:
            text = f"{_count(self.nodes, 'groupe')} (vue agrégée par département)"
        text += f", {_count(self.edges, 'lien')}"
        if self.gaps:
            text += f", {_count(self.gaps, 'manque')} de partenariat"
        where = f" : {self.path}" if self.path else ""
        return f"Vue écrite{where} ({text})."


@dataclass
class _View:
    """Nodes, edges, legend and notes of a page before rendering."""

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
    contracts: list[str] = field(default_factory=list)
    """Contract labels that nodes and links refer to by number (key ``c``)."""
    settle: bool = False
    """Whether the browser may move nodes to remove overlaps (not for map layouts)."""


class ViewOptions(TypedDict, total=False):
    """Options of a view (see ``render_view``); every one may be left out."""

    as_of: dt.date | None
    gaps: bool
    ego: str | None
    hops: int
    territory: str | None
    types: str | Iterable[str] | None
    size_by: str
    color_by: str
    title: str | None
    rules: Any
    aggregate: bool | None
    progress: Callable[[str], None] | None


def render_view(
    G: nx.MultiDiGraph, out: str | os.PathLike[str], **options: Unpack[ViewOptions]
) -> ViewSummary:
    """Write the network view of ``G`` as one self-contained, offline HTML page.

    Parameters
    ----------
    G
        The model graph (``model.build_graph`` or ``io.load_graph``).
    out
        The HTML file to write (atomically).
    as_of
        Only contracts in force at that date make links (and gaps use it).
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
        Group actors by département; None chooses it above ``AGGREGATE_ABOVE`` actors.

    Returns
    -------
    ViewSummary
        Counts shown in the page and its header notes.
    """
    page, summary = build_page(G, **options)
    write_text(out, page)
    return replace(summary, path=Path(out))


def show(G: nx.MultiDiGraph, height: int = 720, **options: Unpack[ViewOptions]) -> HTML:
    """The same page as ``render_view``, drawn inline in Jupyter (an iframe srcdoc)."""
    from IPython.display import HTML

    page, _ = build_page(G, **options)
    srcdoc = html.escape(page, quote=True)
    return HTML(
        f'<div class="hlmgraph-view"><iframe srcdoc="{srcdoc}" sandbox="allow-scripts" '
        f'title="hlmgraph" style="width:100%;height:{int(height)}px;border:1px solid #ddd">'
        "</iframe></div>"
    )


def build_page(G: nx.MultiDiGraph, **options: Unpack[ViewOptions]) -> tuple[str, ViewSummary]:
    """The HTML text of a view and its summary (options as in ``render_view``)."""
    unknown = sorted(set(options) - set(ViewOptions.__annotations__))
    if unknown:
        raise TypeError(f"unknown view option(s): {', '.join(unknown)}")
    as_of = options.get("as_of")
    gaps = options.get("gaps", False)
    ego = options.get("ego")
    hops = options.get("hops", 1)
    territory = options.get("territory")
    types = options.get("types")
    size_by = options.get("size_by", "degree")
    color_by = options.get("color_by", "type")
    title = options.get("title")
    rules = options.get("rules")
    aggregate = options.get("aggregate")
    progress = options.get("progress")
    _check_options(size_by, color_by, hops)
    A = actor_network(G, as_of=as_of)
    type_set = _parse_types(types)
    selected, filters = _select(G, A, ego=ego, hops=hops, territory=territory, types=type_set)
    S = A.subgraph(selected).copy()
    gap_date = as_of or settings.today()
    gap_list = _find_gaps(G, rules, gap_date) if gaps else []
    if aggregate is None:
        aggregate = S.number_of_nodes() > AGGREGATE_ABOVE
    if aggregate:
        view = _aggregate_view(G, S, gap_list)
    else:
        view = _actor_view(
            G, A, S, gap_list, size_by=size_by, color_by=color_by, as_of=as_of, progress=progress
        )
    notes = filters + _as_of_notes(as_of) + view.notes
    if gaps:
        notes.append(_gap_note(view, len(gap_list), gap_date))
    heading = title or _default_title(G, territory, ego)
    page = _render_html(heading, view, notes)
    summary = ViewSummary(
        path=None, mode=view.mode, actors=S.number_of_nodes(), nodes=len(view.nodes),
        edges=len(view.edges) - view.gap_edges, gaps=view.gaps, gap_edges=view.gap_edges,
        hidden_edges=view.hidden_edges, notes=tuple(notes),
    )
    return page, summary


# ---------------------------------------------------------------- selection


def _check_options(size_by: str, color_by: str, hops: int) -> None:
    """Refuse unknown measures, colour modes and negative hop counts."""
    if size_by not in SIZE_MEASURES:
        raise ConfigError(
            f"Mesure de taille inconnue « {size_by} » : choisissez parmi "
            f"{', '.join(SIZE_MEASURES)}."
        )
    if color_by not in COLOR_MODES:
        raise ConfigError(
            f"Mode de couleur inconnu « {color_by} » : choisissez type ou community."
        )
    if hops < 0:
        raise ConfigError("Le nombre de pas (--hops) doit être positif ou nul.")


def _parse_types(types: str | Iterable[str] | None) -> set[str] | None:
    """Canonical actor types from a list or a comma-separated text (None: all)."""
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = {fold(t) for t in items if t.strip()}
    unknown = sorted(wanted - set(ACTOR_TYPES))
    if unknown:
        raise ConfigError(
            f"Type d'acteur inconnu « {unknown[0]} » : utilisez {', '.join(ACTOR_TYPES)}."
        )
    return wanted or None


def _select(
    G: nx.MultiDiGraph,
    A: nx.Graph,
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
        selected &= actors_in_territory(G, territory)
        name = G.nodes[territory].get("name", territory)
        notes.append(f"Territoire : {name} et les territoires qu'il contient.")
    if types is not None:
        selected = {a for a in selected if A.nodes[a].get("type") in types}
        labels = ", ".join(TYPE_LABELS_FR[t] for t in ACTOR_TYPES if t in types)
        notes.append(f"Types d'acteurs : {labels}.")
    if ego is not None:
        if ego not in A:
            raise ConfigError(
                f"Acteur « {ego} » introuvable : donnez l'identifiant (colonne id) d'un acteur "
                "du jeu de données."
            )
        around = set(nx.single_source_shortest_path_length(A, ego, cutoff=hops))
        selected = (selected & around) | {ego}
        name = A.nodes[ego].get("name", ego)
        notes.append(f"Voisinage de {name} : partenaires jusqu'à {hops} pas.")
    return selected, notes


def actors_in_territory(G: nx.MultiDiGraph, territory: str) -> set[str]:
    """Actors present in or based in ``territory`` or a territory it encloses."""
    if territory not in G or G.nodes[territory].get("label") != "Territory":
        known = nodes_of(G, "Territory")
        preferred = [t for t in known if G.nodes[t].get("level") == "departement"] or known
        example = f", par exemple {preferred[0]}" if preferred else ""
        raise ConfigError(
            f"Territoire « {territory} » introuvable : donnez l'identifiant (colonne id de "
            f"territories.csv){example}."
        )
    enclosed = TerritoryTree.of(G).enclosed(territory)
    found = set()
    for u, v, rel in G.edges(data="type"):
        if rel in ("PRESENT_IN", "BASED_IN") and v in enclosed:
            found.add(u)
    return found


def _find_gaps(G: nx.MultiDiGraph, rules: Any, as_of: dt.date | None) -> list[dict[str, Any]]:
    """Gaps of the rules (a list, a TOML path or the defaults) as plain records."""
    from hlmgraph import gaps as gaps_module

    if isinstance(rules, str | os.PathLike):
        rules = gaps_module.load_rules(Path(rules))
    found = gaps_module.find_gaps(G, rules=rules, as_of=as_of)
    return [gap.to_dict() for gap in found]


# ---------------------------------------------------------------- actor view


def _actor_view(
    G: nx.MultiDiGraph,
    A: nx.Graph,
    S: nx.Graph,
    gap_list: list[dict[str, Any]],
    *,
    size_by: str,
    color_by: str,
    as_of: dt.date | None,
    progress: Callable[[str], None] | None = None,
) -> _View:
    """One node per selected actor, links weighted by common contracts."""
    measures = actor_measures(A, progress)
    colors, legend, legend_title = _actor_colors(S, measures, color_by)
    on_map = _map_cluster_layout(G, S) if len(S) > MAP_LAYOUT_ABOVE else None
    positions = on_map or _layout(S)
    node_gaps, pair_gaps = _gaps_by_actor(gap_list, set(S))
    catalog = _Catalog(G)
    nodes = []
    for actor in sorted(S):
        data = S.nodes[actor]
        node = {
            "id": actor,
            "label": _short(str(data.get("name", actor))),
            "title": _actor_tooltip(G, actor, data, measures.get(actor, {})),
            "c": catalog.refs(_contracts_of(G, actor, as_of)),
            "value": _number(measures.get(actor, {}).get(size_by, 0)),
            "color": colors[actor],
            "kind": data.get("type", "") if color_by == "type" else colors[actor],
            "x": positions[actor][0],
            "y": positions[actor][1],
        }
        if actor in node_gaps:
            node["m"] = [message for _, message in node_gaps[actor]]
            node["borderWidth"] = 3
            node["color"] = {"background": colors[actor], "border": GAP_COLOR}
        nodes.append(node)
    edges, hidden = _actor_edges(S, catalog)
    gap_edges = _gap_edges(S, pair_gaps)
    shown_gaps = {i for items in node_gaps.values() for i, _ in items}
    shown_gaps |= {i for items in pair_gaps.values() for i, _ in items}
    view = _View(
        mode="acteurs", nodes=nodes, edges=edges + gap_edges, legend=legend,
        legend_title=legend_title, gaps=len(shown_gaps), gap_edges=len(gap_edges),
        hidden_edges=hidden, contracts=catalog.labels, settle=on_map is None,
    )
    view.keys = [
        f"Taille des cercles : {SIZE_MEASURES[size_by]}, calculé sur tout le réseau.",
        "Épaisseur des liens : nombre de contrats communs.",
    ]
    view.notes = _actor_notes(len(nodes), len(edges), hidden)
    return view


def _actor_notes(nodes: int, edges: int, hidden: int) -> list[str]:
    """Header lines of an actor view: what is drawn and what was left out."""
    notes = [f"{_count(nodes, 'acteur')}, {_count(edges, 'lien')} affichés."]
    if not nodes:
        notes.append("Aucun acteur ne correspond aux filtres : élargissez-les.")
    if hidden:
        notes.append(
            f"{_num(hidden)} liens de poids 1 (un seul contrat commun) masqués pour la "
            "lisibilité ; filtrez (--territory, --type, --ego) pour les voir."
        )
    return notes


def actor_measures(
    A: nx.Graph, progress: Callable[[str], None] | None = None
) -> dict[str, dict[str, Any]]:
    """Per-actor measures (``analysis.compute_measures``) on the whole actor network, by id."""
    from hlmgraph.analysis import compute_measures

    return {str(record["id"]): record for record in compute_measures(A, progress=progress)}


def _actor_colors(
    S: nx.Graph, measures: dict[str, dict], color_by: str
) -> tuple[dict[str, str], list[tuple[str, str, str, int]], str]:
    """Colour of each actor, the legend entries and the legend's title."""
    if color_by == "type":
        counts = Counter(S.nodes[a].get("type", "") for a in S)
        legend = [
            (t, TYPE_COLORS[t], TYPE_LABELS_FR[t], counts[t]) for t in ACTOR_TYPES if counts[t]
        ]
        colors = {a: TYPE_COLORS.get(S.nodes[a].get("type", ""), OTHER_COLOR) for a in S}
        return colors, legend, "Type d'acteur"
    community = {a: measures.get(a, {}).get("community") for a in S}
    sizes = Counter(c for c in community.values() if c is not None)
    ranked = sorted(sizes, key=lambda c: (-sizes[c], str(c)))
    shades = dict(zip(ranked, PALETTE, strict=False))
    colors = {a: shades.get(community[a], OTHER_COLOR) for a in S}
    legend = [(shades[c], shades[c], f"Communauté {c}", sizes[c]) for c in ranked if c in shades]
    rest = sum(sizes[c] for c in ranked if c not in shades) + sum(
        1 for c in community.values() if c is None
    )
    if rest:
        legend.append((OTHER_COLOR, OTHER_COLOR, "Autres communautés", rest))
    return colors, legend, "Communauté (Louvain)"


def _actor_tooltip(
    G: nx.MultiDiGraph, actor: str, data: dict[str, Any], measures: dict[str, Any]
) -> str:
    """Plain-text tooltip head of an actor (view.js appends its contracts and gaps).

    vis-network shows a string title as text (innerText), never as HTML.
    """
    kind = TYPE_LABELS_FR.get(data.get("type", ""), data.get("type", ""))
    if data.get("subtype"):
        kind += f" ({data['subtype']})"
    lines = [str(data.get("name", actor)), f"Type : {kind}", f"Identifiant : {actor}"]
    base = _territory_of(G, actor)
    if base:
        lines.append(f"Territoire : {base}")
    lines.append(_measure_line(measures))
    if "community" in measures and measures["community"] is not None:
        lines.append(f"Communauté : {measures['community']}")
    return "\n".join(lines)


def _measure_line(measures: dict[str, Any]) -> str:
    """The main measures of an actor on one line."""
    parts = [f"Partenaires : {measures.get('degree', 0)}"]
    if measures.get("strength") is not None:
        parts.append(f"contrats partagés : {_fmt(measures['strength'])}")
    if measures.get("pagerank") is not None:
        parts.append(f"PageRank : {measures['pagerank']:.4f}")
    if measures.get("betweenness") is not None:
        parts.append(f"intermédiarité : {measures['betweenness']:.4f}")
    return " · ".join(parts)


def _territory_of(G: nx.MultiDiGraph, actor: str) -> str:
    """Name and level of the territory an actor is based in ('' if none)."""
    for _, target, rel in G.out_edges(actor, data="type"):
        if rel == "BASED_IN":
            data = G.nodes[target]
            level = LEVEL_LABELS_FR.get(data.get("level", ""), "")
            return f"{data.get('name', target)} ({level})" if level else str(data.get("name"))
    return ""


def _contracts_of(G: nx.MultiDiGraph, actor: str, as_of: dt.date | None) -> list[str]:
    """Ids of the contracts an actor is party to, in force at ``as_of``."""
    return [
        contract
        for _, contract, rel in sorted(G.out_edges(actor, data="type"))
        if rel == "PARTY_TO" and in_force(G.nodes[contract], as_of)
    ]


class _Catalog:
    """Contract labels listed once in the page; nodes and links refer to them by number."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        """An empty catalog over the contracts of ``G``."""
        self.G = G
        self.labels: list[str] = []
        self._index: dict[str, int] = {}

    def refs(self, contracts: Iterable[str]) -> list[int]:
        """Numbers of the given contracts, adding their labels when new."""
        refs = []
        for contract in contracts:
            if contract not in self._index:
                data = self.G.nodes[contract] if contract in self.G else {}
                kind = KIND_LABELS_FR.get(data.get("kind", ""), "")
                name = str(data.get("name", contract))
                self._index[contract] = len(self.labels)
                self.labels.append(f"{name} ({kind})" if kind else name)
            refs.append(self._index[contract])
        return refs


def _actor_edges(S: nx.Graph, catalog: _Catalog) -> tuple[list[dict[str, Any]], int]:
    """Links of the actor view (weight-1 links dropped above EDGE_LIMIT) and how many hid."""
    links = sorted((min(u, v), max(u, v), d) for u, v, d in S.edges(data=True))
    hidden = 0
    if len(links) > EDGE_LIMIT:
        kept = [link for link in links if link[2].get("weight", 1) > 1]
        hidden = len(links) - len(kept)
        links = kept
    edges = []
    for u, v, data in links:
        weight = int(data.get("weight", 1))
        edges.append({
            "from": u,
            "to": v,
            "width": round(1 + 1.5 * math.log2(weight), 2),
            "title": _edge_tooltip(S, u, v, data),
            "c": catalog.refs(data.get("contracts", [])),
        })
    return edges, hidden


def _edge_tooltip(S: nx.Graph, u: str, v: str, data: dict[str, Any]) -> str:
    """Plain-text tooltip head of a link (view.js appends the common contracts)."""
    names = f"{S.nodes[u].get('name', u)} — {S.nodes[v].get('name', v)}"
    return names + ("\nAdhésion ou siège de gouvernance" if data.get("memberships") else "")


def _gaps_by_actor(
    gap_list: Sequence[dict[str, Any]], selected: set[str]
) -> tuple[dict[str, list[tuple[int, str]]], dict[tuple[str, str], list[tuple[int, str]]]]:
    """Gaps touching shown actors: missing partnerships by actor pair, the others by actor.

    A gap of a form in ``EDGE_FORMS`` (pair, link) is a partnership missing between
    its first actor and each other one: it becomes dashed edges when both ends are
    shown. Other gaps (presence, party, expiry) mark each shown actor they name.
    """
    by_node: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for index, gap in enumerate(gap_list):
        actors = list(dict.fromkeys(gap.get("actors", [])))
        message = f"{gap.get('message', '')} [règle {gap.get('rule', '')}]"
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


def _gap_edges(
    S: nx.Graph, pair_gaps: dict[tuple[str, str], list[tuple[int, str]]]
) -> list[dict[str, Any]]:
    """Dashed red edges for the missing partnerships between two shown actors."""
    edges = []
    for (u, v), items in sorted(pair_gaps.items()):
        names = f"{S.nodes[u].get('name', u)} — {S.nodes[v].get('name', v)}"
        lines = [f"Manque de partenariat : {names}"] + [f"• {m}" for _, m in items]
        edges.append({
            "id": f"manque:{u}:{v}",
            "from": u,
            "to": v,
            "dashes": True,
            "width": 3,
            "color": {"color": GAP_COLOR, "highlight": GAP_COLOR, "hover": GAP_COLOR},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.25},
            "title": "\n".join(lines),
            "gap": True,
        })
    return edges


def _layout(
    S: nx.Graph, spacing: float = 110.0, minimum: float = 500.0, compact: bool = False
) -> dict[str, tuple[float, float]]:
    """Fixed positions (igraph, seeded): drawn at once, no live physics.

    ``compact`` ties every node to a hidden centre while laying out, so actors
    without a partner in ``S`` stay near the others instead of on a far ring.
    """
    import igraph as ig

    nodes = sorted(S)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    # Each edge as (low, high): a subgraph of a few nodes iterates over a set, so the
    # orientation of an edge in S.edges would change with the hash seed.
    edges = sorted((min(index[u], index[v]), max(index[u], index[v])) for u, v in S.edges)
    if compact:
        edges += [(i, len(nodes)) for i in range(len(nodes))]
    graph = ig.Graph(n=len(nodes) + int(compact), edges=edges)
    ig.set_random_number_generator(random.Random(LAYOUT_SEED))
    try:
        large = len(nodes) > 1000
        coords = graph.layout_fruchterman_reingold(
            niter=300 if large else 500, grid="grid" if large else "nogrid"
        ).coords
    finally:
        ig.set_random_number_generator(random)
    return _scale(nodes, coords[: len(nodes)], spacing, minimum)


def _map_cluster_layout(G: nx.MultiDiGraph, S: nx.Graph) -> dict[str, tuple[float, float]] | None:
    """Actors clustered around their département on the map (None when off the map)."""
    group_of = _groups(G, S)
    members: dict[str, list[str]] = defaultdict(list)
    for actor in sorted(S):
        members[group_of[actor]].append(actor)
    centres = _map_positions(G, sorted(members))
    if centres is None or len(members) < 3:
        return None
    positions: dict[str, tuple[float, float]] = {}
    for group, actors in sorted(members.items()):
        cx, cy = centres[group]
        local = _layout(S.subgraph(actors), spacing=30.0, minimum=40.0, compact=True)
        for actor, (x, y) in local.items():
            positions[actor] = (round(cx * _DETAIL_MAP_ZOOM + x, 1), round(cy * _DETAIL_MAP_ZOOM + y, 1))
    return positions


def _scale(
    nodes: Sequence[str], coords: Sequence[Sequence[float]], spacing: float, minimum: float
) -> dict[str, tuple[float, float]]:
    """Coordinates rescaled to about ``spacing`` pixels per node, rounded."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = max(minimum, spacing * math.sqrt(len(nodes))) if len(nodes) > 1 else 0.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        n: (round((x - cx) / span * side, 1), round((y - cy) / span * side, 1))
        for n, (x, y) in zip(nodes, zip(xs, ys, strict=True), strict=True)
    }


# ---------------------------------------------------------------- aggregate view


def _aggregate_view(G: nx.MultiDiGraph, S: nx.Graph, gap_list: list[dict[str, Any]]) -> _View:
    """One node per département (or région, or 'hors département'), links summed."""
    group_of = _groups(G, S)
    members: dict[str, list[str]] = defaultdict(list)
    for actor in sorted(S):
        members[group_of[actor]].append(actor)
    inner, between = _group_links(S, group_of)
    gap_counts = _gap_counts(gap_list, group_of)
    most_gaps = max((len(v) for k, v in gap_counts.items() if k != "_all"), default=1)
    colors, legend = _region_colors(G, sorted(members))
    positions = _map_positions(G, sorted(members)) or _layout(_group_graph(members, between))
    nodes = []
    for group in sorted(members):
        node = {
            "id": group,
            "label": _group_name(G, group),
            "title": _group_tooltip(G, S, group, members[group], inner[group], gap_counts),
            "value": len(members[group]),
            "color": colors[group],
            "kind": colors[group],
            "x": positions[group][0],
            "y": positions[group][1],
        }
        if gap_counts.get(group):
            node["borderWidth"] = round(1 + 7 * len(gap_counts[group]) / most_gaps, 1)
            node["color"] = {"background": colors[group], "border": GAP_COLOR}
        nodes.append(node)
    edges, untraced = _group_edges(G, between)
    view = _View(
        mode="départements", nodes=nodes, edges=edges, legend=legend, legend_title="Région",
        gaps=len({i for i, _ in gap_counts.get("_all", [])}),
    )
    view.keys = [
        "Taille des cercles : nombre d'acteurs du département.",
        "Épaisseur des liens : liens de partenariat entre acteurs des deux départements.",
    ]
    view.notes = _aggregate_notes(S, len(nodes), untraced)
    return view


def _group_links(
    S: nx.Graph, group_of: dict[str, str]
) -> tuple[Counter[str], dict[tuple[str, str], list[int]]]:
    """Links inside each group, and [links, common contracts] between two groups."""
    inner: Counter[str] = Counter()
    between: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for u, v, weight in S.edges(data="weight", default=1):
        gu, gv = sorted((group_of[u], group_of[v]))
        if gu == gv:
            inner[gu] += 1
        else:
            between[(gu, gv)][0] += 1
            between[(gu, gv)][1] += weight
    return inner, between


def _group_graph(members: dict[str, list[str]], between: dict[tuple[str, str], Any]) -> nx.Graph:
    """The graph of groups, to lay out when they are not all on the map."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(between)
    return graph


def _group_edges(
    G: nx.MultiDiGraph, between: dict[tuple[str, str], list[int]]
) -> tuple[list[dict[str, Any]], int]:
    """Links between groups, and how many actor links of 'hors département' are not traced."""
    edges, untraced = [], 0
    for (gu, gv), (links, weight) in sorted(between.items()):
        if _OUTSIDE in (gu, gv):
            untraced += links
            continue
        edges.append({
            "from": gu,
            "to": gv,
            "width": round(1 + 1.5 * math.log2(links), 2),
            "title": f"{_group_name(G, gu)} — {_group_name(G, gv)}\n"
            f"{_count(links, 'lien')} entre acteurs, {_count(weight, 'contrat')} en commun",
        })
    return edges, untraced


def _aggregate_notes(S: nx.Graph, circles: int, untraced: int) -> list[str]:
    """Header lines of the aggregate view: what is grouped, how to drill down, what is left."""
    notes = [
        f"Vue agrégée par département : {_count(S.number_of_nodes(), 'acteur')} et "
        f"{_count(S.number_of_edges(), 'lien')} regroupés en {_count(circles, 'cercle')}.",
        "Pour voir les acteurs, utilisez --territory ID (ex. departement:59) ou --type ; "
        "--no-aggregate force la vue détaillée.",
    ]
    if untraced:
        notes.append(
            f"{_count(untraced, 'lien')} des acteurs nationaux ou multi-départements (cercle "
            "« Hors département ») non tracés ; détail au survol."
        )
    return notes


def _map_positions(G: nx.MultiDiGraph, groups: list[str]) -> dict[str, tuple[float, float]] | None:
    """Map-like positions of départements and régions (None if one is not on the map)."""
    places = _department_places()
    positions: dict[str, tuple[float, float]] = {}
    for group in groups:
        data = G.nodes[group] if group != _OUTSIDE else {}
        code = str(data.get("code", ""))
        if group == _OUTSIDE:
            positions[group] = _OUTSIDE_PLACE
        elif data.get("level") == "departement" and code in places:
            positions[group] = places[code][0]
        elif data.get("level") == "region" and code in _REGION_INSETS:
            positions[group] = _REGION_INSETS[code]
        elif data.get("level") == "region":
            inside = [xy for xy, region in places.values() if region == code]
            if not inside:
                return None
            positions[group] = (
                round(sum(x for x, _ in inside) / len(inside), 1),
                round(sum(y for _, y in inside) / len(inside) + 40, 1),
            )
        else:
            return None
    return positions


def _department_places() -> dict[str, tuple[tuple[float, float], str]]:
    """Département code -> (x, y) on a flat map of France, and its région code."""
    import csv
    import io

    places = {}
    for row in csv.DictReader(io.StringIO(_static("departements.csv"))):
        lon, lat = float(row["lon"]), float(row["lat"])
        x = (lon - _MAP_CENTRE[0]) * math.cos(math.radians(_MAP_CENTRE[1])) * _MAP_SCALE
        y = -(lat - _MAP_CENTRE[1]) * _MAP_SCALE
        places[row["code"]] = ((round(x, 1), round(y, 1)), row["region"])
    for code, xy in _DROM_INSETS.items():
        places[code] = (xy, _DROM_REGIONS[code])
    return places


def _groups(G: nx.MultiDiGraph, S: nx.Graph) -> dict[str, str]:
    """The département (or coarser territory) each actor belongs to."""
    parent: dict[str, str] = {}
    based: dict[str, str] = {}
    present: dict[str, set[str]] = defaultdict(set)
    for u, v, rel in G.edges(data="type"):
        if rel == "PART_OF":
            parent[u] = v
        elif rel == "BASED_IN":
            based[u] = v
        elif rel == "PRESENT_IN":
            present[u].add(v)
    cache: dict[str, str] = {}

    def department(territory: str) -> str:
        """The département enclosing a territory, itself if coarser."""
        if territory not in cache:
            node, seen = territory, set()
            while G.nodes[node].get("level") not in ("departement", "region", None):
                if node not in parent or node in seen:
                    break
                seen.add(node)
                node = parent[node]
            level = G.nodes[node].get("level")
            cache[territory] = node if level in ("departement", "region") else _OUTSIDE
        return cache[territory]

    groups = {}
    for actor in S:
        if actor in based:
            groups[actor] = department(based[actor])
            continue
        found = {department(t) for t in present.get(actor, ())}
        groups[actor] = found.pop() if len(found) == 1 else _OUTSIDE
    return groups


def _group_name(G: nx.MultiDiGraph, group: str) -> str:
    """Display name of an aggregate group."""
    if group == _OUTSIDE:
        return "Hors département"
    data = G.nodes[group]
    code = data.get("code")
    name = str(data.get("name", group))
    return f"{name} ({code})" if code and data.get("level") == "departement" else name


def _group_tooltip(
    G: nx.MultiDiGraph,
    S: nx.Graph,
    group: str,
    members: list[str],
    inner_links: int,
    gap_counts: dict[str, list[tuple[int, str]]],
) -> str:
    """Plain-text tooltip of a group: counts by type, links, top actors, how to drill down."""
    lines = [_group_name(G, group), f"{_num(len(members))} acteurs :"]
    counts = Counter(S.nodes[a].get("type", "") for a in members)
    lines += [f"• {TYPE_LABELS_FR[t]} : {counts[t]}" for t in ACTOR_TYPES if counts[t]]
    lines.append(f"{_num(inner_links)} liens de partenariat internes")
    top = sorted(members, key=lambda a: (-S.degree(a), a))[:_MAX_LISTED]
    if top:
        lines.append("Acteurs les plus reliés :")
        lines += [f"• {S.nodes[a].get('name', a)} ({S.degree(a)} partenaires)" for a in top]
    if gap_counts.get(group):
        lines.append(f"{_count(len(gap_counts[group]), 'manque')} de partenariat")
    if group == _OUTSIDE:
        lines.append("Acteurs nationaux, multi-départements ou sans territoire.")
    else:
        lines.append(f"Détail : hlmgraph view … --territory {group}")
    return "\n".join(lines)


def _gap_counts(
    gap_list: Sequence[dict[str, Any]], group_of: dict[str, str]
) -> dict[str, list[tuple[int, str]]]:
    """Gaps touching shown actors, by group ('_all' holds every one of them)."""
    counts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for index, gap in enumerate(gap_list):
        groups = sorted({group_of[a] for a in gap.get("actors", []) if a in group_of})
        for group in groups:
            counts[group].append((index, gap.get("message", "")))
        if groups:
            counts["_all"].append((index, gap.get("message", "")))
    return counts


def _region_colors(
    G: nx.MultiDiGraph, groups: list[str]
) -> tuple[dict[str, str], list[tuple[str, str, str, int]]]:
    """Colour of each group by its région, and the région legend."""
    region_of = {g: (_region(G, g) if g != _OUTSIDE else None) or "" for g in groups}
    regions = sorted({r for r in region_of.values() if r})
    shades = dict(zip(regions, PALETTE, strict=False))
    colors = {g: shades.get(region_of[g], OTHER_COLOR) for g in groups}
    counts = Counter(region_of.values())
    legend = [
        (shades[r], shades[r], str(G.nodes[r].get("name", r)), counts[r])
        for r in regions if r in shades
    ]
    rest = sum(counts[r] for r in counts if r not in shades)
    if rest:
        legend.append((OTHER_COLOR, OTHER_COLOR, "Autres (hors région connue)", rest))
    return colors, legend


def _region(G: nx.MultiDiGraph, territory: str) -> str | None:
    """The région enclosing a territory (itself when it is one), or None."""
    node, seen = territory, set()
    while G.nodes[node].get("level") != "region":
        targets = [v for _, v, t in G.out_edges(node, data="type") if t == "PART_OF"]
        if not targets or node in seen:
            return None
        seen.add(node)
        node = targets[0]
    return node


# ---------------------------------------------------------------- page


def _render_html(heading: str, view: _View, notes: list[str]) -> str:
    """The self-contained page: inline vis-network, escaped JSON data, CSP by hash."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", heading=heading)
    net.nodes = view.nodes  # bulk set: pyvis' add_node checks a list, quadratic
    net.edges = view.edges
    net.options = _vis_options(view)
    nodes, edges, _, _, _, options = net.get_network_data()
    payload = {
        "nodes": nodes, "edges": edges, "contracts": view.contracts,
        "listed": _MAX_LISTED, "options": json.loads(options),
    }
    view_js = _static("view.js")
    vis_js = _static("vis-network/vis-network.min.js")
    template = Template(_static("view.html"))
    return template.substitute(
        title=html.escape(heading),
        csp=_csp(vis_js, view_js),
        vis_css=_static("vis-network/vis-network.css"),
        view_css=_static("view.css"),
        panel=_panel_html(heading, view, notes),
        vis_js=vis_js,
        data=_script_json(payload),
        view_js=view_js,
    )


def _vis_options(view: _View) -> dict[str, Any]:
    """vis-network options: precomputed layout, text tooltips, labels scaled by size.

    Small actor views settle briefly with physics (overlaps removed, then physics
    stops: ``view.js``); larger ones are drawn at once from the fixed layout.
    """
    large = len(view.nodes) + len(view.edges) > 3000
    settle = view.settle and len(view.nodes) + len(view.edges) <= SETTLE_UP_TO
    actors = view.mode == "acteurs"
    # Actor views: label size follows node size, small labels appear when zooming in.
    # The aggregate map is seen from afar: every label is drawn, large.
    labels = {"enabled": True, "min": 11, "max": 30, "drawThreshold": 9, "maxVisible": 40}
    return {
        "autoResize": True,
        "physics": _physics(settle),
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "interaction": {
            "hover": True,
            "tooltipDelay": 80,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {
                "min": 8 if actors else 14,
                "max": 40 if actors else 70,
                "label": labels if actors else {"enabled": False},
            },
            "font": {"face": "sans-serif", "size": 14 if actors else 30, "strokeWidth": 4,
                     "strokeColor": "#ffffff"},
        },
        "edges": {
            "smooth": False,
            "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333",
                      "opacity": 0.5 if large else 0.8},
            "selectionWidth": 2,
        },
    }


def _physics(settle: bool) -> dict[str, Any]:
    """Physics that only runs to settle a small view (off for large ones)."""
    if not settle:
        return {"enabled": False}
    return {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 110,
                             "springConstant": 0.04, "avoidOverlap": 0.8},
        "stabilization": {"enabled": True, "iterations": 300, "fit": True},
    }


def _panel_html(heading: str, view: _View, notes: list[str]) -> str:
    """The French header panel: title, what is shown and left out, legend, search."""
    esc = html.escape
    parts = [f"<h1>{esc(heading)}</h1>", '<ul class="notes">']
    parts += [f"<li>{esc(note)}</li>" for note in notes]
    parts.append("</ul>")
    parts.append(f'<h2>{esc(view.legend_title)}</h2><ul class="legend" id="legend">')
    for key, color, label, count in view.legend:
        parts.append(
            f'<li><button type="button" data-kind="{esc(key)}" aria-pressed="true" '
            f'title="Cliquer pour masquer ou montrer">'
            f'<span class="swatch" style="background:{esc(color)}"></span>'
            f"{esc(label)} <span class=\"count\">{_num(count)}</span></button></li>"
        )
    parts.append("</ul>")
    parts.append('<ul class="keys">')
    parts += [f"<li>{esc(key)}</li>" for key in view.keys]
    if view.gap_edges:
        parts.append(
            '<li><span class="dash"></span>Pointillés rouges : manque de partenariat '
            "(détail au survol).</li>"
        )
    if view.gaps and view.mode == "acteurs" and view.gap_edges < view.gaps:
        parts.append('<li><span class="ring"></span>Bord rouge : manque signalé pour '
                     "cet acteur (détail au survol).</li>")
    elif view.gaps and view.mode != "acteurs":
        parts.append('<li><span class="ring"></span>Bord rouge : manques de partenariat du '
                     "département, d'autant plus épais qu'ils sont nombreux.</li>")
    parts.append("</ul>")
    parts.append(
        '<label class="search">Rechercher un nom <input id="search" type="search" '
        'list="names" autocomplete="off"></label><datalist id="names"></datalist>'
        '<p id="search-status" class="status" aria-live="polite"></p>'
        '<p class="help">Survolez un cercle ou un lien pour le détail ; molette : zoom ; '
        "cliquez une entrée de la légende pour la masquer.</p>"
    )
    return "\n".join(parts)


def _gap_note(view: _View, found: int, day: dt.date) -> str:
    """Header line saying how many gaps are shown, and at which date the rules ran."""
    head = f"Manques de partenariat au {day.strftime('%d/%m/%Y')}"
    if not found:
        return f"{head} : aucun trouvé par les règles."
    if view.mode == "acteurs":
        return (
            f"{head} : {_num(view.gaps)} affichés sur {_num(found)} trouvés "
            f"({_count(view.gap_edges, 'lien')} {_plural(view.gap_edges, 'rouge')} "
            "en pointillés, les autres en bord rouge)."
        )
    return (
        f"{head} : {_num(view.gaps)} sur {_num(found)} trouvés, comptés par "
        "département (bord rouge) ; détail avec --territory."
    )


def _as_of_notes(as_of: dt.date | None) -> list[str]:
    """Header line about the date the contracts are taken at."""
    if as_of is None:
        return ["Tous les contrats sont comptés, quelle que soit leur date."]
    return [f"Contrats en vigueur au {as_of.strftime('%d/%m/%Y')}."]


def _default_title(G: nx.MultiDiGraph, territory: str | None, ego: str | None) -> str:
    """Page title from the filters."""
    title = "Réseau des partenariats"
    if territory is not None:
        title += f" — {G.nodes[territory].get('name', territory)}"
    if ego is not None:
        title += f" — autour de {G.nodes[ego].get('name', ego)}"
    return title


def _script_json(payload: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _csp(*scripts: str) -> str:
    """Content-Security-Policy: no network, only the page's own scripts (by hash)."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )


def _static(name: str) -> str:
    """Text of a file shipped in hlmgraph/static."""
    return resources.files("hlmgraph").joinpath("static", name).read_text("utf-8")


def _short(text: str, limit: int = 40) -> str:
    """A label cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> float:
    """A measure as a finite float (0 when missing)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return round(number, 9) if math.isfinite(number) else 0.0


def _fmt(value: Any) -> str:
    """A number without a useless '.0'."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _count(value: int, noun: str) -> str:
    """``1 acteur``, ``2 acteurs``, ``12 000 acteurs`` (regular French plural)."""
    return f"{_num(value)} {_plural(value, noun)}"


def _plural(value: int, word: str) -> str:
    """A word with the regular French plural ``s`` from 2 on."""
    return f"{word}s" if value > 1 else word


def _num(value: int) -> str:
    """An integer in French style (no-break space between thousands)."""
    return f"{value:,}".replace(",", "\u00a0")
