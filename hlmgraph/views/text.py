"""Views step: the French lines of a view's header (filters, dates, gaps, what is left out)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx


def number(value: int) -> str:
    """An integer in French style (no-break space between thousands)."""
    return f"{value:,}".replace(",", "\u00a0")


def plural(value: int, word: str) -> str:
    """A word with the regular French plural ``s`` from 2 on."""
    return f"{word}s" if value > 1 else word


def count(value: int, noun: str) -> str:
    """``1 acteur``, ``2 acteurs``, ``12 000 acteurs`` (regular French plural)."""
    return f"{number(value)} {plural(value, noun)}"


def decimal(value: Any) -> str:
    """A number without a useless '.0'."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


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
    return [f"Contrats en vigueur au {as_of.strftime('%d/%m/%Y')}."]


def gap_note(mode: str, shown: int, found: int, gap_edges: int, day: dt.date) -> str:
    """Header line saying how many gaps are shown, and at which date the rules ran."""
    head = f"Manques de partenariat au {day.strftime('%d/%m/%Y')}"
    if not found:
        return f"{head} : aucun trouvé par les règles."
    if mode == "acteurs":
        return (
            f"{head} : {number(shown)} affichés sur {number(found)} trouvés "
            f"({count(gap_edges, 'lien')} {plural(gap_edges, 'rouge')} "
            "en pointillés, les autres en bord rouge)."
        )
    return (
        f"{head} : {number(shown)} sur {number(found)} trouvés, comptés par "
        "département (bord rouge) ; détail avec --territory."
    )


def default_title(G: nx.MultiDiGraph, territory: str | None, ego: str | None) -> str:
    """Page title from the filters."""
    title = "Réseau des partenariats"
    if territory is not None:
        title += f" — {G.nodes[territory].get('name', territory)}"
    if ego is not None:
        title += f" — autour de {G.nodes[ego].get('name', ego)}"
    return title


def actor_notes(nodes: int, edges: int, hidden: int) -> list[str]:
    """Header lines of an actor view: what is drawn and what was left out."""
    notes = [f"{count(nodes, 'acteur')}, {count(edges, 'lien')} affichés."]
    if not nodes:
        notes.append("Aucun acteur ne correspond aux filtres : élargissez-les.")
    if hidden:
        notes.append(
            f"{number(hidden)} liens de poids 1 (un seul contrat commun) masqués pour la "
            "lisibilité ; filtrez (--territory, --type, --ego) pour les voir."
        )
    return notes


def aggregate_notes(actors: int, links: int, circles: int, untraced: int) -> list[str]:
    """Header lines of the aggregate view: what is grouped, how to drill down, what is left."""
    notes = [
        f"Vue agrégée par département : {count(actors, 'acteur')} et "
        f"{count(links, 'lien')} regroupés en {count(circles, 'cercle')}.",
        "Pour voir les acteurs, utilisez --territory ID (ex. departement:59) ou --type ; "
        "--no-aggregate force la vue détaillée.",
    ]
    if untraced:
        notes.append(
            f"{count(untraced, 'lien')} des acteurs nationaux ou multi-départements (cercle "
            "« Hors département ») non tracés ; détail au survol."
        )
    return notes
