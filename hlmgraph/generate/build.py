"""Data step: build the seven input tables of a synthetic dataset, steps in a fixed order."""

from __future__ import annotations

import datetime as dt

from hlmgraph.cog import load_geography
from hlmgraph.generate import actors, contracts, deliberate, places
from hlmgraph.generate.draft import Draft, Rows
from hlmgraph.generate.scope import REFERENCE_DATE, SCOPES


def run(d: Draft) -> None:
    """Generate territories, actors, contracts and memberships in a fixed order."""
    places.sites(d)
    actors.national_actors(d)
    departements = sorted({d.dep_of(s.epci) for s in d.sites})
    for dep in departements:
        actors.departement(d, dep, [s for s in d.sites if d.dep_of(s.epci) == dep])
    actors.regional_landlords(d)
    for site in d.sites:
        actors.site_actors(d, site)
    deliberate.ensure_qpv_without_regie(d)
    for site in d.sites:
        contracts.site_contracts(d, site)
    contracts.action_coeur_de_ville(d)
    for regie, site in sorted(d.regie_sites.items()):
        contracts.iae(d, regie, site)
    deliberate.ensure_gaps(d)


def build_tables(scale: str, seed: int, as_of: dt.date = REFERENCE_DATE) -> dict[str, Rows]:
    """The seven input tables (rows as dicts, sorted) for ``scale`` and ``seed``."""
    draft = Draft(load_geography(), SCOPES[scale], seed, as_of)
    run(draft)
    return draft.tables()

