"""Report step: the data of the report, computed once from the graph as named tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from hlmgraph import settings
from hlmgraph.analysis import Progress, compute_measures, network_summary, reporter
from hlmgraph.gaps import Gap, Rule, find_gaps, load_rules
from hlmgraph.model import TerritoryTree, actor_network, in_force, nodes_of
from hlmgraph.recommend import recommend
from hlmgraph.report.text import (
    listing,
    node_name,
    rule_title,
    territory_title,
    type_label,
    type_sorted,
)
from hlmgraph.schema import KIND_LABELS_FR

Row = dict[str, Any]
SHARE_COLUMNS = ("Contrat de ville signé", "Convention TFPB signée")
"""QPV coverage columns holding 'oui', 'non', 'k sur n' or 'sans objet'."""
TOP_ACTORS = 10
"""Rows of the central and broker tables."""
EXPIRY_MONTHS = 12
RECOMMENDATIONS = 15

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
            "QPV": node_name(G, qpv),
            "Commune ou EPCI": ", ".join(node_name(G, p) for p in _parents(G, qpv)),
            "Bailleurs logeant des habitants": len(housed),
            "Régie présente": "oui" if regies else "non",
            "Contrat de ville signé": _share(housed, qpv, missing["contrat_de_ville"]),
            "Convention TFPB signée": _share(housed, qpv, missing["abattement_tfpb"]),
        })
    rows.sort(key=lambda r: not has_problem(r))  # stable: QPV with a problem first, by id
    return Table("Couverture QPV", columns, rows)


def has_problem(row: Row) -> bool:
    """Whether a QPV row lacks a régie, a contrat de ville or a TFPB convention."""
    return row["Régie présente"] == "non" or any(
        row[c] not in ("oui", "sans objet") for c in SHARE_COLUMNS
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
        {"Organisation": node_name(A, n), "Type": type_label(A.nodes[n].get("type", "")),
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
            "Types": ", ".join(f"{type_label(k)} ({n})" for k, n in type_sorted(kinds)),
            "Principaux membres": listing([r["name"] for r in members], 5),
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
            "Partenaires communs": listing(r["common_partner_names"], 3) or "aucun",
        }
        for r in records
    ]
    return Table("Recommandations", columns, rows)
