"""Report step: the body of each section of the report page (fiches and method apart)."""

from __future__ import annotations

from collections import Counter

from hlmgraph import fr
from hlmgraph.palette import GAP_COLOR, type_color
from hlmgraph.report.build import PICTURE_DETAILED_UP_TO
from hlmgraph.report.deadlines import ends_by_year, year_buckets
from hlmgraph.report.essentials import essentials
from hlmgraph.report.map import france_map
from hlmgraph.report.markup import empty, paragraph, render_table
from hlmgraph.report.records import ReportData
from hlmgraph.report.svg import bar_chart
from hlmgraph.report.tables import has_problem
from hlmgraph.report.text import esc, type_sorted
from hlmgraph.report.timeline import schedule_chart

_CARDS = ("Organisations", "Contrats en vigueur", "Liens de partenariat entre organisations",
          "Organisations sans aucun partenaire", "Manques de partenariat repérés",
          "Logements en jeu dans les manques", "Échéances : contrats à renouveler",
          "Quartiers prioritaires (QPV)")
"""Key figures shown as cards."""
_GAP_PAGE_COLUMNS = ["Priorité", "Logements en jeu", "Ce qui manque", "Territoire", "Qui doit agir",
                     "Action proposée"]


def section_essentials(data: ReportData) -> str:
    """« L'essentiel »: at most five sentences."""
    items = "".join(f"<li>{esc(s)}</li>" for s in essentials(data))
    return f'<ul class="essentials">{items}</ul>'


def section_key_figures(data: ReportData) -> str:
    """Key figure cards, the figures table and actors by type."""
    table = data.tables["Chiffres clés"]
    cards = "".join(
        f'<div class="card"><span class="figure">{esc(fr.number(r["Valeur"]))}</span>'
        f'<span class="caption">{esc(r["Indicateur"])}</span></div>'
        for r in table.rows if r["Indicateur"] in _CARDS
    )
    kinds = Counter(str(d.get("type", "")) for _, d in data.network.nodes(data=True))
    chart = bar_chart(
        [(fr.type_label(k), n, type_color(k)) for k, n in type_sorted(kinds)],
        "Organisations par type",
    )
    return (
        f'<div class="cards">{cards}</div>\n<h3>Organisations par type</h3>\n<figure>{chart}</figure>\n'
        f"<h3>Tous les indicateurs</h3>\n{render_table(table, cls='narrow')}"
    )


def section_gaps(data: ReportData) -> str:
    """Gaps counted by rule, then listed most urgent first with who should act."""
    by_rule = data.tables["Manques par règle"]
    chart = bar_chart(
        [(r["Ce qui manque"], r["Nombre"], GAP_COLOR) for r in by_rule.rows], "Manques par règle",
        label_w=450,
    )
    parts = [
        paragraph(
            "Un manque est un partenariat que le fonctionnement du secteur laisse attendre et que "
            "les données ne montrent pas. Les manques sont classés par priorité (1 : haute) puis "
            "par nombre de logements en jeu ; « Qui doit agir » nomme les organisations concernées. "
            "Vérifiez d'abord que la donnée n'est pas simplement incomplète."),
        f"<h3>Par règle</h3>\n<figure>{chart}</figure>\n{render_table(by_rule)}",
        "<h3>Les manques, du plus urgent au moins urgent</h3>",
    ]
    table = data.tables["Manques"]
    if not table.rows:
        return "\n".join(parts) + empty("Aucun manque de partenariat repéré à cette date.")
    parts.append(render_table(table, cls="gaps", columns=_GAP_PAGE_COLUMNS))
    return "\n".join(parts)


def section_map(data: ReportData) -> str:
    """The map of France by département, coloured by the number of gaps."""
    figures = {r["Code"]: (r["Manques"], r["Logements en jeu"]) for r in data.tables["Carte"].rows}
    focus = list(figures) if data.territory else []
    where = (" La carte est centrée sur le territoire du rapport." if focus else
             " Les départements d'outre-mer figurent dans les encadrés sous la carte.")
    intro = paragraph(
        "Nombre de manques de partenariat par département (survolez un département pour voir "
        "aussi les logements en jeu)." + where)
    return f'{intro}<figure class="map-figure">{france_map(figures, "gaps", focus)}</figure>'


def section_schedule(data: ReportData) -> str:
    """The échéancier up to 2030 and the alerts to act on."""
    table = data.tables["Échéancier"]
    alerts = data.tables["Échéances"]
    buckets = year_buckets(data)
    chart = schedule_chart(ends_by_year(table, buckets), buckets)
    return "\n".join([
        paragraph(
            f"Contrats de ville, projets NPNRU, conventions d'utilité sociale (CUS) et conventions "
            f"d'abattement de TFPB en vigueur au {fr.date(data.as_of)}, par année de fin."),
        f"<figure>{chart}</figure>",
        "<h3>À renouveler</h3>",
        paragraph("Contrats que les règles d'échéance signalent : ils se terminent bientôt et "
                  "aucun contrat ne leur succède encore. Préparez leur renouvellement avec les parties."),
        render_table(alerts) if alerts.rows else empty("Aucun contrat n'est à renouveler à court terme."),
        "<h3>Tous les contrats de l'échéancier</h3>",
        render_table(table) if table.rows else empty("Aucun contrat de ces natures en vigueur."),
    ])


def section_qpv(data: ReportData) -> str:
    """The QPV coverage table."""
    table = data.tables["Couverture QPV"]
    if not table.rows:
        return empty("Aucun quartier prioritaire (QPV) dans les données.")
    complete = sum(1 for r in table.rows if not has_problem(r))
    return paragraph(
        "Pour chaque quartier prioritaire : une régie de quartier y est-elle présente, chaque "
        "bailleur qui y loge des habitants a-t-il signé le contrat de ville en vigueur couvrant le "
        "quartier et une convention d'abattement de TFPB ? « 2 sur 3 » : deux des trois bailleurs "
        "concernés ont signé ; « non vérifié » : aucune règle appliquée ne contrôle ce point. "
        f"{fr.number(complete)} QPV sur {fr.number(len(table.rows))} sont entièrement couverts ; "
        "les autres sont listés en premier.") + render_table(table)


def section_network(data: ReportData) -> str:
    """The picture of the network, the same as ``hlmgraph view`` draws."""
    many = data.summary["actors"] > PICTURE_DETAILED_UP_TO
    what = ("Chaque cercle regroupe les organisations d'un département (vue agrégée, comme "
            "hlmgraph view au-delà de quelques centaines d'organisations)" if many else
            "Chaque cercle est une organisation, coloré selon son type ; sa taille croît avec "
            "son nombre de partenaires")
    return paragraph(
        f"{what}. Un trait relie deux organisations (ou deux départements) liées par au moins "
        "un contrat en vigueur ; il est plus épais quand elles en partagent plusieurs. La même "
        "image s'obtient avec hlmgraph view … --out reseau.svg."
    ) + f'<figure class="network">{data.picture}</figure>'


def section_actors(data: ReportData) -> str:
    """Central, broker and isolated organisations."""
    tables = data.tables
    return "\n".join([
        "<h3>Organisations centrales</h3>",
        paragraph("Classées par influence : une organisation est influente quand elle est reliée "
                  "à d'autres organisations elles-mêmes bien reliées."),
        render_table(tables["Acteurs centraux"]) if tables["Acteurs centraux"].rows
        else empty("Aucune organisation n'a de partenaire."),
        "<h3>Intermédiaires</h3>",
        paragraph("Ces organisations se trouvent sur les chemins qui relient les autres : elles "
                  "peuvent mettre en relation des partenaires qui ne se connaissent pas. « Point "
                  "d'articulation » signale qu'en leur absence, certains de leurs partenaires ne "
                  "seraient plus reliés entre eux."),
        render_table(tables["Intermédiaires"]) if tables["Intermédiaires"].rows
        else empty("Aucune organisation ne fait le lien entre d'autres."),
        "<h3>Organisations isolées</h3>",
        paragraph("Ces organisations ne partagent aucun contrat en vigueur avec une autre : soit "
                  "un partenariat reste à construire, soit la donnée manque."),
        render_table(tables["Acteurs isolés"]) if tables["Acteurs isolés"].rows
        else empty("Aucune organisation isolée."),
    ])


def section_communities(data: ReportData) -> str:
    """Communities of partners (Louvain)."""
    table = data.tables["Communautés"]
    intro = paragraph(
        "Une communauté regroupe des organisations qui travaillent beaucoup entre elles et moins "
        "avec les autres. Les organisations isolées n'y figurent pas.")
    return intro + (render_table(table) if table.rows else empty("Aucune communauté."))


def section_recommendations(data: ReportData) -> str:
    """Recommended partnerships with their reasons."""
    table = data.tables["Recommandations"]
    intro = paragraph(
        "Paires d'organisations complémentaires (par exemple un bailleur et une régie) qui "
        "agissent sur un même territoire sans contrat en vigueur entre elles, classées selon "
        "leurs partenaires communs : plus elles en partagent, plus un partenariat direct est "
        "plausible.")
    return intro + (render_table(table) if table.rows else empty("Aucune recommandation."))


def section_changes(data: ReportData) -> str:
    """« Ce qui a changé » since the older dataset given with ``--compare``."""
    return data.changes.section() if data.changes is not None else ""


