"""Demo step: run the whole offline pipeline on the shipped demo dataset, no database needed.

``run_demo(out)`` validates the demo data, builds the graph, then writes the
actor measures, the gaps, the HTML network view, the report and the exports
into ``out``. Each step runs only when its module is part of the installed
package; a missing one is reported as such, never replaced by a fake output.
Everything is first written into a staging folder inside ``out`` and moved
into place at the end, so a failure leaves no half-written demo.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
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

from hlmgraph import schema
from hlmgraph.errors import DatasetError, OutputError
from hlmgraph.model import actor_network, build_graph
from hlmgraph.output import EXCEL_FR, reason_fr, write_records, write_text

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


def demo_path() -> Path:
    """The folder of the demo dataset shipped in the package."""
    return Path(str(resources.files("hlmgraph").joinpath("data", "demo")))


def run_demo(
    out: str | os.PathLike[str], as_of: dt.date = DEMO_AS_OF, say: Say | None = None
) -> list[Path]:
    """Run the offline pipeline on the demo data; write into ``out``; return the files written.

    ``say`` receives one French line per step (what was written, what is not
    available yet) and, at the end, what to open. Outputs are deterministic:
    the same package and ``as_of`` give byte-identical files.
    """
    target = _output_folder(Path(out))
    run = _Run(as_of=as_of, say=say or (lambda line: None))
    with _staging(target) as stage:
        run.stage = stage
        G = _validate_and_build(run)
        for step in _STEPS:
            _run_step(run, step, G)
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
    stage: Path = Path()
    done: list[tuple[str, list[str]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def wrote(self, title: str, *relative: str) -> None:
        """Record and announce a step's files (paths relative to the output folder)."""
        self.done.append((title, list(relative)))
        self.say(f"{title} : {', '.join(relative)}")


@dataclass(frozen=True)
class _Step:
    """One optional pipeline step: the module and function it needs, and its runner."""

    title: str
    module: str
    function: str
    run: Callable[[_Run, Callable[..., Any], nx.MultiDiGraph], None]


def _validate_and_build(run: _Run) -> nx.MultiDiGraph:
    """Validate the demo dataset and build its model graph (copying the data for the user)."""
    from hlmgraph.validate import validate_path

    source = demo_path()
    dataset, report = validate_path(source)
    if dataset is None:
        raise DatasetError(report)
    copied = []
    for name in [*schema.TABLES, "SOURCES"]:
        suffix = ".md" if name == "SOURCES" else ".csv"
        if (source / f"{name}{suffix}").is_file():
            shutil.copyfile(source / f"{name}{suffix}", _staged(run, f"donnees/{name}{suffix}"))
            copied.append(f"donnees/{name}{suffix}")
    counts = {name: len(dataset.rows(name)) for name in ("actors", "territories", "contracts")}
    run.say(
        f"Validation : jeu de démonstration valide ({counts['actors']} acteurs, "
        f"{counts['territories']} territoires, {counts['contracts']} contrats)."
    )
    run.wrote("Données de démonstration (à modifier et revalider)", "donnees/")
    G = build_graph(dataset)
    run.say(f"Graphe : {G.number_of_nodes()} nœuds, {G.number_of_edges()} relations.")
    return G


def _measures(run: _Run, compute: Callable[..., Any], G: nx.MultiDiGraph) -> None:
    """Write the per-actor measures (CSV) and the network summary (text)."""
    analysis = importlib.import_module("hlmgraph.analysis")
    A = actor_network(G, as_of=run.as_of)
    measures = compute(A)
    write_records(measures, analysis.COLUMNS, "csv", _staged(run, "mesures.csv"), record_type="measure",
                  dialect=EXCEL_FR)
    files = ["mesures.csv"]
    if hasattr(analysis, "network_summary") and hasattr(analysis, "format_summary"):
        summary = analysis.network_summary(A, measures)
        write_text(_staged(run, "reseau.txt"), analysis.format_summary(summary))
        files.append("reseau.txt")
    run.wrote(f"Mesures des acteurs ({len(measures)} acteurs)", *files)


def _gaps(run: _Run, find: Callable[..., Any], G: nx.MultiDiGraph) -> None:
    """Write the partnership gaps found by the default rules (CSV and JSON)."""
    gaps_module = importlib.import_module("hlmgraph.gaps")
    records = [gap.to_dict() for gap in find(G, as_of=run.as_of)]
    for fmt in ("csv", "json"):
        write_records(records, gaps_module.GAP_COLUMNS, fmt, _staged(run, f"manques.{fmt}"),
                      record_type="gap", dialect=EXCEL_FR)
    run.wrote(f"Manques de partenariat ({len(records)})", "manques.csv", "manques.json")


def _view(run: _Run, render: Callable[..., Any], G: nx.MultiDiGraph) -> None:
    """Write the HTML network view with the gaps drawn in."""
    render(G, _staged(run, "reseau.html"), as_of=run.as_of, gaps=True,
           title="Réseau de démonstration hlmgraph")
    run.wrote("Vue du réseau (HTML hors ligne)", "reseau.html")


def _report(run: _Run, write: Callable[..., Any], G: nx.MultiDiGraph) -> None:
    """Write the report (HTML) and its workbook (XLSX)."""
    write(G, _staged(run, "rapport.html"), xlsx=_staged(run, "rapport.xlsx"), as_of=run.as_of)
    run.wrote("Rapport", "rapport.html", "rapport.xlsx")


def _exports(run: _Run, export: Callable[..., Any], G: nx.MultiDiGraph) -> None:
    """Write the full graph in every export format of the exports module."""
    formats = importlib.import_module("hlmgraph.exports").FORMATS
    files = []
    for fmt in formats:
        relative = EXPORT_FILES.get(fmt, f"export/hlmgraph.{fmt}")
        export(G, fmt, _staged(run, relative))
        files.append(relative + ("/" if fmt == "csv" else ""))
    run.wrote("Exports du graphe", *files)


_STEPS: tuple[_Step, ...] = (
    _Step("Mesures des acteurs", "analysis", "compute_measures", _measures),
    _Step("Manques de partenariat", "gaps", "find_gaps", _gaps),
    _Step("Vue du réseau", "views", "render_view", _view),
    _Step("Rapport", "report", "write_report", _report),
    _Step("Exports du graphe", "exports", "export_graph", _exports),
)


def _run_step(run: _Run, step: _Step, G: nx.MultiDiGraph) -> None:
    """Run one step if its module and function exist; otherwise say it is not available."""
    function = _available(step.module, step.function)
    if function is None:
        run.missing.append(step.title)
        run.say(
            f"{step.title} : étape non disponible (module hlmgraph.{step.module} absent de "
            "cette version), rien n'a été écrit."
        )
        return
    step.run(run, function, G)


def _available(module: str, function: str) -> Callable[..., Any] | None:
    """The function ``hlmgraph.<module>.<function>``, or None when this version lacks it."""
    if importlib.util.find_spec(f"hlmgraph.{module}") is None:
        return None
    found = getattr(importlib.import_module(f"hlmgraph.{module}"), function, None)
    return found if callable(found) else None


# ---------------------------------------------------------------- writing


def _output_folder(target: Path) -> Path:
    """Check that ``target`` can be the output folder (absent or a folder)."""
    if target.exists() and not target.is_dir():
        raise OutputError(
            f"{target} est un fichier : donnez à --out un dossier (existant ou à créer)."
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"Impossible de créer le dossier {target} ({reason_fr(exc)}) : choisissez un dossier "
            "accessible en écriture."
        ) from exc
    return target


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
    """Write LISEZMOI.md: what each file is, which steps were not available."""
    lines = [
        "# Démonstration hlmgraph",
        "",
        f"Jeu de démonstration analysé au {run.as_of.strftime('%d/%m/%Y')} "
        "(contrats en vigueur à cette date).",
        "",
    ]
    lines += [f"- {title} : {', '.join(f'`{f}`' for f in files)}" for title, files in run.done]
    if run.missing:
        lines += ["", "Étapes non disponibles dans cette version : " + ", ".join(run.missing) + "."]
    write_text(_staged(run, "LISEZMOI.md"), "\n".join(lines) + "\n")


def _closing_lines(run: _Run, target: Path) -> str:
    """The final French message: where the demo is and what to open first."""
    produced = {f for _, files in run.done for f in files}
    to_open = [f for f in ("reseau.html", "rapport.html", "manques.csv", "mesures.csv")
               if f in produced]
    lines = [f"Démonstration écrite dans {target} (voir LISEZMOI.md)."]
    if to_open:
        lines.append("À ouvrir : " + ", ".join(str(target / f) for f in to_open))
    if run.missing:
        lines.append("Non disponible dans cette version : " + ", ".join(run.missing) + ".")
    return "\n".join(lines)
