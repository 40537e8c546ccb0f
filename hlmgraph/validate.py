"""Validate step: check raw tables against the input format and type their values."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from hlmgraph import schema
from hlmgraph.dataset import Dataset, Table
from hlmgraph.errors import DatasetError
from hlmgraph.values import parse_amount, parse_date, parse_int, parse_siren, parse_themes

if TYPE_CHECKING:
    from hlmgraph.io import RawDataset, RawTable

NODE_TABLES: dict[str, str] = {"actors": "actor", "territories": "territory", "contracts": "contract"}
"""Tables whose rows are nodes, and the entity their ids name."""

TARGET_TABLES: dict[str, str] = {entity: table for table, entity in NODE_TABLES.items()}
ENTITY_FR: dict[str, str] = {"actor": "acteur", "territory": "territoire", "contract": "contrat"}
RELATION_KEYS: dict[str, tuple[str, str]] = {
    "parties": ("contract", "actor"),
    "coverage": ("contract", "territory"),
    "presence": ("actor", "territory"),
    "memberships": ("member", "organisation"),
}
"""Relation tables and the column pair that may appear only once."""

RESERVED_COLUMNS: frozenset[str] = frozenset({"label"})
"""Extra column names that would clash with graph attributes."""

_PERSONAL_TOKENS = frozenset(
    token for name in schema.PERSONAL_COLUMNS for token in schema.fold(name).split("_") if token != "e"
) | frozenset(schema.fold(name) for name in schema.PERSONAL_COLUMNS)
_NEGATIVE_CODES = {"dwellings": "negative-dwellings", "population": "negative-population"}


@dataclass(frozen=True)
class Issue:
    """One problem found in the dataset, located like a spreadsheet cell."""

    code: str
    file: str
    line: int | None
    column: str
    message: str

    def format(self) -> str:
        """The issue as ``file:line:column: message`` (missing parts left out)."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return f"{place}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The issue as a plain dict."""
        return asdict(self)


@dataclass
class ValidationReport:
    """Every issue found in a dataset; valid when there is none."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no issue was found."""
        return not self.issues

    def to_dict(self) -> dict[str, Any]:
        """The report as a plain dict (for --json)."""
        return {
            "valid": self.valid,
            "issue_count": len(self.issues),
            "issues": [issue.to_dict() for issue in self.issues],
        }


def validate_path(path: str | os.PathLike[str]) -> tuple[Dataset | None, ValidationReport]:
    """Read and check the dataset at ``path``: the typed dataset (None if invalid) and the report."""
    from hlmgraph.io import read_raw

    return validate_raw(read_raw(path))


def validate_raw(raw: RawDataset) -> tuple[Dataset | None, ValidationReport]:
    """Check raw tables: every problem at once, and the typed dataset when there is none."""
    issues = _Issues(raw)
    issues.extend(raw.issues)
    dataset = Dataset(origin=raw.origin)
    unknown = set(raw.unreadable)
    for name, table in raw.tables.items():
        checker = _TableChecker(table, issues)
        dataset.tables[name] = checker.check()
        if checker.missing_id:
            unknown.add(name)
    _check_references(dataset, issues, {NODE_TABLES[n] for n in unknown if n in NODE_TABLES})
    _check_duplicate_rows(dataset, issues)
    _check_parents(dataset, issues)
    report = ValidationReport(issues.sorted())
    return (dataset if report.valid else None), report


# ---------------------------------------------------------------- summary


def summarize(dataset: Dataset, as_of: dt.date) -> dict[str, Any]:
    """Counts of what a dataset holds (per type, level and kind; contracts in force at ``as_of``)."""
    from hlmgraph.model import in_force

    contracts = dataset.rows("contracts")
    return {
        "origin": dataset.origin,
        "as_of": as_of.isoformat(),
        "actors": _count_by(dataset.rows("actors"), "type", schema.ACTOR_TYPES),
        "territories": _count_by(dataset.rows("territories"), "level", schema.LEVELS),
        "contracts": _count_by(contracts, "kind", schema.KINDS),
        "contracts_in_force": sum(in_force(row, as_of) for row in contracts),
        "relations": {name: len(dataset.rows(name)) for name in RELATION_KEYS},
        "extra_columns": {
            name: table.extra_columns for name, table in dataset.tables.items() if table.extra_columns
        },
    }


def format_summary(summary: dict[str, Any]) -> str:
    """The French text of a summary made by ``summarize``."""
    as_of = dt.date.fromisoformat(summary["as_of"]).strftime("%d/%m/%Y")
    lines = [f"Jeu de données valide : {summary['origin']}"]
    lines += _count_lines("Acteurs", summary["actors"], schema.TYPE_LABELS_FR)
    lines += _count_lines("Territoires", summary["territories"], schema.LEVEL_LABELS_FR)
    contracts = _count_lines("Contrats", summary["contracts"], schema.KIND_LABELS_FR)
    contracts[0] += f" (dont {summary['contracts_in_force']} en vigueur au {as_of})"
    lines += contracts
    labels = {
        "parties": "Parties aux contrats",
        "coverage": "Territoires couverts",
        "presence": "Présences",
        "memberships": "Adhésions",
    }
    lines += [f"{labels[name]} : {count}" for name, count in summary["relations"].items()]
    if summary["extra_columns"]:
        lines.append("Colonnes supplémentaires conservées (vérifiez leur orthographe) :")
        lines += [f"  {name} : {', '.join(columns)}"
                  for name, columns in summary["extra_columns"].items()]
    return "\n".join(lines) + "\n"


def validation_output(
    path: str | os.PathLike[str], as_of: dt.date | None = None, as_json: bool = False
) -> tuple[str, bool]:
    """What ``hlmgraph validate`` prints, and whether the data is valid.

    Raises DatasetError for invalid data unless ``as_json`` (the JSON then says why).
    """
    dataset, report = validate_path(path)
    when = as_of or dt.date.today()
    summary = summarize(dataset, when) if dataset is not None else None
    if as_json:
        payload = report.to_dict() | {"summary": summary}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n", report.valid
    if summary is None:
        raise DatasetError(report)
    return format_summary(summary), True


def _count_by(rows: list[dict[str, Any]], column: str, order: Any) -> dict[str, int]:
    """Row counts per value of ``column``, in vocabulary order, zero counts left out."""
    counts = Counter(row[column] for row in rows)
    return {value: counts[value] for value in order if counts[value]}


def _count_lines(title: str, counts: dict[str, int], labels: dict[str, str]) -> list[str]:
    """``Title : total`` then one indented line per value with its French label."""
    lines = [f"{title} : {sum(counts.values())}"]
    lines += [f"  {labels[value]} : {count}" for value, count in counts.items()]
    return lines


# ---------------------------------------------------------------- collecting issues


class _Issues:
    """Issues being collected, sorted at the end by table, line and column order."""

    def __init__(self, raw: RawDataset) -> None:
        """Start an empty collection for ``raw``."""
        self.raw = raw
        self.items: list[tuple[tuple[int, int, int], Issue]] = []

    def add(self, table: str, line: int | None, column: str, code: str, message: str) -> None:
        """Record one issue at ``table`` / ``line`` / ``column``."""
        self._append(table, Issue(code, self.raw.source_name(table), line, column, message))

    def extend(self, issues: list[Issue]) -> None:
        """Record issues made while reading."""
        sources = {self.raw.source_name(name): name for name in schema.TABLES}
        for issue in issues:
            self._append(sources.get(issue.file, ""), issue)

    def sorted(self) -> list[Issue]:
        """Every issue, in table, line and column order (stable otherwise)."""
        return [issue for _, issue in sorted(self.items, key=lambda item: item[0])]

    def _append(self, table: str, issue: Issue) -> None:
        """Store ``issue`` with its sort key."""
        tables = list(schema.TABLES)
        table_rank = tables.index(table) if table in tables else -1
        columns = [c.name for c in schema.TABLES.get(table, ())]
        column_rank = columns.index(issue.column) if issue.column in columns else len(columns)
        self.items.append(((table_rank, issue.line or 0, column_rank), issue))


# ---------------------------------------------------------------- one table


class _TableChecker:
    """Check the header and the cells of one raw table and type its rows."""

    def __init__(self, raw: RawTable, issues: _Issues) -> None:
        """Prepare to check ``raw``, reporting into ``issues``."""
        self.raw = raw
        self.name = raw.name
        self.issues = issues
        self.columns = {column.name: column for column in schema.TABLES[raw.name]}
        self.missing_id = False

    def check(self) -> Table:
        """The typed table (invalid cells become None; their issues are recorded)."""
        positions = self._check_header()
        table = Table(name=self.name, source=self.raw.source)
        table.extra_columns = [key for key in positions if key not in self.columns]
        for line, cells in self.raw.rows:
            texts = {key: _cell(cells, index) for key, index in positions.items()}
            table.rows.append(self._typed_row(line, texts, table.extra_columns))
            table.lines.append(line)
        return table

    def _check_header(self) -> dict[str, int]:
        """Map each usable column key to its position; report header problems."""
        positions: dict[str, int] = {}
        for index, text in enumerate(self.raw.header):
            key = text.strip().lower()
            if not key:
                continue
            if self._refused_column(key):
                continue
            if key in positions:
                self._add(1, key, "duplicate-column",
                          f"colonne « {key} » présente deux fois : gardez-en une seule")
                continue
            positions[key] = index
        self.missing_id = "id" in self.columns and "id" not in positions
        for column in self.columns.values():
            if column.required and column.name not in positions:
                self._add(1, column.name, "missing-column",
                          f"colonne obligatoire « {column.name} » absente : ajoutez-la à la "
                          "ligne d'en-tête")
        return positions

    def _refused_column(self, key: str) -> bool:
        """Report and drop columns holding personal data or clashing with graph attributes."""
        if key in self.columns:
            return False
        if _PERSONAL_TOKENS.intersection(schema.fold(key).split("_")):
            self._add(1, key, "personal-data",
                      f"colonne « {key} » refusée : un jeu de données décrit des organisations, "
                      "pas des personnes ; supprimez cette colonne (noms, e-mails, téléphones)")
            return True
        if key in RESERVED_COLUMNS and self.name in NODE_TABLES:
            self._add(1, key, "reserved-column",
                      f"colonne « {key} » réservée par hlmgraph : renommez-la")
            return True
        return False

    def _typed_row(self, line: int, texts: dict[str, str], extras: list[str]) -> dict[str, Any]:
        """One row with every known column typed (None when empty or invalid) and extras as text."""
        row: dict[str, Any] = {}
        for name, column in self.columns.items():
            text = texts.get(name, "").strip()
            if not text:
                row[name] = None
                if column.required and name in texts:
                    self._add(line, name, "missing-value",
                              "valeur manquante : cette colonne est obligatoire")
                continue
            row[name] = self._typed_value(line, column, text)
        for name in extras:
            row[name] = texts[name].strip() or None
        if self.name == "parties" and row["role"] is None and not texts.get("role", "").strip():
            row["role"] = "signataire"
        self._check_row(line, row)
        return row

    def _typed_value(self, line: int, column: schema.Column, text: str) -> Any:
        """The typed value of a non-empty cell, or None after reporting why it is invalid."""
        kind = column.kind
        if kind.startswith("vocab:"):
            return self._vocabulary(line, column.name, kind.removeprefix("vocab:"), text)
        if kind == "themes":
            return parse_themes(text)
        parser = _PARSERS.get(kind)
        if parser is None:
            return text
        code, hint, parse = parser
        value = parse(text)
        if value is None:
            self._add(line, column.name, code, f"« {text} » invalide : {hint}")
        return value

    def _vocabulary(self, line: int, column: str, vocabulary: str, text: str) -> str | None:
        """The canonical vocabulary value of ``text`` (case- and accent-insensitive)."""
        value = _VOCABULARY_LOOKUP[vocabulary].get(vocabulary_key(text))
        if value is not None:
            return value
        allowed = schema.VOCABULARIES[vocabulary]
        self._add(line, column, "bad-vocabulary",
                  f"{column} « {text} » inconnu ; valeurs admises : {', '.join(allowed)}")
        return None

    def _check_row(self, line: int, row: dict[str, Any]) -> None:
        """Checks needing several cells of a row, or a value's sign."""
        for column, code in _NEGATIVE_CODES.items():
            value = row.get(column)
            if column in self.columns and value is not None and value < 0:
                self._add(line, column, code,
                          f"nombre négatif ({value}) : attendu un entier positif ou nul")
        start, end = row.get("start"), row.get("end")
        if self.name == "contracts" and start is not None and end is not None and end < start:
            self._add(line, "end", "end-before-start",
                      f"la date de fin {end.isoformat()} est antérieure à la date de début "
                      f"{start.isoformat()}")

    def _add(self, line: int, column: str, code: str, message: str) -> None:
        """Report an issue in this table."""
        self.issues.add(self.name, line, column, code, message)


@functools.lru_cache(maxsize=4096)
def vocabulary_key(text: str) -> str:
    """The matching form of a vocabulary value: folded, with œ and æ spelt out."""
    for ligature, letters in (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae")):
        text = text.replace(ligature, letters)
    return "_".join(part for part in schema.fold(text).split("_") if part)


def _vocabulary_lookup() -> dict[str, dict[str, str]]:
    """For each vocabulary, matching form of every value and French label -> canonical value."""
    labels = {
        "type": schema.TYPE_LABELS_FR,
        "level": schema.LEVEL_LABELS_FR,
        "kind": schema.KIND_LABELS_FR,
        "role": schema.ROLE_LABELS_FR,
    }
    lookup: dict[str, dict[str, str]] = {}
    for name, values in schema.VOCABULARIES.items():
        table = {vocabulary_key(labels[name][value]): value for value in values}
        table.update({vocabulary_key(value): value for value in values})
        lookup[name] = table
    return lookup


_VOCABULARY_LOOKUP = _vocabulary_lookup()
_Parser = tuple[str, str, Callable[[str], Any]]
_PARSERS: dict[str, _Parser] = {
    "date": ("bad-date", "écrivez la date AAAA-MM-JJ ou JJ/MM/AAAA", parse_date),
    "amount": ("bad-amount", "écrivez un montant comme 12500.50 ou 12 500,50", parse_amount),
    "int": ("bad-integer", "écrivez un nombre entier", parse_int),
    "siren": ("bad-siren", "un SIREN a 9 chiffres et une clé de Luhn correcte", parse_siren),
}
"""Column kind -> (issue code, French hint, parser)."""


def _cell(cells: list[str], index: int) -> str:
    """The text at ``index`` of a row (rows may be shorter than the header)."""
    return cells[index] if index < len(cells) else ""


# ---------------------------------------------------------------- whole dataset


def _check_references(dataset: Dataset, issues: _Issues, unknown: set[str]) -> None:
    """Report ids used twice across node tables and references naming no such id.

    References to an ``unknown`` entity (its table unreadable or without ids) are not checked.
    """
    owners: dict[str, tuple[str, str, int]] = {}
    ids: dict[str, set[str]] = {entity: set() for entity in TARGET_TABLES}
    for table_name, entity in NODE_TABLES.items():
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
    issues: _Issues,
) -> None:
    """Report each value of a reference column that names no ``entity`` id."""
    target = TARGET_TABLES[entity]
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


def _check_duplicate_rows(dataset: Dataset, issues: _Issues) -> None:
    """Report relation rows repeating a pair already given (the graph keeps one link per pair)."""
    for name, (first, second) in RELATION_KEYS.items():
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


def _check_parents(dataset: Dataset, issues: _Issues) -> None:
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
    parent_of: dict[str, str], rows: dict[str, tuple[dict[str, Any], int]], issues: _Issues
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
