"""The shipped COG 2026 and ANCT list: lookups and the territory tree datasets use."""

from __future__ import annotations

import pytest

from hlmgraph import cog


def _communes() -> list[str]:
    """Every shipped commune id."""
    return [t for t, row in cog.geography().territories.items() if row["level"] == "commune"]


def test_every_commune_reaches_its_own_departement_and_region() -> None:
    """Each commune's chain of dataset parents passes its own département, then its région."""
    for tid in _communes():
        row = cog.territory(tid)
        assert row is not None
        chain = cog.enclosing(tid)
        departement = f"departement:{row['departement']}"
        assert departement in chain, tid
        region = cog.territory(departement)
        assert region is not None and region["parent_id"] == chain[-1], tid


def test_commune_parent_is_its_grouping_only_inside_the_groupings_departement() -> None:
    """A commune sits under its EPT or EPCI when that grouping sits under the commune's own
    département; under the département otherwise (an EPCI over several départements)."""
    moved = 0
    for tid in _communes():
        row = cog.territory(tid) or {}
        parent = cog.dataset_parent(tid)
        if parent.startswith("epci:"):
            group = cog.territory(parent) or {}
            assert group["parent_id"] == f"departement:{row['departement']}"
            assert parent in (row["parent_id"], f"epci:{row['ept']}")
        else:
            moved += 1
            assert parent == f"departement:{row['departement']}"
    assert moved > 0


def test_ept_of_the_grand_paris() -> None:
    """Communes of an établissement public territorial sit under it; Paris under département 75."""
    ept = [t for t, r in cog.geography().territories.items() if r.get("kind") == "EPT"]
    assert ept
    for tid in ept:
        for commune in cog.members(tid):
            row = cog.territory(commune) or {}
            expected = tid if cog.territory(tid)["parent_id"] == (  # type: ignore[index]
                f"departement:{row['departement']}") else f"departement:{row['departement']}"
            assert cog.dataset_parent(commune) == expected
    assert cog.dataset_parent("commune:75056") == "departement:75"


@pytest.mark.parametrize("territory", ["region:32", "region:11", "departement:59"])
def test_within_holds_every_commune_of_the_area(territory: str) -> None:
    """``within`` a région or département: exactly the communes whose chain passes there."""
    inside = set(cog.within(territory))
    for tid in _communes():
        assert (tid in inside) == (territory in cog.enclosing(tid)), tid


def test_contract_coverage_encloses_every_commune_of_its_carrier() -> None:
    """A contrat de ville covers its carrier, plus the carrier's communes filed elsewhere."""
    for cv in cog.geography().contracts:
        covered = cog.coverage(cv)
        carrier = cog.carrier(cv)
        if not carrier:
            continue
        assert covered[0] == carrier
        for commune in cog.members(carrier):
            chain = {commune, *cog.enclosing(commune)}
            assert chain & set(covered), (cv["code_cv"], commune)


def test_lookups_by_siren_and_code() -> None:
    """SIREN → commune or EPCI; code → contrat de ville; unknown → None."""
    for cv in cog.geography().contracts[:50]:
        assert cog.contract(cv["code_cv"]) is cv
        carrier = cog.territory(cog.carrier(cv))
        if carrier and carrier.get("siren"):
            assert cog.by_siren(carrier["siren"]) is carrier
    assert cog.contract("CN99999Z") is None
    assert cog.by_siren("000000000") is None
    assert cog.territory("commune:59998") is None


def test_generate_sample_is_a_subset() -> None:
    """``communes_of`` (what generate uses) keeps only the flagged sample of each EPCI."""
    geo = cog.geography()
    assert geo.communes_of
    for epci, ids in geo.communes_of.items():
        assert all(geo.territories[c]["sample"] == "1" for c in ids)
        assert all(geo.territories[c]["parent_id"] == epci for c in ids)
