"""Report step: what ends when: the alerts to act on and the échéancier of framework contracts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hlmgraph import fr
from hlmgraph.model import in_force, nodes_of
from hlmgraph.report.records import ReportData, Table
from hlmgraph.report.text import territory_title

HORIZON_YEAR = 2030
"""Last year drawn in the échéancier (the contrats de ville run to 2030)."""
SCHEDULE_KINDS: tuple[str, ...] = ("contrat_de_ville", "npnru", "cus", "abattement_tfpb")
"""Contract kinds of the échéancier: contrats de ville, NPNRU, CUS, TFPB conventions."""
LATER = "après"
"""Bucket of the contracts ending after the horizon year."""
OPEN = "sans fin"
"""Bucket of the contracts with no end date."""


def alerts(data: ReportData) -> Table:
    """Contracts the alert rules flag (ending soon, no successor), soonest first."""
    G = data.graph
    found = sorted(data.alerts, key=lambda g: (g.end or data.as_of, g.contract))
    rows = [
        {
            "Contrat": g.contract_name or g.contract,
            "Nature": fr.kind_label(str(G.nodes[g.contract].get("kind", ""))) if g.contract in G else "",
            "Fin": g.end,
            "Jours restants": (g.end - data.as_of).days if g.end else None,
            "Parties": fr.names(list(g.actor_names), 3),
        }
        for g in found
    ]
    return Table("Échéances", ["Contrat", "Nature", "Fin", "Jours restants", "Parties"], rows)


def schedule(data: ReportData) -> Table:
    """Framework contracts and TFPB conventions in force, by end date (the échéancier)."""
    G = data.graph
    rows = []
    for contract in nodes_of(G, "Contract"):
        attrs = G.nodes[contract]
        if attrs.get("kind") not in SCHEDULE_KINDS or not in_force(attrs, data.as_of):
            continue
        covered = sorted(v for _, v, t in G.out_edges(contract, data="type") if t == "COVERS")
        parties = [u for u, _, t in G.in_edges(contract, data="type") if t == "PARTY_TO"]
        rows.append({
            "Nature": fr.kind_label(str(attrs["kind"])),
            "Contrat": str(attrs.get("name") or contract),
            "Début": attrs.get("start"),
            "Fin": attrs.get("end"),
            "Territoire couvert": fr.names([territory_title(G, t) for t in covered], 2),
            "Parties": len(parties),
        })
    rows.sort(key=lambda r: (r["Fin"] or dt.date.max, SCHEDULE_LABELS.index(r["Nature"]), r["Contrat"]))
    return Table("Échéancier", ["Nature", "Contrat", "Début", "Fin", "Territoire couvert", "Parties"], rows)


SCHEDULE_LABELS: list[str] = [fr.kind_label(kind) for kind in SCHEDULE_KINDS]
"""French labels of the échéancier kinds, in drawing order."""


def year_buckets(data: ReportData) -> list[str]:
    """Columns of the échéancier chart: each year from the as-of year to 2030, then later, open."""
    first = min(data.as_of.year, HORIZON_YEAR)
    return [*(str(y) for y in range(first, HORIZON_YEAR + 1)), LATER, OPEN]


def ends_by_year(table: Table, buckets: list[str]) -> dict[str, Counter[str]]:
    """Contracts of the échéancier counted by end bucket and kind label."""
    counts: dict[str, Counter[str]] = {bucket: Counter() for bucket in buckets}
    for row in table.rows:
        end = row["Fin"]
        bucket = OPEN if end is None else str(end.year) if str(end.year) in counts else LATER
        if bucket not in counts:  # ended before the first year: cannot be in force
            continue
        counts[bucket][row["Nature"]] += 1
    return counts
