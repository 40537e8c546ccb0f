"""init --territory: templates pre-filled with the COG territories and contrats de ville."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hlmgraph import cog, schema
from hlmgraph.errors import UsageError
from hlmgraph.pipeline import load_dataset
from hlmgraph.templates import write_templates


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    """Rows of one template file (BOM, `;`, French headers), keyed by the format's column names."""
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [{schema.column_name(name, k) or k: v for k, v in row.items()} for row in rows]


def test_region_prefilled_and_valid(tmp_path: Path) -> None:
    """Every territory of the région with its parents; its contrats de ville with porteurs."""
    write_templates(tmp_path, territory="region:32")
    dataset = load_dataset(tmp_path)
    ids = {r["id"] for r in _table(tmp_path, "territories")}
    inside = set(cog.within("region:32"))
    assert inside | {p for t in inside for p in cog.enclosing(t)} <= ids
    covered = {r["territory"] for r in _table(tmp_path, "coverage")}
    around = {m for t in covered for m in cog.members(t)} | covered
    assert all(t in inside or t in around or any(t in cog.enclosing(a) for a in around)
               for t in ids)
    contracts = {r["id"] for r in _table(tmp_path, "contracts")}
    carried = {cv["code_cv"] for cv in cog.geography().contracts if cog.carrier(cv) in inside}
    assert contracts == carried and carried
    signing = {(p["contract"], p["actor"]) for p in _table(tmp_path, "parties")}
    for code in carried:
        carrier = cog.territory(cog.carrier(cog.contract(code) or {})) or {}
        assert (code, carrier["siren"]) in signing
    assert len(dataset.rows("actors")) == len({a for _, a in signing})


def test_ile_de_france_has_its_ept_in_a_workbook(tmp_path: Path) -> None:
    """The workbook variant: EPT as EPCI level, their communes under them; it validates."""
    (path,) = write_templates(tmp_path, xlsx=True, territory="region:11")
    dataset = load_dataset(path)
    rows = {r["id"]: r for r in dataset.rows("territories")}
    ept = [t for t in rows if (cog.territory(t) or {}).get("kind") == "EPT"]
    assert len(ept) == 11
    under = [t for t, r in rows.items() if r.get("parent") in ept]
    assert under and all(rows[t]["level"] == "commune" for t in under)
    assert rows["commune:75056"]["parent"] == "departement:75"


def test_unknown_territory_is_a_usage_error(tmp_path: Path) -> None:
    """A territory id the COG does not know: usage error, nothing written."""
    with pytest.raises(UsageError):
        write_templates(tmp_path / "x", territory="region:99")
    assert not (tmp_path / "x").exists()


def test_commune_gets_the_contract_of_its_epci(tmp_path: Path) -> None:
    """A commune's templates carry the contrat de ville of the EPCI that contains it."""
    write_templates(tmp_path, territory="commune:59350")
    load_dataset(tmp_path)
    contracts = {r["id"] for r in _table(tmp_path, "contracts")}
    epci = cog.dataset_parent("commune:59350")
    expected = {cv["code_cv"] for cv in cog.geography().contracts if cog.carrier(cv) == epci}
    assert expected and contracts == expected
