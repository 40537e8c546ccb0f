"""Tests of the gaps step on a hand-built territory: each default rule, its trap, the order, scope."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import gaps_case as case
import networkx as nx
import pytest

from hlmgraph.cli.summaries import gaps_headline, gaps_lines
from hlmgraph.errors import ConfigError, UsageError
from hlmgraph.gaps import (
    FORMS,
    GAP_COLUMNS,
    Rule,
    add_months,
    alerts,
    by_territory,
    find_gaps,
    gaps_frame,
    load_rules,
    manques,
)
from hlmgraph.model import TerritoryTree

AS_OF = case.AS_OF
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """The hand-built territory as a model graph."""
    return case.graph()


def _rule(**params: Any) -> Rule:
    """A rule built in code (id ``r``)."""
    return Rule(id="r", **params)


def _plain(text: str) -> str:
    """A message with its narrow no-break spaces as plain spaces (for readable asserts)."""
    return text.replace(NNBSP, " ")


# ---------------------------------------------------------------- the default rules, gap by gap


def test_default_rules_find_exactly_the_expected_gaps_in_order(graph: nx.MultiDiGraph) -> None:
    """Every gap a field expert names is found, no other, ranked priority > stake > rule order."""
    assert case.keys(find_gaps(graph, as_of=AS_OF)) == case.EXPECTED


def test_messages_name_who_where_and_what_to_do(graph: nx.MultiDiGraph) -> None:
    """One French sentence per gap, with articles, dates in words and French typography."""
    messages = {(g.rule, g.actors): _plain(g.message) for g in find_gaps(graph, as_of=AS_OF)}
    assert messages["regie-bailleur", ("bailleur:logis", "regie:roubaix")] == (
        "Logis Nord (bailleur social) a 150 logements dans le QPV Alma-Gare (Roubaix) mais aucun "
        "contrat de prestation ou de partenariat en vigueur avec la Régie de quartier de "
        "Roubaix, présente sur ce quartier."
    )
    assert messages["tfpb-sans-contrat-de-ville", ("bailleur:toit",)] == (
        "Toit Roubaisien (bailleur social) a 200 logements dans le QPV Alma-Gare (Roubaix) et est "
        "partie à la convention d'abattement TFPB Roubaix 2026-2029, mais à aucun contrat de "
        "ville en vigueur couvrant ce quartier : l'un ne va pas sans l'autre."
    )
    assert messages["insertion", ("regie:roubaix", "plie:mel")] == (
        "La Régie de quartier de Roubaix n'a aucun contrat opérationnel en vigueur avec le PLIE "
        "de la Métropole lilloise, qui intervient aussi sur la commune de Roubaix ; cosigner un "
        "contrat-cadre comme le contrat de ville ne compte pas."
    )
    assert messages["echeance", ("bailleur:logis", "regie:lillesud")] == (
        "La prestation « Entretien des halls de Lille-Sud », liant Logis Nord (bailleur social) "
        "et la Régie de quartier Lille-Sud, sur le QPV Lille-Sud (Lille), arrive à échéance le "
        "31 mars 2027 (dans 274 jours) sans renouvellement signé : préparez-le."
    )
    assert messages["non-renouvele", ("bailleur:toit", "regie:lillesud")].endswith(
        "a pris fin le 31 octobre 2025 et n'a pas été renouvelée : relancez ce partenariat."
    )
    assert messages["npnru-insertion", ("bailleur:toit", "coll:mel", "etat:prefecture")] == (
        "La convention NPNRU Alma-Gare, sur le QPV Alma-Gare (Roubaix), ne compte aucun PLIE, "
        "aucune mission locale, aucun acteur de l'emploi ni aucune régie de quartier parmi ses "
        "parties : associez-en un à sa mise en œuvre."
    )
    assert messages["bailleur-ar", ("bailleur:flandres", "ar:urh")] == (
        "Habitat Flandres (bailleur social) n'est membre d'aucune association régionale Hlm de "
        "sa région (Hauts-de-France) : proposez-lui d'adhérer à l'Union régionale pour "
        "l'habitat Hauts-de-France."
    )
    assert messages["regie-mouvement", ("regie:roubaix", "fed:regies", "fed:regies-hdf")] == (
        "La Régie de quartier de Roubaix n'est membre d'aucun réseau des régies de quartier : "
        "proposez-lui d'adhérer au Mouvement des Régies ou au Mouvement des Régies "
        "Hauts-de-France."
    )
    gap = next(g for g in find_gaps(graph, as_of=AS_OF) if g.rule == "echeance")
    assert f"le{NNBSP}: préparez" not in gap.message and f"signé{NNBSP}: préparez" in gap.message
    assert f"«{NNBSP}Entretien des halls de Lille-Sud{NNBSP}»" in gap.message


def test_records_carry_category_priority_stake_territory_contract(graph: nx.MultiDiGraph) -> None:
    """Records hold the spec's fields; alerts are apart from gaps in every count."""
    gaps = find_gaps(graph, as_of=AS_OF)
    record = gaps[0].to_dict()
    assert list(record) == list(GAP_COLUMNS)
    assert (record["category"], record["priority"], record["stake"]) == ("manque", 1, 200)
    assert record["territory_name"] == "Alma-Gare" and record["types"] == ["bailleur"]
    alert = next(g for g in gaps if g.rule == "echeance")
    assert alert.category == "echeance" and alert.is_alert
    assert alert.to_dict()["end"] == "2027-03-31" and alert.contract_name.startswith("Entretien")
    assert [g.rule for g in alerts(gaps)] == ["echeance"]
    assert len(manques(gaps)) == len(gaps) - 1
    assert _plain(gaps_headline(gaps)) == (
        "14 manques de partenariat (dont 3 de priorité haute), 710 logements en jeu ; "
        "1 contrat arrive à échéance sans renouvellement signé."
    )
    lines = [_plain(line) for line in gaps_lines(gaps, load_rules())]
    assert "Contrat arrivant à échéance sans successeur (priorité moyenne) : 1 échéance." in lines
    assert "Bailleur et régie présents sur un QPV sans contrat entre eux (priorité moyenne) : 3 manques." in lines
    assert "Contrat échu sans successeur (priorité moyenne) : 1 manque." in lines


# ---------------------------------------------------------------- each trap is what silences a gap

Key = tuple[str, str, tuple[str, ...]]
TRAPS: list[tuple[str, dict[str, Any], Key]] = [
    # The 2027 renewal silences the expiry of the Lille-Sud parcours.
    ("echeance", {"contracts": [c for c in case.CONTRACTS if c[0] != "autre:parcours-2027"]},
     ("echeance", "qpv:QN05901", ("ml:lille", "regie:lillesud"))),
    # The 2026 TFPB convention renews the 2023-2025 one: no lapse.
    ("non-renouvele", {"contracts": [c for c in case.CONTRACTS if c[0] != "tfpb:roubaix-2026"]},
     ("non-renouvele", "commune:59512", ("bailleur:toit", "etat:prefecture"))),
    # Logis Nord belongs to its own AR Hlm.
    ("bailleur-ar", {"memberships": [m for m in case.MEMBERSHIPS if m[0] != "bailleur:logis"]},
     ("bailleur-ar", "commune:59350", ("bailleur:logis", "ar:urh"))),
    # The régie de territoire belongs to the regional Mouvement.
    ("regie-mouvement", {"memberships": [m for m in case.MEMBERSHIPS if m[0] != "regie:mel"]},
     ("regie-mouvement", "epci:mel", ("regie:mel", "fed:regies", "fed:regies-hdf"))),
    # The Lille-Sud NPNRU counts a régie among its parties.
    ("npnru-insertion", {"contracts": [
        (*c[:5], [a for a in c[5] if a != "regie:lillesud"], c[6]) if c[0] == "npnru:lillesud"
        else c for c in case.CONTRACTS]},
     ("npnru-insertion", "qpv:QN05901", ("bailleur:logis", "etat:prefecture"))),
    # Logis Nord signs the MEL contrat de ville as well as the Lille TFPB convention.
    ("tfpb-sans-contrat-de-ville", {"contracts": [
        (*c[:5], [a for a in c[5] if a != "bailleur:logis"], c[6]) if c[0] == "cdv:mel"
        else c for c in case.CONTRACTS]},
     ("tfpb-sans-contrat-de-ville", "qpv:QN05901", ("bailleur:logis",))),
    # The Lille-Sud régie works with the mission locale through a real contract.
    ("insertion", {"contracts": [c for c in case.CONTRACTS if c[0] != "autre:parcours"]},
     ("insertion", "commune:59350", ("regie:lillesud", "ml:lille", "plie:mel"))),
    # Logis Nord and the régie de territoire share the partenariat covering the MEL.
    ("regie-bailleur", {"contracts": [c for c in case.CONTRACTS if c[0] != "part:mel"]},
     ("regie-bailleur", "qpv:QN05901", ("bailleur:logis", "regie:mel"))),
    # The Douaisis contrat de ville covers Frais-Marais through its EPCI.
    ("contrat-de-ville", {"contracts": [c for c in case.CONTRACTS if c[0] != "cdv:douaisis"]},
     ("contrat-de-ville", "qpv:QN05904", ("bailleur:logis",))),
    # Homes declared in Lille are not homes in its QPV: with a QPV row, Habitat Flandres
    # becomes housed there and lacks the TFPB convention of Lille... which it did not sign.
    ("abattement-tfpb", {"presence": [*case.PRESENCE, ("bailleur:flandres", "qpv:QN05901", 10)]},
     ("abattement-tfpb", "qpv:QN05901", ("bailleur:flandres",))),
    # Régies present in Lille or the MEL are present in Lille-Sud.
    ("qpv-sans-regie", {"presence": [p for p in case.PRESENCE
                                     if p[0] not in ("regie:lillesud", "regie:mel")]},
     ("qpv-sans-regie", "qpv:QN05901", ("bailleur:logis",))),
]


@pytest.mark.parametrize(("rule", "change", "gap"), TRAPS, ids=[t[0] for t in TRAPS])
def test_each_trap_is_what_silences_its_gap(
    graph: nx.MultiDiGraph, rule: str, change: dict[str, Any], gap: Key
) -> None:
    """The trap's data hides a gap of its rule: without that data, the gap shows."""
    assert gap[0] == rule
    before = {(g.rule, g.territory, g.actors) for g in find_gaps(graph, as_of=AS_OF)}
    after = {(g.rule, g.territory, g.actors) for g in find_gaps(case.graph(**change), as_of=AS_OF)}
    assert gap not in before and gap in after


def test_a_renewal_is_a_successor_only_within_the_spec() -> None:
    """Same kind, starts after it and ≤ end + 183 days, overlapping coverage, half the parties."""
    base = [c for c in case.CONTRACTS if c[0] != "autre:parcours-2027"]
    renewal = ["autre:parcours-2027", "Parcours 2027", "autre", "2027-08-02", "2028-12-31",
               ["regie:lillesud", "ml:lille"], ["qpv:QN05901"]]

    def alerted(changes: dict[int, Any] | None = None) -> bool:
        """Whether the Lille-Sud parcours is still flagged with the renewal changed."""
        contract = tuple({**dict(enumerate(renewal)), **(changes or {})}.values())
        gaps = find_gaps(case.graph(contracts=[*base, contract]), as_of=AS_OF)
        return any(g.contract == "autre:parcours" for g in gaps)

    assert not alerted()  # 2027-01-31 + 183 days = 2027-08-02: still a successor
    assert alerted({3: "2027-08-03"})
    assert alerted({2: "prestation"})
    assert alerted({6: ["qpv:QN05904"]})
    assert not alerted({6: ["epci:mel"]})  # a wider coverage overlaps
    assert not alerted({5: ["regie:lillesud"]})  # half the parties, rounded up: one of two
    assert alerted({5: ["coll:mel"]})


# ---------------------------------------------------------------- the engine's words


def test_presence_is_inherited_downward_not_upward(graph: nx.MultiDiGraph) -> None:
    """A régie present in the EPCI is present in its QPV; a QPV presence says nothing above."""
    found = find_gaps(graph, [_rule(form="presence", level="qpv", a=("bailleur",),
                                    b=("regie",))], AS_OF)
    assert [g.territory for g in found] == ["qpv:QN05904"]
    # Landlords with rows in the QPV of Roubaix and Douai are not present in those communes.
    up = find_gaps(graph, [_rule(form="presence", level="commune", a=("bailleur",),
                                 b=("mission_locale",))], AS_OF)
    assert up == []
    down = find_gaps(graph, [_rule(form="presence", level="qpv", a=("bailleur",),
                                   b=("mission_locale",))], AS_OF)
    assert [g.territory for g in down] == ["qpv:QN05903", "qpv:QN05904"]


def test_with_dwellings_applies_to_actor_a_only(graph: nx.MultiDiGraph) -> None:
    """Régies have no homes: they count as present in pair, the landlord must be housed."""
    pair = _rule(form="pair", level="qpv", a=("bailleur",), b=("regie",), kinds=("prestation",),
                 with_dwellings=True)
    found = find_gaps(graph, [pair], AS_OF)
    assert ("bailleur:logis", "regie:lillesud") not in {g.actors for g in found}
    assert all(g.actors[0] != "bailleur:flandres" for g in found)


def test_min_dwellings(graph: nx.MultiDiGraph) -> None:
    """``min_dwellings`` raises the bar of housed and implies it."""
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",),
                 min_dwellings=100)
    assert [(g.territory, g.actors) for g in find_gaps(graph, [rule], AS_OF)] == [
        ("qpv:QN05903", ("bailleur:logis",))
    ]


def test_subtype_selectors(graph: nx.MultiDiGraph) -> None:
    """``type/subtype`` matches the folded subtype (« OPH », « AR Hlm »)."""
    rule = _rule(form="party", level="qpv", a=("bailleur/oph",), kinds=("contrat_de_ville",),
                 with_dwellings=True)
    assert [g.actors for g in find_gaps(graph, [rule], AS_OF)] == [("bailleur:toit",)]
    esh = _rule(form="party", level="qpv", a=("bailleur/esh",), kinds=("prestation",),
                with_dwellings=True)
    assert {g.actors for g in find_gaps(graph, [esh], AS_OF)} == {("bailleur:logis",)}


def test_as_of_bounds_are_inclusive_and_all_dates_counts_everything(graph: nx.MultiDiGraph) -> None:
    """A contract is in force on its first and last day; --all-dates counts every contract."""
    rule = _rule(form="pair", level="qpv", a=("bailleur",), b=("regie",), kinds=("prestation",),
                 with_dwellings=True)
    alma = ("bailleur:toit", "regie:mel")
    for day, flagged in ((dt.date(2022, 1, 1), False), (dt.date(2024, 12, 31), False),
                         (dt.date(2025, 1, 1), True)):
        assert (alma in {g.actors for g in find_gaps(graph, [rule], day)}) is flagged, day
    assert alma not in {g.actors for g in find_gaps(graph, [rule], AS_OF, all_dates=True)}


def test_expiry_horizon_is_inclusive() -> None:
    """A contract ending exactly ``months`` after as-of is flagged; today counts as 0 days."""
    rule = _rule(form="expiry", kinds=("prestation",), months=3)
    G = case.graph()
    assert [g.contract for g in find_gaps(G, [rule], dt.date(2026, 12, 31))] == ["prest:lillesud"]
    assert find_gaps(G, [rule], dt.date(2026, 12, 30)) == []
    last = find_gaps(G, [rule], dt.date(2027, 3, 31))
    assert "(aujourd'hui)" in last[0].message
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 6, 30), -12) == dt.date(2025, 6, 30)


def test_operational_kinds_ignore_framework_contracts(graph: nx.MultiDiGraph) -> None:
    """With ``any`` a co-signed contrat de ville ties the régie to the PLIE; operationally not."""
    link = _rule(form="link", a=("regie",), b=("plie",), kinds=None)
    assert "regie:roubaix" not in {g.actors[0] for g in find_gaps(graph, [link], AS_OF)}
    operational = load_rules()[5]
    assert operational.id == "insertion" and "contrat_de_ville" not in (operational.kinds or ())
    assert "regie:roubaix" in {g.actors[0] for g in find_gaps(graph, [operational], AS_OF)}


def test_link_without_any_partner_around(graph: nx.MultiDiGraph) -> None:
    """A régie with no insertion actor anywhere near is still a gap, named alone."""
    rule = _rule(form="link", a=("regie",), b=("emploi",), kinds=None)
    found = find_gaps(graph, [rule], AS_OF)
    assert [g.actors for g in found] == [("regie:lillesud",), ("regie:roubaix",), ("regie:mel",)]
    assert _plain(found[0].message) == (
        "La Régie de quartier Lille-Sud n'a aucun contrat en vigueur avec un acteur de l'emploi, "
        "et aucun n'est recensé sur son territoire : identifiez ces partenaires et prenez contact."
    )
    assert found[0].territory == "commune:59350"


def test_message_template_override(graph: nx.MultiDiGraph) -> None:
    """A rule's ``message`` replaces the default sentence, with French numbers and typography."""
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("contrat_de_ville",),
                 with_dwellings=True,
                 message="{a_name}: signer le {kinds} pour {territory_label} ({stake} logements).")
    assert [g.message for g in find_gaps(graph, [rule], AS_OF)] == [
        f"Toit Roubaisien{NNBSP}: signer le contrat de ville pour le QPV Alma-Gare (Roubaix) "
        "(200 logements)."
    ]


def test_as_of_defaults_to_today(monkeypatch: pytest.MonkeyPatch, graph: nx.MultiDiGraph) -> None:
    """Without as_of, contracts in force today count (settings.today)."""
    from hlmgraph import settings

    monkeypatch.setattr(settings, "today", lambda: dt.date(2027, 3, 1))
    assert find_gaps(graph) == find_gaps(graph, as_of=dt.date(2027, 3, 1))


def test_every_form_is_registered_once() -> None:
    """The nine forms of the spec, each a function with its docstring."""
    assert list(FORMS) == ["pair", "party", "presence", "requires", "link", "contract-has",
                           "membership", "lapsed", "expiry"]
    assert all(form.doc for form in FORMS.values())


def test_unknown_form_in_code_is_a_config_error(graph: nx.MultiDiGraph) -> None:
    """A Rule built in code with an unknown form fails with a French message."""
    with pytest.raises(ConfigError, match="forme inconnue « pairs »"):
        find_gaps(graph, [_rule(form="pairs")], AS_OF)


# ---------------------------------------------------------------- scope, renaming, determinism


def test_scope_keeps_exactly_what_lies_inside(graph: nx.MultiDiGraph) -> None:
    """For every territory: a gap outside never appears, one inside always does, in order."""
    everything = find_gaps(graph, as_of=AS_OF)
    tree = TerritoryTree.of(graph)
    for territory in [t[0] for t in case.TERRITORIES]:
        inside = tree.enclosed(territory)
        expected = [g for g in everything if g.territory in inside]
        assert find_gaps(graph, as_of=AS_OF, territory=territory) == expected, territory
    assert find_gaps(graph, as_of=AS_OF, territory="region:11") == []
    assert len(find_gaps(graph, as_of=AS_OF, territory="departement:59")) == len(everything)


def test_unknown_territory_names_the_closest_ids(graph: nx.MultiDiGraph) -> None:
    """A usage error (exit 2) naming close ids."""
    with pytest.raises(UsageError, match="qpv:QN05903") as info:
        find_gaps(graph, as_of=AS_OF, territory="qpv:QN5903")
    assert info.value.exit_code == 2


def test_renaming_every_id_leaves_the_gaps_unchanged() -> None:
    """Ids are only keys: renamed, the same gaps come back with the renamed ids."""
    rng = random.Random(7)
    ids = [t[0] for t in case.TERRITORIES] + [a[0] for a in case.ACTORS] + [
        c[0] for c in case.CONTRACTS]
    new = {old: f"id-{rng.randrange(10**9):09d}" for old in ids}
    renamed = case.graph(
        territories=[(new[t], n, lv, new.get(p) if p else None) for t, n, lv, p in
                     case.TERRITORIES],
        actors=[(new[a], n, k, s, new.get(b) if b else None) for a, n, k, s, b in case.ACTORS],
        presence=[(new[a], new[t], d) for a, t, d in case.PRESENCE],
        contracts=[(new[c], n, k, s, e, [new[p] for p in ps], [new[t] for t in ts])
                   for c, n, k, s, e, ps, ts in case.CONTRACTS],
        memberships=[(new[m], new[o]) for m, o in case.MEMBERSHIPS],
    )

    def canonical(gaps: list[Any], names: dict[str, str]) -> set[tuple[Any, ...]]:
        """Each gap with ids mapped through ``names`` (actors as a set)."""
        return {(g.rule, g.priority, g.stake, names.get(g.territory, g.territory),
                 frozenset(names[a] for a in g.actors), names.get(g.contract, g.contract),
                 g.message) for g in gaps}

    same = {v: v for v in new.values()}
    assert canonical(find_gaps(renamed, as_of=AS_OF), same) == canonical(
        find_gaps(case.graph(), as_of=AS_OF), new)


def test_same_data_in_any_row_order_gives_the_same_gaps() -> None:
    """Shuffled input rows give identical records in the identical order."""
    reference = [g.to_dict() for g in find_gaps(case.graph(), as_of=AS_OF)]
    rng = random.Random(3)
    for _ in range(3):
        shuffled = {name: rng.sample(rows, len(rows)) for name, rows in (
            ("territories", case.TERRITORIES), ("actors", case.ACTORS),
            ("presence", case.PRESENCE), ("contracts", case.CONTRACTS),
            ("memberships", case.MEMBERSHIPS))}
        assert [g.to_dict() for g in find_gaps(case.graph(**shuffled), as_of=AS_OF)] == reference


# ---------------------------------------------------------------- tables


def test_by_territory_counts_gaps_per_rule_and_stake(graph: nx.MultiDiGraph) -> None:
    """Per commune: gaps per rule, gaps, dwellings at stake, alerts apart; unplaced counted."""
    rules = load_rules()
    gaps = find_gaps(graph, rules, AS_OF)
    table = by_territory(graph, gaps, rules, "commune")
    rows = {r["territory"]: r for r in table.rows}
    assert list(rows) == ["commune:59512", "commune:59350", "commune:59178"]
    roubaix = rows["commune:59512"]
    assert (roubaix["manques"], roubaix["stake"], roubaix["echeances"]) == (10, 350, 0)
    assert roubaix["regie-bailleur"] == 3 and roubaix["bailleur-ar"] == 1
    assert (rows["commune:59350"]["manques"], rows["commune:59350"]["echeances"]) == (2, 1)
    assert table.unplaced == 0 and table.columns[:5] == ["territory", "territory_name",
                                                         "manques", "stake", "echeances"]
    with pytest.raises(UsageError):
        by_territory(graph, gaps, rules, "qpv")


def test_gaps_frame_has_one_row_per_gap(graph: nx.MultiDiGraph) -> None:
    """The pandas table holds every gap, columns in output order, dates as dates."""
    gaps = find_gaps(graph, as_of=AS_OF)
    frame = gaps_frame(gaps)
    assert list(frame.columns) == list(GAP_COLUMNS)
    assert frame["message"].tolist() == [g.message for g in gaps]
    assert frame["end"].dropna().tolist() == [g.end for g in gaps if g.end]
    assert frame.groupby("category").size().to_dict() == {"echeance": 1, "manque": 14}
    assert gaps_frame([]).empty
