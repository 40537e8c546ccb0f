"""Tests of the French wording module."""

from __future__ import annotations

import datetime as dt

import pytest

from hlmgraph import fr

N = "\u202f"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1470, None, f"1{N}470"),
        (0, None, "0"),
        (-12500, None, f"-12{N}500"),
        (1234567, None, f"1{N}234{N}567"),
        (12.5, None, "12,5"),
        (0.25, None, "0,25"),
        (3.0, None, "3"),
        (1470.456, 1, f"1{N}470,5"),
        (0.123456, 4, "0,1235"),
    ],
)
def test_number(value: float, decimals: int | None, expected: str) -> None:
    assert fr.number(value, decimals) == expected


def test_percent_and_euros() -> None:
    assert fr.percent(0.125, 1) == f"12,5{N}%"
    assert fr.percent(1) == f"100{N}%"
    assert fr.euros(12500) == f"12{N}500{N}€"
    assert fr.euros(12500.5) == f"12{N}500,50{N}€"


def test_dates() -> None:
    assert fr.date(dt.date(2026, 12, 31)) == "31 décembre 2026"
    assert fr.date(dt.date(2025, 1, 1)) == "1er janvier 2025"
    assert fr.date(dt.date(2030, 8, 15)) == "15 août 2030"
    assert fr.short_date(dt.date(2026, 2, 3)) == "03/02/2026"


@pytest.mark.parametrize(
    ("n", "word", "plural", "expected"),
    [
        (0, "manque", None, "0 manque"),
        (1, "acteur", None, "1 acteur"),
        (2, "acteur", None, "2 acteurs"),
        (1470, "logement", None, f"1{N}470 logements"),
        (3, "territoire local", None, "3 territoires locaux"),
        (2, "réseau", None, "2 réseaux"),
        (2, "contrat de ville", None, "2 contrats de ville"),
        (5, "QPV", "QPV", "5 QPV"),
        (2, "prix", None, "2 prix"),
    ],
)
def test_count(n: int, word: str, plural: str | None, expected: str) -> None:
    assert fr.count(n, word, plural) == expected


def test_names() -> None:
    assert fr.names([]) == ""
    assert fr.names(["A"]) == "A"
    assert fr.names(["A", "B"]) == "A et B"
    assert fr.names(["A", "B", "C"]) == "A, B et C"
    assert fr.names(["A", "B", "C", "D"]) == "A, B, C et D"
    assert fr.names(["A", "B", "C", "D", "E"]) == "A, B, C et deux autres"
    assert fr.names(list("ABCDEFGHIJKLMNOP"), limit=2) == "A, B et 14 autres"


def test_typography() -> None:
    assert fr.quote("Roubaix") == f"«{N}Roubaix{N}»"
    assert fr.typography("Attention : 3 manques ; voir « ici » !") == (
        f"Attention{N}: 3 manques{N}; voir «{N}ici{N}»{N}!"
    )
    assert fr.typography("«ici»?") == f"«{N}ici{N}»{N}?"
    # idempotent, URLs and times untouched
    once = fr.typography("Note : voir https://example.org à 10:30")
    assert once == f"Note{N}: voir https://example.org à 10:30"
    assert fr.typography(once) == once


def test_labels() -> None:
    assert fr.type_label("regie") == "Régie de quartier"
    assert fr.type_label("") == "Sans type"
    assert fr.type_label(None) == "Sans type"
    assert fr.level_label("epci") == "EPCI"
    assert fr.kind_label("abattement_tfpb") == "Abattement TFPB"
    assert fr.role_label("beneficiaire") == "Bénéficiaire"
    assert fr.lower_first("Régie de quartier") == "régie de quartier"
    assert fr.lower_first("EPCI") == "EPCI"
    assert fr.lower_first("PLIE") == "PLIE"


@pytest.mark.parametrize(
    ("name", "code", "the", "of"),
    [
        ("Nord", 2, "le Nord", "du Nord"),
        ("Loire", 3, "la Loire", "de la Loire"),
        ("Bouches-du-Rhône", 4, "les Bouches-du-Rhône", "des Bouches-du-Rhône"),
        ("Ille-et-Vilaine", 1, "Ille-et-Vilaine", "d'Ille-et-Vilaine"),
        ("Ain", 5, "l'Ain", "de l'Ain"),
        ("Paris", 0, "Paris", "de Paris"),
        ("Le Havre", None, "le Havre", "du Havre"),
        ("Les Mureaux", None, "les Mureaux", "des Mureaux"),
        ("L'Haÿ-les-Roses", None, "l'Haÿ-les-Roses", "de l'Haÿ-les-Roses"),
        ("Aubervilliers", None, "Aubervilliers", "d'Aubervilliers"),
    ],
)
def test_places(name: str, code: int | None, the: str, of: str) -> None:
    assert fr.place(name, code) == the
    assert fr.of_place(name, code) == of


def test_territory_articles_from_shipped_cog() -> None:
    """The article comes from the COG's type de nom kept in the shipped geography."""
    assert fr.territory({"name": "Loire", "level": "departement", "code": "42"}) == (
        "le département de la Loire"
    )
    assert fr.territory({"id": "departement:59", "name": "Nord", "level": "departement"}) == (
        "le département du Nord"
    )
    assert fr.territory({"name": "Bouches-du-Rhône", "level": "departement", "code": "13"}) == (
        "le département des Bouches-du-Rhône"
    )
    assert fr.territory({"name": "Ille-et-Vilaine", "level": "departement", "code": "35"}) == (
        "le département d'Ille-et-Vilaine"
    )
    assert fr.territory({"name": "Hauts-de-France", "level": "region"}) == (
        "la région Hauts-de-France"
    )
    assert fr.territory({"name": "Le Havre", "level": "commune"}) == "la commune du Havre"
    assert fr.territory({"name": "Lille-Sud", "level": "qpv"}) == "le QPV Lille-Sud"
    assert fr.territory_title({"name": "Lille-Sud", "level": "qpv"}) == "Lille-Sud (QPV)"
    assert fr.territory_title({"name": "Nord", "level": "departement"}) == "Nord (département)"
    assert fr.territory_title({"name": "Quartier des Tilleuls (fictif)", "level": "qpv"}) == (
        "Quartier des Tilleuls (fictif, QPV)"
    )


@pytest.mark.parametrize(
    ("name", "with_article", "of"),
    [
        ("Régie de quartier des Filatures", "la Régie de quartier des Filatures",
         "de la Régie de quartier des Filatures"),
        ("PLIE des Deux Canaux", "le PLIE des Deux Canaux", "du PLIE des Deux Canaux"),
        ("Mission locale de Roubaix", "la Mission locale de Roubaix",
         "de la Mission locale de Roubaix"),
        ("Office public de l'habitat", "l'Office public de l'habitat",
         "de l'Office public de l'habitat"),
        ("Action Logement", "Action Logement", "d'Action Logement"),
        ("Vilogia", "Vilogia", "de Vilogia"),
        ("Compagnons bâtisseurs", "les Compagnons bâtisseurs", "des Compagnons bâtisseurs"),
        ("Institut régional de la ville", "l'Institut régional de la ville",
         "de l'Institut régional de la ville"),
        ("Centre social du Pile", "le Centre social du Pile", "du Centre social du Pile"),
    ],
)
def test_organisation_articles(name: str, with_article: str, of: str) -> None:
    assert fr.with_article(name) == with_article
    assert fr.of(name) == of


def test_contract_kind_said_once() -> None:
    assert fr.contract({"name": "Convention TFPB Roubaix", "kind": "abattement_tfpb"}) == (
        "la convention TFPB Roubaix"
    )
    assert fr.contract({"name": "Roubaix 2030", "kind": "contrat_de_ville"}) == (
        f"le contrat de ville «{N}Roubaix 2030{N}»"
    )
    assert fr.contract({"name": "Entretien des halls", "kind": "prestation"}) == (
        f"la prestation «{N}Entretien des halls{N}»"
    )


def test_actor() -> None:
    assert fr.actor({"name": "Vilogia", "type": "bailleur"}) == "Vilogia (bailleur social)"
    assert fr.actor({"name": "X"}) == "X"
