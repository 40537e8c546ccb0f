"""Shared writing step: the French header and meaning of every field of the people's files.

One table per record type (``gap``, ``measure`` — the analysis glossary —,
``recommendation``): the CSV
files in the French Excel dialect and every workbook take their headers here,
the « Lisez-moi » sheets their explanations. A field missing from a table keeps
its own name (a test checks that every column the library writes has one).
To add a record type (e.g. the ``diff`` records), add a table to ``TABLES``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hlmgraph import fr, schema
from hlmgraph.gaps import Rule, rule_title
from hlmgraph.glossary import GLOSSARY

CATEGORY_WORDS: dict[str, str] = {"manque": "manque", "echeance": "échéance"}
"""A finding's category as people read it (the JSON and tool CSV keep the code)."""


@dataclass(frozen=True)
class Column:
    """How people read one field: French header, one-line meaning, kind of value."""

    header: str
    meaning: str
    kind: str = "text"
    """``text``, ``int``, ``float``, ``date``, ``list`` (joined in cells), or a vocabulary shown
    in words: ``category``, ``type`` (actor type), ``types`` (a list of them), ``family``."""


GAP: dict[str, Column] = {
    "rule": Column("Règle", "Identifiant de la règle qui a repéré le manque (fichier de règles)."),
    "title": Column("Constat", "Titre de la règle qui l'a repéré, en clair."),
    "category": Column("Catégorie", "« manque » (partenariat attendu absent) ou « échéance » (contrat à renouveler).",
                       "category"),
    "priority": Column("Priorité", "1 haute, 2 moyenne, 3 basse (fixée par la règle).", "int"),
    "stake": Column("Logements en jeu", "Logements des bailleurs concernés sur le territoire du manque.", "int"),
    "form": Column("Forme", "Forme de la règle (pair, party, presence, link, expiry…)."),
    "territory": Column("Territoire (id)", "Identifiant du territoire le plus précis concerné."),
    "territory_name": Column("Territoire", "Nom du territoire concerné."),
    "region": Column("Région", "Région englobant le territoire."),
    "departement": Column("Département", "Département englobant le territoire."),
    "epci": Column("EPCI", "Intercommunalité englobant le territoire."),
    "actors": Column("Acteurs (id)", "Identifiants des organisations concernées.", "list"),
    "actor_names": Column("Organisations", "Noms des organisations concernées : celles qui doivent agir.", "list"),
    "types": Column("Types", "Types des organisations concernées.", "types"),
    "contract": Column("Contrat (id)", "Identifiant du contrat concerné (échéances)."),
    "contract_name": Column("Contrat", "Nom du contrat concerné (échéances)."),
    "end": Column("Fin", "Date de fin du contrat concerné.", "date"),
    "dwellings": Column("Logements", "Logements de l'organisation sur le territoire (ligne de présence).", "int"),
    "message": Column("Action proposée", "Ce qu'il faut vérifier ou faire, en une phrase."),
}
"""Fields of a gap record (``hlmgraph gaps``, the demo's manques.csv)."""

MEASURE_KINDS: dict[str, str] = {
    "degree": "int", "strength": "float", "betweenness": "float", "pagerank": "float",
    "closeness": "float", "constraint": "float", "effective_size": "float", "community": "int",
    "broker_coordinator": "int", "broker_consultant": "int", "broker_gatekeeper": "int",
    "broker_liaison": "int", "type": "type", "family": "family",
}
MEASURE: dict[str, Column] = {
    field: Column(term.name[:1].upper() + term.name[1:], term.meaning, MEASURE_KINDS.get(field, "text"))
    for field, term in GLOSSARY.items()
}
"""Fields of a measures record (``hlmgraph analyse``, the demo's mesures.csv)."""

RECOMMENDATION: dict[str, Column] = {
    "rank": Column("Rang", "Rang de la suggestion (1 : la plus plausible).", "int"),
    "actor": Column("Organisation (id)", "Identifiant de l'organisation."),
    "actor_name": Column("Organisation", "Nom de l'organisation."),
    "actor_type": Column("Type", "Type de l'organisation.", "type"),
    "partner": Column("Partenaire proposé (id)", "Identifiant du partenaire proposé."),
    "partner_name": Column("Partenaire proposé", "Nom du partenaire proposé."),
    "partner_type": Column("Type du partenaire", "Type du partenaire proposé.", "type"),
    "score": Column("Score", "Plausibilité du partenariat (partenaires communs pondérés).", "float"),
    "shared_territories": Column("Territoires communs (id)", "Territoires où les deux agissent.", "list"),
    "shared_territory_names": Column("Territoires communs", "Noms des territoires où les deux agissent.", "list"),
    "common_partners": Column("Partenaires communs (id)", "Organisations partenaires des deux.", "list"),
    "common_partner_names": Column("Partenaires communs", "Noms des organisations partenaires des deux.", "list"),
    "framework_contracts": Column("Contrats-cadres cosignés (id)", "Contrats-cadres en vigueur que les deux signent déjà (contrat de ville…).", "list"),
    "framework_contract_names": Column("Contrats-cadres cosignés", "Noms des contrats-cadres que les deux signent déjà : cosigner n'est pas travailler ensemble.", "list"),
    "message": Column("Pourquoi", "La raison de la suggestion, en une phrase."),
}
"""Fields of a recommendation record (``hlmgraph recommend``)."""

CHANGE: dict[str, Column] = {
    "section": Column("Rubrique", "organisation, partenariat, contrat ou manque."),
    "change": Column("Changement", "ajoutée ou retirée, gagné ou perdu, nouveau ou retiré, ouvert ou fermé."),
    "id": Column("Identifiant", "Organisation, premier partenaire, contrat, ou règle du manque."),
    "name": Column("Nom", "Son nom (pour un manque : les organisations concernées)."),
    "id_2": Column("Identifiant 2", "Second partenaire (partenariat) ou contrat du manque."),
    "name_2": Column("Nom 2", "Son nom."),
    "territory": Column("Territoire", "Territoire du manque."),
    "message": Column("Message", "Le manque en une phrase."),
}
"""Fields of a change record (``hlmgraph diff``)."""

GAP_TERRITORY: dict[str, Column] = {
    "territory": Column("Territoire (id)", "Identifiant du territoire."),
    "territory_name": Column("Territoire", "Nom du territoire."),
    "manques": Column("Manques", "Manques de partenariat repérés dans le territoire.", "int"),
    "stake": Column("Logements en jeu", "Logements des bailleurs concernés par ces manques, chacun une fois.", "int"),
    "echeances": Column("Échéances", "Contrats du territoire arrivant à échéance sans successeur (jamais comptés dans les manques).", "int"),
}
"""Fixed fields of a per-territory gaps record (``hlmgraph gaps --by``); one field per rule follows."""


def gap_territory_columns(rules: Sequence[Rule]) -> dict[str, Column]:
    """The per-territory gaps record's fields: the fixed ones, then one per rule, headed by its title."""
    by_rule = {
        r.id: Column(rule_title(r), f"Constats de la règle « {r.id} » dans le territoire.", "int")
        for r in rules
    }
    return {**GAP_TERRITORY, **by_rule}


TABLES: dict[str, dict[str, Column]] = {
    "gap": GAP,
    "measure": MEASURE,
    "recommendation": RECOMMENDATION,
    "change": CHANGE,
}
"""Record type → its fields."""


RecordType = str | Mapping[str, Column]
"""A record type's name in ``TABLES``, or its fields themselves (``gap_territory_columns``)."""


def column(record_type: RecordType, field: str) -> Column:
    """The column of ``field`` in a record type (its own name as header when unknown)."""
    table = TABLES.get(record_type, {}) if isinstance(record_type, str) else record_type
    return table.get(field) or Column(field, "")


def headers(record_type: RecordType, fields: Sequence[str]) -> list[str]:
    """French headers of some fields of a record type, in order."""
    return [column(record_type, f).header for f in fields]


def readme(record_type: RecordType, fields: Sequence[str]) -> list[tuple[str, str]]:
    """(French header, meaning) of each field, for a « Lisez-moi » sheet."""
    return [(column(record_type, f).header, column(record_type, f).meaning) for f in fields]


def typed_cell(value: Any, kind: str) -> Any:
    """A value as a workbook cell of its kind: ISO text of a date becomes a date, lists are joined."""
    if kind == "category":
        return CATEGORY_WORDS.get(value, value)
    if kind == "type" and isinstance(value, str):
        return fr.type_label(value) if value else ""
    if kind == "types" and isinstance(value, list | tuple):
        return ", ".join(fr.type_label(v) for v in value)
    if kind == "family" and isinstance(value, str):
        return schema.FAMILIES.get(value, value)
    if kind == "date" and isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return value


def excel_fr_cell(value: Any, kind: str = "text") -> str:
    """A value as French Excel reads it: « 0,125 », « 31/12/2026 », « oui », « A, B »."""
    value = typed_cell(value, kind)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        text = f"{value:.12f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if text not in ("-0", "") else "0"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
