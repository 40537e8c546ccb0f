"""Checks across tables: unique ids, references, repeated relation rows, territory parents."""

from __future__ import annotations

from typing import Any

from hlmgraph import schema
from hlmgraph.dataset import Dataset, Table
from hlmgraph.validate.collect import IssueCollector

ENTITY_FR: dict[str, str] = {"actor": "acteur", "territory": "territoire", "contract": "contrat"}
"""The French word for the entity a reference column names (``ref:actor``)."""


def check_links(dataset: Dataset, issues: IssueCollector, unknown: set[str]) -> None:
    """Every cross-table check; references to tables in ``unknown`` (unreadable) are skipped."""
    _check_references(dataset, issues, {_entity(n) for n in unknown if n in schema.NODE_TABLES})
    _check_duplicate_rows(dataset, issues)
    _check_parents(dataset, issues)


def _entity(table: str) -> str:
    """The entity named by the ids of a node table (``actors`` -> ``actor``)."""
    return schema.NODE_TABLES[table].lower()


_TABLE_OF_ENTITY: dict[str, str] = {_entity(table): table for table in schema.NODE_TABLES}


def _check_references(dataset: Dataset, issues: IssueCollector, unknown: set[str]) -> None:
    """Report ids used twice across node tables and references naming no such id.

    References to an ``unknown`` entity (its table unreadable or without ids) are not checked.
    """
    owners: dict[str, tuple[str, str, int]] = {}
    ids: dict[str, set[str]] = {_entity(table): set() for table in schema.NODE_TABLES}
    for table_name in schema.NODE_TABLES:
        entity = _entity(table_name)
        table = dataset.tables.get(table_name)
        if table is None:
            continue
        for row, line in zip(table.rows, table.lines, strict=True):
            ident = row["id"]
            if ident is None:
                continue
            ids[entity].add(ident)
            if ident in owners:
                _, other_table, other_line = owners[ident]
                where = f"{issues.raw.source_name(other_table)} ligne {other_line}"
                issues.add(table_name, line, "id", "duplicate-id",
                           f"identifiant « {ident} » déjà utilisé ({where}) : chaque acteur, "
                           "territoire et contrat doit avoir un identifiant unique")
            else:
                owners[ident] = (entity, table_name, line)
    for table in dataset.tables.values():
        for column in schema.TABLES[table.name]:
            if column.kind.startswith("ref:") and column.kind.removeprefix("ref:") not in unknown:
                _check_column_refs(table, column.name, column.kind.removeprefix("ref:"),
                                   ids, owners, issues)


def _check_column_refs(
    table: Table,
    column: str,
    entity: str,
    ids: dict[str, set[str]],
    owners: dict[str, tuple[str, str, int]],
    issues: IssueCollector,
) -> None:
    """Report each value of a reference column that names no ``entity`` id."""
    target = _TABLE_OF_ENTITY[entity]
    loose: dict[str, str] | None = None
    for row, line in zip(table.rows, table.lines, strict=True):
        ident = row.get(column)
        if ident is None or ident in ids[entity]:
            continue
        wanted = ENTITY_FR[entity]
        if ident in owners:
            found = ENTITY_FR[owners[ident][0]]
            message = f"« {ident} » est un {found}, pas un {wanted} : corrigez l'identifiant"
        elif schema.fold(ident) in (loose := loose or _loose_ids(ids[entity])):
            message = (
                f"{wanted} « {ident} » introuvable : vouliez-vous dire "
                f"« {loose[schema.fold(ident)]} » ? (les identifiants distinguent les majuscules)"
            )
        else:
            message = (
                f"{wanted} « {ident} » introuvable : ajoutez-le à "
                f"{issues.raw.source_name(target)} ou corrigez l'identifiant"
            )
        issues.add(table.name, line, column, "dangling-reference", message)


def _loose_ids(ids: set[str]) -> dict[str, str]:
    """Folded form (case, accents, separators ignored) -> id, for suggesting near matches."""
    return {schema.fold(known): known for known in sorted(ids, reverse=True)}


def _check_duplicate_rows(dataset: Dataset, issues: IssueCollector) -> None:
    """Report relation rows repeating a pair already given (the graph keeps one link per pair)."""
    for name, (first, second) in schema.RELATION_KEYS.items():
        table = dataset.tables.get(name)
        if table is None:
            continue
        seen: dict[tuple[str, str], int] = {}
        for row, line in zip(table.rows, table.lines, strict=True):
            pair = (row[first], row[second])
            if None in pair:
                continue
            if pair in seen:
                issues.add(name, line, first, "duplicate-row",
                           f"ligne en double : {first} « {pair[0]} » et {second} « {pair[1]} » "
                           f"figurent déjà ligne {seen[pair]} ; fusionnez les deux lignes")
            else:
                seen[pair] = line


def _check_parents(dataset: Dataset, issues: IssueCollector) -> None:
    """Report parents that are not of a coarser level, and cycles of parents."""
    table = dataset.tables.get("territories")
    if table is None:
        return
    rows = {row["id"]: (row, line) for row, line in zip(table.rows, table.lines, strict=True)
            if row["id"] is not None}
    parent_of = {ident: row["parent"] for ident, (row, _) in rows.items()
                 if row["parent"] in rows}
    in_cycle = _report_cycles(parent_of, rows, issues)
    for ident, parent in parent_of.items():
        row, line = rows[ident]
        parent_level = rows[parent][0]["level"]
        if ident in in_cycle or row["level"] is None or parent_level is None:
            continue
        if schema.LEVEL_RANK[parent_level] >= schema.LEVEL_RANK[row["level"]]:
            labels = schema.LEVEL_LABELS_FR
            issues.add("territories", line, "parent", "bad-parent-level",
                       f"le parent « {parent} » ({labels[parent_level]}) n'est pas d'un niveau "
                       f"plus large que {labels[row['level']]} : qpv → commune ou epci → "
                       "département → région")


def _report_cycles(
    parent_of: dict[str, str], rows: dict[str, tuple[dict[str, Any], int]], issues: IssueCollector
) -> set[str]:
    """Report each cycle of parent links once (at its first line); return the ids in cycles."""
    in_cycle: set[str] = set()
    done: set[str] = set()
    for start in sorted(parent_of, key=lambda ident: rows[ident][1]):
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path.append(node)
            node = parent_of.get(node)
        done.update(path)
        if node is None or node not in path:
            continue
        cycle = path[path.index(node):]
        in_cycle.update(cycle)
        first = min(cycle, key=lambda ident: rows[ident][1])
        loop = cycle[cycle.index(first):] + cycle[: cycle.index(first)] + [first]
        issues.add("territories", rows[first][1], "parent", "parent-cycle",
                   f"les parents forment une boucle ({' → '.join(loop)}) : corrigez l'un d'eux")
    return in_cycle
