"""Report step: « Méthode et définitions », every figure of the report explained in plain words."""

from __future__ import annotations

from hlmgraph import fr
from hlmgraph.analysis import label, meaning
from hlmgraph.gaps import rule_title
from hlmgraph.report.map import CREDIT
from hlmgraph.report.records import ReportData
from hlmgraph.report.tables import ARTICULATION, BETWEENNESS, DEGREE, PAGERANK
from hlmgraph.report.text import PRIORITY_LABELS, capital, esc

FICTITIOUS_NOTICE = (
    "Données en partie fictives : certaines sources de ce jeu de données se déclarent "
    "« fictif » (noms ou contrats inventés pour la démonstration ou les essais). Ne tirez "
    "aucune conclusion sur des organisations réelles."
)
"""Notice shown at the top of the report when the data say they are partly made up."""
BROKER_ROLES = ("broker_coordinator", "broker_consultant", "broker_gatekeeper", "broker_liaison")
"""Typed brokerage roles explained in the method (« L'essentiel » counts the last three)."""


def definitions(data: ReportData) -> list[tuple[str, str]]:
    """(term, plain-words meaning) of every word and figure of the report."""
    day = fr.date(data.as_of)
    return [
        ("Lien de partenariat", f"deux organisations parties à au moins un même contrat en vigueur au {day}."),
        (DEGREE, meaning("degree")),
        (PAGERANK, meaning("pagerank") + " Le rapport la donne en pourcentage du total."),
        (BETWEENNESS, meaning("betweenness") + " Le rapport la donne en pourcentage."),
        (ARTICULATION, meaning("articulation")),
        *((capital(label(role)), meaning(role)) for role in BROKER_ROLES),
        ("Communauté", "groupe d'organisations qui travaillent beaucoup entre elles et moins "
         "avec les autres (méthode de Louvain)."),
        ("Manque", "partenariat que les règles (modifiables) laissent attendre et que les données "
         "ne montrent pas ; il appelle une vérification puis, le cas échéant, une action."),
        ("Priorité", " ; ".join(PRIORITY_LABELS.values()) + " : fixée par la règle qui a repéré le manque."),
        ("Logements en jeu", "logements des bailleurs concernés sur le territoire du manque ; "
         "pour un contrat, logements de ses bailleurs sur les territoires qu'il couvre."),
        ("Échéance", "contrat en vigueur qui se termine bientôt sans contrat qui lui succède : "
         "il faut préparer son renouvellement."),
        ("Échéancier", "contrats de ville, projets NPNRU, conventions d'utilité sociale (CUS) et "
         "conventions d'abattement de TFPB en vigueur, comptés par année de fin jusqu'en 2030."),
        ("QPV", "quartier prioritaire de la politique de la ville."),
        ("TFPB", "taxe foncière sur les propriétés bâties ; l'abattement de 30 % sur les logements "
         "en QPV est conditionné à une convention signée avec l'État et la collectivité."),
        ("Fiche territoire", "ce que les données montrent dans un EPCI : organisations présentes "
         "(elles ou une antenne y ont une ligne de présence), contrats en vigueur qui le couvrent, "
         "manques, échéances et partenaires à rapprocher."),
    ]


def section_method(data: ReportData) -> str:
    """Definitions, the rules applied (by title), the data's status and the map's credit."""
    defs = "".join(f"<dt>{esc(k)}</dt><dd>{esc(fr.typography(v))}</dd>" for k, v in definitions(data))
    rules = fr.names([fr.quote(rule_title(r)) for r in data.rules], len(data.rules))
    parts = [
        f"<dl>{defs}</dl>",
        f"<p>{esc(fr.typography(f'Règles appliquées : {rules}.'))}</p>",
        f"<p>{esc(fr.typography(f'{CREDIT} ; les départements d’outre-mer, absents de ce fond, sont représentés par des encadrés.'))}</p>",
    ]
    if data.fictitious:
        parts.append(f'<p class="note">{esc(fr.typography(FICTITIOUS_NOTICE))}</p>')
    return "\n".join(parts)
