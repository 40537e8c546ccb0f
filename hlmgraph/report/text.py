"""Report step: the report's own labels (rule titles, names, escaping); wording comes from ``fr``."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.gaps import Rule
from hlmgraph.schema import ACTOR_TYPES

RULE_TITLES_FR: dict[str, str] = {
    "regie-bailleur": "Bailleur et régie présents sur un QPV sans contrat entre eux",
    "qpv-sans-regie": "QPV où des bailleurs logent des habitants sans régie de quartier",
    "contrat-de-ville": "Bailleur non signataire du contrat de ville de son QPV",
    "abattement-tfpb": "Bailleur sans convention d'abattement de TFPB sur son QPV",
    "tfpb-sans-contrat-de-ville": "Abattement de TFPB sans signature du contrat de ville",
    "insertion": "Régie sans contrat avec les acteurs de l'insertion de son territoire",
    "npnru-insertion": "Projet NPNRU sans acteur de l'insertion parmi ses parties",
    "regie-mouvement": "Régie non adhérente au Mouvement des Régies",
    "bailleur-ar": "Bailleur non adhérent à l'association régionale Hlm",
    "non-renouvele": "Contrat échu sans successeur",
    "echeance": "Contrat arrivant à échéance sans successeur",
}
"""French titles of the shipped rules; other rules take their own title or their form's."""
FORM_TITLES_FR: dict[str, str] = {
    "pair": "Deux acteurs présents sur un territoire sans contrat commun",
    "party": "Acteur sans contrat attendu sur son territoire",
    "presence": "Territoire où un type d'acteur attendu est absent",
    "link": "Acteur sans contrat avec un partenaire attendu",
    "requires": "Contrat signé sans le contrat qu'il suppose",
    "contract-has": "Contrat sans partie d'un type attendu",
    "membership": "Adhésion attendue absente",
    "lapsed": "Contrat échu sans successeur",
    "expiry": "Contrat arrivant à échéance",
}
PRIORITY_LABELS: dict[int, str] = {1: "1 – haute", 2: "2 – moyenne", 3: "3 – basse"}
"""Priority of a rule as people read it."""


def rule_title(rule: Rule) -> str:
    """French title of a rule: its own title, the shipped rules' one, else its form's."""
    own = str(getattr(rule, "title", "") or "")
    return own or RULE_TITLES_FR.get(rule.id) or FORM_TITLES_FR.get(rule.form, rule.form)


def node_name(G: nx.Graph, node: Any) -> str:
    """Display name of a node (its id when it has none)."""
    return str(G.nodes[node].get("name") or node) if node in G else str(node)


def territory_title(G: nx.Graph, territory: str) -> str:
    """« Lille-Sud (QPV) » for a territory of the graph (its id when unknown)."""
    return fr.territory_title(G.nodes[territory]) if territory in G else territory


def type_sorted(counts: Counter[str]) -> list[tuple[str, int]]:
    """(type, count) in schema order, unknown types last."""
    order = list(ACTOR_TYPES)
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def cut(text: str, limit: int) -> str:
    """Shorten a label to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(text: Any) -> str:
    """Any text shown in the page: French typography applied, then HTML-escaped."""
    return html.escape(fr.typography(str(text)), quote=True)


def capital(text: str) -> str:
    """The text with its first letter in upper case (« Point d'articulation »)."""
    return text[:1].upper() + text[1:]
