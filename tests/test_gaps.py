"""Tests of the gaps step: rule engine, forms, rules files and the ``gaps`` command."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import RunCli

from hlmgraph import schema
from hlmgraph.dataset import Dataset, Table
from hlmgraph.errors import ConfigError
from hlmgraph.gaps import (
    FORMS,
    Rule,
    add_months,
    default_rules_text,
    find_gaps,
    load_rules,
    parse_rules,
)
from hlmgraph.model import build_graph

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 6, 30)

# ---------------------------------------------------------------- a small territory by hand
# Nord: the MEL (Lille with two QPV, Roubaix with one) and the Douaisis (Douai, one QPV).

TERRITORIES = [
    ("departement:59", "Nord", "departement", None),
    ("epci:mel", "Métropole Européenne de Lille", "epci", "departement:59"),
    ("epci:douaisis", "Douaisis Agglo", "epci", "departement:59"),
    ("commune:59350", "Lille", "commune", "epci:mel"),
    ("commune:59512", "Roubaix", "commune", "epci:mel"),
    ("commune:59178", "Douai", "commune", "epci:douaisis"),
    ("qpv:QN05901", "Lille-Sud", "qpv", "commune:59350"),
    ("qpv:QN05902", "Faubourg de Béthune", "qpv", "commune:59350"),
    ("qpv:QN05903", "Alma-Gare", "qpv", "commune:59512"),
    ("qpv:QN05904", "Frais-Marais", "qpv", "commune:59178"),
]
ACTORS = [
    ("bailleur:logis", "Logis Nord", "bailleur"),
    ("bailleur:flandres", "Habitat Flandres", "bailleur"),
    ("bailleur:toit", "Toit Roubaisien", "bailleur"),
    ("regie:lillesud", "Régie de quartier Lille-Sud", "regie"),
    ("regie:mel", "Régie de territoire métropolitaine", "regie"),
    ("regie:roubaix", "Régie de quartier de Roubaix", "regie"),
    ("plie:mel", "PLIE de la Métropole lilloise", "plie"),
    ("ml:lille", "Mission locale de Lille", "mission_locale"),
    ("coll:mel", "MEL (collectivité)", "collectivite"),
    ("etat:prefecture", "Préfecture du Nord", "etat"),
]
PRESENCE = [
    ("bailleur:logis", "qpv:QN05901", 420),
    ("bailleur:logis", "qpv:QN05903", 150),
    ("bailleur:logis", "qpv:QN05904", 60),
    ("bailleur:flandres", "commune:59350", 300),  # homes in Lille, none declared in its QPV
    ("bailleur:toit", "qpv:QN05903", 200),
    ("bailleur:toit", "qpv:QN05902", 0),  # present without homes: not housed
    ("regie:lillesud", "commune:59350", None),
    ("regie:mel", "epci:mel", None),  # régie de territoire: present in every QPV of the MEL
    ("regie:roubaix", "commune:59512", None),
    ("plie:mel", "epci:mel", None),
    ("ml:lille", "commune:59350", None),
    ("coll:mel", "epci:mel", None),
    ("etat:prefecture", "departement:59", None),
]
CONTRACTS = [
    ("cdv:mel", "Contrat de ville 2024-2030 de la MEL", "contrat_de_ville",
     "2024-01-01", "2030-12-31",
     ["etat:prefecture", "coll:mel", "bailleur:logis", "bailleur:flandres"], ["epci:mel"]),
    ("cdv:douaisis", "Contrat de ville 2024-2030 du Douaisis", "contrat_de_ville",
     "2024-01-01", "2030-12-31", ["etat:prefecture", "bailleur:logis"], ["epci:douaisis"]),
    ("tfpb:lille", "Convention d'abattement TFPB Lille 2025-2027", "abattement_tfpb",
     "2025-01-01", "2027-12-31", ["etat:prefecture", "coll:mel", "bailleur:logis"],
     ["commune:59350"]),
    ("tfpb:roubaix", "Convention d'abattement TFPB Roubaix 2023-2025", "abattement_tfpb",
     "2023-01-01", "2025-12-31", ["etat:prefecture", "bailleur:toit"], ["commune:59512"]),
    ("tfpb:roubaix-2027", "Convention d'abattement TFPB Roubaix 2027-2030", "abattement_tfpb",
     "2027-01-01", "2030-12-31", ["etat:prefecture", "bailleur:toit"], ["commune:59512"]),
    ("prest:lillesud", "Entretien des halls de Lille-Sud", "prestation",
     "2025-07-01", "2027-03-31", ["bailleur:logis", "regie:lillesud"], ["qpv:QN05901"]),
    ("part:mel", "Partenariat insertion métropolitain", "partenariat",
     "2024-01-01", None, ["bailleur:logis", "regie:mel", "plie:mel"], ["epci:mel"]),
    ("prest:alma", "Nettoyage Alma-Gare 2022-2024", "prestation",
     "2022-01-01", "2024-12-31", ["bailleur:toit", "regie:mel"], ["qpv:QN05903"]),
    ("autre:parcours", "Parcours emploi Lille-Sud", "autre",
     "2026-01-01", "2027-07-01", ["regie:lillesud", "ml:lille"], ["qpv:QN05901"]),
]

# What a field expert names on this territory on 30 June 2026, and nothing else.
EXPECTED = [
    # Alma-Gare: Logis Nord has no contract with the Roubaix régie; Toit Roubaisien's
    # prestation with the régie de territoire ended in 2024, none with the Roubaix régie.
    ("regie-bailleur", "qpv:QN05903", ["bailleur:logis", "regie:roubaix"]),
    ("regie-bailleur", "qpv:QN05903", ["bailleur:toit", "regie:mel"]),
    ("regie-bailleur", "qpv:QN05903", ["bailleur:toit", "regie:roubaix"]),
    # Frais-Marais (Douai): homes, no régie at all.
    ("qpv-sans-regie", "qpv:QN05904", ["bailleur:logis"]),
    # Toit Roubaisien did not sign the MEL contrat de ville.
    ("contrat-de-ville", "qpv:QN05903", ["bailleur:toit"]),
    # TFPB: Logis Nord's convention covers Lille only; Toit's expired, its next one
    # only starts in 2027.
    ("abattement-tfpb", "qpv:QN05903", ["bailleur:logis"]),
    ("abattement-tfpb", "qpv:QN05903", ["bailleur:toit"]),
    ("abattement-tfpb", "qpv:QN05904", ["bailleur:logis"]),
    # The Roubaix régie works with no insertion actor; the PLIE covers the MEL.
    ("insertion", "", ["regie:roubaix", "plie:mel"]),
    # The Lille-Sud prestation ends on 31/03/2027, within 12 months.
    ("echeance", "qpv:QN05901", ["bailleur:logis", "regie:lillesud"]),
]


def _date(text: str | None) -> dt.date | None:
    """ISO text to a date (None stays None)."""
    return dt.date.fromisoformat(text) if text else None


def _tables(
    territories: Sequence[tuple[Any, ...]] = TERRITORIES,
    actors: Sequence[tuple[Any, ...]] = ACTORS,
    presence: Sequence[tuple[Any, ...]] = PRESENCE,
    contracts: Sequence[tuple[Any, ...]] = CONTRACTS,
) -> dict[str, list[dict[str, Any]]]:
    """Typed rows of every table (every schema column present, None when empty)."""
    blank = {name: {c.name: None for c in cols} for name, cols in schema.TABLES.items()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.TABLES}
    for tid, name, level, parent in territories:
        rows["territories"].append(
            {**blank["territories"], "id": tid, "name": name, "level": level, "parent": parent}
        )
    for aid, name, actor_type in actors:
        rows["actors"].append({**blank["actors"], "id": aid, "name": name, "type": actor_type})
    for actor, territory, dwellings in presence:
        rows["presence"].append({"actor": actor, "territory": territory, "dwellings": dwellings})
    for cid, name, kind, start, end, parties, coverage in contracts:
        rows["contracts"].append(
            {**blank["contracts"], "id": cid, "name": name, "kind": kind,
             "start": _date(start), "end": _date(end), "themes": []}
        )
        rows["parties"] += [{"contract": cid, "actor": a, "role": "signataire"} for a in parties]
        rows["coverage"] += [{"contract": cid, "territory": t} for t in coverage]
    return rows


def _graph(**tables: Sequence[tuple[Any, ...]]) -> nx.MultiDiGraph:
    """The model graph of the hand-built territory (tables may be replaced)."""
    rows = _tables(**tables)
    return build_graph(Dataset({name: Table(name, rows=r) for name, r in rows.items()}))


def _keys(gaps: Sequence[Any]) -> list[tuple[str, str, list[str]]]:
    """(rule, territory, actors) of each gap."""
    return [(g.rule, g.territory, list(g.actors)) for g in gaps]


def _rule(**params: Any) -> Rule:
    """A rule built in code (id ``r``)."""
    return Rule(id="r", **params)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """The hand-built territory as a model graph."""
    return _graph()


# ---------------------------------------------------------------- the default rules


def test_default_rules_find_exactly_the_expected_gaps(graph: nx.MultiDiGraph) -> None:
    """Every gap a field expert names is found, and no other."""
    assert _keys(find_gaps(graph, as_of=AS_OF)) == EXPECTED


def test_default_rules_ids_forms_and_parameters() -> None:
    """The six default rules of the spec, in order, with its parameters."""
    rules = {r.id: r for r in load_rules()}
    assert list(rules) == [
        "regie-bailleur", "qpv-sans-regie", "contrat-de-ville", "abattement-tfpb",
        "insertion", "echeance",
    ]
    assert rules["regie-bailleur"] == Rule(
        "regie-bailleur", "pair", "qpv", ("bailleur",), ("regie",), ("prestation", "partenariat"),
        True, line=rules["regie-bailleur"].line,
    )
    assert rules["qpv-sans-regie"].form == "presence" and rules["qpv-sans-regie"].with_dwellings
    assert rules["contrat-de-ville"].kinds == ("contrat_de_ville",)
    assert rules["abattement-tfpb"].kinds == ("abattement_tfpb",)
    assert rules["insertion"].b == ("plie", "mission_locale") and rules["insertion"].kinds is None
    assert (rules["echeance"].kinds, rules["echeance"].months) == (None, 12)
    assert "#" in default_rules_text() and "logements" in default_rules_text()


def test_messages_name_organisations_and_territory(graph: nx.MultiDiGraph) -> None:
    """Messages are one French sentence naming who and where."""
    messages = {(g.rule, g.territory, tuple(g.actors)): g.message
                for g in find_gaps(graph, as_of=AS_OF)}
    assert messages["regie-bailleur", "qpv:QN05903", ("bailleur:logis", "regie:roubaix")] == (
        "Logis Nord (bailleur social) a 150 logements dans le QPV Alma-Gare (Roubaix) mais "
        "aucun contrat de prestation ou de partenariat en cours avec Régie de quartier de "
        "Roubaix (régie de quartier), présente sur ce quartier."
    )
    assert messages["qpv-sans-regie", "qpv:QN05904", ("bailleur:logis",)] == (
        "Logis Nord (bailleur social) a 60 logements dans le QPV Frais-Marais (Douai) mais "
        "aucune régie de quartier n'y est présente."
    )
    assert messages["abattement-tfpb", "qpv:QN05903", ("bailleur:toit",)] == (
        "Toit Roubaisien (bailleur social) a 200 logements dans le QPV Alma-Gare (Roubaix) mais "
        "n'est partie à aucune convention d'abattement de TFPB en cours couvrant ce quartier."
    )
    assert messages["insertion", "", ("regie:roubaix", "plie:mel")] == (
        "Régie de quartier de Roubaix (régie de quartier) ne partage aucun contrat en cours avec "
        "PLIE de la Métropole lilloise (PLIE), qui intervient aussi sur son territoire (Roubaix)."
    )
    assert messages["echeance", "qpv:QN05901", ("bailleur:logis", "regie:lillesud")] == (
        "Le contrat « Entretien des halls de Lille-Sud » (prestation), liant Logis Nord "
        "(bailleur social) et Régie de quartier Lille-Sud (régie de quartier), couvrant le QPV "
        "Lille-Sud (Lille), "
        "arrive à échéance le 31/03/2027 (dans 274 jours) : préparez son renouvellement."
    )


def test_gap_records_carry_useful_fields(graph: nx.MultiDiGraph) -> None:
    """Records hold the form, names, types, dwellings and, for expiry, the contract."""
    records = [g.to_dict() for g in find_gaps(graph, as_of=AS_OF)]
    first = records[0]
    assert first["form"] == "pair" and first["territory_name"] == "Alma-Gare"
    assert first["actor_names"] == ["Logis Nord", "Régie de quartier de Roubaix"]
    assert first["types"] == ["bailleur", "regie"] and first["dwellings"] == 150
    last = records[-1]
    assert (last["contract"], last["end"]) == ("prest:lillesud", "2027-03-31")
    assert last["contract_name"] == "Entretien des halls de Lille-Sud"
    assert json.loads(json.dumps(records)) == records


# ---------------------------------------------------------------- nuances of the spec


def test_presence_is_inherited_downward(graph: nx.MultiDiGraph) -> None:
    """A régie present in the EPCI is present in each of its QPV; not in another EPCI."""
    rule = _rule(form="presence", level="qpv", a=("bailleur",), b=("regie",),
                 with_dwellings=True)
    assert _keys(find_gaps(graph, [rule], AS_OF)) == [("r", "qpv:QN05904", ["bailleur:logis"])]
    no_epci_regie = [p for p in PRESENCE if p[0] not in ("regie:mel", "regie:roubaix")]
    assert _keys(find_gaps(_graph(presence=no_epci_regie), [rule], AS_OF)) == [
        ("r", "qpv:QN05903", ["bailleur:logis", "bailleur:toit"]),
        ("r", "qpv:QN05904", ["bailleur:logis"]),
    ]


def test_presence_is_not_inherited_upward(graph: nx.MultiDiGraph) -> None:
    """An actor present in a QPV is not present in its commune."""
    rule = _rule(form="presence", level="epci", a=("bailleur",), b=("centre_social",))
    assert _keys(find_gaps(graph, [rule], AS_OF)) == []
    rule = _rule(form="presence", level="commune", a=("regie",), b=("bailleur",))
    # Lille has Habitat Flandres, Roubaix has no bailleur row on the commune itself.
    assert _keys(find_gaps(graph, [rule], AS_OF)) == [
        ("r", "commune:59512", ["regie:mel", "regie:roubaix"]),
    ]


def test_homes_in_a_commune_are_not_homes_in_its_qpv(graph: nx.MultiDiGraph) -> None:
    """Habitat Flandres (homes in Lille only) is housed in no QPV, but present in both."""
    housed = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",),
                   with_dwellings=True)
    assert "bailleur:flandres" not in {a for g in find_gaps(graph, [housed], AS_OF)
                                       for a in g.actors}
    present = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",))
    flandres = [k for k in _keys(find_gaps(graph, [present], AS_OF)) if "bailleur:flandres"
                in k[2]]
    assert flandres == [("r", "qpv:QN05901", ["bailleur:flandres"]),
                        ("r", "qpv:QN05902", ["bailleur:flandres"])]
    commune = _rule(form="party", level="commune", a=("bailleur",), kinds=("abattement_tfpb",),
                    with_dwellings=True)
    assert _keys(find_gaps(graph, [commune], AS_OF)) == [
        ("r", "commune:59350", ["bailleur:flandres"]),
    ]


def test_zero_dwellings_is_not_housed(graph: nx.MultiDiGraph) -> None:
    """Toit Roubaisien's row for Faubourg de Béthune has 0 homes: no gap there."""
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("npnru",),
                 with_dwellings=True)
    territories = {g.territory for g in find_gaps(graph, [rule], AS_OF)}
    assert territories == {"qpv:QN05901", "qpv:QN05903", "qpv:QN05904"}
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("npnru",))
    assert "qpv:QN05902" in {g.territory for g in find_gaps(graph, [rule], AS_OF)}


def test_with_dwellings_applies_to_actor_a_only(graph: nx.MultiDiGraph) -> None:
    """The b actor of a pair need only be present, not housed."""
    rule = _rule(form="pair", level="qpv", a=("regie",), b=("bailleur",), kinds=("cus",))
    gaps = _keys(find_gaps(graph, [rule], AS_OF))
    assert ("r", "qpv:QN05901", ["regie:lillesud", "bailleur:flandres"]) in gaps
    assert ("r", "qpv:QN05902", ["regie:mel", "bailleur:toit"]) in gaps


def test_coverage_through_an_enclosing_territory(graph: nx.MultiDiGraph) -> None:
    """A convention covering Lille covers its QPV; a contract covering a QPV not its commune."""
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",),
                 with_dwellings=True)
    assert ("r", "qpv:QN05901", ["bailleur:logis"]) not in _keys(find_gaps(graph, [rule], AS_OF))
    upward = _rule(form="party", level="commune", a=("regie",), kinds=("prestation",))
    assert ("r", "commune:59350", ["regie:lillesud"]) in _keys(find_gaps(graph, [upward], AS_OF))
    pair = _rule(form="pair", level="qpv", a=("bailleur",), b=("plie",), kinds=("partenariat",),
                 with_dwellings=True)
    # The MEL partnership covers the EPCI, hence Lille-Sud and Alma-Gare, for Logis Nord.
    assert _keys(find_gaps(graph, [pair], AS_OF)) == [
        ("r", "qpv:QN05903", ["bailleur:toit", "plie:mel"]),
    ]


def test_out_of_force_contracts_are_ignored(graph: nx.MultiDiGraph) -> None:
    """Expired and not-yet-started contracts neither satisfy a rule nor expire."""
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",),
                 with_dwellings=True)
    toit = ("r", "qpv:QN05903", ["bailleur:toit"])
    assert toit in _keys(find_gaps(graph, [rule], AS_OF))
    assert toit not in _keys(find_gaps(graph, [rule], dt.date(2025, 6, 30)))
    assert toit not in _keys(find_gaps(graph, [rule], dt.date(2027, 1, 1)))
    expiry = _rule(form="expiry", kinds=None, months=12)
    assert [g.contract for g in find_gaps(graph, [expiry], dt.date(2024, 6, 30))] == [
        "prest:alma",
    ]
    # A year later the Alma-Gare prestation has ended, the Lille-Sud one not yet begun.
    assert [g.contract for g in find_gaps(graph, [expiry], dt.date(2025, 6, 30))] == [
        "tfpb:roubaix",
    ]


def test_as_of_bounds_are_inclusive() -> None:
    """A contract is in force on its start and end dates, not the day after."""
    contracts = [("c", "Convention TFPB", "abattement_tfpb", "2026-01-01", "2026-12-31",
                  ["bailleur:logis"], ["epci:douaisis"])]
    G = _graph(contracts=contracts)
    rule = _rule(form="party", level="qpv", a=("bailleur",), kinds=("abattement_tfpb",),
                 with_dwellings=True)

    def douai(as_of: dt.date) -> bool:
        """Whether Logis Nord lacks a TFPB convention in Frais-Marais at ``as_of``."""
        return ("r", "qpv:QN05904", ["bailleur:logis"]) in _keys(find_gaps(G, [rule], as_of))

    assert douai(dt.date(2025, 12, 31))
    assert not douai(dt.date(2026, 1, 1))
    assert not douai(dt.date(2026, 12, 31))
    assert douai(dt.date(2027, 1, 1))


def test_expiry_horizon_is_inclusive() -> None:
    """An end exactly ``months`` after the as-of date is a gap; one day later is not."""
    contracts = [
        ("c1", "Ends on the horizon", "prestation", None, "2027-06-30", [], []),
        ("c2", "Ends a day later", "prestation", None, "2027-07-01", [], []),
        ("c3", "Ends today", "cus", None, "2026-06-30", [], []),
        ("c4", "Open-ended", "prestation", None, None, [], []),
        ("c5", "Ended yesterday", "prestation", None, "2026-06-29", [], []),
    ]
    G = _graph(contracts=contracts)
    gaps = find_gaps(G, [_rule(form="expiry", kinds=None, months=12)], AS_OF)
    assert [g.contract for g in gaps] == ["c1", "c3"]
    assert gaps[1].message.endswith("(aujourd'hui) : préparez son renouvellement.")
    only = find_gaps(G, [_rule(form="expiry", kinds=("prestation",), months=12)], AS_OF)
    assert [g.contract for g in only] == ["c1"]
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 6, 30), 12) == dt.date(2027, 6, 30)


def test_kinds_any_and_restricted(graph: nx.MultiDiGraph) -> None:
    """The Lille-Sud régie's only insertion contract is of kind autre: enough for any."""
    base = {"form": "link", "a": ("regie",), "b": ("plie", "mission_locale")}
    with_any = _keys(find_gaps(graph, [_rule(kinds=None, **base)], AS_OF))
    assert with_any == [("r", "", ["regie:roubaix", "plie:mel"])]
    restricted = _keys(find_gaps(graph, [_rule(kinds=("partenariat",), **base)], AS_OF))
    assert restricted == [
        ("r", "", ["regie:lillesud", "ml:lille", "plie:mel"]),
        ("r", "", ["regie:roubaix", "plie:mel"]),
    ]


def test_link_without_any_partner_around() -> None:
    """A régie with no PLIE or mission locale on its territory is a gap naming it alone."""
    actors = [*ACTORS, ("regie:douai", "Régie de quartier de Douai", "regie")]
    presence = [*PRESENCE, ("regie:douai", "commune:59178", None)]
    rule = _rule(form="link", a=("regie",), b=("plie", "mission_locale"), kinds=None)
    gaps = find_gaps(_graph(actors=actors, presence=presence), [rule], AS_OF)
    assert _keys(gaps)[0] == ("r", "", ["regie:douai"])
    assert gaps[0].message == (
        "Régie de quartier de Douai (régie de quartier) ne partage aucun contrat en cours avec "
        "un PLIE ou une mission locale, et aucun n'est recensé sur son territoire (Douai) : "
        "identifiez ces partenaires et prenez contact."
    )


def test_link_copresence_in_both_directions(graph: nx.MultiDiGraph) -> None:
    """Co-presence holds when either presence territory encloses the other, not for siblings."""
    rule = _rule(form="link", a=("plie",), b=("regie",), kinds=("prestation",))
    gaps = _keys(find_gaps(graph, [rule], AS_OF))
    assert gaps == [("r", "", ["plie:mel", "regie:lillesud", "regie:mel", "regie:roubaix"])]
    rule = _rule(form="link", a=("mission_locale",), b=("regie",), kinds=("partenariat",))
    assert _keys(find_gaps(graph, [rule], AS_OF)) == [
        ("r", "", ["ml:lille", "regie:lillesud", "regie:mel"]),
    ]


def test_pair_ignores_an_actor_paired_with_itself() -> None:
    """When a and b types overlap, an actor is not expected to contract with itself."""
    rule = _rule(form="pair", level="qpv", a=("regie",), b=("regie",), kinds=("autre",))
    gaps = _keys(find_gaps(_graph(), [rule], AS_OF))
    assert gaps and all(actors[0] != actors[1] for _, _, actors in gaps)
    assert ("r", "qpv:QN05901", ["regie:lillesud", "regie:mel"]) in gaps


def test_message_template_override(graph: nx.MultiDiGraph) -> None:
    """A rule's ``message`` replaces the default sentence."""
    rules = parse_rules(
        '[[rule]]\nid = "cdv"\nform = "party"\nlevel = "qpv"\na = "bailleur"\n'
        'kinds = ["contrat_de_ville"]\nwith_dwellings = true\n'
        'message = "{a_name} : signer le {kinds} pour {territory_label} ({dwellings} logements)."\n'
    )
    assert [g.message for g in find_gaps(graph, rules, AS_OF)] == [
        "Toit Roubaisien : signer le contrat de ville pour le QPV Alma-Gare (Roubaix) "
        "(200 logements).",
    ]


def test_rules_accept_folded_vocabulary() -> None:
    """Types and kinds are matched like input vocabularies (case and accents)."""
    rules = parse_rules('[[rule]]\nid = "x"\nform = "link"\na = "Régie"\nb = ["PLIE", '
                        '"Mission locale"]\nkinds = ["Prestation", "ANY"]\n')
    assert (rules[0].a, rules[0].b, rules[0].kinds) == (("regie",), ("plie", "mission_locale"),
                                                        None)


# ---------------------------------------------------------------- determinism and scale


def test_same_data_same_gaps_in_the_same_order() -> None:
    """Shuffled input rows give the same gaps in the same order."""
    reference = [g.to_dict() for g in find_gaps(_graph(), as_of=AS_OF)]
    for seed in range(3):
        rng = random.Random(seed)
        shuffled = {name: rng.sample(rows, len(rows)) for name, rows in
                    {"territories": TERRITORIES, "actors": ACTORS, "presence": PRESENCE,
                     "contracts": CONTRACTS}.items()}
        assert [g.to_dict() for g in find_gaps(_graph(**shuffled), as_of=AS_OF)] == reference


def test_rule_order_follows_the_rules_list(graph: nx.MultiDiGraph) -> None:
    """Gaps come in the order of the rules given, then territory, then actors."""
    rules = load_rules()
    reversed_keys = _keys(find_gaps(graph, rules[::-1], AS_OF))
    order = [r.id for r in rules[::-1]]
    assert [k[0] for k in reversed_keys] == sorted((k[0] for k in EXPECTED), key=order.index)


def test_as_of_defaults_to_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an as-of date, find_gaps uses settings.today()."""
    monkeypatch.setattr("hlmgraph.settings.today", lambda: AS_OF)
    assert _keys(find_gaps(_graph())) == EXPECTED


def test_every_form_is_registered() -> None:
    """The registry holds the five forms of the spec."""
    assert list(FORMS) == ["pair", "party", "presence", "link", "expiry"]


def test_unknown_form_in_code_is_a_config_error(graph: nx.MultiDiGraph) -> None:
    """A Rule built in code with an unknown form fails clearly."""
    with pytest.raises(ConfigError, match="forme inconnue « pairs »"):
        find_gaps(graph, [_rule(form="pairs")], AS_OF)


# ---------------------------------------------------------------- rules file errors

GOOD_RULE = '[[rule]]\nid = "a"\nform = "presence"\nlevel = "qpv"\na = "bailleur"\nb = "regie"\n'


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD_RULE + '\n[[rule]]\nid = "b"\nform = "pairs"\n', 10,
         "forme inconnue « pairs » (attendu : pair, party, presence, link, expiry)"),
        (GOOD_RULE + '\n[[rule]]\nid = "b"\nform = "party"\nlevel = "qpv"\na = "bailleur"\n',
         8, "paramètre « kinds » manquant pour la forme party"),
        (GOOD_RULE.replace('"qpv"', '"quartier"'), 4, "niveau inconnu « quartier »"),
        (GOOD_RULE.replace('b = "regie"', 'b = ["regie", "regi"]'), 6,
         "type d'acteur inconnu « regi »"),
        (GOOD_RULE + 'kinds = ["prestation"]\n', 7,
         "paramètre inconnu « kinds » pour la forme presence"),
        (GOOD_RULE + "with_dwellings = 1\n", 7, "with_dwellings attend true ou false"),
        ('[[rule]]\nid = "e"\nform = "expiry"\nkinds = ["cdv"]\nmonths = 12\n', 4,
         "nature de contrat inconnue « cdv »"),
        ('[[rule]]\nid = "e"\nform = "expiry"\nkinds = "any"\nmonths = -1\n', 5,
         "months attend un nombre entier"),
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
    """A broken rules file fails with « file:line: what is wrong »."""
    path = tmp_path / "règles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


def test_missing_rules_file(tmp_path: Path) -> None:
    """A missing rules file says which path was not found."""
    with pytest.raises(ConfigError, match="introuvable"):
        load_rules(tmp_path / "absent.toml")


def test_default_rules_round_trip_through_a_file(tmp_path: Path) -> None:
    """The printed defaults, saved and read back, are the default rules."""
    path = tmp_path / "defaut.toml"
    path.write_text(default_rules_text(), encoding="utf-8")
    assert load_rules(path) == load_rules()


# ---------------------------------------------------------------- command line


def _write_csv(folder: Path) -> Path:
    """Write the hand-built territory as a CSV dataset folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in _tables().items():
        if not rows:
            continue
        columns = [c.name for c in schema.TABLES[name]]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(["" if row.get(c) is None else
                                 (row[c].isoformat() if isinstance(row[c], dt.date) else
                                  "|".join(row[c]) if isinstance(row[c], list) else row[c])
                                 for c in columns])
    return folder


@pytest.fixture(scope="module")
def dataset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built territory as CSV files."""
    return _write_csv(tmp_path_factory.mktemp("territoire"))


def test_cli_json_lists_the_expected_gaps(run_cli: RunCli, dataset_dir: Path) -> None:
    """``gaps --format json`` gives the records and a count per rule on stderr."""
    result = run_cli("gaps", dataset_dir, "--as-of", "30/06/2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [(r["rule"], r["territory"], r["actors"]) for r in records] == EXPECTED
    assert records[0]["message"].startswith("Logis Nord (bailleur social) a 150 logements")
    assert "Règle regie-bailleur (pair) : 3 manques." in result.stderr
    assert "Règle echeance (expiry) : 1 manque." in result.stderr


def test_cli_csv_and_xlsx_files(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """CSV (RFC 4180 dialect) and XLSX have one row per gap; actors joined by | and by commas."""
    out = tmp_path / "manques.csv"
    result = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--format", "csv", "--out", out,
                     "--csv-dialect", "rfc4180")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["rule"], r["territory"], r["actors"].split("|")) for r in rows] == EXPECTED
    xlsx = tmp_path / "manques.xlsx"
    assert run_cli("gaps", dataset_dir, "--as-of", "2026-06-30", "--format", "xlsx",
                "--out", xlsx).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("Règle", "Forme", "Territoire (id)", "Territoire", "Acteurs (id)")
    assert values[1][4] == "bailleur:logis, regie:roubaix" and len(values) == len(EXPECTED) + 1


def test_cli_print_default_rules_round_trips(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """The printed default rules, edited and passed back with --rules, drive the search."""
    printed = run_cli("gaps", "--print-default-rules")
    assert printed.returncode == 0 and printed.stdout == default_rules_text()
    rules = tmp_path / "mes-règles.toml"
    rules.write_text(printed.stdout.replace("months = 12", "months = 6"), encoding="utf-8")
    result = run_cli("gaps", dataset_dir, "--rules", rules, "--as-of", "2026-06-30",
                  "--format", "json")
    assert result.returncode == 0, result.stderr
    keys = [(r["rule"], r["territory"], r["actors"]) for r in json.loads(result.stdout)]
    assert keys == EXPECTED[:-1]  # the prestation ends in 9 months, beyond 6


def test_cli_broken_rules_file(run_cli: RunCli, dataset_dir: Path, tmp_path: Path) -> None:
    """A broken rules file exits 1 with the file and line, no traceback."""
    rules = tmp_path / "règles.toml"
    rules.write_text(GOOD_RULE.replace('"presence"', '"pairs"'), encoding="utf-8")
    result = run_cli("gaps", dataset_dir, "--rules", rules)
    assert result.returncode == 1
    assert f"{rules}:3: forme inconnue « pairs »" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_table_and_missing_path(run_cli: RunCli, dataset_dir: Path) -> None:
    """The default table lists rule and territory; no PATH is a usage error."""
    result = run_cli("gaps", dataset_dir, "--as-of", "2026-06-30")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["rule", "territory", "actors", "message"]
    assert len(result.stdout.splitlines()) == len(EXPECTED) + 2
    assert run_cli("gaps").returncode == 2


def test_cli_on_the_demo_dataset(run_cli: RunCli, demo_path: Path) -> None:
    """The demo's designed gaps (its SOURCES.md) are found by the default rules."""
    result = run_cli("gaps", demo_path, "--as-of", "2026-11-23", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["rule"]] = counts.get(record["rule"], 0) + 1
    assert counts == {"regie-bailleur": 3, "qpv-sans-regie": 2, "contrat-de-ville": 1,
                      "abattement-tfpb": 2, "insertion": 2, "echeance": 6}
    named = {(r["rule"], r["actors"][0]) for r in records}
    assert {("regie-bailleur", "b-seine-solidaire"), ("regie-bailleur", "b-logis-beffrois"),
            ("regie-bailleur", "b-mistral"), ("contrat-de-ville", "b-sem-pinedes"),
            ("abattement-tfpb", "b-toits-nord"), ("abattement-tfpb", "b-foyer-forez"),
            ("insertion", "r-tisserands"), ("insertion", "r-etang")} <= named
    assert all(r["message"].endswith(".") for r in records)


# ---------------------------------------------------------------- cross-check on generated data


def _by_contract(G: nx.MultiDiGraph, edges: list[Any], rel: str) -> dict[str, set[str]]:
    """Contract -> its parties (PARTY_TO) or covered territories (COVERS)."""
    out: dict[str, set[str]] = {c: set() for c in G}
    for u, v, d in edges:
        if d["type"] == rel:
            contract, other = (v, u) if rel == "PARTY_TO" else (u, v)
            out[contract].add(other)
    return out


def _reference_gaps(G: nx.MultiDiGraph, rule: Rule, as_of: dt.date) -> set[tuple[Any, ...]]:
    """The spec's definitions applied literally, slowly, for one rule (independent check)."""
    from hlmgraph.model import in_force

    edges = [(u, v, d) for u, v, d in G.edges(data=True)]
    up = nx.DiGraph([(u, v) for u, v, d in edges if d["type"] == "PART_OF"])
    encl = {t: {t} | (nx.descendants(up, t) if t in up else set()) for t in G}
    rows = {(u, v): d.get("dwellings", 0) for u, v, d in edges if d["type"] == "PRESENT_IN"}
    parties, covers = _by_contract(G, edges, "PARTY_TO"), _by_contract(G, edges, "COVERS")
    live = {c for c, d in G.nodes(data=True) if d.get("label") == "Contract"
            and in_force(d, as_of) and (rule.kinds is None or d["kind"] in rule.kinds)}
    typed = {t: [n for n, d in G.nodes(data=True) if d.get("type") in t] for t in (rule.a, rule.b)}
    places = [n for n, d in G.nodes(data=True) if d.get("label") == "Territory"]

    def present(actor: str, t: str) -> bool:
        """Presence row for t or for a territory enclosing t."""
        return any((actor, p) in rows for p in encl[t])

    def subject(actor: str, t: str) -> bool:
        """Present, or housed when the rule asks for dwellings."""
        return (rows.get((actor, t)) or 0) > 0 if rule.with_dwellings else present(actor, t)

    def party(actors: set[str], t: str | None) -> bool:
        """A live contract with all ``actors`` as parties (covering t when given)."""
        return any(actors <= parties[c] and (t is None or covers[c] & encl[t]) for c in live)

    found: set[tuple[Any, ...]] = set()
    levels = [t for t in places if G.nodes[t].get("level") == rule.level]
    for t in levels:
        subjects = [a for a in typed[rule.a] if subject(a, t)]
        others = [b for b in typed[rule.b] if present(b, t)]
        if rule.form == "pair":
            found |= {(t, (a, b)) for a in subjects for b in others
                      if a != b and not party({a, b}, t)}
        elif rule.form == "party":
            found |= {(t, (a,)) for a in subjects if not party({a}, t)}
        elif rule.form == "presence" and subjects and not others:
            found.add((t, tuple(sorted(subjects))))
    if rule.form == "link":
        for x in typed[rule.a]:
            around = [t for t in places if present(x, t)]
            near = sorted({b for b in typed[rule.b] for t in around if present(b, t)} - {x})
            if not any(party({x, b}, None) for b in near):
                found.add(("", (x, *near)))
    if rule.form == "expiry":
        horizon = add_months(as_of, rule.months)
        found |= {c for c in live if G.nodes[c].get("end") and G.nodes[c]["end"] <= horizon}
    return found


def test_find_gaps_matches_the_literal_spec_on_generated_data(tmp_path: Path) -> None:
    """On a generated regional dataset, every rule gives what the literal definitions give."""
    from hlmgraph.generate import generate_dataset
    from hlmgraph.pipeline import load_graph

    generate_dataset("regional", 7, tmp_path / "aura")
    G = load_graph(tmp_path / "aura")
    extra = [Rule("presence-present", "presence", "qpv", a=("bailleur",), b=("plie",)),
             Rule("party-commune", "party", "commune", a=("plie", "regie"), kinds=("autre",)),
             Rule("pair-present", "pair", "qpv", a=("bailleur",), b=("regie", "association"),
                  kinds=("partenariat",))]
    for rule in [*load_rules(), *extra]:
        for as_of in (dt.date(2026, 11, 1), dt.date(2028, 1, 1)):
            gaps = find_gaps(G, [rule], as_of)
            got = ({g.contract for g in gaps} if rule.form == "expiry"
                   else {(g.territory, tuple(g.actors)) for g in gaps})
            assert got == _reference_gaps(G, rule, as_of), (rule.id, as_of)
            assert len(got) == len(gaps)
    assert len(find_gaps(G, as_of=dt.date(2026, 11, 1))) > 50


@pytest.mark.neo4j
def test_cli_from_neo4j_gives_the_same_gaps(run_cli: RunCli, neo4j_db: Any, graph: nx.MultiDiGraph) -> None:
    """The graph loaded into a real Bolt server gives the same gaps with --from-neo4j."""

    from hlmgraph.store import load_graph as store_graph

    store_graph(graph, neo4j_db)
    options = ["--uri", neo4j_db.uri, "--user", neo4j_db.user]
    if neo4j_db.database:
        options += ["--database", neo4j_db.database]
    result = run_cli("gaps", "--from-neo4j", *options, "--as-of", "2026-06-30", "--format",
                     "json", env={"NEO4J_PASSWORD": neo4j_db.password})
    assert result.returncode == 0, result.stderr
    expected = [g.to_dict() for g in find_gaps(graph, as_of=AS_OF)]
    assert json.loads(result.stdout) == expected


def test_gaps_frame_has_one_row_per_gap(graph: nx.MultiDiGraph) -> None:
    """The pandas table holds every gap, columns in output order, dates as dates."""
    from hlmgraph.gaps import GAP_COLUMNS, gaps_frame

    gaps = find_gaps(graph, as_of=AS_OF)
    frame = gaps_frame(gaps)
    assert list(frame.columns) == list(GAP_COLUMNS)
    assert frame["message"].tolist() == [g.message for g in gaps]
    assert frame["end"].dropna().tolist() == [g.end for g in gaps if g.end]
    assert gaps_frame([]).empty
