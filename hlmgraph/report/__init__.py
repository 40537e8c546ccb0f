"""Report step: the French HTML report for non-technical staff, and its tables as an .xlsx workbook.

The page is one self-contained file: inline CSS and SVG, no script, no
external resource (a Content-Security-Policy forbids any), every text from
the data escaped. The same tables go to the workbook, one sheet each.
One job per module: ``build`` computes everything once (``records`` holds
it; ``tables``, ``deadlines``, ``fiches`` and ``essentials`` make the
tables and sentences); ``svg``, ``timeline`` and ``map`` draw; ``markup``,
``sections``, ``fiche_sections``, ``method`` and ``html`` write the page
(CSS in ``static/report.css``); ``workbook`` writes the .xlsx.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx

from hlmgraph.analysis import Progress
from hlmgraph.files import atomic_paths, check_file_target, write_bytes
from hlmgraph.gaps import load_rules
from hlmgraph.gc_pause import pausing
from hlmgraph.model import NetworkOptions
from hlmgraph.output import save_workbook
from hlmgraph.report.build import build_report
from hlmgraph.report.html import SECTIONS, render_html
from hlmgraph.report.records import Changes, ReportData, Table
from hlmgraph.report.workbook import report_workbook

__all__ = ["SECTIONS", "Changes", "ReportData", "Table", "build_report",
           "render_html", "write_report"]


@pausing
def write_report(
    G: nx.MultiDiGraph,
    out: Path,
    xlsx: Path | None = None,
    as_of: dt.date | None = None,
    rules: Path | None = None,
    progress: Progress | None = None,
    changes: Changes | None = None,
    territory: str = "",
    network: NetworkOptions | None = None,
) -> Path:
    """Write the French HTML report of ``G`` to ``out`` (and its tables to ``xlsx``); return ``out``.

    ``progress`` receives French step messages when the network is large;
    ``changes`` (``report --compare``) adds « Ce qui a changé »; ``territory``
    cuts the report to one territory (``--territory ID``); ``network`` the
    weighting, ties and memberships of the actor network (``model.NetworkOptions``).
    """
    check_file_target(out, "--out")
    if xlsx is not None:
        check_file_target(xlsx, "--xlsx")
    data = build_report(G, as_of=as_of, rules=load_rules(rules), progress=progress, changes=changes,
                        territory=territory, network=network)
    page = render_html(data).encode("utf-8")
    if xlsx is None:
        write_bytes(out, page)
        return Path(out)
    workbook = report_workbook(data)
    with atomic_paths([out, xlsx], ["--out", "--xlsx"]) as (html_tmp, xlsx_tmp):
        html_tmp.write_bytes(page)
        save_workbook(workbook, xlsx_tmp)
    return Path(out)
