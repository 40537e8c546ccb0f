"""hlmgraph import anct: ANCT posts files (real extracts in tests/data/anct) into a dataset."""

from __future__ import annotations

import codecs
import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from hlmgraph import cog
from hlmgraph.anct import import_anct
from hlmgraph.anct.employers import classify
from hlmgraph.errors import DatasetError, OutputError, UsageError
from hlmgraph.names import normalise
from hlmgraph.pipeline import load_dataset

DATA = Path(__file__).parent / "data" / "anct"
AR_2024 = DATA / "anct_adultes_relais_2024.csv"
AR_2025 = DATA / "anct_adultes_relais_2025.csv"
FONJEP_2025 = DATA / "anct_postes_fonjep_2025.csv"


def _raw(path: Path) -> list[dict[str, str]]:
    """Rows of a posts file as published."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    """Rows of one written table (people's CSV: BOM, `;`)."""
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_adultes_relais_become_a_valid_dataset(tmp_path: Path) -> None:
    """Employers by SIREN, their posts as parties to the contrats de ville, and it validates."""
    out = tmp_path / "ar"
    summary = import_anct([AR_2025], out)
    dataset = load_dataset(out)
    raw = _raw(AR_2025)
    sirens = {r["code_tiers"][:9] for r in raw}
    actors = {r["id"]: r for r in _table(out, "actors")}
    assert sirens <= set(actors)
    parties = _table(out, "parties")
    posts = {(r["code_cv"], r["code_tiers"][:9], r["id_poste"]) for r in raw}
    beneficiaries = [p for p in parties if p["posts"]]
    assert sum(int(p["posts"]) for p in beneficiaries) == len(posts)
    assert {p["role"] for p in beneficiaries} <= {"beneficiaire", "signataire"}
    for row in _table(out, "contracts"):
        assert cog.contract(row["id"]) is not None and row["kind"] == "contrat_de_ville"
    assert summary.files[0].kept + summary.files[0].duplicates == len(raw)
    assert sum(summary.by_type.values()) == len(sirens)
    for siren in sirens:
        assert "adultes-relais 2025 (anct_adultes_relais_2025.csv)" in actors[siren]["source"]
        assert actors[siren]["type_reason"]
    assert len(dataset.rows("actors")) == len(actors)


def test_porteurs_sign_and_territories_close_upwards(tmp_path: Path) -> None:
    """Each contrat de ville covers its carrier, signed by it; every parent is in the file."""
    out = tmp_path / "ar"
    import_anct([AR_2025], out)
    territories = {r["id"]: r for r in _table(out, "territories")}
    assert all(not r["parent"] or r["parent"] in territories for r in territories.values())
    parties = {(p["contract"], p["actor"]): p["role"] for p in _table(out, "parties")}
    coverage = {(c["contract"], c["territory"]) for c in _table(out, "coverage")}
    for row in _table(out, "contracts"):
        carrier = cog.territory(cog.carrier(cog.contract(row["id"]) or {}))
        assert carrier is not None and (row["id"], carrier["id"]) in coverage
        assert parties[(row["id"], carrier["siren"])] == "signataire"
        assert set(cog.members(carrier["id"])) <= set(territories)


def test_files_merge_by_siren_and_name(tmp_path: Path) -> None:
    """FONJEP rows without SIRET take the SIREN of a same-name employer of the département."""
    out = tmp_path / "both"
    summary = import_anct([AR_2025, FONJEP_2025], out)
    ar = {(normalise(r["raison_sociale"]), r["insee_dep"]): r["code_tiers"][:9]
          for r in _raw(AR_2025)}
    fonjep = _raw(FONJEP_2025)
    matched = {ar[(normalise(r["raison_sociale"]), r["insee_dep"])] for r in fonjep
               if (normalise(r["raison_sociale"]), r["insee_dep"]) in ar and r["code_cv"]}
    assert matched
    actors = {r["id"]: r for r in _table(out, "actors")}
    for siren in matched:
        assert "FONJEP 2025" in actors[siren]["source"] and "adultes-relais" in actors[siren]["source"]
    no_code = sum(1 for r in fonjep if not r["code_cv"])
    assert no_code and summary.files[1].no_code == no_code
    assert summary.matched_by_name >= len(matched)
    load_dataset(out)


def test_unknown_codes_are_counted_not_dropped_silently(tmp_path: Path) -> None:
    """A code absent from the ANCT list is counted with its rows."""
    rows = _raw(AR_2025)
    rows[0]["code_cv"], rows[1]["code_cv"] = "CN99999Z", "CN99999Z"
    source = tmp_path / "ar.csv"
    _write(source, rows, ",", "utf-8")
    summary = import_anct([source], tmp_path / "out")
    assert summary.files[0].unknown == Counter({"CN99999Z": 2})


def test_json_and_csv_variants_give_the_same_dataset(tmp_path: Path) -> None:
    """Ci.Ville JSON, and CSV in Windows-1252 with `;`, import exactly like the published CSV."""
    import_anct([FONJEP_2025], tmp_path / "csv")
    rows = _raw(FONJEP_2025)
    records = [{k: (int(v) if k in ("montant", "annee") else v) for k, v in r.items()
                if v or k != "code_cv"} for r in rows]
    (tmp_path / "postes-fonjep-2025.json").write_text(json.dumps(records), encoding="utf-8")
    import_anct([tmp_path / "postes-fonjep-2025.json"], tmp_path / "json")
    variant = tmp_path / "fonjep_2025_excel.csv"
    _write(variant, rows, ";", "cp1252", upper=True)
    import_anct([variant], tmp_path / "excel")
    expected = _files(tmp_path / "csv")
    for folder in ("json", "excel"):
        got = _files(tmp_path / folder)
        assert got.keys() == expected.keys()
        for name in got:
            if name != "actors.csv":
                assert got[name] == expected[name], (folder, name)
        assert [r["id"] for r in _table(tmp_path / folder, "actors")] == [
            r["id"] for r in _table(tmp_path / "csv", "actors")]


def test_wrong_columns_name_what_is_missing_and_write_nothing(tmp_path: Path) -> None:
    """A file that is not an ANCT posts file: each missing column named, nothing written."""
    source = tmp_path / "autre.csv"
    source.write_text("id;nom;montant\n1;Régie;12\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        import_anct([AR_2025, source], tmp_path / "out")
    lines = [issue.format() for issue in caught.value.report.issues]
    for column in ("id_poste", "raison_sociale", "annee", "code_cv", "insee_dep"):
        assert any(line.startswith(f"autre.csv:1:{column}: ") for line in lines), lines
    assert not any("montant" in line.split(":")[2] for line in lines)
    assert not (tmp_path / "out").exists()


def test_existing_output_is_left_untouched_without_force(tmp_path: Path) -> None:
    """An existing --out: refused and unchanged; with force, replaced."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "actors.csv").write_text("id;name;type\n", encoding="utf-8")
    before = _files(out)
    with pytest.raises(OutputError):
        import_anct([AR_2025], out)
    assert _files(out) == before
    import_anct([AR_2025], out, force=True)
    assert _files(out) != before
    load_dataset(out)


def test_output_is_deterministic(tmp_path: Path) -> None:
    """Same files, byte-identical dataset."""
    import_anct([AR_2024, FONJEP_2025], tmp_path / "a")
    import_anct([AR_2024, FONJEP_2025], tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_territory_keeps_only_contracts_carried_inside(tmp_path: Path) -> None:
    """--territory departement:80: posts of contrats carried elsewhere are counted outside."""
    out = tmp_path / "somme"
    summary = import_anct([AR_2025], out, territory="departement:80")
    inside = set(cog.within("departement:80"))
    raw = _raw(AR_2025)
    expected_outside = sum(1 for r in raw if cog.carrier(cog.contract(r["code_cv"]) or {})
                           not in inside)
    assert expected_outside and summary.files[0].outside == expected_outside
    assert all(cog.carrier(cog.contract(r["id"]) or {}) in inside
               for r in _table(out, "contracts"))
    territories = {r["id"] for r in _table(out, "territories")}
    assert inside <= territories
    with pytest.raises(UsageError):
        import_anct([AR_2025], tmp_path / "x", territory="departement:999")


@pytest.mark.parametrize(("name", "siren", "expected", "uncertain"), [
    ("REGIE DE QUARTIER DU PUY EN VELAY", "", "regie", False),
    ("OPH DE NANCY", "", "bailleur", False),
    ("ARDECHE HABITAT", "", "bailleur", False),
    ("ASSOCIATION POUR LE LOGEMENT DES JEUNES", "", "bailleur", True),
    ("MISSION LOCALE DU DOUAISIS", "", "mission_locale", False),
    ("PLIE DU CALAISIS", "", "plie", False),
    ("CENTRE SOCIAL ET CULTUREL PAPIN", "", "centre_social", False),
    ("CTRE COM ACTION SOCIALE DE SAUMUR", "", "collectivite", False),
    ("COMMUNAUTE D AGGLOMERATION DU DOUAISIS", "", "collectivite", False),
    ("DAHLIR", "752186221", "association", False),
    ("COLLEGE JULES VALLES", "194211769", "association", True),
])
def test_employer_types_from_names(name: str, siren: str, expected: str, uncertain: bool) -> None:
    """Type from the name's words, with a reason; doubtful names flagged."""
    typing = classify(name, siren)
    assert (typing.type, typing.uncertain) == (expected, uncertain)
    assert typing.reason


def test_commune_employer_recognised_by_its_siren() -> None:
    """A commune's SIREN gives a collectivité with the COG name and territory."""
    laon = cog.territory("commune:02408")
    assert laon is not None
    typing = classify("COMMUNE DE LAON", laon["siren"])
    assert (typing.type, typing.subtype, typing.territory) == ("collectivite", "commune",
                                                               "commune:02408")
    assert typing.name == "Commune de Laon"


def _write(path: Path, rows: list[dict[str, str]], delimiter: str, encoding: str,
           upper: bool = False) -> None:
    """Write posts rows as CSV (header in upper case when ``upper``, BOM for UTF-8)."""
    fields = list(rows[0])
    with open(path, "w", encoding=encoding, newline="") as handle:
        if encoding == "utf-8":
            handle.write(codecs.BOM_UTF8.decode("utf-8"))
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([f.upper() if upper else f for f in fields])
        writer.writerows([[r[f] for f in fields] for r in rows])
