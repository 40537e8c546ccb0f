"""Geography step: the shipped COG 2026 tables and the ANCT contrats de ville list.

Read once from ``hlmgraph/data/geo`` (see its SOURCES.md) and cached: territories by
id ``level:code`` (régions, départements, EPCI and EPT, every commune), the contrats de
ville 2024-2030, and the COG's « type de nom » (``liaison``) that gives a place its
article. For datasets: the parent a territory takes there (``dataset_parent``), what an
area encloses (``within``), lookups by SIREN and by ANCT code, and what a contrat de ville
covers.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

_PARENT_LEVEL = {"departement": "region", "epci": "departement", "commune": "epci"}
_FOLDER = resources.files("hlmgraph") / "data" / "geo"


@dataclass
class Geography:
    """The shipped real geography: territories by id and the contrats de ville."""

    territories: dict[str, dict[str, str]]
    contracts: list[dict[str, str]]
    communes_of: dict[str, list[str]]
    """EPCI id -> the communes ``generate`` uses (column ``sample``), largest first."""


@cache
def geography() -> Geography:
    """The shipped geography, read once per process (treat it as read-only)."""
    return load_geography()


def load_geography() -> Geography:
    """Read the geography tables shipped in ``hlmgraph/data/geo`` (a fresh copy)."""
    header, rows = _territory_rows()
    territories: dict[str, dict[str, str]] = {}
    communes_of: dict[str, list[str]] = defaultdict(list)
    for cells in rows:
        row = dict(zip(header, cells, strict=True))
        level = row["level"]
        row["id"] = f"{level}:{row['code']}"
        row["parent_id"] = f"{_PARENT_LEVEL[level]}:{row['parent']}" if row["parent"] else ""
        territories[row["id"]] = row
        if level == "commune" and row.get("sample"):
            communes_of[row["parent_id"]].append(row["id"])
    for ids in communes_of.values():
        ids.sort(key=lambda t: (-int(territories[t]["population"] or 0), t))
    return Geography(territories, _contract_rows(), dict(communes_of))


@cache
def _territory_rows() -> tuple[list[str], tuple[tuple[str, ...], ...]]:
    """The header and the rows of ``territoires.csv.gz`` as text, read once per process."""
    data = (_FOLDER / "territoires.csv.gz").read_bytes()
    header, *rows = csv.reader(io.StringIO(gzip.decompress(data).decode("utf-8")))
    return header, tuple(tuple(row) for row in rows)


def _contract_rows() -> list[dict[str, str]]:
    """The rows of ``contrats_de_ville.csv`` (a fresh copy)."""
    text = (_FOLDER / "contrats_de_ville.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def _liaisons() -> dict[str, int]:
    """Territory id -> COG « type de nom », for the shipped territories that have one.

    Read from the raw rows without building the whole geography: wording a place
    (``fr.territory``) needs only this column.
    """
    header, rows = _territory_rows()
    level, code, column = header.index("level"), header.index("code"), header.index("liaison")
    return {f"{row[level]}:{row[code]}": int(row[column]) for row in rows if row[column]}


def liaison(level: str, code: str) -> int | None:
    """The COG « type de nom » of a shipped territory (0–8), or None when not shipped."""
    return _liaisons().get(f"{level}:{code}")


# ---------------------------------------------------------------- lookups for datasets


@cache
def _index() -> _Index:
    """Lookups built once from the shipped geography."""
    geo = geography()
    sirens: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for tid, row in geo.territories.items():
        if row.get("siren") and row["level"] in ("commune", "epci"):
            sirens.setdefault(row["siren"], tid)
        if row["level"] == "commune":
            group = f"epci:{row['ept']}" if row.get("ept") else row["parent_id"]
            if group:
                members[group].append(tid)
    for ids in members.values():
        ids.sort(key=lambda t: (-int(geo.territories[t]["population"] or 0), t))
    children: dict[str, list[str]] = defaultdict(list)
    for tid in geo.territories:
        parent = dataset_parent(tid)
        if parent:
            children[parent].append(tid)
    contracts = {row["code_cv"]: row for row in geo.contracts}
    return _Index(sirens, dict(members), dict(children), contracts)


@dataclass(frozen=True)
class _Index:
    """SIREN → territory, grouping → communes, dataset tree, contrats de ville by code."""

    sirens: dict[str, str]
    members: dict[str, list[str]]
    children: dict[str, list[str]]
    contracts: dict[str, dict[str, str]]


def territory(tid: str) -> dict[str, str] | None:
    """The shipped row of territory ``level:code`` (with ``id``), or None."""
    return geography().territories.get(tid)


def by_siren(siren: str) -> dict[str, str] | None:
    """The commune, EPCI or EPT whose SIREN is ``siren``, or None."""
    tid = _index().sirens.get(siren)
    return territory(tid) if tid else None


def contract(code: str) -> dict[str, str] | None:
    """The contrat de ville 2024-2030 of ANCT code ``code`` (``CN05901I``), or None."""
    return _index().contracts.get(code)


def carrier(cv: dict[str, str]) -> str:
    """The territory id carrying a contrat de ville (EPCI, EPT or commune); empty if none."""
    level = cv.get("carrier_level", "")
    if level in ("epci", "ept"):
        return f"epci:{cv['carrier']}"
    if level == "commune" and cv.get("communes"):
        return f"commune:{cv['communes'].split('|')[0]}"
    return ""


def coverage(cv: dict[str, str]) -> list[str]:
    """What a contrat de ville covers: its carrier, and the carrier's communes that sit under
    another département (so every covered commune is enclosed by the coverage)."""
    main = carrier(cv)
    if not main:
        return []
    extra = [c for c in members(main) if dataset_parent(c) != main]
    return [main, *sorted(extra)]


def members(tid: str) -> list[str]:
    """The communes of an EPCI or EPT (all of them, largest first); empty for other levels."""
    return _index().members.get(tid, [])


def dataset_parent(tid: str) -> str:
    """The parent of a territory in a dataset: a commune under its EPT or EPCI when that
    grouping sits under the commune's own département, else under that département."""
    row = territory(tid)
    if row is None:
        return ""
    level = row["level"]
    if level != "commune":
        return row["parent_id"]
    group = f"epci:{row['ept']}" if row.get("ept") else row["parent_id"]
    own = f"departement:{row['departement']}"
    grouping = territory(group) if group else None
    if grouping is not None and grouping["parent_id"] == own:
        return group
    return own if territory(own) is not None else ""


@cache
def enclosing(tid: str) -> tuple[str, ...]:
    """The territories enclosing ``tid`` in a dataset, nearest first (``tid`` excluded)."""
    chain: list[str] = []
    parent = dataset_parent(tid)
    while parent and parent not in chain:
        chain.append(parent)
        parent = dataset_parent(parent)
    return tuple(chain)


def within(tid: str) -> list[str]:
    """``tid`` and every shipped territory it encloses in a dataset, sorted."""
    found, stack = {tid}, [tid]
    children = _index().children
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return sorted(found)
