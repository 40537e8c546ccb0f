"""Validate step: data-quality warnings on a valid dataset (likely mistakes, never errors).

One SIREN on two actors; two actors whose names meet once normalised; actors with
neither presence nor territory; contracts without party or coverage; more dwellings
than inhabitants; parties present in none of the territories their contract covers;
negative amounts; an actor member of itself.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hlmgraph import fr
from hlmgraph.dataset import Dataset, Table
from hlmgraph.findings import Issue, warning
from hlmgraph.model import TerritoryTree
from hlmgraph.names import normalise

MAX_DWELLINGS = 500_000
"""Dwellings above this in one territory of unknown population are implausible."""


def check_quality(dataset: Dataset) -> list[Issue]:
    """Every data-quality warning of a valid dataset."""
    return (_same_siren(dataset) + _close_names(dataset) + _placeless(dataset)
            + _bare_contracts(dataset) + _dwellings(dataset) + _parties_elsewhere(dataset)
            + _negative_amounts(dataset) + _self_memberships(dataset))


def _rows(dataset: Dataset, name: str) -> tuple[Table, list[tuple[dict[str, Any], int]]]:
    """A table (empty when absent) and its rows with their line numbers."""
    table = dataset.tables.get(name) or Table(name, f"{name}.csv")
    return table, list(zip(table.rows, table.lines, strict=True))


def _same_siren(dataset: Dataset) -> list[Issue]:
    """Actors sharing a SIREN."""
    table, rows = _rows(dataset, "actors")
    first: dict[str, tuple[str, int]] = {}
    found = []
    for row, line in rows:
        siren = row.get("siren")
        if not siren:
            continue
        if siren in first:
            other, other_line = first[siren]
            found.append(warning("same-siren", table.source, line, "siren",
                                  f"SIREN {siren} déjà porté par l'acteur « {other} » (ligne "
                                  f"{other_line}) : une même organisation sous deux identifiants ?"))
        else:
            first[siren] = (str(row["id"]), line)
    return found


def _close_names(dataset: Dataset) -> list[Issue]:
    """Actors whose normalised names are equal (unless their SIRENs say they differ)."""
    table, rows = _rows(dataset, "actors")
    seen: dict[str, list[tuple[dict[str, Any], int]]] = defaultdict(list)
    found = []
    for row, line in rows:
        key = normalise(str(row.get("name") or ""))
        twin = next((r for r in seen[key] if not (r[0].get("siren") and row.get("siren"))), None)
        if key and twin is not None:
            found.append(warning("close-names", table.source, line, "name",
                                  f"nom proche de celui de l'acteur « {twin[0]['id']} » (ligne "
                                  f"{twin[1]}) : même organisation ?"))
        seen[key].append((row, line))
    return found


def _placeless(dataset: Dataset) -> list[Issue]:
    """Actors with neither presence nor territory."""
    table, rows = _rows(dataset, "actors")
    present = {row["actor"] for row in dataset.rows("presence")}
    return [warning("placeless-actor", table.source, line, "territory",
                     "ni territoire ni présence : l'acteur n'entre dans aucune analyse "
                     "territoriale (manques, recommandations)")
            for row, line in rows if not row.get("territory") and row["id"] not in present]


def _bare_contracts(dataset: Dataset) -> list[Issue]:
    """Contracts without any party, or without any covered territory."""
    table, rows = _rows(dataset, "contracts")
    with_party = {row["contract"] for row in dataset.rows("parties")}
    covering = {row["contract"] for row in dataset.rows("coverage")}
    found = []
    for row, line in rows:
        if row["id"] not in with_party:
            found.append(warning("contract-without-party", table.source, line, "id",
                                  "aucune partie : ajoutez ses signataires dans parties"))
        if row["id"] not in covering:
            found.append(warning("contract-without-coverage", table.source, line, "id",
                                  "aucun territoire couvert : ajoutez-le dans coverage"))
    return found


def _dwellings(dataset: Dataset) -> list[Issue]:
    """More dwellings in a territory than it has inhabitants (or implausibly many)."""
    table, rows = _rows(dataset, "presence")
    population = {r["id"]: r.get("population") for r in dataset.rows("territories")}
    found = []
    for row, line in rows:
        dwellings, people = row.get("dwellings"), population.get(row["territory"])
        if dwellings is None:
            continue
        if people is not None and dwellings > people:
            found.append(warning("implausible-dwellings", table.source, line, "dwellings",
                                  f"{fr.count(dwellings, 'logement')} pour "
                                  f"{fr.count(people, 'habitant')} : vérifiez le nombre"))
        elif people is None and dwellings > MAX_DWELLINGS:
            found.append(warning("implausible-dwellings", table.source, line, "dwellings",
                                  f"{fr.count(dwellings, 'logement')} dans un seul territoire : "
                                  "vérifiez le nombre"))
    return found


def _parties_elsewhere(dataset: Dataset) -> list[Issue]:
    """Parties whose territories all lie outside the territories their contract covers."""
    table, rows = _rows(dataset, "parties")
    tree = _tree(dataset)
    places: dict[str, set[str]] = defaultdict(set)
    for row in dataset.rows("presence"):
        places[row["actor"]].add(row["territory"])
    for row in dataset.rows("actors"):
        if row.get("territory"):
            places[row["id"]].add(row["territory"])
    covers: dict[str, set[str]] = defaultdict(set)
    for row in dataset.rows("coverage"):
        covers[row["contract"]].update(tree.enclosing(row["territory"]))
        covers[row["contract"]].update(tree.enclosed(row["territory"]))
    found = []
    for row, line in rows:
        mine, covered = places.get(row["actor"], set()), covers.get(row["contract"], set())
        if mine and covered and not mine & covered:
            found.append(warning("party-elsewhere", table.source, line, "actor",
                                  f"« {row['actor']} » n'est présent dans aucun des territoires "
                                  f"couverts par « {row['contract']} » : ajoutez sa présence ou "
                                  "vérifiez la couverture"))
    return found


def _negative_amounts(dataset: Dataset) -> list[Issue]:
    """Contracts whose amount is negative (a refund, or a sign typed by mistake)."""
    table, rows = _rows(dataset, "contracts")
    return [warning("negative-amount", table.source, line, "amount_eur",
                     f"montant négatif ({fr.euros(row['amount_eur'])}) : vérifiez le signe "
                     "(un contrat porte le montant engagé)")
            for row, line in rows if (row.get("amount_eur") or 0) < 0]


def _self_memberships(dataset: Dataset) -> list[Issue]:
    """Memberships of an actor in itself (left out of the actor network)."""
    table, rows = _rows(dataset, "memberships")
    return [warning("self-membership", table.source, line, "organisation",
                     f"l'acteur « {row['member']} » est membre de lui-même : corrigez member ou "
                     "organisation (cette adhésion ne compte pas dans le réseau)")
            for row, line in rows if row["member"] is not None and row["member"] == row["organisation"]]


def _tree(dataset: Dataset) -> TerritoryTree:
    """The territory tree of the dataset's ``parent`` column."""
    parent = {r["id"]: r["parent"] for r in dataset.rows("territories") if r.get("parent")}
    children: dict[str, list[str]] = defaultdict(list)
    for child, above in parent.items():
        children[above].append(child)
    return TerritoryTree(parent, dict(children))
