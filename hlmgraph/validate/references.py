"""Validate step: territory ids and contrat de ville codes checked against the shipped references.

Territory ids written ``level:code`` (région, département, EPCI, commune) must exist in
the COG 2026 and their parent must not contradict it; ids of contrats de ville carrying
an ANCT code (``CN05901I``) must be in the ANCT list 2024-2030. These are warnings:
a dataset may hold older or foreign places on purpose.
"""

from __future__ import annotations

import re
from typing import Any

from hlmgraph import cog
from hlmgraph.dataset import Dataset
from hlmgraph.findings import Issue, warning

COG_LEVELS = ("region", "departement", "epci", "commune")
"""Levels whose codes the COG 2026 lists (QPV are not shipped)."""
_CV_CODE = re.compile(r"(?:^|[-_:/ ])(C[NV]\d{3,5}[A-Z]?)$")


def check_references(dataset: Dataset) -> list[Issue]:
    """Warnings for unknown COG codes, parents contradicting the COG and unknown CV codes."""
    return _territories(dataset) + _contracts(dataset)


def _territories(dataset: Dataset) -> list[Issue]:
    """Unknown ``level:code`` ids and parents the COG contradicts."""
    table = dataset.tables.get("territories")
    if table is None:
        return []
    found: list[Issue] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        ident = str(row.get("id") or "")
        level, _, code = ident.partition(":")
        if level not in COG_LEVELS or not code:
            continue
        shipped = cog.territory(ident)
        if shipped is None:
            found.append(warning("unknown-cog-code", table.source, line, "id",
                                  f"code « {code} » inconnu du COG 2026 au niveau {level} : "
                                  "vérifiez-le (commune fusionnée, faute de frappe ?)"))
            continue
        parent = str(row.get("parent") or "")
        if parent and parent.partition(":")[0] in COG_LEVELS and parent not in allowed_parents(ident):
            expected = cog.dataset_parent(ident)
            found.append(warning("cog-parent", table.source, line, "parent",
                                  f"le parent « {parent} » contredit le COG 2026 : "
                                  f"{shipped['name']} ({ident}) relève de « {expected} »"))
    return found


def allowed_parents(ident: str) -> set[str]:
    """Parents the COG allows for a territory: every grouping or area that contains it."""
    row = cog.territory(ident)
    if row is None:
        return set()
    allowed = set(cog.enclosing(ident))
    if row["level"] == "commune":
        for group in (row["parent_id"], f"epci:{row['ept']}" if row.get("ept") else ""):
            if group:
                allowed.add(group)
    elif row["level"] == "epci":
        for commune in cog.members(ident):
            departement = f"departement:{(cog.territory(commune) or {}).get('departement')}"
            allowed.update((departement, *cog.enclosing(departement)))
    return allowed


def _contracts(dataset: Dataset) -> list[Issue]:
    """Contrat de ville codes absent from the ANCT list 2024-2030."""
    table = dataset.tables.get("contracts")
    if table is None:
        return []
    found: list[Issue] = []
    for row, line in zip(table.rows, table.lines, strict=True):
        code = cv_code(row)
        if code and cog.contract(code) is None:
            found.append(warning("unknown-cv-code", table.source, line, "id",
                                  f"contrat de ville « {code} » absent de la liste ANCT des "
                                  "contrats de ville 2024-2030 (un code CV… désigne un contrat "
                                  "2015-2023) : vérifiez le code"))
    return found


def cv_code(row: dict[str, Any]) -> str:
    """The ANCT code a contract id carries (``CN05901I``, ``cdv-CN05901I``), else empty."""
    ident = str(row.get("id") or "")
    match = _CV_CODE.search(ident)
    if match is None:
        return ""
    if match.group(1) == ident or row.get("kind") == "contrat_de_ville":
        return match.group(1)
    return ""
