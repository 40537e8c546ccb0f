"""The input format and graph model vocabularies (spec/input-format.md, graph-model.md)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

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
ROLES: tuple[str, ...] = ("signataire", "financeur", "operateur", "beneficiaire", "partenaire")
MEMBERSHIP_ROLES: tuple[str, ...] = ()
"""Membership roles are free text."""

FRAMEWORK_KINDS: frozenset[str] = frozenset(
    {"contrat_de_ville", "action_coeur_de_ville", "cus", "npnru"}
)
"""Framework contract kinds: co-signing one is not a working partnership (``--ties operational``)."""

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
REL_TYPES: tuple[str, ...] = ("PARTY_TO", "COVERS", "PRESENT_IN", "MEMBER_OF", "PART_OF", "BASED_IN")

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


TABLES: dict[str, tuple[Column, ...]] = {
    "actors": (
        Column("id", "id", True, "Identifiant unique (le SIREN de préférence)"),
        Column("name", "text", True, "Nom de l'organisation"),
        Column("type", "vocab:type", True, "Type d'acteur"),
        Column("subtype", "text", False, "Sous-type (OPH, ESH, coop, SEM…)"),
        Column("siren", "siren", False, "SIREN à 9 chiffres (clé de Luhn)"),
        Column("territory", "ref:territory", False, "Territoire de rattachement (id)"),
        Column("source", "text", False, "Origine de l'information"),
    ),
    "territories": (
        Column("id", "id", True, "Identifiant unique, ex. qpv:QN05901M"),
        Column("name", "text", True, "Nom du territoire"),
        Column("level", "vocab:level", True, "Niveau"),
        Column("code", "text", False, "Code officiel (COG, code QPV, SIREN d'EPCI)"),
        Column("parent", "ref:territory", False, "Territoire parent, de niveau supérieur (id)"),
        Column("population", "int", False, "Population"),
    ),
    "contracts": (
        Column("id", "id", True, "Identifiant unique du contrat"),
        Column("name", "text", True, "Intitulé"),
        Column("kind", "vocab:kind", True, "Nature du contrat"),
        Column("start", "date", False, "Date de début (AAAA-MM-JJ ou JJ/MM/AAAA)"),
        Column("end", "date", False, "Date de fin (vide : sans échéance)"),
        Column("amount_eur", "amount", False, "Montant en euros (12 500,50)"),
        Column("themes", "themes", False, "Thèmes séparés par |"),
        Column("source", "text", False, "Origine de l'information"),
    ),
    "parties": (
        Column("contract", "ref:contract", True, "Contrat (id)"),
        Column("actor", "ref:actor", True, "Acteur partie au contrat (id)"),
        Column("role", "vocab:role", False, "Rôle (signataire par défaut)"),
    ),
    "coverage": (
        Column("contract", "ref:contract", True, "Contrat (id)"),
        Column("territory", "ref:territory", True, "Territoire couvert (id)"),
    ),
    "presence": (
        Column("actor", "ref:actor", True, "Acteur (id)"),
        Column("territory", "ref:territory", True, "Territoire où l'acteur est actif (id)"),
        Column("dwellings", "int", False, "Logements du bailleur dans ce territoire"),
    ),
    "memberships": (
        Column("member", "ref:actor", True, "Membre (id d'acteur)"),
        Column("organisation", "ref:actor", True, "Organisation dont il est membre (id)"),
        Column("role", "text", False, "Rôle ou siège de gouvernance"),
    ),
}
"""Input tables in reading order, with their columns."""

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "type": tuple(ACTOR_TYPES),
    "level": tuple(LEVELS),
    "kind": KINDS,
    "role": ROLES,
}

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


def fold(text: str) -> str:
    """Lower-case, accent-free form of a vocabulary value."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("-", "_").replace(" ", "_").replace("'", "_")
