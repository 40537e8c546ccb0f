"""Report step: the whole report page, sections in order, with its inline style sheet."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from hlmgraph import __version__, fr
from hlmgraph.report import sections
from hlmgraph.report.fiche_sections import section_fiches
from hlmgraph.report.method import FICTITIOUS_NOTICE, section_method
from hlmgraph.report.records import ReportData
from hlmgraph.report.text import esc

SECTIONS: tuple[tuple[str, str], ...] = (
    ("essentiel", "L'essentiel"),
    ("chiffres", "Chiffres clés"),
    ("manques", "Manques de partenariat"),
    ("carte", "Carte des manques par département"),
    ("echeancier", "Échéancier jusqu'en 2030"),
    ("fiches", "Fiches territoire"),
    ("qpv", "Couverture des quartiers prioritaires"),
    ("reseau", "Le réseau en image"),
    ("acteurs", "Organisations centrales, intermédiaires et isolées"),
    ("communautes", "Communautés de partenaires"),
    ("recommandations", "Partenariats recommandés"),
    ("methode", "Méthode et définitions"),
)
"""Sections of every report (id, heading), in page order."""
CHANGES = ("changements", "Ce qui a changé")
"""Section added after « L'essentiel » when an older dataset is compared."""
_BODIES: dict[str, Callable[[ReportData], str]] = {
    "essentiel": sections.section_essentials, "chiffres": sections.section_key_figures,
    "manques": sections.section_gaps, "carte": sections.section_map,
    "echeancier": sections.section_schedule, "fiches": section_fiches,
    "qpv": sections.section_qpv, "reseau": sections.section_network,
    "acteurs": sections.section_actors, "communautes": sections.section_communities,
    "recommandations": sections.section_recommendations, "methode": section_method,
    "changements": sections.section_changes,
}


def sections_of(data: ReportData) -> list[tuple[str, str]]:
    """The sections of this report: every section, plus « Ce qui a changé » when compared."""
    if data.changes is None:
        return list(SECTIONS)
    return [SECTIONS[0], CHANGES, *SECTIONS[1:]]


def title_of(data: ReportData) -> str:
    """« Réseau des partenariats du logement social — Loire (département), situation au … »."""
    where = ""
    if data.territory and data.territory in data.graph:
        where = f" — {fr.territory_title(data.graph.nodes[data.territory])}"
    return f"Réseau des partenariats du logement social{where} — situation au {fr.date(data.as_of)}"


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document."""
    title = fr.typography(title_of(data))
    shown = sections_of(data)
    toc = "".join(f'<li><a href="#{sid}">{esc(name)}</a></li>' for sid, name in shown)
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{esc(name)}</h2>\n{_BODIES[sid](data)}\n</section>'
        for sid, name in shown
    )
    notice = (f'<p class="notice" role="note">{esc(fr.typography(FICTITIOUS_NOTICE))}</p>\n'
              if data.fictitious else "")
    footer = fr.typography(
        f"Rapport produit par hlmgraph {__version__} à partir des données saisies ; "
        f"situation au {fr.date(data.as_of)}.")
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{style_sheet()}</style>\n</head>\n<body>\n"
        f'<header class="cover">\n<p class="kicker">Rapport hlmgraph</p>\n<h1>{esc(title)}</h1>\n'
        f"{notice}"
        f'<nav class="toc" aria-label="Sommaire"><h2>Sommaire</h2><ol>{toc}</ol></nav>\n</header>\n'
        f"<main>\n{body}\n</main>\n<footer>{esc(footer)}</footer>\n</body>\n</html>\n"
    )


def style_sheet() -> str:
    """The report's CSS (``static/report.css``), inlined in the page."""
    return resources.files("hlmgraph").joinpath("static", "report.css").read_text(encoding="utf-8")
