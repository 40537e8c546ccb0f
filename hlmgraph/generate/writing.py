"""Data step: write a generated dataset into a folder, all files or none."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from hlmgraph.errors import ConfigError, OutputError
from hlmgraph.generate.build import build_tables
from hlmgraph.generate.scope import REFERENCE_DATE, SCOPES
from hlmgraph.output import reason_fr, render_records, write_text
from hlmgraph.progress import Say, quiet
from hlmgraph.schema import TABLES


def generate_dataset(
    scale: str,
    seed: int,
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    as_of: dt.date = REFERENCE_DATE,
    progress: Say = quiet,
) -> dict[str, int]:
    """Generate a synthetic dataset of ``scale`` into folder ``out``; return rows per file.

    The folder must be empty or absent unless ``force``; the files are written
    into a temporary folder first, so a failure leaves nothing half-written.
    ``progress`` receives a French message as each step starts.
    """
    if scale not in SCOPES:
        raise ConfigError(f"Échelle inconnue « {scale} » : choisissez demo, regional ou national.")
    target = Path(out)
    _check_target(target, force)
    progress(f"Tirage du jeu fictif ({scale}, graine {seed})…")
    tables = build_tables(scale, seed, as_of)
    progress("Écriture des fichiers CSV…")
    texts = {name: render_records(rows, _columns(name), "csv")
             for name, rows in tables.items()}
    _write_folder(target, texts)
    return {f"{name}.csv": len(rows) for name, rows in tables.items()}


def _columns(name: str) -> list[str]:
    """The spec columns of a table."""
    return [c.name for c in TABLES[name]]


def _check_target(target: Path, force: bool) -> None:
    """Refuse a non-empty output folder unless ``force``."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} existe et n'est pas un dossier : choisissez un autre --out.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(
            f"Le dossier {target} n'est pas vide : choisissez un dossier vide ou ajoutez --force."
        )


def _write_folder(target: Path, texts: dict[str, str]) -> None:
    """Write all files into a temporary folder, then move them into ``target``."""
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        for name, text in texts.items():
            write_text(tmp / f"{name}.csv", text)
        target.mkdir(exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, target / path.name)
    except OSError as exc:
        raise OutputError(f"Impossible d'écrire dans {target} ({reason_fr(exc)}) : choisissez un "
                          "dossier accessible en écriture.") from exc
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
