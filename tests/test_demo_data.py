"""Tests of the demo dataset shipped in hlmgraph/data/demo (size, content, designed gaps)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from stdnum.fr import siren

from hlmgraph import schema

AS_OF = dt.date(2026, 11, 23)
EXTRA_COLUMNS = {"territories": ["source", "note"], "contracts": ["code_cv"]}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.IGNORECASE)
SEED_PEOPLE = ("vidal", "ruin", "gallard", "mouhaddab")
"""Surnames of people quoted in the seed articles: they must not reach the data."""
REAL_CV_CODES = {"CN07501I", "CN05911M", "CN06904M", "CN04201M", "CN01303M", "CN08401M"}


def _read(demo_path: Path, table: str) -> list[dict[str, str]]:
    """Rows of one demo CSV file as text."""
    with open(demo_path / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(demo_path: Path, table: str) -> list[str]:
    """Header line of one demo CSV file."""
    with open(demo_path / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_columns_are_the_spec_columns_plus_known_extras(demo_path: Path, table: str) -> None:
    """Every file has exactly the spec columns, in order, plus the documented extras."""
    expected = [c.name for c in schema.TABLES[table]] + EXTRA_COLUMNS.get(table, [])
    assert _header(demo_path, table) == expected


def test_no_personal_data(demo_path: Path) -> None:
    """No personal column, e-mail address or person named by the seeds in the demo."""
    for table in schema.TABLES:
        header = {h.lower() for h in _header(demo_path, table)}
        assert not header & set(schema.PERSONAL_COLUMNS)
        text = (demo_path / f"{table}.csv").read_text(encoding="utf-8")
        assert not EMAIL.search(text)
        assert not any(re.search(rf"\b{name}\b", text.lower()) for name in SEED_PEOPLE)
        assert "\r" not in text


def test_size(demo_path: Path) -> None:
    """The demo is big enough to show a network: 60+ actors, 40+ contracts."""
    actors = _read(demo_path, "actors")
    assert len(actors) >= 60
    assert len(_read(demo_path, "contracts")) >= 40
    types = Counter(a["type"] for a in actors)
    assert set(types) == set(schema.ACTOR_TYPES)
    assert types["bailleur"] >= 10
    assert types["regie"] >= 5
    assert len(_read(demo_path, "memberships")) >= 30


def test_several_regions_with_real_cog_codes(demo_path: Path) -> None:
    """Four real régions; every territory id is <level>:<code>."""
    territories = _read(demo_path, "territories")
    regions = {t["code"]: t["name"] for t in territories if t["level"] == "region"}
    assert regions == {
        "11": "Île-de-France",
        "32": "Hauts-de-France",
        "84": "Auvergne-Rhône-Alpes",
        "93": "Provence-Alpes-Côte d'Azur",
    }
    for territory in territories:
        assert territory["id"] == f"{territory['level']}:{territory['code']}"
        assert territory["source"]
    levels = Counter(t["level"] for t in territories)
    assert levels["qpv"] >= 10 and levels["commune"] >= 8 and levels["epci"] >= 6


def test_qpv_are_marked_fictional(demo_path: Path) -> None:
    """QPV codes have the QN form and are flagged as invented."""
    for territory in _read(demo_path, "territories"):
        if territory["level"] == "qpv":
            assert re.fullmatch(r"QN\d{5}[A-Z]", territory["code"])
            assert territory["source"].startswith("fictif (démo)")
            assert "(fictif" in territory["name"]
        else:
            assert "COG 2026" in territory["source"]


def test_sirens_pass_luhn(demo_path: Path) -> None:
    """Every SIREN given is valid; collectivités carry theirs."""
    actors = _read(demo_path, "actors")
    given = [a for a in actors if a["siren"]]
    assert len(given) >= 10
    for actor in given:
        assert siren.is_valid(actor["siren"]), actor["id"]
        assert actor["type"] == "collectivite"
        assert "COG 2026" in actor["source"]


def test_every_actor_says_where_it_comes_from(demo_path: Path) -> None:
    """Real organisations name their source; invented ones say so."""
    actors = {a["id"]: a for a in _read(demo_path, "actors")}
    assert all(a["source"] for a in actors.values())
    for real in ("ush", "fnar", "mouvement-regies", "regie-paris19", "urh-hdf", "irev",
                 "aura-hlm", "arhlm-paca", "action-logement", "anru"):
        assert "seed" in actors[real]["source"]
    fictional = [a for a in actors.values() if a["source"] == "fictif (démo)"]
    assert {a["type"] for a in fictional} >= {"bailleur", "regie", "plie", "mission_locale"}
    assert all(a["type"] != "bailleur" or a in fictional for a in actors.values())


def test_contracts(demo_path: Path) -> None:
    """ISO dates, real contrat de ville codes, the USH–Mouvement des Régies convention."""
    contracts = {c["id"]: c for c in _read(demo_path, "contracts")}
    for contract in contracts.values():
        for column in ("start", "end"):
            if contract[column]:
                dt.date.fromisoformat(contract[column])
        if contract["start"] and contract["end"]:
            assert contract["start"] <= contract["end"]
    kinds = Counter(c["kind"] for c in contracts.values())
    assert set(kinds) == set(schema.KINDS)
    cv = {c["code_cv"] for c in contracts.values() if c["kind"] == "contrat_de_ville"}
    assert cv == REAL_CV_CODES
    assert contracts["conv-ush-regies-2024"]["start"] == "2024-06-18"
    assert sum(1 for c in contracts.values() if c["amount_eur"]) >= 15


def test_bailleurs_housed_in_qpv(demo_path: Path) -> None:
    """Bailleurs have dwellings in QPV; régies belong to the Mouvement (but the designed case)."""
    actors = {a["id"]: a for a in _read(demo_path, "actors")}
    housed = [
        p for p in _read(demo_path, "presence")
        if p["territory"].startswith("qpv:") and p["dwellings"]
    ]
    assert len(housed) >= 15
    assert all(actors[p["actor"]]["type"] == "bailleur" for p in housed)
    members = {(m["member"], m["organisation"]) for m in _read(demo_path, "memberships")}
    for actor in actors.values():
        if actor["type"] == "regie":
            assert ((actor["id"], "mouvement-regies") in members) is (actor["id"] != "r-tisserands")
    assert ("fed-oph", "ush") in members and ("urh-hdf", "irev") in members


def test_demo_validates(demo_path: Path) -> None:
    """The reader loads the demo without any issue."""
    from hlmgraph.pipeline import load_dataset

    dataset = load_dataset(demo_path)
    assert len(dataset.rows("actors")) == len(_read(demo_path, "actors"))
    assert len(dataset.rows("parties")) == len(_read(demo_path, "parties"))


def test_designed_gaps(demo_graph) -> None:  # type: ignore[no-untyped-def]
    """The default rules find exactly the gaps and alerts the demo was built to show (README.md)."""
    from hlmgraph.gaps import find_gaps

    found = [(g.priority, g.rule, g.territory, g.actors[0], g.contract)
             for g in find_gaps(demo_graph, as_of=AS_OF)]
    assert found == [
        (1, "npnru-insertion", "qpv:QN08491M", "action-logement", "npnru-avignon"),
        (1, "npnru-insertion", "qpv:QN01392M", "action-logement", "npnru-aix"),
        (1, "contrat-de-ville", "qpv:QN01392M", "b-sem-pinedes", ""),
        (1, "tfpb-sans-contrat-de-ville", "qpv:QN01392M", "b-sem-pinedes", "tfpb-aix"),
        (2, "echeance", "commune:42187", "action-logement", "acv-roanne"),
        (2, "echeance", "departement:42", "b-foyer-forez", "cus-foyer-forez"),
        (2, "non-renouvele", "qpv:QN06991M", "b-rhone-abri", "prest-balmes-chantier"),
        (2, "echeance", "qpv:QN05992M", "b-toits-nord", "prest-roubaix-travaux"),
        (2, "echeance", "qpv:QN08492M", "asso-energie", "part-oliviers-energie"),
        (2, "abattement-tfpb", "qpv:QN04291M", "b-foyer-forez", ""),
        (2, "echeance", "qpv:QN07592M", "b-canal-ourcq", "prest-paris-buttes"),
        (2, "regie-bailleur", "qpv:QN05991M", "b-logis-beffrois", ""),
        (2, "regie-bailleur", "qpv:QN07592M", "b-seine-solidaire", ""),
        (2, "abattement-tfpb", "qpv:QN05993M", "b-toits-nord", ""),
        (2, "regie-bailleur", "qpv:QN08492M", "b-mistral", ""),
        (2, "insertion", "qpv:QN01391M", "r-etang", ""),
        (2, "insertion", "qpv:QN05993M", "r-tisserands", ""),
        (3, "bailleur-ar", "commune:13001", "b-sem-pinedes", ""),
        (3, "qpv-sans-regie", "qpv:QN01392M", "b-mistral", ""),
        (3, "qpv-sans-regie", "qpv:QN04291M", "b-foyer-forez", ""),
        (3, "regie-mouvement", "commune:59599", "r-tisserands", ""),
    ]


def test_readme_table_lists_every_designed_finding(demo_graph, demo_path) -> None:  # type: ignore[no-untyped-def]
    """The demo README has one table row per finding, with its rule, in the same order."""
    from hlmgraph.gaps import find_gaps, load_rules

    text = (demo_path / "README.md").read_text(encoding="utf-8")
    table = text.split("## Ce que trouvent les règles", 1)[1].split("## ", 1)[0]
    rules = [line.split("|")[2].strip().split()[0].strip("`")
             for line in table.splitlines() if line.startswith("| ") and "`" in line]
    assert rules == [g.rule for g in find_gaps(demo_graph, as_of=AS_OF)]
    traps = text.split("## Les pièges", 1)[1].split("## ", 1)[0]
    assert {line.split("`")[1] for line in traps.splitlines() if line.startswith("| `")} == {
        r.id for r in load_rules()}
    assert "Données en partie fictives" in text

