"""validate: reference checks (COG 2026, ANCT list) and data-quality warnings; --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from hlmgraph import cog
from hlmgraph.anct import import_anct
from hlmgraph.validate import check_dataset

DATA = Path(__file__).parent / "data" / "anct"

ACTORS = """id,name,type,siren,territory
bailleur-a,Office Habitat du Nord,bailleur,,departement:59
bailleur-b,OFFICE HABITAT DU NORD,bailleur,,departement:59
regie-1,Régie de quartier Sud,regie,732829320,commune:59350
regie-2,Régie du Sud,regie,732829320,commune:59350
isolee,Association sans lieu,association,,
loin,Association de Marseille,association,,commune:13055
"""
TERRITORIES = """id,name,level,code,parent,population
region:32,Hauts-de-France,region,32,,
departement:59,Nord,departement,59,region:32,
epci:200093201,Métropole Européenne de Lille,epci,200093201,departement:59,
commune:59350,Lille,commune,59350,epci:200093201,1000
commune:59998,Nulle part,commune,59998,epci:200093201,
commune:80021,Amiens,commune,80021,departement:59,
commune:13055,Marseille,commune,13055,,
"""
CONTRACTS = """id,name,kind,start,end
CN05901I,Contrat de ville de Lille,contrat_de_ville,2024-01-01,2030-12-31
CN99999Z,Contrat de ville inconnu,contrat_de_ville,2024-01-01,2030-12-31
cdv-CN05901I,Copie,contrat_de_ville,2024-01-01,2030-12-31
prestation-1,Prestation,prestation,2024-01-01,2026-12-31
"""
PARTIES = """contract,actor,role
CN05901I,bailleur-a,signataire
CN05901I,loin,beneficiaire
CN99999Z,regie-1,signataire
cdv-CN05901I,regie-1,signataire
"""
COVERAGE = """contract,territory
CN05901I,epci:200093201
CN99999Z,commune:59350
"""
PRESENCE = """actor,territory,dwellings
bailleur-a,commune:59350,5000
"""


@pytest.fixture()
def dataset(tmp_path: Path) -> Path:
    """A small dataset with one of each warning."""
    for name, text in (("actors", ACTORS), ("territories", TERRITORIES),
                       ("contracts", CONTRACTS), ("parties", PARTIES),
                       ("coverage", COVERAGE), ("presence", PRESENCE)):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def _codes(path: Path) -> set[tuple[str, int | None, str, str]]:
    """(file, line, column, code) of every warning."""
    result = check_dataset(path)
    assert result.report.valid
    return {(w.file, w.line, w.column, w.code) for w in result.warnings}


def test_reference_warnings(dataset: Path) -> None:
    """Unknown COG code, parent contradicting the COG, unknown ANCT code; known ones pass."""
    codes = _codes(dataset)
    assert ("territories.csv", 6, "id", "unknown-cog-code") in codes
    assert ("territories.csv", 7, "parent", "cog-parent") in codes
    assert ("contracts.csv", 3, "id", "unknown-cv-code") in codes
    references = {c for c in codes if c[3] in ("unknown-cog-code", "cog-parent", "unknown-cv-code")}
    assert len(references) == 3
    assert cog.contract("CN05901I") is not None


def test_quality_warnings(dataset: Path) -> None:
    """Same SIREN, close names, no place, bare contract, too many dwellings, party elsewhere."""
    codes = _codes(dataset)
    expected = {
        ("actors.csv", 5, "siren", "same-siren"),
        ("actors.csv", 3, "name", "close-names"),
        ("actors.csv", 6, "territory", "placeless-actor"),
        ("contracts.csv", 5, "id", "contract-without-party"),
        ("contracts.csv", 5, "id", "contract-without-coverage"),
        ("contracts.csv", 4, "id", "contract-without-coverage"),
        ("presence.csv", 2, "dwellings", "implausible-dwellings"),
        ("parties.csv", 3, "actor", "party-elsewhere"),
    }
    assert {c for c in codes if c[3] not in ("unknown-cog-code", "cog-parent",
                                             "unknown-cv-code")} == expected


def test_warning_lines_and_strict(dataset: Path) -> None:
    """Warnings print as file:line:column: avertissement : …; --strict makes them errors."""
    result = check_dataset(dataset)
    lines = [w.format() for w in result.warnings]
    assert "territories.csv:6:id: avertissement : code « 59998 »" in "\n".join(lines)
    strict = check_dataset(dataset, strict=True)
    assert not strict.report.valid
    assert len(strict.report.issues) == len(result.warnings)


def test_an_import_has_no_reference_warning(tmp_path: Path) -> None:
    """What import anct writes passes its own reference checks."""
    import_anct([DATA / "anct_adultes_relais_2025.csv"], tmp_path / "ar")
    result = check_dataset(tmp_path / "ar")
    assert result.report.valid
    assert not [w for w in result.warnings
                if w.code in ("unknown-cog-code", "cog-parent", "unknown-cv-code",
                              "party-elsewhere", "contract-without-party",
                              "contract-without-coverage", "placeless-actor")]
