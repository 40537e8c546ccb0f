"""Import step: read the ANCT posts files (adultes-relais, FONJEP) as published, CSV or JSON.

One row is one funded post tied to one contrat de ville (a post serving two contrats
appears twice). Columns are matched case-insensitively; the employer's SIRET is in
``code_tiers`` when the file has it. Problems are ``Issue`` records located like
spreadsheet cells (for a JSON file, the line is the record number + 1).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hlmgraph.entries import kind_of
from hlmgraph.errors import HlmgraphError
from hlmgraph.files import reason_fr
from hlmgraph.findings import Issue
from hlmgraph.read import decode
from hlmgraph.values import parse_amount

REQUIRED = ("id_poste", "raison_sociale", "montant", "annee", "code_cv", "insee_dep")
"""Columns every ANCT posts file has."""
OPTIONAL = ("code_tiers", "insee_reg")
"""Columns some files have: ``code_tiers`` (SIRET of the employer), ``insee_reg``."""
PROGRAMMES = ("adultes-relais", "FONJEP")
_DELIMITERS = (",", ";", "\t")
Records = list[tuple[int, dict[str, str]]]
"""Rows of a file as (line, {column: cell})."""
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class Post:
    """One row of a posts file: a post, its employer and its contrat de ville."""

    line: int
    post_id: str
    siret: str
    """14 digits (or a 9-digit SIREN) as given in ``code_tiers``; empty when absent or not one."""
    name: str
    amount: float | None
    contract: str
    departement: str


@dataclass
class PostsFile:
    """The posts of one file, with what the file is (programme, year)."""

    name: str
    programme: str
    year: str
    posts: list[Post] = field(default_factory=list)

    @property
    def label(self) -> str:
        """« adultes-relais 2025 (anct_adultes_relais_2025.csv) »."""
        year = f" {self.year}" if self.year else ""
        return f"{self.programme}{year} ({self.name})"


def read_posts(path: Path) -> tuple[PostsFile | None, list[Issue]]:
    """Read one posts file; on a problem, None and the issues (missing columns, bad cells)."""
    if kind := kind_of(path):  # never opened: a FIFO or a device would block or never end
        return None, [Issue("special-file", path.name, None, "", f"pas un fichier ordinaire "
                            f"({kind}) : donnez le fichier de postes lui-même")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HlmgraphError(f"Impossible de lire {path} ({reason_fr(exc)}) : vérifiez le chemin.") \
            from exc
    text = decode(data)
    if text is None:
        return None, [Issue("unreadable-file", path.name, None, "", "fichier illisible : "
                            "encodage non reconnu, enregistrez-le en CSV UTF-8 ou Windows-1252")]
    stripped = text.lstrip("\ufeff \r\n\t")
    if stripped.startswith(("[", "{")):
        records, issues = _json_records(stripped, path.name)
    else:
        records, issues = _csv_records(text, path.name)
    if issues:
        return None, issues
    return _posts_file(path.name, records)


def _csv_records(text: str, name: str) -> tuple[Records, list[Issue]]:
    """Rows of a CSV file as (line, {column: cell}), the delimiter found on the header."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    delimiter = max(_DELIMITERS, key=lambda d: sum(
        _key(c) in REQUIRED + OPTIONAL for c in next(csv.reader([first], delimiter=d), [])))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    header = [_key(c) for c in next(reader, [])]
    issues = _missing(header, name)
    rows = []
    for line, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=False)}))
    return rows, issues


def _json_records(text: str, name: str) -> tuple[Records, list[Issue]]:
    """Records of a Ci.Ville JSON file (a list of objects, or GeoJSON features)."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Issue("unreadable-file", name, exc.lineno, "",
                          f"JSON illisible ({exc.msg}) : donnez le fichier tel que publié")]
    if isinstance(data, dict):
        data = [f.get("properties", {}) for f in data.get("features", []) if isinstance(f, dict)]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        return [], [Issue("not-posts", name, None, "",
                          "ce JSON n'est pas une liste de postes : donnez le fichier Ci.Ville")]
    rows = [(n, {_key(k): _text(v) for k, v in r.items()}) for n, r in enumerate(data, start=2)]
    columns = sorted({k for _, r in rows for k in r})
    return rows, _missing(columns, name) if rows else []


def _missing(columns: list[str], name: str) -> list[Issue]:
    """One issue per required column the file lacks."""
    expected = ", ".join(REQUIRED)
    return [Issue("missing-column", name, 1, column,
                  f"colonne « {column} » absente : ce fichier n'est pas un fichier de postes ANCT "
                  f"(colonnes attendues : {expected})")
            for column in REQUIRED if column not in columns]


def _posts_file(name: str, records: Records) -> tuple[PostsFile | None, list[Issue]]:
    """Typed posts of one file; bad amounts are issues."""
    posts: list[Post] = []
    issues: list[Issue] = []
    for line, row in records:
        amount = parse_amount(row.get("montant", "")) if row.get("montant") else None
        if row.get("montant") and amount is None:
            issues.append(Issue("bad-amount", name, line, "montant",
                                f"montant « {row['montant']} » illisible : écrivez 7164 ou 7 164,00"))
        posts.append(Post(line, row.get("id_poste", ""), _siret(row.get("code_tiers", "")),
                          " ".join(row.get("raison_sociale", "").split()), amount,
                          row.get("code_cv", "").strip().upper(),
                          _departement(row.get("insee_dep", ""))))
    if issues:
        return None, issues
    years = Counter(r.get("annee", "")[:4] for _, r in records if r.get("annee"))
    year = years.most_common(1)[0][0] if years else _year_in(name)
    return PostsFile(name, _programme(name, posts), year, posts), []


def _programme(name: str, posts: list[Post]) -> str:
    """adultes-relais or FONJEP: from the file name, else from the post ids (``…R…``)."""
    lowered = name.lower()
    if "fonjep" in lowered:
        return "FONJEP"
    if "adulte" in lowered:
        return "adultes-relais"
    relais = sum(1 for p in posts if re.fullmatch(r"\d{5}R\d+", p.post_id))
    return "adultes-relais" if relais * 2 > len(posts) else "FONJEP"


def _year_in(name: str) -> str:
    """A year written in a file name, else empty."""
    found = _YEAR.search(name)
    return found.group(1) if found else ""


def _siret(text: str) -> str:
    """The digits of a SIRET (14) or SIREN (9) in ``code_tiers``; empty for anything else."""
    digits = "".join(text.split())
    return digits if _DIGITS.fullmatch(digits) and len(digits) in (9, 14) else ""


def _departement(text: str) -> str:
    """A département code, a leading zero restored when a spreadsheet dropped it (``1`` → ``01``)."""
    code = text.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def _key(text: str) -> str:
    """A column name as a key: BOM and outer spaces removed, lower case."""
    return text.replace("\ufeff", "").strip().lower()


def _text(value: Any) -> str:
    """A JSON value as cell text (numbers as written, null as empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
