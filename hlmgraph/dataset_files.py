"""Writing step: a dataset folder written all at once (every table or none of them)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from hlmgraph.errors import OutputError
from hlmgraph.files import output_folder, reason_fr
from hlmgraph.output import BOM, csv_text

DELIMITER = ";"
"""People's dataset files: `;`, UTF-8 with BOM (French Excel opens them as they are)."""


def people_csv(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> bytes:
    """A dataset table as people open it: BOM, `;`, CRLF, the format's column names."""
    text = csv_text(columns, ([row.get(c, "") for c in columns] for row in rows), DELIMITER)
    return (BOM + text).encode("utf-8")


def check_target(target: Path, force: bool) -> None:
    """Refuse a file, or a folder holding files, unless ``force`` (nothing is touched)."""
    output_folder(target, create=False)
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(
            f"Le dossier {target} n'est pas vide : choisissez un dossier vide ou ajoutez --force."
        )


def write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Write all files into a temporary folder, then move them into ``target``."""
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        target.mkdir(exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, target / path.name)
    except OSError as exc:
        raise OutputError(f"Impossible d'écrire dans {target} ({reason_fr(exc)}) : choisissez un "
                          "dossier accessible en écriture.") from exc
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
