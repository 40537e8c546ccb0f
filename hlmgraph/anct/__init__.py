"""Import step: ANCT posts files (adultes-relais, FONJEP) into a dataset that validates.

``import_anct(files, out)`` reads the files as published (CSV or Ci.Ville JSON),
builds the dataset on the shipped COG 2026 and contrats de ville 2024-2030, and
writes its folder all at once; it returns the counts for the summary.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from hlmgraph import cog
from hlmgraph.anct.build import FileCount, ImportSummary, build_import
from hlmgraph.anct.read import PostsFile, read_posts
from hlmgraph.anct.summary import summary_frame
from hlmgraph.dataset_files import check_target, people_csv, write_folder
from hlmgraph.errors import DatasetError, UsageError
from hlmgraph.findings import Issue, ValidationReport
from hlmgraph.prefill import columns
from hlmgraph.progress import Count, Say, quiet

__all__ = ["FileCount", "ImportSummary", "import_anct", "read_files", "summary_frame"]


def import_anct(
    files: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    territory: str | None = None,
    force: bool = False,
    progress: Say = quiet,
    count: Count | None = None,
) -> ImportSummary:
    """Import ANCT posts files into the dataset folder ``out``; return what was kept.

    ``progress`` receives a French message as each step starts, ``count(done, total)``
    the posts merged into employers (the long step at national scale).
    """
    target = Path(out)
    check_target(target, force)
    progress("Géographie : COG 2026 et contrats de ville 2024-2030…")
    if territory and cog.territory(territory) is None:
        raise UsageError(f"Territoire « {territory} » absent du COG 2026 : donnez un identifiant "
                         "comme region:32, departement:59, epci:200093201 ou commune:59350.")
    posts = read_files(files, progress)
    progress("Employeurs, contrats de ville et territoires…")
    rows, summary = build_import(posts, territory, count)
    progress("Écriture des fichiers CSV…")
    write_folder(target, {f"{name}.csv": people_csv(table, columns(name))
                          for name, table in rows.items()})
    return summary


def read_files(files: Sequence[str | os.PathLike[str]], progress: Say = quiet) -> list[PostsFile]:
    """Read every posts file; raise DatasetError listing the problems of all of them."""
    read: list[PostsFile] = []
    issues: list[Issue] = []
    for number, path in enumerate(files, start=1):
        progress(f"Lecture de {Path(path).name} ({number} sur {len(files)})…")
        posts_file, problems = read_posts(Path(path))
        issues.extend(problems)
        if posts_file is not None:
            read.append(posts_file)
    if issues:
        raise DatasetError(ValidationReport(issues))
    return read
