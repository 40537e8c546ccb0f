"""Vocabulary of the analysis: the French name and one-line meaning of every measure, in one place.

A leaf (wording only), so that writing people's files (``columns``) does not load the
measuring engines.
"""

from __future__ import annotations

from dataclasses import dataclass

from hlmgraph import fr


@dataclass(frozen=True)
class Term:
    """How people read one column: short French name and a one-line explanation."""

    name: str
    meaning: str


def _term(name: str, meaning: str) -> Term:
    """A glossary entry with French typography applied."""
    return Term(name, fr.typography(meaning))


GLOSSARY: dict[str, Term] = {
    "id": _term("identifiant", "Identifiant de l'acteur dans le jeu de données."),
    "name": _term("nom", "Nom de l'organisation."),
    "type": _term("type", "Type d'acteur (bailleur social, régie de quartier, PLIE…)."),
    "family": _term(
        "famille",
        "Monde auquel appartient l'acteur : logement, insertion, acteurs publics ou "
        "société civile.",
    ),
    "degree": _term("partenaires", "Nombre de partenaires : acteurs ayant au moins un contrat commun."),
    "strength": _term(
        "intensité",
        "Somme des poids des liens : un contrat à deux compte 1, un contrat à n parties "
        "1/(n − 1) par partenaire (pondération de Newman) ; en pondération « count », "
        "nombre de contrats partagés.",
    ),
    "betweenness": _term(
        "intermédiarité",
        "Part des plus courts chemins entre deux autres acteurs qui passent par lui (de 0 à 1).",
    ),
    "pagerank": _term(
        "influence",
        "PageRank : chance d'arriver sur l'acteur en suivant les partenariats au hasard ; "
        "élevée quand ses partenaires sont eux-mêmes influents (le total vaut 1).",
    ),
    "closeness": _term(
        "proximité",
        "Plus elle est élevée, plus l'acteur est proche de tous les autres (peu "
        "d'intermédiaires pour les joindre) ; 0 pour un acteur isolé.",
    ),
    "constraint": _term(
        "contrainte",
        "Dépendance envers des partenaires liés entre eux (Burt) : élevée, l'acteur a peu "
        "d'alternatives ; vide pour un acteur isolé.",
    ),
    "effective_size": _term(
        "taille effective",
        "Nombre de partenaires non redondants (Burt) ; vide pour un acteur isolé.",
    ),
    "community": _term(
        "communauté",
        "Numéro du groupe d'acteurs plus liés entre eux qu'avec le reste (Louvain), "
        "1 pour le plus grand.",
    ),
    "community_name": _term(
        "nom de la communauté",
        "Territoire dominant et familles principales de la communauté.",
    ),
    "articulation": _term(
        "point d'articulation",
        "Oui quand son retrait coupe certains de ses partenaires les uns des autres.",
    ),
    "broker_coordinator": _term(
        "coordinateur",
        "Paires de partenaires non liés entre eux qu'il relie, tous trois de la même famille.",
    ),
    "broker_consultant": _term(
        "consultant",
        "Paires de partenaires non liés d'une même famille, autre que la sienne, qu'il relie.",
    ),
    "broker_gatekeeper": _term(
        "passeur",
        "Paires de partenaires non liés dont un seul est de sa famille : il fait le pont "
        "entre son monde et un autre.",
    ),
    "broker_liaison": _term(
        "liaison",
        "Paires de partenaires non liés de deux familles différentes, toutes deux autres que "
        "la sienne, qu'il relie.",
    ),
}
"""Every column of the measures, by its English name (graph-model.md)."""


def label(column: str) -> str:
    """The French name of a measure column (the column itself when unknown)."""
    term = GLOSSARY.get(column)
    return term.name if term else column


def meaning(column: str) -> str:
    """The one-line French explanation of a measure column ('' when unknown)."""
    term = GLOSSARY.get(column)
    return term.meaning if term else ""
