"""Demo step: run the whole offline pipeline on the shipped demo dataset, no database needed.

``run_demo(out)`` validates the demo data, builds the graph, then writes the
actor measures, the gaps, the HTML network view, the report and the exports
into ``out``. Everything is first written into a staging folder inside ``out``
and moved into place at the end, so a failure leaves no half-written demo.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import analysis, exports, fr, gaps, schema
from hlmgraph.errors import OutputError
from hlmgraph.files import output_folder, reason_fr, write_text
from hlmgraph.model import actor_network, build_graph
from hlmgraph.output import EXCEL_FR, write_records
from hlmgraph.pipeline import load_dataset
from hlmgraph.report import write_report
from hlmgraph.views import render_view
from hlmgraph.views.text import labelled

DEMO_AS_OF = dt.date(2026, 11, 23)
"""As-of date of the demo: the data were drawn up for it (contracts in force, expiries)."""
EXPORT_FILES: dict[str, str] = {
    "graphml": "export/hlmgraph.graphml",
    "gexf": "export/hlmgraph.gexf",
    "json": "export/hlmgraph.json",
    "csv": "export/csv",
    "cypher": "export/hlmgraph.cypher",
}
"""Export format -> path inside the output folder (``csv`` is a folder)."""

Say = Callable[[str], None]
NetworkText = Callable[[dict[str, Any]], str]
"""Words the network summary (``analysis.network_summary``) for ``reseau.txt``."""


def demo_path() -> Path:
    """The folder of the demo dataset shipped in the package."""
    return Path(str(resources.files("hlmgraph").joinpath("data", "demo")))


def run_demo(
    out: str | os.PathLike[str],
    as_of: dt.date = DEMO_AS_OF,
    say: Say | None = None,
    network_text: NetworkText | None = None,
) -> list[Path]:
    """Run the offline pipeline on the demo data; write into ``out``; return the files written.

    ``say`` receives one French line per step (what was written) and, at the
    end, what to open. ``network_text`` words the network summary into
    ``reseau.txt`` (``hlmgraph demo`` passes the text ``hlmgraph analyse``
    prints, ``hlmgraph.cli.summaries.network_text``); without it the summary
    is written as data, ``reseau.json``. Outputs are deterministic:
    the same package and ``as_of`` give byte-identical files.
    """
    target = output_folder(out)
    run = _Run(as_of=as_of, say=say or (lambda line: None), network_text=network_text)
    with _staging(target) as stage:
        run.stage = stage
        G = _validate_and_build(run)
        for step in (_measures, _gaps, _view, _report, _exports):
            step(run, G)
        _write_readme(run)
        written = _publish(stage, target)
    run.say(_closing_lines(run, target))
    return written


# ---------------------------------------------------------------- steps


@dataclass
class _Run:
    """State of one demo run: the staging folder, the messages and what was (not) done."""

    as_of: dt.date
    say: Say
    network_text: NetworkText | None = None
    stage: Path = Path()
    done: list[tuple[str, list[str]]] = field(default_factory=list)

    def wrote(self, title: str, *relative: str) -> None:
        """Record and announce a step's files (paths relative to the output folder)."""
        self.done.append((title, list(relative)))
        self.say(labelled(title, ", ".join(relative)))


def _validate_and_build(run: _Run) -> nx.MultiDiGraph:
    """Validate the demo dataset and build its model graph (copying the data for the user)."""
    source = demo_path()
    dataset = load_dataset(source)
    copied = []
    for name in [*schema.TABLES, "SOURCES", "README"]:
        suffix = ".md" if name in ("SOURCES", "README") else ".csv"
        if (source / f"{name}{suffix}").is_file():
            shutil.copyfile(source / f"{name}{suffix}", _staged(run, f"donnees/{name}{suffix}"))
            copied.append(f"donnees/{name}{suffix}")
    counts = {name: len(dataset.rows(name)) for name in schema.NODE_TABLES}
    run.say(labelled(
        "Validation", f"jeu de démonstration valide ({fr.count(counts['actors'], 'acteur')}, "
        f"{fr.count(counts['territories'], 'territoire')}, {fr.count(counts['contracts'], 'contrat')})."
    ))
    run.wrote("Données de démonstration (à modifier et revalider)", "donnees/")
    G = build_graph(dataset)
    run.say(labelled("Graphe", f"{fr.count(G.number_of_nodes(), 'nœud')}, "
                              f"{fr.count(G.number_of_edges(), 'relation')}."))
    return G


def _measures(run: _Run, G: nx.MultiDiGraph) -> None:
    """Write the per-actor measures (CSV) and the network summary (text)."""
    A = actor_network(G, as_of=run.as_of)
    measures = analysis.compute_measures(A)
    write_records(measures, analysis.COLUMNS, "csv", _staged(run, "mesures.csv"),
                  record_type="measure", dialect=EXCEL_FR)
    summary = analysis.network_summary(A, measures, analysis.NetworkOptions(run.as_of))
    if run.network_text is None:
        text, name = json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "reseau.json"
    else:
        text, name = run.network_text(summary), "reseau.txt"
    write_text(_staged(run, name), text)
    run.wrote(f"Mesures des acteurs ({len(measures)} acteurs)", "mesures.csv", name)


def _gaps(run: _Run, G: nx.MultiDiGraph) -> None:
    """Write the partnership gaps found by the default rules (CSV and JSON)."""
    found = gaps.find_gaps(G, as_of=run.as_of)
    records = [gap.to_dict() for gap in found]
    for fmt in ("csv", "json"):
        write_records(records, gaps.GAP_COLUMNS, fmt, _staged(run, f"manques.{fmt}"),
                      record_type="gap", dialect=EXCEL_FR)
    title = (f"Manques de partenariat ({len(gaps.manques(found))}) "
             f"et échéances à part ({len(gaps.alerts(found))})")
    run.wrote(title, "manques.csv", "manques.json")


def _view(run: _Run, G: nx.MultiDiGraph) -> None:
    """Write the HTML network view with the gaps drawn in."""
    render_view(G, _staged(run, "reseau.html"), as_of=run.as_of, gaps=True,
                title="Réseau de démonstration hlmgraph")
    run.wrote("Vue du réseau (HTML hors ligne)", "reseau.html")


def _report(run: _Run, G: nx.MultiDiGraph) -> None:
    """Write the report (HTML) and its workbook (XLSX)."""
    write_report(G, _staged(run, "rapport.html"), xlsx=_staged(run, "rapport.xlsx"), as_of=run.as_of)
    run.wrote("Rapport", "rapport.html", "rapport.xlsx")


def _exports(run: _Run, G: nx.MultiDiGraph) -> None:
    """Write the full graph at the demo's date, actors with their measures, in every export format."""
    files = []
    for fmt in exports.FORMATS:
        relative = EXPORT_FILES[fmt]
        exports.export_graph(G, fmt, _staged(run, relative), as_of=run.as_of, measures=True)
        files.append(relative + ("/" if fmt == "csv" else ""))
    run.wrote("Exports du graphe", *files)


# ---------------------------------------------------------------- writing


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A hidden staging folder inside ``target``, always removed at the end."""
    try:
        stage = Path(tempfile.mkdtemp(prefix=".demo-", dir=target))
    except OSError as exc:
        raise OutputError(
            f"Impossible d'écrire dans {target} ({reason_fr(exc)}) : choisissez un dossier "
            "accessible en écriture."
        ) from exc
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _staged(run: _Run, relative: str) -> Path:
    """Path of ``relative`` inside the staging folder, its parent folder created."""
    path = run.stage / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _publish(stage: Path, target: Path) -> list[Path]:
    """Move every staged file to the same place in ``target``; return them sorted."""
    written = []
    for source in sorted(p for p in stage.rglob("*") if p.is_file()):
        destination = target / source.relative_to(stage)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, destination)
        written.append(destination)
    return written


def _write_readme(run: _Run) -> None:
    """Write LISEZMOI.md: what each file is."""
    lines = [
        "# Démonstration hlmgraph",
        "",
        f"Jeu de démonstration analysé au {fr.date(run.as_of)} "
        "(contrats en vigueur à cette date).",
        "",
    ]
    lines += [labelled(f"- {title}", ", ".join(f"`{f}`" for f in files)) for title, files in run.done]
    write_text(_staged(run, "LISEZMOI.md"), "\n".join(lines) + "\n")


def _closing_lines(run: _Run, target: Path) -> str:
    """The final French message: where the demo is and what to open first."""
    produced = {f for _, files in run.done for f in files}
    to_open = [f for f in ("reseau.html", "rapport.html", "manques.csv", "mesures.csv")
               if f in produced]
    lines = [f"Démonstration écrite dans {target} (voir LISEZMOI.md)."]
    if to_open:
        lines.append(labelled("À ouvrir", ", ".join(str(target / f) for f in to_open)))
    return "\n".join(lines)
