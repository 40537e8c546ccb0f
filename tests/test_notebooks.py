"""The notebooks: stored without outputs, calling only the public API, and running end to end."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01-exploration.ipynb", "02-neo4j.ipynb", "03-donnees-publiques.ipynb")
PRIVATE = re.compile(r"\b(?:hlmgraph|[a-z]+)\.\_[a-z]|from hlmgraph[\w.]* import[^\n]*\b_[a-z]")


def _code(notebook: nbformat.NotebookNode) -> list[str]:
    """Source of every code cell."""
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _execute(name: str, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    """Run a notebook in a fresh python3 kernel (which inherits this environment)."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=240,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode, mime: str = "text/plain") -> str:
    """All text the executed notebook shows (streams and results of type ``mime``)."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif "data" in output and mime in output.data:
                parts.append(output.data[mime])
    return "\n".join(parts)


@pytest.mark.parametrize("name", NAMES)
def test_stored_without_outputs(name: str) -> None:
    """Notebooks are valid and stripped in git: no outputs, no execution counts."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", NAMES)
def test_public_api_only(name: str) -> None:
    """Notebook code uses no private name (``_helper``) of hlmgraph."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for source in _code(notebook):
        assert not PRIVATE.search(source), source
    assert any("import" in source and "hlmgraph" in source for source in _code(notebook))


@pytest.mark.slow
def test_exploration_runs_on_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """01: measures, gaps, suggestions and the inline view are computed from the demo data."""
    monkeypatch.delenv("HLMGRAPH_DATA", raising=False)
    notebook = _execute("01-exploration.ipynb", monkeypatch)
    text = _outputs(notebook)
    assert "Jeu de données valide" in text
    assert "74 acteurs" in text
    assert "betweenness" in text and "pagerank" in text
    for rule in ("regie-bailleur", "qpv-sans-regie", "contrat-de-ville", "echeance"):
        assert rule in text
    html = _outputs(notebook, "text/html")
    assert html.count("<iframe srcdoc=") == 2


@pytest.mark.slow
@pytest.mark.neo4j
def test_neo4j_notebook_matches_networkx(neo4j_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """02: the demo loads into the test Bolt server and every named query agrees with NetworkX."""
    monkeypatch.setenv("NEO4J_URI", neo4j_db.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_db.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_db.password)
    if neo4j_db.database:
        monkeypatch.setenv("NEO4J_DATABASE", neo4j_db.database)
    else:
        monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    notebook = _execute("02-neo4j.ipynb", monkeypatch)
    text = _outputs(notebook)
    assert "nœuds identiques True, relations identiques True" in text
    assert "requêtes : résultats identiques dans Neo4j et NetworkX." in text
    assert "Serveur intégré arrêté" not in text
    assert "Régie de quartier du 19e arrondissement de Paris → Mouvement des Régies" in text



@pytest.mark.slow
def test_public_data_notebook_diffs_two_years(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    """03: the 2024 and 2025 adultes-relais extracts imported, diffed and mapped by département."""
    from hlmgraph.anct import import_anct
    from hlmgraph.cli.summaries import diff_lines
    from hlmgraph.diff import changes_by_departement, diff_datasets

    monkeypatch.delenv("HLMGRAPH_ANCT", raising=False)
    data = ROOT / "tests" / "data" / "anct"
    for year in (2024, 2025):
        import_anct([data / f"anct_adultes_relais_{year}.csv"], tmp_path / str(year))
    changes = diff_datasets(tmp_path / "2024", tmp_path / "2025")
    notebook = _execute("03-donnees-publiques.ipynb", monkeypatch)
    text = _outputs(notebook)
    for line in diff_lines(changes)[1:]:
        assert line in text
    by_departement = changes_by_departement(changes)
    moved = by_departement[by_departement.organisations_ajoutees
                           != by_departement.organisations_retirees]
    svg = _outputs(notebook, "image/svg+xml")
    assert len(moved) > 0 and svg.count('fill-opacity="0.55"') == len(moved)
