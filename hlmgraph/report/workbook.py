"""Report step: the report's tables as an .xlsx workbook, one sheet per table, « Lisez-moi » first."""

from __future__ import annotations

from typing import Any

from hlmgraph import fr
from hlmgraph.output import build_workbook
from hlmgraph.report.html import title_of
from hlmgraph.report.method import FICTITIOUS_NOTICE
from hlmgraph.report.records import ReportData
from hlmgraph.xlsx import Readme

SHEET_NOTES: dict[str, str] = {
    "Chiffres clés": "les chiffres d'ensemble du rapport.",
    "Manques": "un manque par ligne, du plus urgent au moins urgent (priorité puis logements en "
               "jeu), avec la région, le département et l'EPCI, qui doit agir et l'action proposée.",
    "Manques par règle": "le nombre de manques et de logements en jeu de chaque règle.",
    "Échéances": "les contrats à renouveler : ils se terminent bientôt sans contrat qui leur succède.",
    "Échéancier": "contrats de ville, NPNRU, CUS et conventions TFPB en vigueur, par date de fin.",
    "Couverture QPV": "pour chaque QPV : bailleurs qui y logent des habitants, régie, contrat de "
                      "ville et convention TFPB.",
    "Acteurs centraux": "les organisations les plus influentes du réseau.",
    "Intermédiaires": "les organisations qui relient des partenaires qui ne travaillent pas ensemble.",
    "Acteurs isolés": "les organisations sans aucun contrat en vigueur partagé.",
    "Communautés": "les groupes d'organisations qui travaillent beaucoup ensemble.",
    "Recommandations": "les partenariats à étudier, avec leurs raisons.",
    "Fiches territoire": "une ligne par EPCI : organisations présentes, contrats, manques, "
                         "échéances, partenaires suggérés.",
    "Carte": "les manques et logements en jeu par département (les chiffres de la carte).",
}
"""What each sheet holds, for the « Lisez-moi » sheet."""


def report_workbook(data: ReportData) -> Any:
    """An openpyxl workbook holding every table of the report, one sheet each, « Lisez-moi » first."""
    lines = [f"Feuille « {sheet} » : {SHEET_NOTES.get(sheet, '')}" for sheet in data.tables]
    if data.fictitious:
        lines.insert(0, FICTITIOUS_NOTICE)
    lines.append("Dates au format jj/mm/aaaa ; nombres en nombres (filtres et tris possibles).")
    readme = Readme(fr.typography(title_of(data)), lines)
    return build_workbook({t.sheet: (t.rows, t.columns) for t in data.tables.values()}, readme)
