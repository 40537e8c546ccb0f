"""Report step: the body of each section of the report page."""

from __future__ import annotations

from collections import Counter

from hlmgraph.palette import GAP_COLOR, type_color
from hlmgraph.report import markup
from hlmgraph.report.markup import empty, grouped, render_table, truncation_note
from hlmgraph.report.svg import PICTURE_ACTORS, bar_chart, network_picture
from hlmgraph.report.tables import EXPIRY_MONTHS, ReportData, Table, has_problem
from hlmgraph.report.text import date_fr, esc, number_fr, type_label, type_sorted

_CARD_ROWS = (0, 2, 4, 5, 7, 8, 9, 10)
"""Key figures shown as cards: organisations, QPV, contracts in force, links, isolated,
communities, gaps, contracts ending soon."""


def section_key_figures(data: ReportData) -> str:
    """Key figure cards, the figures table and actors by type."""
    table = data.tables["Chiffres clés"]
    cards = "".join(
        f'<div class="card"><span class="figure">{esc(number_fr(r["Valeur"]))}</span>'
        f'<span class="caption">{esc(r["Indicateur"])}</span></div>'
        for i, r in enumerate(table.rows) if i in _CARD_ROWS
    )
    kinds = Counter(str(d.get("type", "")) for _, d in data.network.nodes(data=True))
    chart = bar_chart(
        [(type_label(k), n, type_color(k)) for k, n in type_sorted(kinds)],
        "Organisations par type",
    )
    return (
        f'<div class="cards">{cards}</div>\n<h3>Organisations par type</h3>\n<figure>{chart}</figure>\n'
        f"<h3>Tous les indicateurs</h3>\n{render_table(table, cls='narrow')}"
    )


def section_network(data: ReportData) -> str:
    """The static picture of the most connected organisations."""
    shown = min(PICTURE_ACTORS, sum(1 for n in data.network if data.network.degree(n) > 0))
    return (
        f"<p>Les {number_fr(shown)} organisations ayant le plus de partenaires. Un trait relie deux "
        "organisations parties à au moins un même contrat en vigueur ; il est plus épais quand "
        "elles en partagent plusieurs. La taille d'un disque croît avec le nombre de partenaires.</p>"
        f"<figure>{network_picture(data.network)}</figure>"
    )


def section_gaps(data: ReportData) -> str:
    """Gaps counted by rule, then listed by territory with the action to take."""
    by_rule = data.tables["Manques par règle"]
    chart = bar_chart(
        [(r["Ce qui manque"], r["Nombre"], GAP_COLOR) for r in by_rule.rows], "Manques par règle",
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
        return "\n".join(parts) + empty("Aucun manque de partenariat repéré à cette date.")
    columns = ["Règle", "Organisations", "Action proposée"]
    sub = Table(table.sheet, columns)
    for territory, rows in grouped(table.rows[:markup.HTML_ROW_LIMIT], "Territoire"):
        heading = territory or "Sans territoire précis"
        parts.append(
            f'<div class="group"><h4>{esc(heading)} <span class="count">'
            f"({number_fr(len(rows))} manque{'s' if len(rows) > 1 else ''})</span></h4>"
            f"{render_table(sub, rows, cls='gaps')}</div>"
        )
    return "\n".join(parts) + truncation_note(len(table.rows))


def section_qpv(data: ReportData) -> str:
    """The QPV coverage table."""
    table = data.tables["Couverture QPV"]
    if not table.rows:
        return empty("Aucun quartier prioritaire (QPV) dans les données.")
    complete = sum(1 for r in table.rows if not has_problem(r))
    return (
        f"<p>Pour chaque quartier prioritaire : une régie de quartier y est-elle présente, chaque "
        "bailleur qui y loge des habitants a-t-il signé le contrat de ville en vigueur couvrant le "
        "quartier et une convention d'abattement de TFPB ? « 2 sur 3 » : deux des trois bailleurs "
        f"concernés ont signé. {number_fr(complete)} QPV sur {number_fr(len(table.rows))} "
        "sont entièrement couverts ; les autres sont listés en premier.</p>"
        f"{render_table(table)}"
    )


def section_actors(data: ReportData) -> str:
    """Central, broker and isolated organisations."""
    parts = [
        "<h3>Organisations centrales</h3>",
        "<p>Classées par influence : une organisation est influente quand elle est reliée à "
        "d'autres organisations elles-mêmes bien reliées (PageRank).</p>",
        render_table(data.tables["Acteurs centraux"]) if data.tables["Acteurs centraux"].rows
        else empty("Aucune organisation n'a de partenaire."),
        "<h3>Intermédiaires</h3>",
        "<p>Ces organisations se trouvent sur les chemins qui relient les autres : elles peuvent "
        "mettre en relation des partenaires qui ne se connaissent pas. « Point de passage obligé » "
        "signale qu'en leur absence, certains de leurs partenaires ne seraient plus reliés entre "
        "eux.</p>",
        render_table(data.tables["Intermédiaires"]) if data.tables["Intermédiaires"].rows
        else empty("Aucune organisation ne fait le lien entre d'autres."),
        "<h3>Organisations isolées</h3>",
        "<p>Ces organisations ne partagent aucun contrat en vigueur avec une autre : soit un "
        "partenariat reste à construire, soit la donnée manque.</p>",
        render_table(data.tables["Acteurs isolés"]) if data.tables["Acteurs isolés"].rows
        else empty("Aucune organisation isolée."),
    ]
    return "\n".join(parts)


def section_communities(data: ReportData) -> str:
    """Communities of partners (Louvain)."""
    table = data.tables["Communautés"]
    intro = (
        "<p>Une communauté regroupe des organisations qui travaillent beaucoup entre elles et "
        "moins avec les autres (méthode de Louvain). Les organisations isolées n'y figurent pas.</p>"
    )
    return intro + (render_table(table) if table.rows else empty("Aucune communauté."))


def section_expiring(data: ReportData) -> str:
    """Contracts ending in the next 12 months."""
    table = data.tables["Échéances"]
    intro = (
        f"<p>Contrats en vigueur au {esc(date_fr(data.as_of))} dont la fin tombe dans les "
        f"{EXPIRY_MONTHS} mois qui suivent : préparez leur renouvellement avec les parties.</p>"
    )
    return intro + (render_table(table) if table.rows else empty("Aucun contrat n'arrive à échéance."))


def section_recommendations(data: ReportData) -> str:
    """Recommended partnerships with their reasons."""
    table = data.tables["Recommandations"]
    intro = (
        "<p>Paires d'organisations complémentaires (par exemple un bailleur et une régie) qui "
        "agissent sur un même territoire sans contrat en vigueur entre elles, classées selon leurs "
        "partenaires communs : plus elles en partagent, plus un partenariat direct est "
        "plausible.</p>"
    )
    return intro + (render_table(table) if table.rows else empty("Aucune recommandation."))


def section_method(data: ReportData) -> str:
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
    defs = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    return f"<dl>{defs}</dl><p>Règles appliquées : {esc(rules)}.</p>"
