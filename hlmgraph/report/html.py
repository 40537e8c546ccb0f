"""Report step: the whole report page, sections in order, with its inline style sheet."""

from __future__ import annotations

from importlib import resources

from hlmgraph import __version__
from hlmgraph.report import sections
from hlmgraph.report.tables import EXPIRY_MONTHS, ReportData
from hlmgraph.report.text import date_fr, esc, number_fr, plural

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
    toc = "".join(f'<li><a href="#{sid}">{esc(name)}</a></li>' for sid, name in SECTIONS)
    bodies = {
        "synthese": sections.section_key_figures, "reseau": sections.section_network,
        "manques": sections.section_gaps, "qpv": sections.section_qpv,
        "acteurs": sections.section_actors, "communautes": sections.section_communities,
        "echeances": sections.section_expiring,
        "recommandations": sections.section_recommendations, "methode": sections.section_method,
    }
    body = "\n".join(
        f'<section id="{sid}">\n<h2>{esc(name)}</h2>\n{bodies[sid](data)}\n</section>'
        for sid, name in SECTIONS
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{style_sheet()}</style>\n</head>\n<body>\n"
        f'<header class="cover">\n<p class="kicker">Rapport hlmgraph</p>\n<h1>{esc(title)}</h1>\n'
        f"<p class=\"lead\">{esc(_lead(data))}</p>\n"
        f'<nav class="toc" aria-label="Sommaire"><h2>Sommaire</h2><ol>{toc}</ol></nav>\n</header>\n'
        f"<main>\n{body}\n</main>\n"
        f'<footer>Rapport produit par hlmgraph {esc(__version__)} à partir des données saisies ; '
        f"situation au {esc(date_fr(data.as_of))}.</footer>\n</body>\n</html>\n"
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


def style_sheet() -> str:
    """The report's CSS (``static/report.css``), inlined in the page."""
    return resources.files("hlmgraph").joinpath("static", "report.css").read_text(encoding="utf-8")
