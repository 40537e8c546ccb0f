"""Views step: the French lines of a view's header (filters, dates, gaps, what is left out)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx

from hlmgraph import fr


def labelled(label: str, value: object) -> str:
    """« Label : value » with French typography on the label only (ids keep their colons)."""
    return f"{fr.typography(label + ' :')} {value}"


def finite(value: Any) -> float:
    """A measure as a finite float (0 when missing)."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return round(result, 9) if math.isfinite(result) else 0.0


def short(text: str, limit: int = 40) -> str:
    """A label cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_of_notes(as_of: dt.date | None) -> list[str]:
    """Header line about the date the contracts are taken at."""
    if as_of is None:
        return ["Tous les contrats sont comptés, quelle que soit leur date."]
    return [f"Contrats en vigueur au {fr.date(as_of)}."]


def gap_note(mode: str, shown: int, found: int, gap_edges: int, day: dt.date) -> str:
    """Header line saying how many gaps are shown, and at which date the rules ran."""
    head = f"Manques de partenariat au {fr.date(day)}"
    if not found:
        return fr.typography(f"{head} : aucun trouvé par les règles.")
    if mode == "acteurs":
        return fr.typography(
            f"{head} : {fr.number(shown)} affichés sur {fr.number(found)} trouvés "
            f"({fr.count(gap_edges, 'lien rouge', 'liens rouges')} en pointillés, "
            "les autres en bord rouge)."
        )
    return fr.typography(
        f"{head} : {fr.number(shown)} sur {fr.number(found)} trouvés, comptés par "
        "département (bord rouge) ; détail avec --territory."
    )


def alert_note(shown: int, found: int, day: dt.date) -> str:
    """Header line about the contracts to renew (échéances), never counted as gaps."""
    head = f"Échéances au {fr.date(day)}"
    if not found:
        return fr.typography(f"{head} : aucun contrat à renouveler.")
    return fr.typography(
        f"{head} : {fr.number(shown)} sur {fr.number(found)} "
        f"({fr.noun(found, 'contrat')} à renouveler, bord orange ; ce ne sont pas des manques)."
    )


def default_title(G: nx.MultiDiGraph, territory: str | None, ego: str | None) -> str:
    """Page title from the filters."""
    title = "Réseau des partenariats"
    if territory is not None:
        title += f" — {fr.territory_title(G.nodes[territory])}"
    if ego is not None:
        title += f" — autour de {G.nodes[ego].get('name', ego)}"
    return title


def actor_notes(nodes: int, edges: int, hidden: int) -> list[str]:
    """Header lines of an actor view: what is drawn and what was left out."""
    if not nodes:
        return [fr.typography("Aucun acteur ne correspond aux filtres : élargissez-les.")]
    notes = [f"{fr.count(nodes, 'acteur')}, {fr.count(edges, 'lien')} affichés."]
    if hidden:
        notes.append(fr.typography(
            f"{fr.count(hidden, 'lien')} de poids 1 (un seul contrat commun) masqués pour la "
            "lisibilité ; filtrez (--territory, --type, --ego) pour les voir."
        ))
    return notes


def aggregate_notes(actors: int, links: int, circles: int, untraced: int) -> list[str]:
    """Header lines of the aggregate view: what is grouped, how to drill down, what is left."""
    notes = [
        labelled("Vue agrégée par département", f"{fr.count(actors, 'acteur')} et "
                 f"{fr.count(links, 'lien')} regroupés en {fr.count(circles, 'cercle')}."),
        "Pour voir les acteurs, utilisez --territory ID (par exemple departement:59) ou --type"
        + fr.typography(" ; --no-aggregate force la vue détaillée."),
    ]
    if untraced:
        notes.append(fr.typography(
            f"{fr.count(untraced, 'lien')} des acteurs nationaux ou multi-départements (cercle "
            "« Hors département ») non tracés ; détail au survol."
        ))
    return notes
