"""The input format and graph model vocabularies (spec/input-format.md, graph-model.md)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACTOR_TYPES: dict[str, str] = {
    "bailleur": "Bailleur",
    "regie": "Regie",
    "collectivite": "Collectivite",
    "etat": "Etat",
    "plie": "Plie",
    "mission_locale": "MissionLocale",
    "emploi": "Emploi",
    "centre_social": "CentreSocial",
    "association": "Association",
    "federation": "Federation",
    "financeur": "Financeur",
    "habitants": "Habitants",
    "entreprise": "Entreprise",
}
"""Actor type -> second Neo4j label."""

LEVELS: dict[str, str] = {
    "region": "Region",
    "departement": "Departement",
    "epci": "Epci",
    "commune": "Commune",
    "qpv": "Qpv",
}
"""Territory level -> second Neo4j label, coarsest first."""

LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
"""Coarseness of each level: a parent has a smaller rank than its child."""

KINDS: tuple[str, ...] = (
    "contrat_de_ville",
    "abattement_tfpb",
    "prestation",
    "partenariat",
    "npnru",
    "action_coeur_de_ville",
    "cus",
    "autre",
)
SUBTYPES: dict[str, tuple[str, ...]] = {
    "bailleur": ("oph", "esh", "coop", "sem"),
    "federation": ("ush", "federation_hlm", "ar_hlm", "reseau_regies"),
    "collectivite": ("commune", "epci", "departement", "region"),
    "etat": ("prefecture", "ddets", "anct", "anru"),
}
"""Recognised ``actors.subtype`` values by type (matched folded: « AR Hlm » = ``ar_hlm``)."""
ROLES: tuple[str, ...] = ("signataire", "financeur", "operateur", "beneficiaire", "partenaire")

FRAMEWORK_KINDS: frozenset[str] = frozenset(
    {"contrat_de_ville", "action_coeur_de_ville", "cus", "npnru"}
)
"""Framework contract kinds: co-signing one is not a working partnership (``--ties operational``)."""
OPERATIONAL_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k not in FRAMEWORK_KINDS)
"""Every contract kind but the framework ones (``kinds = "operational"`` in rules), in KINDS order."""

ENGINES: tuple[str, ...] = ("auto", "igraph", "networkx")
"""Measure engines: ``auto``/``igraph`` (igraph and scipy), ``networkx`` (reference, slow)."""
WEIGHTINGS: tuple[str, ...] = ("newman", "count")
"""Link weightings of the actor network (``--weighting``); the first is the default."""
TIES: tuple[str, ...] = ("all", "operational")
"""Contracts that make ties (``--ties``): all, or operational ones only; the first is the default."""

FAMILIES: dict[str, str] = {
    "logement": "logement",
    "insertion": "insertion",
    "public": "acteurs publics",
    "societe_civile": "société civile",
}
"""Actor families (graph-model.md), in display order, with their French names."""
_FAMILY_OF_TYPE: dict[str, str] = {
    "bailleur": "logement",
    "financeur": "logement",
    "regie": "insertion",
    "plie": "insertion",
    "mission_locale": "insertion",
    "emploi": "insertion",
    "entreprise": "insertion",
    "collectivite": "public",
    "etat": "public",
    "centre_social": "societe_civile",
    "association": "societe_civile",
    "habitants": "societe_civile",
}
_FAMILY_OF_FEDERATION: dict[str, str] = {
    "ush": "logement",
    "federation_hlm": "logement",
    "ar_hlm": "logement",
    "reseau_regies": "insertion",
}


def family(kind: str | None, subtype: str | None = None) -> str:
    """The family of an actor type (and federation subtype); '' for an unknown type."""
    folded = fold(kind or "")
    if folded == "federation":
        return _FAMILY_OF_FEDERATION.get(fold(subtype or ""), "societe_civile")
    return _FAMILY_OF_TYPE.get(folded, "")


NODE_CLASSES: tuple[str, ...] = ("Actor", "Territory", "Contract")
NODE_TABLES: dict[str, str] = {"actors": "Actor", "territories": "Territory", "contracts": "Contract"}
"""Input tables whose rows are nodes -> node class, in reading order (the order issues follow)."""
BUILD_ORDER: tuple[str, ...] = ("Territory", "Actor", "Contract")
"""Node classes in graph-building and loading order: territories first (others point to them)."""
REL_ENDPOINTS: dict[str, tuple[str, str]] = {
    "PARTY_TO": ("Actor", "Contract"),
    "COVERS": ("Contract", "Territory"),
    "PRESENT_IN": ("Actor", "Territory"),
    "MEMBER_OF": ("Actor", "Actor"),
    "PART_OF": ("Territory", "Territory"),
    "BASED_IN": ("Actor", "Territory"),
}
"""Relationship type -> (source class, target class)."""
REL_TYPES: tuple[str, ...] = tuple(REL_ENDPOINTS)

TYPE_LABELS_FR: dict[str, str] = {
    "bailleur": "Bailleur social",
    "regie": "Régie de quartier",
    "collectivite": "Collectivité",
    "etat": "État",
    "plie": "PLIE",
    "mission_locale": "Mission locale",
    "emploi": "Emploi",
    "centre_social": "Centre social",
    "association": "Association",
    "federation": "Fédération",
    "financeur": "Financeur",
    "habitants": "Habitants",
    "entreprise": "Entreprise",
}
LEVEL_LABELS_FR: dict[str, str] = {
    "region": "Région",
    "departement": "Département",
    "epci": "EPCI",
    "commune": "Commune",
    "qpv": "QPV",
}
KIND_LABELS_FR: dict[str, str] = {
    "contrat_de_ville": "Contrat de ville",
    "abattement_tfpb": "Abattement TFPB",
    "prestation": "Prestation",
    "partenariat": "Partenariat",
    "npnru": "NPNRU",
    "action_coeur_de_ville": "Action Cœur de Ville",
    "cus": "CUS",
    "autre": "Autre",
}
ROLE_LABELS_FR: dict[str, str] = {
    "signataire": "Signataire",
    "financeur": "Financeur",
    "operateur": "Opérateur",
    "beneficiaire": "Bénéficiaire",
    "partenaire": "Partenaire",
}


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    name: str
    kind: str = "text"
    """text, id, ref:<target>, vocab:<name>, siren, date, amount, int, themes."""
    required: bool = False
    description_fr: str = ""
    french: str = ""
    """The French header ``init`` writes; accepted like ``name`` (case and accents free)."""

    @property
    def header(self) -> str:
        """The header a template shows: the French name when there is one."""
        return self.french or self.name


TABLES: dict[str, tuple[Column, ...]] = {
    "actors": (
        Column("id", "id", True, "Identifiant unique (le SIREN de préférence)"),
        Column("name", "text", True, "Nom de l'organisation", "nom"),
        Column("type", "vocab:type", True, "Type d'acteur"),
        Column("subtype", "text", False, "Sous-type (OPH, ESH, coop, SEM…)", "sous_type"),
        Column("siren", "siren", False, "SIREN à 9 chiffres (clé de Luhn)"),
        Column("territory", "ref:territory", False, "Territoire de rattachement (id)", "territoire"),
        Column("source", "text", False, "Origine de l'information"),
    ),
    "territories": (
        Column("id", "id", True, "Identifiant unique, ex. qpv:QN05901M"),
        Column("name", "text", True, "Nom du territoire", "nom"),
        Column("level", "vocab:level", True, "Niveau", "niveau"),
        Column("code", "text", False, "Code officiel (COG, code QPV, SIREN d'EPCI)"),
        Column("parent", "ref:territory", False, "Territoire parent, de niveau supérieur (id)"),
        Column("population", "int", False, "Population"),
    ),
    "contracts": (
        Column("id", "id", True, "Identifiant unique du contrat"),
        Column("name", "text", True, "Intitulé", "nom"),
        Column("kind", "vocab:kind", True, "Nature du contrat", "nature"),
        Column("start", "date", False, "Date de début (AAAA-MM-JJ ou JJ/MM/AAAA)", "début"),
        Column("end", "date", False, "Date de fin (vide : sans échéance)", "fin"),
        Column("amount_eur", "amount", False, "Montant en euros (12 500,50)", "montant"),
        Column("themes", "themes", False, "Thèmes séparés par |", "thèmes"),
        Column("source", "text", False, "Origine de l'information"),
    ),
    "parties": (
        Column("contract", "ref:contract", True, "Contrat (id)", "contrat"),
        Column("actor", "ref:actor", True, "Acteur partie au contrat (id)", "acteur"),
        Column("role", "vocab:role", False, "Rôle (signataire par défaut)", "rôle"),
    ),
    "coverage": (
        Column("contract", "ref:contract", True, "Contrat (id)", "contrat"),
        Column("territory", "ref:territory", True, "Territoire couvert (id)", "territoire"),
    ),
    "presence": (
        Column("actor", "ref:actor", True, "Acteur (id)", "acteur"),
        Column("territory", "ref:territory", True, "Territoire où l'acteur est actif (id)", "territoire"),
        Column("dwellings", "int", False, "Logements du bailleur dans ce territoire", "logements"),
    ),
    "memberships": (
        Column("member", "ref:actor", True, "Membre (id d'acteur)", "membre"),
        Column("organisation", "ref:actor", True, "Organisation dont il est membre (id)"),
        Column("role", "text", False, "Rôle ou siège de gouvernance", "rôle"),
    ),
}
"""Input tables in reading order, with their columns."""

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "type": tuple(ACTOR_TYPES),
    "level": tuple(LEVELS),
    "kind": KINDS,
    "role": ROLES,
}

SECOND_LABELS: frozenset[str] = frozenset(ACTOR_TYPES.values()) | frozenset(LEVELS.values())
"""Every second Neo4j label: an actor's type or a territory's level (a fixed list)."""


def column_name(table: str, header: str) -> str | None:
    """The column of ``table`` a header names, in English or French (case, accents, ``-`` free)."""
    return _HEADER_LOOKUP[table].get(fold(header))


def table_of(node_class: str) -> str:
    """The input table holding the nodes of ``node_class`` (``Actor`` -> ``actors``)."""
    return next(table for table, cls in NODE_TABLES.items() if cls == node_class)


def second_label(data: Mapping[str, Any]) -> str | None:
    """The second Neo4j label of a model node (actor type or territory level); None otherwise."""
    node_class = data.get("label")
    if node_class == "Actor":
        return ACTOR_TYPES.get(str(data.get("type")))
    if node_class == "Territory":
        return LEVELS.get(str(data.get("level")))
    return None


RELATION_KEYS: dict[str, tuple[str, str]] = {
    "parties": ("contract", "actor"),
    "coverage": ("contract", "territory"),
    "presence": ("actor", "territory"),
    "memberships": ("member", "organisation"),
}
"""Relation tables and the column pair that may appear only once."""

PERSONAL_COLUMNS: tuple[str, ...] = (
    "contact",
    "email",
    "e-mail",
    "mail",
    "courriel",
    "telephone",
    "tel",
    "phone",
    "nom_contact",
    "prenom",
    "firstname",
    "lastname",
)
"""Columns that would hold personal data: refused by the validator."""


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form of a vocabulary value."""
    plain = text.strip().lower()
    if not plain.isascii():  # ASCII text has nothing to decompose
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("-", "_").replace(" ", "_").replace("'", "_")


_HEADER_LOOKUP: dict[str, dict[str, str]] = {
    table: {fold(name): column.name for column in columns for name in (column.french, column.name)
            if name}
    for table, columns in TABLES.items()
}
