"""Tests of the rules files: the shipped defaults and every way a rules file can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from hlmgraph.errors import ConfigError, RulesError
from hlmgraph.gaps import Rule, default_rules_text, load_rules, parse_rules, shipped_rules
from hlmgraph.schema import OPERATIONAL_KINDS

GOOD_RULE = '[[rule]]\nid = "a"\nform = "presence"\nlevel = "qpv"\na = "bailleur"\nb = "regie"\n'
FORMS = "pair, party, presence, requires, link, contract-has, membership, lapsed, expiry"


def test_the_eleven_default_rules_with_their_priorities() -> None:
    """The spec's default rules, in order, with forms, parameters and priorities."""
    rules = {r.id: r for r in load_rules()}
    assert [(r.id, r.form, r.priority) for r in rules.values()] == [
        ("regie-bailleur", "pair", 2), ("qpv-sans-regie", "presence", 3),
        ("contrat-de-ville", "party", 1), ("abattement-tfpb", "party", 2),
        ("tfpb-sans-contrat-de-ville", "requires", 1), ("insertion", "link", 2),
        ("npnru-insertion", "contract-has", 1), ("regie-mouvement", "membership", 3),
        ("bailleur-ar", "membership", 3), ("non-renouvele", "lapsed", 2),
        ("echeance", "expiry", 2),
    ]
    assert rules["regie-bailleur"] == Rule(
        "regie-bailleur", "pair", "qpv", ("bailleur",), ("regie",), ("prestation", "partenariat"),
        with_dwellings=True, priority=2, line=rules["regie-bailleur"].line,
        title="Bailleur et régie présents sur un QPV sans contrat entre eux",
    )
    assert rules["tfpb-sans-contrat-de-ville"].then_kinds == ("contrat_de_ville",)
    assert rules["insertion"].kinds == OPERATIONAL_KINDS
    assert rules["npnru-insertion"].b == ("plie", "mission_locale", "emploi", "regie")
    assert rules["regie-mouvement"].b == ("federation/reseau_regies",)
    assert (rules["bailleur-ar"].b, rules["bailleur-ar"].scope) == (("federation/ar_hlm",), "region")
    assert (rules["non-renouvele"].kinds, rules["non-renouvele"].months) == (
        ("prestation", "partenariat", "abattement_tfpb"), 12)
    assert (rules["echeance"].kinds, rules["echeance"].category) == (None, "echeance")
    assert all(r.category == "manque" for r in rules.values() if r.id != "echeance")
    text = default_rules_text()
    assert "# Chaque bailleur adhère à l'association régionale Hlm" in text
    assert "art. 1388 bis du CGI" in text


def test_shipped_rules_by_id() -> None:
    """The report's own checks are named rules of the shipped file."""
    ids = ("contrat-de-ville", "abattement-tfpb", "echeance")
    assert [r.id for r in shipped_rules(*ids)] == list(ids)
    with pytest.raises(ConfigError, match="« couverture » .*regie-bailleur"):
        shipped_rules("couverture")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD_RULE + '\n[[rule]]\nid = "b"\nform = "pairs"\n', 10,
         f"forme inconnue « pairs » (attendu : {FORMS})"),
        (GOOD_RULE + '\n[[rule]]\nid = "b"\nform = "party"\nlevel = "qpv"\na = "bailleur"\n',
         8, "paramètre « kinds » manquant pour la forme party"),
        (GOOD_RULE.replace('"qpv"', '"quartier"'), 4, "niveau inconnu « quartier »"),
        (GOOD_RULE.replace('b = "regie"', 'b = ["regie", "regi"]'), 6,
         "type d'acteur inconnu « regi »"),
        (GOOD_RULE.replace('b = "regie"', 'b = "federation/ar"'), 6,
         "sous-type inconnu « federation/ar » (attendu : federation/ush, "
         "federation/federation_hlm, federation/ar_hlm, federation/reseau_regies)"),
        (GOOD_RULE.replace('b = "regie"', 'b = "regie/quartier"'), 6,
         "sous-type inconnu « regie/quartier » (attendu : aucun pour regie)"),
        (GOOD_RULE + 'kinds = ["prestation"]\n', 7,
         "paramètre inconnu « kinds » pour la forme presence"),
        (GOOD_RULE + "with_dwellings = 1\n", 7, "with_dwellings attend true ou false"),
        (GOOD_RULE + "min_dwellings = -5\n", 7, "min_dwellings attend un nombre entier"),
        (GOOD_RULE + "priority = 4\n", 7, "priority attend 1 (haute), 2 (moyenne) ou 3 (basse)"),
        (GOOD_RULE + 'priority = "haute"\n', 7, "priority attend 1 (haute)"),
        ('[[rule]]\nid = "m"\nform = "membership"\na = "bailleur"\nb = "federation"\n'
         'scope = "departement"\n', 6, "scope inconnu « departement » (attendu : national ou "
                                       "region)"),
        ('[[rule]]\nid = "e"\nform = "expiry"\nkinds = ["cdv"]\nmonths = 12\n', 4,
         "nature de contrat inconnue « cdv »"),
        ('[[rule]]\nid = "e"\nform = "expiry"\nkinds = "any"\nmonths = -1\n', 5,
         "months attend un nombre entier"),
        ('[[rule]]\nid = "r"\nform = "requires"\nlevel = "qpv"\na = "bailleur"\n'
         'kinds = "any"\n', 1, "paramètre « then_kinds » manquant pour la forme requires"),
        (GOOD_RULE + GOOD_RULE, 8, "identifiant « a » déjà utilisé ligne 2"),
        (GOOD_RULE + 'message = "{nom}"\n', 7, "champ inconnu « {nom} »"),
        ('[[rule]]\nform = "presence"\n', 1, "règle sans identifiant"),
        ('title = "x"\n' + GOOD_RULE, 1, "clé inconnue « title »"),
        ("# rien\n", 1, "aucune règle"),
        (GOOD_RULE + 'kinds = ["a"\n', 7, "syntaxe TOML invalide"),
        (GOOD_RULE.replace("level =", "level"), 4, "syntaxe TOML invalide"),
    ],
)
def test_rules_file_errors_give_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    """A broken rules file fails with « file:line: what is wrong » in French."""
    path = tmp_path / "règles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert info.value.exit_code == 1
    assert any(p.startswith(f"{path}:{line}: ") and fragment in p for p in info.value.problems), (
        info.value.problems
    )


def test_every_problem_of_a_rules_file_on_its_own_line() -> None:
    """All problems are found at once, one line each, in line order."""
    text = (
        '[[rule]]\nid = "a"\nform = "pair"\nlevel = "qpv"\na = "bailleur/hlm"\nb = "regie"\n'
        'kinds = ["prestation"]\npriority = 0\n\n'
        '[[rule]]\nid = "b"\nform = "flux"\n\n'
        '[[rule]]\nid = "c"\nform = "party"\nlevel = "qpv"\na = "bailleur"\n'
    )
    with pytest.raises(RulesError) as info:
        parse_rules(text, "r.toml")
    assert [p.split(": ", 1)[0] for p in info.value.problems] == [
        "r.toml:5", "r.toml:8", "r.toml:12", "r.toml:14"]
    assert str(info.value).count("\n") == 3


def test_missing_rules_file(tmp_path: Path) -> None:
    """A missing rules file says which path was not found."""
    with pytest.raises(ConfigError, match="introuvable"):
        load_rules(tmp_path / "absent.toml")


def test_default_rules_round_trip_through_a_file(tmp_path: Path) -> None:
    """The printed defaults, saved and read back, are the default rules."""
    path = tmp_path / "defaut.toml"
    path.write_text(default_rules_text(), encoding="utf-8")
    assert load_rules(path) == load_rules()


def test_rules_accept_folded_vocabulary() -> None:
    """Types, subtypes, kinds and levels are matched case- and accent-insensitively."""
    rules = parse_rules('[[rule]]\nid = "x"\nform = "link"\na = "Régie"\nb = ["PLIE", '
                        '"Fédération/AR Hlm"]\nkinds = ["Prestation", "OPERATIONAL"]\n')
    assert rules[0].a == ("regie",) and rules[0].b == ("plie", "federation/ar_hlm")
    assert rules[0].kinds == OPERATIONAL_KINDS
