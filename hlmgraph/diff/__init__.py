"""Diff step: what changed between two datasets, or one dataset at two dates.

``diff_datasets(old, new)`` returns ``Changes`` (organisations added and removed,
partnerships gained and lost, contracts in force added and removed, gaps opened and
closed); ``write_changes`` writes them as JSON, CSV, XLSX or HTML; ``changes_frame``
and ``changes_by_departement`` give DataFrames, ``departement_map`` an SVG map.
"""

from hlmgraph.diff.compare import Changes, Side, compare_with, diff_datasets, diff_graphs
from hlmgraph.diff.departements import changes_by_departement, departement_map
from hlmgraph.diff.render import (
    FORMATS,
    ReportChanges,
    change_rows,
    changes_frame,
    heading,
    report_changes,
    sections,
    write_changes,
)

__all__ = [
    "FORMATS", "Changes", "ReportChanges", "Side", "change_rows", "compare_with", "changes_by_departement", "changes_frame",
    "departement_map", "diff_datasets", "diff_graphs", "heading", "report_changes", "sections",
    "write_changes",
]
