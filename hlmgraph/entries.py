"""Read step: what a dataset folder holds, the table files to read and what is left aside.

Only regular files are read: a FIFO, a socket, a device or a folder named like a
table would block or never end, a symbolic link is followed when it leads to a
regular file (with a warning when that file lies outside the folder). What is
left aside is said: a special file, a table file that cannot be read, a data
file whose name is no table's (``acteurs.csv``), a second file for one table.
Documentation files (``lisez-moi.txt``, ``README.md``), hidden files and
sub-folders are left aside silently.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from hlmgraph import schema
from hlmgraph.findings import WARNING, Issue

DATA_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")
"""Suffixes of files a person may believe hlmgraph reads: an unknown one is a warning."""
_TABLE_FILES = {f"{name}.csv": name for name in schema.TABLES}


@dataclass
class FolderEntries:
    """The table files of a dataset folder, the tables set aside and the warnings."""

    tables: dict[str, Path] = field(default_factory=dict)
    """Table name -> the regular file to read."""
    refused: dict[str, str] = field(default_factory=dict)
    """Table name -> why its entry is not read (« tube nommé »)."""
    warnings: list[Issue] = field(default_factory=list)


def scan_folder(folder: Path) -> FolderEntries:
    """The entries of ``folder``: table files matched case-insensitively, the rest set aside."""
    found = FolderEntries()
    root = folder.resolve()
    entries = sorted((kind_of(path), path.name, path) for path in folder.iterdir())
    for kind, _, path in entries:  # regular files first: they win over a special namesake
        table = _TABLE_FILES.get(path.name.lower())
        if table is None:
            _unknown(path, kind, found)
        elif table in found.tables or table in found.refused:
            first = found.tables.get(table, path)
            found.warnings.append(_warning("ignored-file", path.name,
                                           f"ignoré : « {first.name} » est lu pour la table {table} "
                                           "(les noms de fichiers ne distinguent pas les majuscules)"))
        elif kind:
            found.refused[table] = kind
            found.warnings.append(_warning("special-file", path.name,
                                           f"ignoré : ce n'est pas un fichier ordinaire ({kind}) ; "
                                           "remplacez-le par un fichier CSV"))
        else:
            found.tables[table] = path
            outside = _outside(path, root)
            if outside:
                found.warnings.append(_warning("outside-link", path.name,
                                               f"lien symbolique vers {outside}, hors du dossier du "
                                               "jeu de données : lu quand même ; copiez plutôt le "
                                               "fichier dans le dossier"))
    return found


def _unknown(path: Path, kind: str, found: FolderEntries) -> None:
    """Say why an entry that names no table is left aside, when a person may wonder."""
    if path.name.startswith((".", "~$")) or kind in ("dossier", "lien symbolique cassé"):
        return
    if kind:
        found.warnings.append(_warning("special-file", path.name,
                                       f"ignoré : ce n'est pas un fichier ordinaire ({kind}), ni une "
                                       "table"))
    elif path.suffix.lower() in DATA_SUFFIXES:
        tables = ", ".join(_TABLE_FILES)
        found.warnings.append(_warning("ignored-file", path.name,
                                       f"ignoré : ce n'est le nom d'aucune table ({tables}) ; "
                                       "renommez-le s'il en contient une"))


def kind_of(path: Path) -> str:
    """Empty for a regular file (or a link to one); else what the entry is, in French."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "lien symbolique cassé" if path.is_symlink() else "fichier inaccessible"
    if stat.S_ISREG(mode):
        return ""
    kinds = ((stat.S_ISDIR, "dossier"), (stat.S_ISFIFO, "tube nommé"),
             (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "périphérique"),
             (stat.S_ISBLK, "périphérique de stockage"))
    return next((name for test, name in kinds if test(mode)), "fichier spécial")


def _outside(path: Path, root: Path) -> str:
    """The target of a symbolic link leading outside ``root``; empty otherwise."""
    if not path.is_symlink():
        return ""
    target = Path(os.path.realpath(path))
    return "" if target.is_relative_to(root) else str(target)


def _warning(code: str, name: str, message: str) -> Issue:
    """A warning about one entry of the folder (no line, no column)."""
    return Issue(code, name, None, "", message, severity=WARNING)
