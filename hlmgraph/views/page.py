"""Views step: the offline HTML page (vis-network inlined, escaped JSON data, CSP by hash)."""

from __future__ import annotations

import base64
import hashlib
import html
from importlib import resources
from string import Template
from typing import Any

from hlmgraph import fr, jsontext
from hlmgraph.analysis import BRIDGE_TITLE
from hlmgraph.views.data import ViewData

BRIDGE_HELP = ("Acteurs qui relient le plus de paires de partenaires non liés entre eux, "
               "l'un du logement, l'autre de l'insertion (rôles de passeur et de liaison).")
LISTED = 5
"""Contracts listed in a tooltip before « … et N autres »."""
WORDS = {
    "contracts": fr.typography("Contrats ({n}) :"),
    "more": "• … et {n} autres",
    "gap": fr.typography("Manque : "),
    "alert": fr.typography("Échéance : "),
    "common": fr.typography("{n} contrat commun :"),
    "commons": fr.typography("{n} contrats communs :"),
    "none": "Aucun nom ne correspond.",
}
"""French words of the page's script, typeset here (``{n}``: a number formatted in fr-FR)."""


def render_page(
    heading: str, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
    options: dict[str, Any], view: ViewData,
) -> str:
    """The self-contained page of these nodes, edges and vis-network options."""
    payload = {
        "nodes": nodes, "edges": edges, "contracts": view.contracts, "listed": LISTED,
        "options": options, "words": WORDS,
    }
    view_js = static_text("view.js")
    vis_js = static_text("vis-network/vis-network.min.js")
    template = Template(static_text("view.html"))
    return template.substitute(
        title=html.escape(heading),
        csp=_csp(vis_js, view_js),
        vis_css=static_text("vis-network/vis-network.css"),
        view_css=static_text("view.css"),
        panel=_panel_html(heading, view),
        vis_js=vis_js,
        data=_script_json(payload),
        view_js=view_js,
    )


def static_text(name: str) -> str:
    """Text of a file shipped in hlmgraph/static."""
    return resources.files("hlmgraph").joinpath("static", name).read_text("utf-8")


def _panel_html(heading: str, view: ViewData) -> str:
    """The French header panel: title, what is shown and left out, legend, search."""
    esc = html.escape
    parts = [f"<h1>{esc(heading)}</h1>", '<ul class="notes">']
    parts += [f"<li>{esc(note)}</li>" for note in view.notes]
    parts.append("</ul>")
    if view.bridges:
        parts.append(f"<h2>{esc(BRIDGE_TITLE)}</h2>"
                     f'<p class="help">{esc(fr.typography(BRIDGE_HELP))}</p><ol class="bridges">')
        parts += [f"<li>{esc(fr.typography(line))}</li>" for line in view.bridges]
        parts.append("</ol>")
    parts.append(f'<h2>{esc(view.legend_title)}</h2><ul class="legend" id="legend">')
    for key, color, label, count in view.legend:
        parts.append(
            f'<li><button type="button" data-kind="{esc(key)}" aria-pressed="true" '
            f'title="Cliquer pour masquer ou montrer">'
            f'<span class="swatch" style="background:{esc(color)}"></span>'
            f"{esc(label)} <span class=\"count\">{fr.number(count)}</span></button></li>"
        )
    parts.append("</ul>")
    parts.append('<ul class="keys">')
    parts += [f"<li>{esc(key)}</li>" for key in view.keys]
    parts += _gap_keys(view)
    parts.append("</ul>")
    parts.append(
        '<label class="search">Rechercher un nom <input id="search" type="search" '
        'list="names" autocomplete="off"></label><datalist id="names"></datalist>'
        '<p id="search-status" class="status" aria-live="polite"></p>'
        '<p class="help">'
        + fr.typography("Survolez un cercle ou un lien pour le détail ; molette : zoom ; "
                        "cliquez une entrée de la légende pour la masquer.")
        + "</p>"
    )
    return "\n".join(parts)


def _gap_keys(view: ViewData) -> list[str]:
    """Legend lines explaining red dashes and red borders, when the view has them."""
    keys = []
    if view.gap_edges:
        keys.append(
            '<li><span class="dash"></span>'
            + fr.typography("Pointillés rouges : manque de partenariat (détail au survol).")
            + "</li>"
        )
    if view.gaps and view.mode == "acteurs" and view.gap_edges < view.gaps:
        keys.append('<li><span class="ring"></span>'
                    + fr.typography("Bord rouge : manque signalé pour cet acteur (détail au "
                                    "survol).") + "</li>")
    if view.alerts:
        keys.append('<li><span class="ring alert"></span>'
                    + fr.typography("Bord orange : contrat à renouveler (échéance, détail au "
                                    "survol).") + "</li>")
    if view.gaps and view.mode != "acteurs":
        keys.append('<li><span class="ring"></span>'
                    + fr.typography("Bord rouge : manques de partenariat du département, "
                                    "d'autant plus épais qu'ils sont nombreux.") + "</li>")
    return keys


def _script_json(payload: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' left unescaped."""
    text = jsontext.dumps(payload, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
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
