"""Checks of one table: header, cells, vocabularies and row-level rules; typed rows out."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from hlmgraph import fr, schema
from hlmgraph.dataset import Table
from hlmgraph.read import RawTable
from hlmgraph.validate.collect import IssueCollector
from hlmgraph.values import (
    DATE_HINT,
    ascii_digits,
    date_problem,
    number_problem,
    parse_amount,
    parse_date,
    parse_int,
    parse_siren,
    parse_themes,
)

MEASURE_PROPERTIES: frozenset[str] = frozenset({
    "family", "degree", "strength", "betweenness", "pagerank", "closeness", "constraint",
    "effective_size", "community", "articulation", "broker_coordinator", "broker_consultant",
    "broker_gatekeeper", "broker_liaison", "community_name", "measures_key",
})
"""Properties ``analyse --write`` puts on actors (``analysis.run.WRITTEN``, checked by a test)."""
RESERVED_COLUMNS: frozenset[str] = frozenset(
    {"label", "type", "level", "kind", "territory", "parent"} | MEASURE_PROPERTIES
)
"""Extra column names of node tables that would clash with graph attributes: the node class,
the attributes that set a node's second label, the references turned into relationships, and
the measures written on actors."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_PERSONAL_TOKENS = frozenset(
    token for name in schema.PERSONAL_COLUMNS for token in schema.fold(name).split("_")
    if token not in ("e", "nom")  # « nom » alone names the organisation (« Nom de la structure »)
) | frozenset(schema.fold(name) for name in schema.PERSONAL_COLUMNS)
_NEGATIVE_CODES = {"dwellings": "negative-dwellings", "population": "negative-population"}
Convert = Callable[[int, str, str], Any]
"""(line, column, non-empty text) -> typed value (None after reporting an invalid one)."""


class TableChecker:
    """Check the header and the cells of one raw table and type its rows."""

    def __init__(self, raw: RawTable, issues: IssueCollector) -> None:
        """Prepare to check ``raw``, reporting into ``issues``."""
        self.raw = raw
        self.name = raw.name
        self.issues = issues
        self.columns = {column.name: column for column in schema.TABLES[raw.name]}
        self.missing_id = False

    def check(self) -> Table:
        """The typed table (invalid cells become None; their issues are recorded).

        Cells are typed column by column (each issue keeps its line and column, and
        issues are sorted at the end), then zipped into one dict per row.
        """
        positions = self._check_header()
        table = Table(name=self.name, source=self.raw.source)
        table.extra_columns = [key for key in positions if key not in self.columns]
        for line, code, message in self.raw.problems:
            self._add(line, "", code, message)
        width = len(self.raw.header)
        table.lines = [line for line, _ in self.raw.rows]
        grid: list[list[str]] = []
        for line, cells in self.raw.rows:
            if len(cells) > width:
                self._check_length(line, cells)
            grid.append(cells if len(cells) >= width else cells + [""] * (width - len(cells)))
        columns: dict[str, list[Any]] = {}
        for name, column in self.columns.items():
            index = positions.get(name)
            texts = [cells[index].strip() for cells in grid] if index is not None else None
            columns[name] = (self._typed_column(column, table.lines, texts) if texts is not None
                             else [None] * len(grid))
            if name == "role" and self.name == "parties":  # empty: a signatory; invalid: None
                columns[name] = [value if value is not None or text else "signataire"
                                 for value, text in zip(columns[name], texts or [""] * len(grid),
                                                        strict=True)]
        for name in table.extra_columns:
            columns[name] = [cells[positions[name]].strip() or None for cells in grid]
        self._check_values(table.lines, columns)
        names = list(columns)
        table.rows = [dict(zip(names, values, strict=True))
                      for values in zip(*columns.values(), strict=True)]
        return table

    def _check_header(self) -> dict[str, int]:
        """Map each usable column key to its position; report header problems."""
        positions: dict[str, int] = {}
        for index, text in enumerate(self.raw.header):
            key = text.strip().lower()
            if not key:
                continue
            key = schema.column_name(self.name, key) or key
            if self._refused_column(key):
                continue
            if key in positions:
                first = self.raw.header[positions[key]].strip()
                same = first.lower() == text.strip().lower()
                both = "" if same else f" (« {first} » et « {text.strip()} »)"
                self._add(1, key, "duplicate-column",
                          f"colonne « {key} » présente deux fois{both} : gardez-en une seule")
                continue
            positions[key] = index
        self.missing_id = "id" in self.columns and "id" not in positions
        for column in self.columns.values():
            if column.required and column.name not in positions:
                also = f" (ou « {column.french} »)" if column.french else ""
                self._add(1, column.name, "missing-column",
                          f"colonne obligatoire « {column.name} »{also} absente : ajoutez-la à la "
                          "ligne d'en-tête")
        return positions

    def _check_length(self, line: int, cells: list[str]) -> None:
        """Report a row holding values beyond the last column (a separator inside a value)."""
        width = len(self.raw.header)
        filled = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
        if filled > width:
            self._add(line, "", "too-many-values",
                      f"la ligne a {filled} valeurs pour {width} colonnes : une valeur contient "
                      "sans doute le séparateur (« ; » ou « , ») ; mettez-la entre guillemets")

    def _refused_column(self, key: str) -> bool:
        """Report and drop columns holding personal data or clashing with graph attributes."""
        if key in self.columns:
            return False
        if _PERSONAL_TOKENS.intersection(schema.fold(key).split("_")):
            self._add(1, key, "personal-data",
                      f"colonne « {key} » refusée : un jeu de données décrit des organisations, "
                      "pas des personnes ; supprimez cette colonne (noms, e-mails, téléphones)")
            return True
        reason = _property_problem(key) if self.name in schema.NODE_TABLES else ""
        if reason:
            self._add(1, key, "reserved-column", f"colonne « {key} » {reason} : renommez-la")
            return True
        return False

    def _typed_column(self, column: schema.Column, lines: list[int], texts: list[str]) -> list[Any]:
        """The typed values of one column's stripped ``texts`` (None when empty or invalid)."""
        name, convert = column.name, self._converter(column)
        if column.required:
            for line, text in zip(lines, texts, strict=True):
                if not text:
                    self._add(line, name, "missing-value",
                              "valeur manquante : cette colonne est obligatoire")
        if convert is None:
            return [text or None for text in texts]
        if column.kind == "themes":  # a fresh list per row
            return [convert(line, name, text) if text else None
                    for line, text in zip(lines, texts, strict=True)]
        known: dict[str, Any] = {}  # ASCII texts read before without any issue (immutable values)
        values: list[Any] = []
        for line, text in zip(lines, texts, strict=True):
            if not text:
                values.append(None)
            elif text in known:
                values.append(known[text])
            else:
                value = convert(line, name, text)
                if value is not None and text.isascii():
                    known[text] = value
                values.append(value)
        return values

    def _converter(self, column: schema.Column) -> Convert | None:
        """How the non-empty text of ``column`` becomes its typed value (None: kept as text)."""
        kind = column.kind
        if kind.startswith("vocab:"):
            return functools.partial(self._vocabulary, vocabulary=kind.removeprefix("vocab:"))
        if kind == "themes":
            return lambda line, name, text: parse_themes(text)
        parser = _PARSERS.get(kind)
        if parser is not None:
            return functools.partial(self._parsed, kind=kind, parser=parser)
        return self._plain_digits if column.name == "code" else None

    def _parsed(self, line: int, column: str, text: str, *, kind: str, parser: _Parser) -> Any:
        """The value ``parser`` reads in a non-empty cell (non-ASCII digits read as ASCII), or
        None after reporting why it is invalid."""
        text = self._plain_digits(line, column, text)
        code, hint, parse = parser
        value = parse(text)
        if value is None:
            if kind == "date":
                hint = date_problem(text)
            elif kind in ("int", "amount"):
                hint = number_problem(text, kind == "int", hint)
            self._add(line, column, code, f"« {_shown(text)} » invalide : {hint}")
        return value

    def _plain_digits(self, line: int, column: str, text: str) -> str:
        """``text`` with non-ASCII digits (« ٢٠٢٤ », « ２０２４ ») read as ASCII, with a warning."""
        plain = ascii_digits(text)
        if plain != text:
            self.issues.warn(self.name, line, column, "non-ascii-digits",
                             f"chiffres non ASCII dans « {_shown(text)} », lus « {_shown(plain)} » : "
                             "récrivez-les en chiffres ordinaires (0 à 9)")
        return plain

    def _vocabulary(self, line: int, column: str, text: str, *, vocabulary: str) -> str | None:
        """The canonical vocabulary value of ``text`` (case- and accent-insensitive)."""
        value = _VOCABULARY_LOOKUP[vocabulary].get(vocabulary_key(text))
        if value is not None:
            return value
        allowed = schema.VOCABULARIES[vocabulary]
        self._add(line, column, "bad-vocabulary",
                  f"{column} « {text} » inconnu ; valeurs admises : {', '.join(allowed)}")
        return None

    def _check_values(self, lines: list[int], columns: dict[str, list[Any]]) -> None:
        """Checks of a value's sign, or needing several cells of a row."""
        for column, code in _NEGATIVE_CODES.items():
            if column not in self.columns:
                continue
            for line, value in zip(lines, columns[column], strict=True):
                if value is not None and value < 0:
                    self._add(line, column, code,
                              f"nombre négatif ({fr.number(value)}) : attendu un entier positif ou nul")
        if self.name != "contracts":
            return
        for line, start, end in zip(lines, columns["start"], columns["end"], strict=True):
            if start is not None and end is not None and end < start:
                self._add(line, "end", "end-before-start",
                          f"la date de fin {end.isoformat()} est antérieure à la date de début "
                          f"{start.isoformat()}")

    def _add(self, line: int, column: str, code: str, message: str) -> None:
        """Report an issue in this table."""
        self.issues.add(self.name, line, column, code, message)


def _property_problem(key: str) -> str:
    """Why an extra column of a node table cannot become a node property; empty when it can.

    ArcadeDB refuses the record attributes ``@rid``, ``@type``, ``@in``, ``@out``, ``@cat``,
    ``@this``, ``@props`` as property names: every name starting with ``@`` is refused.
    """
    if key.startswith("@"):
        return ("refusée : un nom commençant par « @ » est réservé par la base de données "
                "(@rid, @type…)")
    if _CONTROL.search(key):
        return "refusée : son nom contient un caractère de contrôle"
    if key in RESERVED_COLUMNS:
        return "réservée par hlmgraph (propriété du modèle de graphe ou mesure d'analyse)"
    return ""


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
    "date": ("bad-date", DATE_HINT, parse_date),
    "amount": ("bad-amount", "écrivez un montant comme 12500.50 ou 12 500,50", parse_amount),
    "int": ("bad-integer", "écrivez un nombre entier", parse_int),
    "siren": ("bad-siren", "un SIREN a 9 chiffres et une clé de Luhn correcte", parse_siren),
}
"""Column kind -> (issue code, French hint, parser)."""


def _shown(text: str) -> str:
    """A cell as quoted in a message: cut in the middle beyond 40 characters."""
    return text if len(text) <= 40 else f"{text[:24]}…{text[-12:]}"
