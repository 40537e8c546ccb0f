"""Report step: the report's tables (key figures, gaps, QPV coverage, actors, recommendations)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.analysis import label
from hlmgraph.gaps import Gap, Rule, dwellings_at_stake, rule_title
from hlmgraph.model import TerritoryTree, in_force, nodes_of
from hlmgraph.report.records import ReportData, Row, Table
from hlmgraph.report.records import gap_stake as stake
from hlmgraph.report.text import capital, node_name, territory_title, type_sorted

TOP_ACTORS = 10
"""Rows of the central and broker tables."""
RECOMMENDATIONS = 15
"""Recommended partnerships listed in their own table."""
DEFAULT_PRIORITY = 2
"""Priority of a rule that does not give one (1 haute, 2 moyenne, 3 basse)."""
PLACE_LEVELS: tuple[tuple[str, str], ...] = (
    ("region", "Région"), ("departement", "Département"), ("epci", "EPCI"),
)
"""Levels named in their own column beside each gap (level, column)."""
DEGREE, PAGERANK, BETWEENNESS, ARTICULATION = (
    capital(label("degree")), f"{capital(label('pagerank'))} (%)",
    f"{capital(label('betweenness'))} (%)", capital(label("articulation")),
)
ACTOR_MEASURE_COLUMNS = [DEGREE, PAGERANK, BETWEENNESS, ARTICULATION]
"""Measure columns of the actor tables, named as in the analysis glossary (shares in %)."""
SHARE_COLUMNS = ("Contrat de ville signé", "Convention TFPB signée")
"""QPV coverage columns holding 'oui', 'non', 'k sur n' or 'sans objet'."""
GAP_COLUMNS = ["Priorité", "Logements en jeu", "Ce qui manque", "Territoire",
               *(column for _, column in PLACE_LEVELS), "Qui doit agir", "Action proposée"]
"""Columns of the gaps table (page and workbook)."""


# ---------------------------------------------------------------- gap attributes


def priority(gap: Gap, rules: dict[str, Rule]) -> int:
    """Priority of a gap (1 haute … 3 basse): its own, else its rule's, else the default."""
    rule = rules.get(gap.rule)
    found = getattr(gap, "priority", None) or getattr(rule, "priority", None)
    return int(found) if found else DEFAULT_PRIORITY


def is_alert(gap: Gap) -> bool:
    """Whether a finding is an alert (échéance: a contract ending soon) rather than a gap."""
    return str(getattr(gap, "category", "")) == "echeance" or gap.form == "expiry"


def ranked(gaps: Sequence[Gap], rules: dict[str, Rule]) -> list[Gap]:
    """Gaps by priority, then dwellings at stake (largest first), the given order kept within."""
    return sorted(gaps, key=lambda g: (priority(g, rules), -stake(g)))


def places(G: nx.MultiDiGraph, tree: TerritoryTree, territory: str) -> dict[str, str]:
    """Names of the région, département and EPCI enclosing a territory (level → name)."""
    found: dict[str, str] = {}
    for place in tree.enclosing(territory) if territory else ():
        level = str(G.nodes[place].get("level", "")) if place in G else ""
        found.setdefault(level, node_name(G, place))
    return {level: found.get(level, "") for level, _ in PLACE_LEVELS}


# ---------------------------------------------------------------- tables


def key_figures(data: ReportData) -> Table:
    """Headline counts: actors, territories, contracts, links, gaps, alerts."""
    G, summary = data.graph, data.summary
    contracts = nodes_of(G, "Contract")
    territories = nodes_of(G, "Territory")
    rows = [
        ("Organisations", summary["actors"]),
        ("Territoires", len(territories)),
        ("Quartiers prioritaires (QPV)", sum(1 for t in territories if G.nodes[t].get("level") == "qpv")),
        ("Contrats et conventions", len(contracts)),
        ("Contrats en vigueur", sum(1 for c in contracts if in_force(G.nodes[c], data.as_of))),
        ("Liens de partenariat entre organisations", summary["links"]),
        ("Groupes d'organisations reliées (composantes)", summary["components"]),
        ("Organisations sans aucun partenaire", len(summary["isolated"])),
        ("Communautés de partenaires", community_count(data.measures)),
        ("Manques de partenariat repérés", len(data.gaps)),
        ("Logements en jeu dans les manques", dwellings_at_stake(data.gaps)),
        (fr.typography("Échéances : contrats à renouveler"), len(data.alerts)),
    ]
    return Table("Chiffres clés", ["Indicateur", "Valeur"],
                 [{"Indicateur": k, "Valeur": v} for k, v in rows])


def community_count(measures: Sequence[dict[str, Any]]) -> int:
    """Communities of two organisations or more (isolated ones are not a community)."""
    sizes = Counter(r["community"] for r in measures)
    return sum(1 for n in sizes.values() if n > 1)


def gaps_by_rule(data: ReportData) -> Table:
    """Number of gaps and dwellings at stake per rule, in rule order (alert rules apart)."""
    counts = Counter(g.rule for g in data.gaps)
    stakes: Counter[str] = Counter()
    for gap in data.gaps:
        stakes[gap.rule] += stake(gap)
    by_id = {r.id: r for r in data.rules}
    rows = [
        {"Ce qui manque": rule_title(r), "Priorité": priority_of_rule(r),
         "Nombre": counts.get(r.id, 0), "Logements en jeu": stakes.get(r.id, 0)}
        for r in by_id.values() if r.form != "expiry"
    ]
    return Table("Manques par règle", ["Ce qui manque", "Priorité", "Nombre", "Logements en jeu"], rows)


def priority_of_rule(rule: Rule) -> int:
    """Priority of a rule (the default when it gives none)."""
    return int(getattr(rule, "priority", None) or DEFAULT_PRIORITY)


def gap_rows(data: ReportData) -> Table:
    """One row per gap, most urgent first, with its places and who should act."""
    G, rules = data.graph, {r.id: r for r in data.rules}
    rows = []
    for gap in data.gaps:
        where = places(G, data.places.tree, gap.territory)
        rows.append({
            "Priorité": priority(gap, rules),
            "Logements en jeu": stake(gap),
            "Ce qui manque": rule_title(rules[gap.rule]) if gap.rule in rules else gap.rule,
            "Territoire": territory_title(G, gap.territory) if gap.territory else "",
            **{column: where[level] for level, column in PLACE_LEVELS},
            "Qui doit agir": fr.names([fr.actor(_attrs(G, a)) for a in gap.actors], 3),
            "Action proposée": fr.typography(gap.message),
        })
    return Table("Manques", GAP_COLUMNS, rows)


def _attrs(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """Node attributes with its id (an empty record for an unknown node)."""
    return {"id": node, **G.nodes[node]} if node in G else {"id": node}


def qpv_coverage(data: ReportData) -> Table:
    """For each QPV: housed landlords, régie, contrat de ville and TFPB, read from the rules' gaps."""
    G = data.graph
    checks = {column: _coverage_rule(data.rules, kind) for column, kind in
              zip(SHARE_COLUMNS, ("contrat_de_ville", "abattement_tfpb"), strict=True)}
    regie_rule = _regie_rule(data.rules)
    missing: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for gap in data.gaps:
        missing[gap.rule].update((gap.territory, a) for a in gap.actors)
        missing[gap.rule].add((gap.territory, ""))
    columns = ["QPV", "Commune ou EPCI", "Bailleurs logeant des habitants", "Logements",
               "Régie présente", *SHARE_COLUMNS]
    rows = []
    for qpv in (t for t in nodes_of(G, "Territory") if G.nodes[t].get("level") == "qpv"):
        housed = data.places.housed(qpv, {"bailleur"})
        parent = data.places.tree.parent.get(qpv)
        rows.append({
            "QPV": node_name(G, qpv),
            "Commune ou EPCI": node_name(G, parent) if parent else "",
            "Bailleurs logeant des habitants": len(housed),
            "Logements": sum(housed.values()),
            "Régie présente": _checked(regie_rule, housed, (qpv, "") not in missing[regie_rule]),
            **{column: _share(rule, sorted(housed), qpv, missing) for column, rule in checks.items()},
        })
    rows.sort(key=lambda r: not has_problem(r))  # stable: QPV with a problem first, by id
    return Table("Couverture QPV", columns, rows)


def has_problem(row: Row) -> bool:
    """Whether a QPV row lacks a régie, a contrat de ville or a TFPB convention."""
    return row["Régie présente"] == "non" or any(
        row[c] not in ("oui", "sans objet", "non vérifié") for c in SHARE_COLUMNS
    )


def _coverage_rule(rules: Sequence[Rule], kind: str) -> str:
    """Id of the rule checking that landlords housed in a QPV signed a contract of ``kind``."""
    for rule in rules:
        if rule.form == "party" and rule.level == "qpv" and rule.kinds == (kind,) and "bailleur" in rule.a:
            return rule.id
    return ""


def _regie_rule(rules: Sequence[Rule]) -> str:
    """Id of the rule checking that a QPV where landlords house people has a régie."""
    for rule in rules:
        if rule.form == "presence" and rule.level == "qpv" and "regie" in rule.b:
            return rule.id
    return ""


def _checked(rule: str, housed: dict[str, int], ok: bool) -> str:
    """'oui'/'non' from a rule, 'sans objet' without housed landlords, 'non vérifié' without rule."""
    if not rule:
        return "non vérifié"
    if not housed:
        return "sans objet"
    return "oui" if ok else "non"


def _share(rule: str, housed: Sequence[str], qpv: str, missing: dict[str, set[tuple[str, str]]]) -> str:
    """'oui', 'non', 'k sur n', 'sans objet' or 'non vérifié' for the landlords housed in a QPV."""
    if not rule:
        return "non vérifié"
    if not housed:
        return "sans objet"
    signed = sum(1 for b in housed if (qpv, b) not in missing[rule])
    if signed == len(housed):
        return "oui"
    return "non" if signed == 0 else f"{signed} sur {len(housed)}"


def central(data: ReportData) -> Table:
    """The most central organisations (PageRank), with their partners and brokerage."""
    ranked_ = sorted(data.measures, key=lambda r: (-r["pagerank"], str(r["id"])))
    return _actor_table("Acteurs centraux", [r for r in ranked_ if r["degree"] > 0][:TOP_ACTORS])


def brokers(data: ReportData) -> Table:
    """Organisations bridging otherwise separate partners (betweenness > 0)."""
    ranked_ = sorted(data.measures, key=lambda r: (-r["betweenness"], str(r["id"])))
    return _actor_table("Intermédiaires", [r for r in ranked_ if r["betweenness"] > 0][:TOP_ACTORS])


def _actor_table(sheet: str, records: Sequence[dict[str, Any]]) -> Table:
    """A ranked table of organisations with their main measures (percentages)."""
    columns = ["Rang", "Organisation", "Type", *ACTOR_MEASURE_COLUMNS]
    rows = [
        {
            "Rang": i,
            "Organisation": r["name"],
            "Type": fr.type_label(r["type"]),
            DEGREE: r["degree"],
            PAGERANK: round(100 * r["pagerank"], 1),
            BETWEENNESS: round(100 * r["betweenness"], 1),
            ARTICULATION: "oui" if r.get("articulation") else "non",
        }
        for i, r in enumerate(records, start=1)
    ]
    return Table(sheet, columns, rows)


def isolated(data: ReportData) -> Table:
    """Organisations sharing no contract in force with anyone."""
    A = data.network
    rows = [
        {"Organisation": node_name(A, n), "Type": fr.type_label(A.nodes[n].get("type", "")),
         "Identifiant": str(n)}
        for n in data.summary["isolated"]
    ]
    return Table("Acteurs isolés", ["Organisation", "Type", "Identifiant"], rows)


def communities(data: ReportData) -> Table:
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
            "Types": ", ".join(f"{fr.type_label(k)} ({fr.number(n)})" for k, n in type_sorted(kinds)),
            "Principaux membres": fr.names([r["name"] for r in members], 5),
        })
    return Table("Communautés", ["Communauté", "Organisations", "Types", "Principaux membres"], rows)


def recommendations(data: ReportData) -> Table:
    """Recommended partnerships (complementary pairs sharing no contract) with their reasons."""
    columns = ["Rang", "Organisation", "Partenaire proposé", "Territoires communs",
               "Partenaires communs"]
    rows = [
        {
            "Rang": r["rank"],
            "Organisation": f"{r['actor_name']} ({fr.type_label(r['actor_type'])})",
            "Partenaire proposé": f"{r['partner_name']} ({fr.type_label(r['partner_type'])})",
            "Territoires communs": ", ".join(r["shared_territory_names"]),
            "Partenaires communs": fr.names(r["common_partner_names"], 3) or "aucun",
        }
        for r in data.recommendations[:RECOMMENDATIONS]
    ]
    return Table("Recommandations", columns, rows)
