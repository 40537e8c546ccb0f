"""Geography step: the shipped COG 2026 tables and the ANCT contrats de ville list.

Read once from ``hlmgraph/data/geo`` (see its SOURCES.md) and cached: territories by
id ``level:code``, the communes of each EPCI, the contrats de ville 2024-2030, and the
COG's « type de nom » (``liaison``) that gives a place its article.
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


@dataclass
class Geography:
    """The shipped real geography: territories by id and the contrats de ville."""

    territories: dict[str, dict[str, str]]
    contracts: list[dict[str, str]]
    communes_of: dict[str, list[str]]
    """EPCI id -> its shipped commune ids, largest first."""


@cache
def geography() -> Geography:
    """The shipped geography, read once per process (treat it as read-only)."""
    return load_geography()


def load_geography() -> Geography:
    """Read the geography tables shipped in ``hlmgraph/data/geo`` (a fresh copy)."""
    folder = resources.files("hlmgraph") / "data" / "geo"
    raw = gzip.decompress(folder.joinpath("territoires.csv.gz").read_bytes()).decode("utf-8")
    territories: dict[str, dict[str, str]] = {}
    communes_of: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(raw)):
        level = row["level"]
        row["id"] = f"{level}:{row['code']}"
        row["parent_id"] = f"{_PARENT_LEVEL[level]}:{row['parent']}" if row["parent"] else ""
        territories[row["id"]] = row
        if level == "commune":
            communes_of[row["parent_id"]].append(row["id"])
    for ids in communes_of.values():
        ids.sort(key=lambda t: (-int(territories[t]["population"] or 0), t))
    text = folder.joinpath("contrats_de_ville.csv").read_text(encoding="utf-8")
    return Geography(territories, list(csv.DictReader(io.StringIO(text))), dict(communes_of))


def liaison(level: str, code: str) -> int | None:
    """The COG « type de nom » of a shipped territory (0–8), or None when not shipped."""
    row = geography().territories.get(f"{level}:{code}")
    value = row.get("liaison") if row else None
    return int(value) if value else None
