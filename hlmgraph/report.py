"""Report step: the French HTML report for non-technical staff, and its tables as an .xlsx workbook.

The page is one self-contained file: inline CSS and SVG drawn here, no script,
no external resource (a Content-Security-Policy forbids any), every text from
the data escaped. The same tables go to the workbook, one sheet each.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import __version__, settings
from hlmgraph.analysis import Progress, compute_measures, network_summary, reporter
from hlmgraph.gaps import Gap, Rule, find_gaps, load_rules
from hlmgraph.model import TerritoryTree, actor_network, in_force, nodes_of
from hlmgraph.output import (
    atomic_paths,
    build_workbook,
    check_file_target,
    save_workbook,
    write_bytes,
)
from hlmgraph.recommend import recommend
from hlmgraph.schema import ACTOR_TYPES, KIND_LABELS_FR, LEVEL_LABELS_FR, TYPE_LABELS_FR
from hlmgraph.views import OTHER_COLOR, TYPE_COLORS

TOP_ACTORS = 10
"""Rows of the central and broker tables."""
PICTURE_ACTORS = 40
"""Actors drawn in the network picture (highest degree first)."""
PICTURE_LABELS = 14
"""Actors named in the network picture."""
LAYOUT_SEED = 42
EXPIRY_MONTHS = 12
RECOMMENDATIONS = 15
HTML_ROW_LIMIT = 200
"""Rows of a table shown in the page; the workbook always holds every row."""
MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
RULE_TITLES_FR: dict[str, str] = {
    "regie-bailleur": "Bailleur et régie présents sur un QPV sans contrat entre eux",
    "qpv-sans-regie": "QPV où des bailleurs logent des habitants sans régie de quartier",
    "contrat-de-ville": "Bailleur non signataire du contrat de ville de son QPV",
    "abattement-tfpb": "Bailleur sans convention d'abattement de TFPB sur son QPV",
    "insertion": "Régie sans contrat avec les acteurs de l'insertion de son territoire",
    "echeance": "Contrat arrivant à échéance",
}
"""French titles of the default rules; other rules are described by their form."""
FORM_TITLES_FR: dict[str, str] = {
    "pair": "Deux acteurs présents sur un territoire sans contrat commun",
    "party": "Acteur sans contrat attendu sur son territoire",
    "presence": "Territoire où un type d'acteur attendu est absent",
    "link": "Acteur sans contrat avec un partenaire attendu",
    "expiry": "Contrat arrivant à échéance",
}

Row = dict[str, Any]


@dataclass
class Table:
    """One table of the report: a sheet name, French column headers and rows keyed by them."""

    sheet: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class ReportData:
    """Everything the report shows, computed once from the graph."""

    as_of: dt.date
    graph: nx.MultiDiGraph
    network: nx.Graph
    measures: list[dict[str, Any]]
    summary: dict[str, Any]
    gaps: list[Gap]
    rules: list[Rule]
    tables: dict[str, Table]
    checks: list[Gap] = field(default_factory=list)
    """Gaps of the report's own rules (QPV coverage, expiry), apart from the user's rules."""


def write_report(
    G: nx.MultiDiGraph,
    out: Path,
    xlsx: Path | None = None,
    as_of: dt.date | None = None,
    rules: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the French HTML report of ``G`` to ``out`` (and its tables to ``xlsx``); return ``out``.

    ``progress`` receives French step messages when the network is large.
    """
    check_file_target(out, "--out")
    if xlsx is not None:
        check_file_target(xlsx, "--xlsx")
    data = build_report(G, as_of=as_of, rules=load_rules(rules), progress=progress)
    page = render_html(data).encode("utf-8")
    if xlsx is None:
        write_bytes(out, page)
        return Path(out)
    workbook = build_workbook({t.sheet: (t.rows, t.columns) for t in data.tables.values()})
    with atomic_paths([out, xlsx], ["--out", "--xlsx"]) as (html_tmp, xlsx_tmp):
        html_tmp.write_bytes(page)
        save_workbook(workbook, xlsx_tmp)
    return Path(out)


def build_report(
    G: nx.MultiDiGraph,
    as_of: dt.date | None = None,
    rules: Sequence[Rule] | None = None,
    progress: Progress | None = None,
) -> ReportData:
    """Compute measures, gaps, coverage and every table of the report."""
    day = as_of or settings.today()
    rule_list = list(rules) if rules is not None else load_rules()
    A = actor_network(G, as_of=day)
    say = reporter(progress, A.number_of_nodes())
    measures = compute_measures(A, progress=progress)
    summary = network_summary(A, measures)
    say("Manques de partenariat et couverture des QPV…")
    gaps = find_gaps(G, rule_list, as_of=day)
    checks = find_gaps(G, [*(_party_rule(k) for k in _COVERAGE_KINDS), _EXPIRY_RULE], as_of=day)
    data = ReportData(day, G, A, measures, summary, gaps, rule_list, {}, checks)
    builders: list[Callable[[ReportData], Table]] = [
        _key_figures, _gaps_by_rule, _gap_rows, _qpv_coverage, _central, _brokers,
        _isolated, _communities, _expiring, _recommendations,
    ]
    say("Tableaux du rapport et partenariats recommandés…")
    for builder in builders:
        table = builder(data)
        data.tables[table.sheet] = table
    return data


# ---------------------------------------------------------------- tables


def _key_figures(data: ReportData) -> Table:
    """Headline counts: actors, territories, contracts, links, gaps."""
    G, summary = data.graph, data.summary
    contracts = nodes_of(G, "Contract")
    in_force_now = [c for c in contracts if in_force(G.nodes[c], data.as_of)]
    territories = nodes_of(G, "Territory")
    qpv = [t for t in territories if G.nodes[t].get("level") == "qpv"]
    rows = [
        ("Organisations", summary["actors"]),
        ("Territoires", len(territories)),
        ("Quartiers prioritaires (QPV)", len(qpv)),
        ("Contrats et conventions", len(contracts)),
        ("Contrats en vigueur", len(in_force_now)),
        ("Liens de partenariat entre organisations", summary["links"]),
        ("Groupes d'organisations reliées (composantes)", summary["components"]),
        ("Organisations sans aucun partenaire", len(summary["isolated"])),
        ("Communautés de partenaires", _community_count(data.measures)),
        ("Manques de partenariat repérés", len(data.gaps)),
        (f"Contrats arrivant à échéance dans les {EXPIRY_MONTHS} mois",
         sum(1 for g in data.checks if g.rule == _EXPIRY_RULE.id)),
    ]
    return Table("Chiffres clés", ["Indicateur", "Valeur"],
                 [{"Indicateur": k, "Valeur": v} for k, v in rows])


def _community_count(measures: Sequence[dict[str, Any]]) -> int:
    """Communities of two organisations or more (isolated ones are not a community)."""
    sizes = Counter(r["community"] for r in measures)
    return sum(1 for n in sizes.values() if n > 1)


def _gaps_by_rule(data: ReportData) -> Table:
    """Number of gaps per rule, in rule order."""
    counts = Counter(g.rule for g in data.gaps)
    rows = [
        {"Règle": r.id, "Ce qui manque": rule_title(r), "Nombre": counts.get(r.id, 0)}
        for r in data.rules
    ]
    return Table("Manques par règle", ["Règle", "Ce qui manque", "Nombre"], rows)


def _gap_rows(data: ReportData) -> Table:
    """One row per gap, grouped by territory (territories with most gaps first)."""
    columns = ["Territoire", "Règle", "Organisations", "Action proposée"]
    rows = [
        {
            "Territoire": territory_title(data.graph, g.territory) if g.territory else "",
            "Règle": g.rule,
            "Organisations": ", ".join(g.actor_names),
            "Action proposée": g.message,
        }
        for g in _gaps_in_territory_order(data.gaps)
    ]
    return Table("Manques", columns, rows)


def _gaps_in_territory_order(gaps: Sequence[Gap]) -> list[Gap]:
    """Gaps ordered by territory (most gaps first, gaps without territory last), stable within."""
    counts = Counter(g.territory for g in gaps)
    return sorted(gaps, key=lambda g: (g.territory == "", -counts[g.territory], g.territory))


def _qpv_coverage(data: ReportData) -> Table:
    """For each QPV: landlords housing residents, régie present, contrat de ville and TFPB signed."""
    G = data.graph
    missing = {
        kind: {(g.territory, a) for g in data.checks if g.rule == _party_rule(kind).id for a in g.actors}
        for kind in _COVERAGE_KINDS
    }
    columns = ["QPV", "Commune ou EPCI", "Bailleurs logeant des habitants", "Régie présente",
               "Contrat de ville signé", "Convention TFPB signée"]
    rows = []
    tree = TerritoryTree.of(G)
    for qpv in [t for t in nodes_of(G, "Territory") if G.nodes[t].get("level") == "qpv"]:
        housed = _housed_bailleurs(G, qpv)
        regies = _present(G, tree, qpv, "regie")
        rows.append({
            "QPV": _name(G, qpv),
            "Commune ou EPCI": ", ".join(_name(G, p) for p in _parents(G, qpv)),
            "Bailleurs logeant des habitants": len(housed),
            "Régie présente": "oui" if regies else "non",
            "Contrat de ville signé": _share(housed, qpv, missing["contrat_de_ville"]),
            "Convention TFPB signée": _share(housed, qpv, missing["abattement_tfpb"]),
        })
    rows.sort(key=lambda r: not _has_problem(r))  # stable: QPV with a problem first, by id
    return Table("Couverture QPV", columns, rows)


def _has_problem(row: Row) -> bool:
    """Whether a QPV row lacks a régie, a contrat de ville or a TFPB convention."""
    return row["Régie présente"] == "non" or any(
        row[c] not in ("oui", "sans objet") for c in _SHARE_COLUMNS
    )


_COVERAGE_KINDS = ("contrat_de_ville", "abattement_tfpb")
_EXPIRY_RULE = Rule(id="echeance-rapport", form="expiry", kinds=None, months=EXPIRY_MONTHS)


def _party_rule(kind: str) -> Rule:
    """The `party` rule checking that each landlord housed in a QPV signed a contract of ``kind``."""
    return Rule(id=f"couverture-{kind}", form="party", level="qpv", a=("bailleur",),
                kinds=(kind,), with_dwellings=True)


def _share(housed: Sequence[str], qpv: str, missing: set[tuple[str, str]]) -> str:
    """'oui', 'non', 'k sur n' or 'sans objet' for the landlords housed in a QPV."""
    if not housed:
        return "sans objet"
    signed = sum(1 for b in housed if (qpv, b) not in missing)
    if signed == len(housed):
        return "oui"
    return "non" if signed == 0 else f"{signed} sur {len(housed)}"


def _housed_bailleurs(G: nx.MultiDiGraph, territory: str) -> list[str]:
    """Landlords whose own presence row for ``territory`` has dwellings > 0."""
    return sorted(
        u for u, _, d in G.in_edges(territory, data=True)
        if d.get("type") == "PRESENT_IN" and (d.get("dwellings") or 0) > 0
        and G.nodes[u].get("type") == "bailleur"
    )


def _present(G: nx.MultiDiGraph, tree: TerritoryTree, territory: str, actor_type: str) -> list[str]:
    """Actors of one type present in ``territory`` or in a territory enclosing it."""
    found = {
        u
        for place in tree.enclosing(territory)
        for u, _, d in G.in_edges(place, data=True)
        if d.get("type") == "PRESENT_IN" and G.nodes[u].get("type") == actor_type
    }
    return sorted(found)


def _parents(G: nx.MultiDiGraph, territory: str) -> list[str]:
    """Direct parents of a territory (PART_OF targets), sorted."""
    return sorted(v for _, v, t in G.out_edges(territory, data="type") if t == "PART_OF")


def _central(data: ReportData) -> Table:
    """The most central organisations (PageRank), with their partners and brokerage."""
    ranked = sorted(data.measures, key=lambda r: (-r["pagerank"], str(r["id"])))
    return _actor_table("Acteurs centraux", [r for r in ranked if r["degree"] > 0][:TOP_ACTORS])


def _brokers(data: ReportData) -> Table:
    """Organisations bridging otherwise separate partners (betweenness > 0)."""
    ranked = sorted(data.measures, key=lambda r: (-r["betweenness"], str(r["id"])))
    return _actor_table("Intermédiaires", [r for r in ranked if r["betweenness"] > 0][:TOP_ACTORS])


def _actor_table(sheet: str, records: Sequence[dict[str, Any]]) -> Table:
    """A ranked table of organisations with their main measures (percentages)."""
    columns = ["Rang", "Organisation", "Type", "Partenaires", "Influence (%)",
               "Intermédiarité (%)", "Point de passage obligé"]
    rows = [
        {
            "Rang": i,
            "Organisation": r["name"],
            "Type": type_label(r["type"]),
            "Partenaires": r["degree"],
            "Influence (%)": round(100 * r["pagerank"], 1),
            "Intermédiarité (%)": round(100 * r["betweenness"], 1),
            "Point de passage obligé": "oui" if r.get("articulation") else "non",
        }
        for i, r in enumerate(records, start=1)
    ]
    return Table(sheet, columns, rows)


def _isolated(data: ReportData) -> Table:
    """Organisations sharing no contract in force with anyone."""
    A = data.network
    rows = [
        {"Organisation": _name(A, n), "Type": type_label(A.nodes[n].get("type", "")),
         "Identifiant": str(n)}
        for n in data.summary["isolated"]
    ]
    return Table("Acteurs isolés", ["Organisation", "Type", "Identifiant"], rows)


def _communities(data: ReportData) -> Table:
    """Communities of two organisations or more: size, types and main members."""
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in data.measures:
        groups[record["community"]].append(record)
    ordered = sorted(
        (g for g in groups.values() if len(g) > 1),
        key=lambda g: (-len(g), min(str(r["id"]) for r in g)),
    )
    rows = []
    for number, members in enumerate(ordered, start=1):
        members = sorted(members, key=lambda r: (-r["degree"], str(r["id"])))
        kinds = Counter(r["type"] for r in members)
        rows.append({
            "Communauté": number,
            "Organisations": len(members),
            "Types": ", ".join(f"{type_label(k)} ({n})" for k, n in _type_sorted(kinds)),
            "Principaux membres": _listing([r["name"] for r in members], 5),
        })
    return Table("Communautés", ["Communauté", "Organisations", "Types", "Principaux membres"], rows)


def _expiring(data: ReportData) -> Table:
    """Contracts in force that end within the next 12 months, soonest first."""
    found = [g for g in data.checks if g.rule == _EXPIRY_RULE.id]
    found.sort(key=lambda g: (g.end or data.as_of, g.contract))
    rows = [
        {
            "Contrat": g.contract_name or g.contract,
            "Nature": KIND_LABELS_FR.get(str(data.graph.nodes[g.contract].get("kind")), ""),
            "Fin": g.end,
            "Jours restants": (g.end - data.as_of).days if g.end else None,
            "Parties": ", ".join(g.actor_names),
        }
        for g in found
    ]
    return Table("Échéances", ["Contrat", "Nature", "Fin", "Jours restants", "Parties"], rows)


def _recommendations(data: ReportData) -> Table:
    """Recommended partnerships (complementary pairs sharing no contract) with their reasons."""
    columns = ["Rang", "Organisation", "Partenaire proposé", "Territoires communs",
               "Partenaires communs"]
    records = recommend(data.graph, top=RECOMMENDATIONS, as_of=data.as_of)
    rows = [
        {
            "Rang": r["rank"],
            "Organisation": f"{r['actor_name']} ({type_label(r['actor_type'])})",
            "Partenaire proposé": f"{r['partner_name']} ({type_label(r['partner_type'])})",
            "Territoires communs": ", ".join(r["shared_territory_names"]),
            "Partenaires communs": _listing(r["common_partner_names"], 3) or "aucun",
        }
        for r in records
    ]
    return Table("Recommandations", columns, rows)


def _listing(names: Sequence[str], limit: int) -> str:
    """'A, B, C et 2 autres' (names in the given order)."""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return shown + (f" et {plural(rest, 'autre')}" if rest > 0 else "")


# ---------------------------------------------------------------- labels


def rule_title(rule: Rule) -> str:
    """French title of a rule: the default rules' own, else its form's."""
    return RULE_TITLES_FR.get(rule.id) or FORM_TITLES_FR.get(rule.form, rule.form)


def type_label(kind: str) -> str:
    """French label of an actor type."""
    return TYPE_LABELS_FR.get(kind, kind or "Sans type")


def territory_title(G: nx.Graph, territory: str) -> str:
    """'Name (level)' of a territory, e.g. 'Lille Sud (QPV)'."""
    level = G.nodes[territory].get("level", "") if territory in G else ""
    label = LEVEL_LABELS_FR.get(level, "")
    return f"{_name(G, territory)} ({label})" if label else _name(G, territory)


def date_fr(day: dt.date) -> str:
    """A date in French words: '1er janvier 2025'."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"


def number_fr(value: Any) -> str:
    """A cell as French text: thousands with a narrow space, decimal comma, dates in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, dt.date):
        return date_fr(value)
    return str(value)


def _name(G: nx.Graph, node: Any) -> str:
    """Display name of a node (its id when it has none)."""
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def _type_sorted(counts: Counter[str]) -> list[tuple[str, int]]:
    """(type, count) in schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def _color(kind: str) -> str:
    """Colour of an actor type (the same as in the interactive views)."""
    return TYPE_COLORS.get(kind, OTHER_COLOR)


# ---------------------------------------------------------------- SVG


def bar_chart(
    items: Sequence[tuple[str, int, str]], title: str, width: int = 900, label_w: int = 300
) -> str:
    """A horizontal bar chart as inline SVG: one (label, value, colour) per bar."""
    if not items:
        return ""
    row = 24
    limit = int((label_w - 12) / 6.6)
    bar_w = width - label_w - 70
    top = max(v for _, v, _ in items) or 1
    height = row * len(items) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(title)}</title>",
    ]
    for i, (label, value, color) in enumerate(items):
        y = 4 + i * row
        w = round(bar_w * value / top, 1) if value else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="lbl">{_e(_cut(label, limit))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="17" rx="2" fill="{color}"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}" class="val">{number_fr(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def network_picture(A: nx.Graph, limit: int = PICTURE_ACTORS, width: int = 900) -> str:
    """A static SVG of the most connected organisations, coloured by type, with a legend."""
    ranked = sorted((n for n in A if A.degree(n) > 0), key=lambda n: (-A.degree(n), str(n)))[:limit]
    if not ranked:
        return '<p class="empty">Aucun lien de partenariat à représenter.</p>'
    S = nx.Graph()
    S.add_nodes_from(sorted(ranked, key=str))
    S.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in A.subgraph(ranked).edges()))
    pos, height = _packed_layout(S, width)
    top_degree = max(A.degree(n) for n in S)
    radius = {n: round(5 + 12 * math.sqrt(A.degree(n) / top_degree), 1) for n in S}
    top_weight = max((A.edges[u, v].get("weight", 1) for u, v in S.edges()), default=1)
    title = "Réseau des organisations les plus reliées"
    parts = [
        f'<svg class="network" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{title}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
        '<g class="links">',
    ]
    for u, v in S.edges():
        (x1, y1), (x2, y2) = pos[u], pos[v]
        weight = A.edges[u, v].get("weight", 1)
        stroke = round(0.7 + 3 * math.log1p(weight) / math.log1p(max(top_weight, 1)), 2)
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{stroke}"/>')
    parts.append('</g><g class="nodes">')
    for node in sorted(S, key=lambda n: (A.degree(n), str(n))):
        x, y = pos[node]
        kind = str(A.nodes[node].get("type", ""))
        tip = f"{_name(A, node)} ({type_label(kind)}) : {A.degree(node)} partenaire(s)"
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius[node]}" fill="{_color(kind)}">'
            f"<title>{_e(tip)}</title></circle>"
        )
    parts += _picture_labels(A, ranked[:PICTURE_LABELS], pos, radius, width)
    parts.append("</g></svg>")
    kinds = Counter(str(A.nodes[n].get("type", "")) for n in S)
    legend = "".join(
        f'<li><span class="dot" style="background:{_color(k)}"></span>{_e(type_label(k))} ({n})</li>'
        for k, n in _type_sorted(kinds)
    )
    return "".join(parts) + f'<ul class="legend">{legend}</ul>'


def _packed_layout(S: nx.Graph, width: int) -> tuple[dict[Any, tuple[float, float]], int]:
    """Pixel positions: each connected component laid out alone, then packed in centred rows."""
    components = sorted(nx.connected_components(S), key=lambda c: (-len(c), min(map(str, c))))
    cells = [(_unit_layout(_ordered_subgraph(S, c)), math.sqrt(len(c))) for c in components]
    sides = [side for _, side in cells]
    row_limit = max(max(sides), min(1.6 * math.sqrt(S.number_of_nodes()), sum(sides)))
    rows: list[list[tuple[dict[Any, tuple[float, float]], float]]] = [[]]
    for cell in cells:
        if rows[-1] and sum(side for _, side in rows[-1]) + cell[1] > row_limit + 1e-9:
            rows.append([])
        rows[-1].append(cell)
    margin = 36
    scale = (width - 2 * margin) / row_limit
    pos: dict[Any, tuple[float, float]] = {}
    top = 0.0
    for row in rows:
        left = (row_limit - sum(side for _, side in row)) / 2
        for layout, side in row:
            for node, (x, y) in layout.items():
                pos[node] = (
                    round(margin + (left + (0.08 + 0.84 * x) * side) * scale, 1),
                    round(margin + (top + (0.08 + 0.84 * y) * side) * scale, 1),
                )
            left += side
        top += max(side for _, side in row)
    return pos, math.ceil(top * scale + 2 * margin)


def _ordered_subgraph(S: nx.Graph, nodes: set[Any]) -> nx.Graph:
    """A copy of S restricted to ``nodes``, nodes and edges in sorted order.

    A subgraph view of a few nodes iterates over a Python set, whose order
    changes with the hash seed; a seeded layout needs a fixed order.
    """
    C = nx.Graph()
    C.add_nodes_from(sorted(nodes, key=str))
    pairs = (tuple(sorted((u, v), key=str)) for u, v in S.subgraph(nodes).edges())
    C.add_edges_from(sorted(pairs, key=lambda pair: (str(pair[0]), str(pair[1]))))
    return C


def _unit_layout(C: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Seeded spring layout of one component, scaled into the unit square."""
    nodes = list(C)
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    raw = nx.spring_layout(C, seed=LAYOUT_SEED, iterations=200)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        n: ((float(raw[n][0]) - min(xs)) / span_x, (float(raw[n][1]) - min(ys)) / span_y)
        for n in nodes
    }


def _picture_labels(
    A: nx.Graph,
    nodes: Sequence[Any],
    pos: dict[Any, tuple[float, float]],
    radius: dict[Any, float],
    width: int,
) -> list[str]:
    """Names above the best-connected nodes, skipping any that would overlap one already placed."""
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for node in nodes:
        text = _cut(_name(A, node), 28)
        half = 3.3 * len(text)
        x, y = pos[node]
        x = min(max(x, half + 2), width - half - 2)
        box = (x - half, y - radius[node] - 16, x + half, y - radius[node] - 2)
        if any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in placed):
            continue
        placed.append(box)
        labels.append(
            f'<text x="{round(x, 1)}" y="{round(box[3] - 2, 1)}" text-anchor="middle">{_e(text)}</text>'
        )
    return labels


def _cut(text: str, limit: int) -> str:
    """Shorten a label to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _e(text: Any) -> str:
    """HTML-escape any value shown from the data."""
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- HTML


SECTIONS: tuple[tuple[str, str], ...] = (
    ("synthese", "Chiffres clés"),
    ("reseau", "Le réseau en image"),
    ("manques", "Manques de partenariat"),
    ("qpv", "Couverture des quartiers prioritaires"),
    ("acteurs", "Organisations centrales, intermédiaires et isolées"),
    ("communautes", "Communautés de partenaires"),
    ("echeances", "Contrats arrivant à échéance"),
    ("recommandations", "Partenariats recommandés"),
    ("methode", "Méthode et définitions"),
)


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document."""
    title = f"Réseau des partenariats du logement social — situation au {date_fr(data.as_of)}"
    toc = "".join(f'<li><a href="#{sid}">{_e(name)}</a></li>' for sid, name in SECTIONS)
    bodies = {
        "synthese": _section_key_figures, "reseau": _section_network, "manques": _section_gaps,
        "qpv": _section_qpv, "acteurs": _section_actors, "communautes": _section_communities,
        "echeances": _section_expiring, "recommandations": _section_recommendations,
        "methode": _section_method,
    }
    sections = "\n".join(
        f'<section id="{sid}">\n<h2>{_e(name)}</h2>\n{bodies[sid](data)}\n</section>'
        for sid, name in SECTIONS
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="cover">\n<p class="kicker">Rapport hlmgraph</p>\n<h1>{_e(title)}</h1>\n'
        f"<p class=\"lead\">{_e(_lead(data))}</p>\n"
        f'<nav class="toc" aria-label="Sommaire"><h2>Sommaire</h2><ol>{toc}</ol></nav>\n</header>\n'
        f"<main>\n{sections}\n</main>\n"
        f'<footer>Rapport produit par hlmgraph {_e(__version__)} à partir des données saisies ; '
        f"situation au {_e(date_fr(data.as_of))}.</footer>\n</body>\n</html>\n"
    )


def _lead(data: ReportData) -> str:
    """The one-paragraph summary under the title."""
    s = data.summary
    expiring = len(data.tables["Échéances"].rows)
    return (
        f"{plural(s['actors'], 'organisation')}, dont {number_fr(len(s['isolated']))} sans "
        f"partenaire, reliées par {plural(s['links'], 'lien')} de partenariat ; "
        f"{plural(len(data.gaps), 'manque')} de partenariat à examiner et "
        f"{plural(expiring, 'contrat')} arrivant à échéance dans les {EXPIRY_MONTHS} prochains mois."
    )


def plural(count: int, word: str) -> str:
    """'1 contrat', '2 contrats', '0 contrat' (French: plural from 2)."""
    return f"{number_fr(count)} {word}{'s' if count > 1 else ''}"


def render_table(table: Table, rows: Sequence[Row] | None = None, cls: str = "") -> str:
    """A table as HTML (its first ``HTML_ROW_LIMIT`` rows unless ``rows`` are given).

    ``data-sheet`` names the workbook sheet holding the same rows.
    """
    shown = table.rows[:HTML_ROW_LIMIT] if rows is None else rows
    head = "".join(f"<th scope=\"col\">{_e(c)}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(_td(c, row.get(c)) for c in table.columns) + "</tr>" for row in shown
    )
    note = _truncation_note(len(table.rows)) if rows is None else ""
    return (
        f'<table class="{cls}" data-sheet="{_e(table.sheet)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{note}"
    )


def _truncation_note(total: int) -> str:
    """Say that only the first rows are shown when a table is longer than the page limit."""
    if total <= HTML_ROW_LIMIT:
        return ""
    return (
        f'<p class="note">Seules les {number_fr(HTML_ROW_LIMIT)} premières lignes sur '
        f"{number_fr(total)} sont affichées ; le classeur .xlsx (option --xlsx) les contient "
        "toutes.</p>"
    )


def _td(column: str, value: Any) -> str:
    """One cell: numbers right-aligned, oui/non as coloured badges."""
    text = number_fr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{_e(text)}</td>'
    if isinstance(value, dt.date):
        return f'<td class="date">{_e(text)}</td>'
    if text in ("oui", "non") or (" sur " in text and column in _SHARE_COLUMNS):
        state = {"oui": "ok", "non": "ko"}.get(text, "part")
        if column == "Point de passage obligé":
            state = "info" if text == "oui" else "none"
        return f'<td><span class="badge {state}">{_e(text)}</span></td>'
    return f"<td>{_e(text)}</td>"


_SHARE_COLUMNS = ("Contrat de ville signé", "Convention TFPB signée")


def _empty(text: str) -> str:
    """A paragraph saying a section has nothing to show."""
    return f'<p class="empty">{_e(text)}</p>'


_CARD_ROWS = (0, 2, 4, 5, 7, 8, 9, 10)
"""Key figures shown as cards: organisations, QPV, contracts in force, links, isolated,
communities, gaps, contracts ending soon."""


def _section_key_figures(data: ReportData) -> str:
    """Key figure cards, the figures table and actors by type."""
    table = data.tables["Chiffres clés"]
    cards = "".join(
        f'<div class="card"><span class="figure">{_e(number_fr(r["Valeur"]))}</span>'
        f'<span class="caption">{_e(r["Indicateur"])}</span></div>'
        for i, r in enumerate(table.rows) if i in _CARD_ROWS
    )
    kinds = Counter(str(d.get("type", "")) for _, d in data.network.nodes(data=True))
    chart = bar_chart(
        [(type_label(k), n, _color(k)) for k, n in _type_sorted(kinds)],
        "Organisations par type",
    )
    return (
        f'<div class="cards">{cards}</div>\n<h3>Organisations par type</h3>\n<figure>{chart}</figure>\n'
        f"<h3>Tous les indicateurs</h3>\n{render_table(table, cls='narrow')}"
    )


def _section_network(data: ReportData) -> str:
    """The static picture of the most connected organisations."""
    shown = min(PICTURE_ACTORS, sum(1 for n in data.network if data.network.degree(n) > 0))
    return (
        f"<p>Les {number_fr(shown)} organisations ayant le plus de partenaires. Un trait relie deux "
        "organisations parties à au moins un même contrat en vigueur ; il est plus épais quand "
        "elles en partagent plusieurs. La taille d'un disque croît avec le nombre de partenaires.</p>"
        f"<figure>{network_picture(data.network)}</figure>"
    )


def _section_gaps(data: ReportData) -> str:
    """Gaps counted by rule, then listed by territory with the action to take."""
    by_rule = data.tables["Manques par règle"]
    chart = bar_chart(
        [(r["Ce qui manque"], r["Nombre"], "#d62728") for r in by_rule.rows], "Manques par règle",
        label_w=450,
    )
    parts = [
        "<p>Un manque est un partenariat que le fonctionnement du secteur laisse attendre et que "
        "les données ne montrent pas. Chaque ligne propose une action ; vérifiez d'abord que "
        "la donnée n'est pas simplement incomplète.</p>",
        f"<h3>Par règle</h3>\n<figure>{chart}</figure>\n{render_table(by_rule)}",
        "<h3>Par territoire</h3>",
    ]
    table = data.tables["Manques"]
    if not table.rows:
        return "\n".join(parts) + _empty("Aucun manque de partenariat repéré à cette date.")
    columns = ["Règle", "Organisations", "Action proposée"]
    sub = Table(table.sheet, columns)
    for territory, rows in _grouped(table.rows[:HTML_ROW_LIMIT], "Territoire"):
        heading = territory or "Sans territoire précis"
        parts.append(
            f'<div class="group"><h4>{_e(heading)} <span class="count">'
            f"({number_fr(len(rows))} manque{'s' if len(rows) > 1 else ''})</span></h4>"
            f"{render_table(sub, rows, cls='gaps')}</div>"
        )
    return "\n".join(parts) + _truncation_note(len(table.rows))


def _grouped(rows: Iterable[Row], key: str) -> list[tuple[str, list[Row]]]:
    """Consecutive rows sharing ``key`` (rows are already ordered)."""
    groups: list[tuple[str, list[Row]]] = []
    for row in rows:
        if groups and groups[-1][0] == row[key]:
            groups[-1][1].append(row)
        else:
            groups.append((row[key], [row]))
    return groups


def _section_qpv(data: ReportData) -> str:
    """The QPV coverage table."""
    table = data.tables["Couverture QPV"]
    if not table.rows:
        return _empty("Aucun quartier prioritaire (QPV) dans les données.")
    complete = sum(1 for r in table.rows if not _has_problem(r))
    return (
        f"<p>Pour chaque quartier prioritaire : une régie de quartier y est-elle présente, chaque "
        "bailleur qui y loge des habitants a-t-il signé le contrat de ville en vigueur couvrant le "
        "quartier et une convention d'abattement de TFPB ? « 2 sur 3 » : deux des trois bailleurs "
        f"concernés ont signé. {number_fr(complete)} QPV sur {number_fr(len(table.rows))} "
        "sont entièrement couverts ; les autres sont listés en premier.</p>"
        f"{render_table(table)}"
    )


def _section_actors(data: ReportData) -> str:
    """Central, broker and isolated organisations."""
    parts = [
        "<h3>Organisations centrales</h3>",
        "<p>Classées par influence : une organisation est influente quand elle est reliée à "
        "d'autres organisations elles-mêmes bien reliées (PageRank).</p>",
        render_table(data.tables["Acteurs centraux"]) if data.tables["Acteurs centraux"].rows
        else _empty("Aucune organisation n'a de partenaire."),
        "<h3>Intermédiaires</h3>",
        "<p>Ces organisations se trouvent sur les chemins qui relient les autres : elles peuvent "
        "mettre en relation des partenaires qui ne se connaissent pas. « Point de passage obligé » "
        "signale qu'en leur absence, certains de leurs partenaires ne seraient plus reliés entre "
        "eux.</p>",
        render_table(data.tables["Intermédiaires"]) if data.tables["Intermédiaires"].rows
        else _empty("Aucune organisation ne fait le lien entre d'autres."),
        "<h3>Organisations isolées</h3>",
        "<p>Ces organisations ne partagent aucun contrat en vigueur avec une autre : soit un "
        "partenariat reste à construire, soit la donnée manque.</p>",
        render_table(data.tables["Acteurs isolés"]) if data.tables["Acteurs isolés"].rows
        else _empty("Aucune organisation isolée."),
    ]
    return "\n".join(parts)


def _section_communities(data: ReportData) -> str:
    """Communities of partners (Louvain)."""
    table = data.tables["Communautés"]
    intro = (
        "<p>Une communauté regroupe des organisations qui travaillent beaucoup entre elles et "
        "moins avec les autres (méthode de Louvain). Les organisations isolées n'y figurent pas.</p>"
    )
    return intro + (render_table(table) if table.rows else _empty("Aucune communauté."))


def _section_expiring(data: ReportData) -> str:
    """Contracts ending in the next 12 months."""
    table = data.tables["Échéances"]
    intro = (
        f"<p>Contrats en vigueur au {_e(date_fr(data.as_of))} dont la fin tombe dans les "
        f"{EXPIRY_MONTHS} mois qui suivent : préparez leur renouvellement avec les parties.</p>"
    )
    return intro + (render_table(table) if table.rows else _empty("Aucun contrat n'arrive à échéance."))


def _section_recommendations(data: ReportData) -> str:
    """Recommended partnerships with their reasons."""
    table = data.tables["Recommandations"]
    intro = (
        "<p>Paires d'organisations complémentaires (par exemple un bailleur et une régie) qui "
        "agissent sur un même territoire sans contrat en vigueur entre elles, classées selon leurs "
        "partenaires communs : plus elles en partagent, plus un partenariat direct est "
        "plausible.</p>"
    )
    return intro + (render_table(table) if table.rows else _empty("Aucune recommandation."))


def _section_method(data: ReportData) -> str:
    """How the figures are computed, in plain words."""
    items = [
        ("Lien de partenariat", "deux organisations parties à au moins un même contrat en vigueur "
         f"au {date_fr(data.as_of)}."),
        ("Partenaires", "nombre d'organisations avec lesquelles une organisation partage un contrat."),
        ("Influence (%)", "part de PageRank : probabilité d'arriver sur l'organisation en suivant "
         "les liens au hasard ; la somme vaut 100 %."),
        ("Intermédiarité (%)", "part des plus courts chemins entre deux autres organisations qui "
         "passent par celle-ci."),
        ("Manque", "partenariat attendu selon les règles (modifiables) et absent des données."),
        ("QPV", "quartier prioritaire de la politique de la ville."),
        ("TFPB", "taxe foncière sur les propriétés bâties ; l'abattement de 30 % sur les logements "
         "en QPV est conditionné à une convention."),
    ]
    rules = ", ".join(r.id for r in data.rules)
    defs = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
    return f"<dl>{defs}</dl><p>Règles appliquées : {_e(rules)}.</p>"


CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d9dee5; --accent: #1f5f99; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink);
  background: #fff; }
header.cover, main, footer { max-width: 1000px; margin: 0 auto; padding: 0 24px; }
header.cover { padding-top: 32px; border-bottom: 3px solid var(--accent); padding-bottom: 16px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--accent); font-weight: 600;
  margin: 0; font-size: 13px; }
h1 { font-size: 28px; margin: 6px 0 10px; line-height: 1.2; }
.lead { font-size: 17px; color: var(--muted); margin: 0 0 12px; }
.toc h2 { font-size: 15px; margin: 12px 0 4px; border: 0; padding: 0; }
.toc ol { margin: 0; padding-left: 22px; columns: 2; font-size: 14px; }
.toc a { color: var(--accent); text-decoration: none; }
section { padding: 8px 0 16px; border-bottom: 1px solid var(--line); }
h2 { font-size: 22px; margin: 24px 0 8px; color: var(--accent); }
h3 { font-size: 17px; margin: 20px 0 6px; }
h4 { font-size: 15px; margin: 14px 0 4px; }
.count { color: var(--muted); font-weight: normal; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 12px 0; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.figure { display: block; font-size: 26px; font-weight: 700; color: var(--accent); }
.caption { display: block; font-size: 13px; color: var(--muted); line-height: 1.3; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 13.5px; }
table.narrow { width: auto; min-width: 50%; }
th { text-align: left; background: var(--bg); border-bottom: 2px solid var(--line); padding: 6px 8px;
  vertical-align: bottom; }
td { border-bottom: 1px solid var(--line); padding: 5px 8px; vertical-align: top;
  overflow-wrap: break-word; }
td.date { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.gaps td:first-child { white-space: nowrap; color: var(--muted); }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12.5px;
  font-weight: 600; white-space: nowrap; }
.badge.ok { background: #dcf1e0; color: #1b6b2c; }
.badge.ko { background: #fbdcdc; color: #a11d1d; }
.badge.part { background: #fdeccc; color: #8a5300; }
.badge.info { background: #dde9f7; color: #1f5f99; }
.badge.none { color: var(--muted); font-weight: normal; }
figure { margin: 8px 0 12px; }
svg { max-width: 100%; height: auto; }
svg text { font: 12px "Segoe UI", "DejaVu Sans", Arial, sans-serif; fill: var(--ink); }
svg.chart .val { fill: var(--muted); }
svg.network line { stroke: #9aa5b1; stroke-opacity: .55; }
svg.network circle { stroke: #fff; stroke-width: 1.2; }
svg.network text { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px;
  stroke-linejoin: round; }
.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
  font-size: 13px; }
.dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px;
  vertical-align: -1px; }
.empty, .note { color: var(--muted); font-style: italic; }
dl { display: grid; grid-template-columns: 210px 1fr; gap: 6px 14px; }
dt { font-weight: 600; }
dd { margin: 0; }
footer { color: var(--muted); font-size: 12.5px; padding: 16px 24px 32px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { font-size: 10.5pt; }
  header.cover { padding-top: 0; }
  section { break-before: page; border-bottom: 0; }
  h2, h3, h4 { break-after: avoid; }
  tr, .card, figure, .legend, dt, dd { break-inside: avoid; }
  thead { display: table-header-group; }
  .group { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
