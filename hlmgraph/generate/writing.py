"""Data step: write a generated dataset into a folder, all files or none."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hlmgraph.dataset_files import check_target, write_folder
from hlmgraph.errors import ConfigError
from hlmgraph.generate.build import build_tables
from hlmgraph.generate.scope import REFERENCE_DATE, SCOPES
from hlmgraph.output import render_records
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
    check_target(target, force)
    progress(f"Tirage du jeu fictif ({scale}, graine {seed})…")
    tables = build_tables(scale, seed, as_of)
    progress("Écriture des fichiers CSV…")
    files = {f"{name}.csv": render_records(rows, _columns(name), "csv").encode("utf-8")
             for name, rows in tables.items()}
    write_folder(target, files)
    return {f"{name}.csv": len(rows) for name, rows in tables.items()}


def _columns(name: str) -> list[str]:
    """The spec columns of a table."""
    return [c.name for c in TABLES[name]]
