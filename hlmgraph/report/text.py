"""Report step: French labels and small text helpers of the report (titles, numbers, dates)."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

import networkx as nx

from hlmgraph.gaps import Rule
from hlmgraph.schema import ACTOR_TYPES, LEVEL_LABELS_FR, TYPE_LABELS_FR

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
RULE_TITLES_FR: dict[str, str] = {
    "regie-bailleur": "Bailleur et régie présents sur un QPV sans contrat entre eux",
    "qpv-sans-regie": "QPV où des bailleurs logent des habitants sans régie de quartier",
    "contrat-de-ville": "Bailleur non signataire du contrat de ville de son QPV",
    "abattement-tfpb": "Bailleur sans convention d'abattement de TFPB sur son QPV",
    "insertion": "Régie sans contrat avec les acteurs de l'insertion de son territoire",
    "echeance": "Contrat arrivant à échéance",
}
"""French titles of the default rules; other rules are described by their form."""
FORM_TITLES_FR: dict[str, str] = {
    "pair": "Deux acteurs présents sur un territoire sans contrat commun",
    "party": "Acteur sans contrat attendu sur son territoire",
    "presence": "Territoire où un type d'acteur attendu est absent",
    "link": "Acteur sans contrat avec un partenaire attendu",
    "expiry": "Contrat arrivant à échéance",
}


def listing(names: Sequence[str], limit: int) -> str:
    """'A, B, C et 2 autres' (names in the given order)."""
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    return shown + (f" et {plural(rest, 'autre')}" if rest > 0 else "")


def rule_title(rule: Rule) -> str:
    """French title of a rule: the default rules' own, else its form's."""
    return RULE_TITLES_FR.get(rule.id) or FORM_TITLES_FR.get(rule.form, rule.form)


def type_label(kind: str) -> str:
    """French label of an actor type."""
    return TYPE_LABELS_FR.get(kind, kind or "Sans type")


def territory_title(G: nx.Graph, territory: str) -> str:
    """'Name (level)' of a territory, e.g. 'Lille Sud (QPV)'."""
    level = G.nodes[territory].get("level", "") if territory in G else ""
    label = LEVEL_LABELS_FR.get(level, "")
    return f"{node_name(G, territory)} ({label})" if label else node_name(G, territory)


def date_fr(day: dt.date) -> str:
    """A date in French words: '1er janvier 2025'."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"


def number_fr(value: Any) -> str:
    """A cell as French text: thousands with a narrow space, decimal comma, dates in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, dt.date):
        return date_fr(value)
    return str(value)


def node_name(G: nx.Graph, node: Any) -> str:
    """Display name of a node (its id when it has none)."""
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def type_sorted(counts: Counter[str]) -> list[tuple[str, int]]:
    """(type, count) in schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def cut(text: str, limit: int) -> str:
    """Shorten a label to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: Any) -> str:
    """HTML-escape any value shown from the data."""
    return html.escape(str(text), quote=True)

def plural(count: int, word: str) -> str:
    """'1 contrat', '2 contrats', '0 contrat' (French: plural from 2)."""
    return f"{number_fr(count)} {word}{'s' if count > 1 else ''}"
