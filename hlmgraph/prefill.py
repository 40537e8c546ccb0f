"""Prefill step: dataset rows taken from the shipped COG 2026 and the ANCT contrats de ville.

Used by ``init --territory`` and ``import anct``: the territories of an area with
their parents (EPT in Île-de-France, a grouping over several départements under the
département of most of its communes), and the contrats de ville 2024-2030 with their
coverage and their porteur as a collectivité signing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hlmgraph import cog, fr
from hlmgraph.schema import TABLES

Rows = list[dict[str, str]]
CV_START, CV_END = "2024-01-01", "2030-12-31"
"""Term given to the contrats de ville 2024-2030 (« Engagements Quartiers 2030 »)."""
ANCT_SOURCE = "ANCT, contrats de ville 2024-2030 (Licence Ouverte 2.0)"
COG_SOURCE = "COG 2026 (Insee, découpage administratif Etalab) et ANCT (Licence Ouverte)"
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("type_reason",),
    "parties": ("posts", "amount_eur"),
}
"""Columns added to the format's own: why an actor has its type; an employer's posts."""


@dataclass
class Tables:
    """Dataset rows being assembled, keyed so that a row is never written twice."""

    actors: dict[str, dict[str, str]] = field(default_factory=dict)
    contracts: dict[str, dict[str, str]] = field(default_factory=dict)
    parties: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    coverage: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    presence: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def add_actor(self, row: dict[str, str]) -> None:
        """Add an actor; a second row for the same id fills the empty cells, adds its source."""
        current = self.actors.setdefault(row["id"], dict(row))
        for key, value in row.items():
            if value and not current.get(key):
                current[key] = value
        if row.get("source") and row["source"] not in current["source"].split(" ; "):
            current["source"] += " ; " + row["source"]

    def add_party(self, contract: str, actor: str, role: str, **extra: str) -> None:
        """Add a party (the first role given wins); extra columns fill the empty cells."""
        current = self.parties.setdefault((contract, actor), {
            "contract": contract, "actor": actor, "role": role})
        for key, value in extra.items():
            if value and not current.get(key):
                current[key] = value

    def add_presence(self, actor: str, territory: str) -> None:
        """Add a presence row."""
        self.presence.setdefault((actor, territory), {"actor": actor, "territory": territory})

    def as_rows(self, territories: Rows) -> dict[str, Rows]:
        """Every table of the format as sorted rows (memberships empty)."""
        return {
            "actors": [self.actors[k] for k in sorted(self.actors)],
            "territories": territories,
            "contracts": [self.contracts[k] for k in sorted(self.contracts)],
            "parties": [self.parties[k] for k in sorted(self.parties)],
            "coverage": [self.coverage[k] for k in sorted(self.coverage)],
            "presence": [self.presence[k] for k in sorted(self.presence)],
            "memberships": [],
        }


def columns(table: str) -> list[str]:
    """The columns written for a table: the format's, then the prefill's extra ones."""
    return [c.name for c in TABLES[table]] + list(EXTRA_COLUMNS.get(table, ()))


def contract_tables(codes: list[str], source: str) -> Tables:
    """The contrats de ville of ``codes`` (ANCT list) with coverage, porteur and its presence."""
    tables = Tables()
    for code in codes:
        cv = cog.contract(code)
        if cv is None:
            continue
        tables.contracts[code] = {
            "id": code, "name": f"Contrat de ville 2024-2030 – {cv['name']}",
            "kind": "contrat_de_ville", "start": CV_START, "end": CV_END, "source": source}
        for territory in cog.coverage(cv):
            tables.coverage[(code, territory)] = {"contract": code, "territory": territory}
        porteur = _porteur(cv)
        if porteur is not None:
            tables.add_actor(porteur)
            tables.add_party(code, porteur["id"], "signataire")
            tables.add_presence(porteur["id"], porteur["territory"])
    return tables


def _porteur(cv: dict[str, str]) -> dict[str, str] | None:
    """The collectivité carrying a contrat de ville (EPCI, EPT or commune), with its SIREN."""
    carrier = cog.territory(cog.carrier(cv))
    if carrier is None or not carrier.get("siren"):
        return None
    if carrier["level"] == "commune":
        name, subtype = commune_name(carrier), "commune"
    else:
        name, subtype = carrier["name"], "epci"
    return {"id": carrier["siren"], "name": name, "type": "collectivite", "subtype": subtype,
            "siren": carrier["siren"], "territory": carrier["id"], "source": COG_SOURCE,
            "type_reason": "porteur du contrat de ville (liste ANCT)"}


def commune_name(commune: dict[str, str]) -> str:
    """« Commune de Laon », « Commune du Havre » (article from the COG's type de nom)."""
    return f"Commune {fr.of_place(commune['name'], commune.get('liaison') or 0)}"


def territory_rows(touched: set[str], within: str | None = None) -> Rows:
    """Territory rows: ``touched``, the communes of touched EPCI and EPT, all of ``within``,
    and every parent of those, sorted by id."""
    ids = {t for t in touched if cog.territory(t) is not None}
    for tid in list(ids):
        ids.update(cog.members(tid))
    if within:
        ids.update(cog.within(within))
    for tid in list(ids):
        ids.update(cog.enclosing(tid))
    rows = []
    for tid in sorted(ids):
        row = cog.territory(tid) or {}
        rows.append({"id": tid, "name": row.get("name", ""), "level": row.get("level", ""),
                     "code": row.get("code", ""), "parent": cog.dataset_parent(tid),
                     "population": row.get("population", "")})
    return rows


def carriers_for(territory: str) -> set[str]:
    """Territories whose contrats de ville concern ``territory``: the ones it encloses and the
    EPCI or EPT enclosing it (a commune's contract is often its EPCI's)."""
    return set(cog.within(territory)) | {t for t in cog.enclosing(territory)
                                         if t.startswith("epci:")}


def contracts_for(territory: str) -> list[str]:
    """Codes of the contrats de ville carried in or around ``territory`` (``carriers_for``)."""
    carriers = carriers_for(territory)
    return sorted(cv["code_cv"] for cv in cog.geography().contracts
                  if cog.carrier(cv) in carriers)


def prefill_tables(territory: str) -> dict[str, Rows]:
    """The territories within ``territory`` and the contrats de ville that concern it."""
    tables = contract_tables(contracts_for(territory), ANCT_SOURCE)
    touched = {row["territory"] for row in tables.coverage.values()}
    return tables.as_rows(territory_rows(touched, within=territory))
