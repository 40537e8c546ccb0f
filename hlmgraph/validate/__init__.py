"""Validate step: check raw tables against the input format and type their values.

``validate_raw`` runs the checks of one table (``tables.py``) on every table
read, then the checks across tables (``links.py``); every problem is an
``Issue`` (``hlmgraph.findings``), all of them found at once.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from typing import Any

from hlmgraph.dataset import Dataset
from hlmgraph.findings import Issue, ValidationReport
from hlmgraph.gc_pause import pausing
from hlmgraph.read import RawDataset, read_raw
from hlmgraph.validate.collect import IssueCollector
from hlmgraph.validate.links import check_links
from hlmgraph.validate.quality import check_quality
from hlmgraph.validate.references import check_references
from hlmgraph.validate.summary import summarize
from hlmgraph.validate.tables import TableChecker, vocabulary_key

__all__ = [
    "Issue",
    "Validation",
    "ValidationReport",
    "check_dataset",
    "summarize",
    "validate_path",
    "validate_raw",
    "vocabulary_key",
]


@pausing
def validate_path(path: str | os.PathLike[str]) -> tuple[Dataset | None, ValidationReport]:
    """Read and check the dataset at ``path``: the typed dataset (None if invalid) and the report."""
    return validate_raw(read_raw(path))


def validate_raw(raw: RawDataset) -> tuple[Dataset | None, ValidationReport]:
    """Check raw tables: every problem at once, and the typed dataset when there is none."""
    issues = IssueCollector(raw)
    issues.extend(raw.issues)
    dataset = Dataset(origin=raw.origin)
    unknown = set(raw.unreadable)
    for name, table in raw.tables.items():
        checker = TableChecker(table, issues)
        dataset.tables[name] = checker.check()
        if checker.missing_id:
            unknown.add(name)
    check_links(dataset, issues, unknown)
    dataset.written = {(table.source, column): header for name, table in dataset.tables.items()
                       for column, header in issues.written.get(name, {}).items()}
    report = ValidationReport(issues.sorted(), issues.warnings())
    return (dataset if report.valid else None), report


@dataclass(frozen=True)
class Validation:
    """The outcome of ``hlmgraph validate``: the report and, when valid, the summary."""

    report: ValidationReport
    summary: dict[str, Any] | None

    @property
    def warnings(self) -> list[Issue]:
        """The warnings of a valid dataset."""
        return self.report.warnings

    def to_dict(self) -> dict[str, Any]:
        """The report, its warnings and the summary (None when invalid) as a plain dict, for --json."""
        warnings = [warning.to_dict() for warning in self.warnings]
        return self.report.to_dict() | {"warning_count": len(warnings), "warnings": warnings,
                                        "summary": self.summary}


@pausing
def check_dataset(
    path: str | os.PathLike[str], as_of: dt.date | None = None, strict: bool = False
) -> Validation:
    """Validate the dataset at ``path`` and summarise it (contracts in force at ``as_of``, default
    today); a valid dataset also gets its warnings, errors when ``strict``."""
    dataset, report = validate_path(path)
    if dataset is None:
        return Validation(report, None)
    checked = check_references(dataset) + check_quality(dataset)
    warnings = report.warnings + [
        replace(w, column=dataset.written.get((w.file, w.column), w.column)) for w in checked
    ]
    if strict and warnings:
        return Validation(ValidationReport([replace(w, severity="") for w in warnings]), None)
    when = as_of or dt.date.today()
    return Validation(ValidationReport(report.issues, warnings), summarize(dataset, when))
