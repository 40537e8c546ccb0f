"""Tests of the demo step: `hlmgraph demo --out DIR` and `demo.run_demo`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CliRun, RunCli

from hlmgraph.columns import headers
from hlmgraph.demo import DEMO_AS_OF, run_demo
from hlmgraph.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
STEP_FILES = {
    "Mesures des acteurs": ["mesures.csv", "reseau.txt"],
    "Manques de partenariat": ["manques.csv", "manques.json"],
    "Vue du réseau": ["reseau.html"],
    "Rapport": ["rapport.html", "rapport.xlsx"],
    "Exports du graphe": [
        "export/hlmgraph.graphml",
        "export/hlmgraph.gexf",
        "export/hlmgraph.json",
        "export/csv/nodes.csv",
        "export/csv/edges.csv",
        "export/hlmgraph.cypher",
    ],
}


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a people's CSV file written by the demo (French Excel: ';', BOM, French headers)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def demo_run(run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliRun]:
    """One run of the command, shared by the tests that only read its output."""
    out = tmp_path_factory.mktemp("demo") / "sortie"
    return out, run_cli("demo", "--out", str(out))


def test_command_succeeds_and_says_what_to_open(demo_run) -> None:  # type: ignore[no-untyped-def]
    """Exit 0, French messages naming the view to open; no traceback."""
    out, result = demo_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "jeu de démonstration valide (74 acteurs" in result.stdout
    assert f"Démonstration écrite dans {out}" in result.stdout
    assert f"À ouvrir\u202f: {out / 'reseau.html'}" in result.stdout


def test_every_step_wrote_its_files(demo_run) -> None:  # type: ignore[no-untyped-def]
    """All pipeline modules are present: each step wrote all its files, none is missing."""
    out, result = demo_run
    assert "non disponible" not in result.stdout
    for title, files in STEP_FILES.items():
        assert f"{title}" in result.stdout
        missing = [f for f in files if not (out / f).is_file()]
        assert missing == [], title


def test_outputs_content(demo_run) -> None:  # type: ignore[no-untyped-def]
    """Measures for all 74 actors, the 16 designed gaps and 5 alerts, the data copied and valid."""
    from hlmgraph.pipeline import load_dataset

    out, _ = demo_run
    measures = _csv_rows(out / "mesures.csv")
    assert len(measures) == 74
    assert set(headers("measure", ["id", "degree", "betweenness", "pagerank"])) <= set(measures[0])
    gaps = _csv_rows(out / "manques.csv")
    category, rule = headers("gap", ["category", "rule"])
    categories = [g[category] for g in gaps]
    assert (categories.count("manque"), categories.count("échéance")) == (16, 5)
    assert {g[rule] for g in gaps} == {
        "regie-bailleur", "qpv-sans-regie", "contrat-de-ville", "abattement-tfpb", "insertion",
        "echeance", "tfpb-sans-contrat-de-ville", "npnru-insertion", "regie-mouvement",
        "bailleur-ar", "non-renouvele",
    }
    assert len(load_dataset(out / "donnees").rows("actors")) == 74
    assert (out / "donnees" / "README.md").is_file()
    html = (out / "reseau.html").read_text(encoding="utf-8")
    assert "Régie de quartier du 19e arrondissement de Paris" in html
    readme = (out / "LISEZMOI.md").read_text(encoding="utf-8")
    assert "23 novembre 2026" in readme and "`reseau.html`" in readme
    assert not list(out.glob(".demo-*"))


def test_deterministic(run_cli: RunCli, demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another process (other hash seed) writes byte-identical files; run_demo lists them all."""
    first, _ = demo_run
    again = tmp_path / "encore"
    result = run_cli("demo", "--out", str(again), env={"PYTHONHASHSEED": "12345"}, process=True)
    assert result.returncode == 0, result.stderr
    expected, produced = _files(first), _files(again)
    assert sorted(produced) == sorted(expected)
    assert [name for name in expected if expected[name] != produced[name]] == []
    written = run_demo(tmp_path / "direct")
    assert sorted(written) == sorted(p for p in (tmp_path / "direct").rglob("*") if p.is_file())


def test_failure_leaves_nothing_written(tmp_path: Path) -> None:
    """A failure in the middle of the run writes no file at all into the folder."""

    def fail_on_view(line: str) -> None:
        """Stop the run once the gaps are written."""
        if line.startswith("Manques de partenariat"):
            raise RuntimeError("arrêt simulé")

    out = tmp_path / "sortie"
    with pytest.raises(RuntimeError):
        run_demo(out, say=fail_on_view)
    assert list(out.iterdir()) == []


def test_as_of_is_the_demo_date_by_default(tmp_path: Path) -> None:
    """Without --as-of the demo uses its own date; another date changes the expiries."""
    lines: list[str] = []
    run_demo(tmp_path / "later", as_of=DEMO_AS_OF.replace(year=2031), say=lines.append)
    gaps = _csv_rows(tmp_path / "later" / "manques.csv")
    assert not any(g["Règle"] == "echeance" for g in gaps)
    assert any("Manques de partenariat" in line for line in lines)


def test_out_is_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    """--out naming a file: exit 1 with one French sentence, nothing else touched."""
    target = tmp_path / "fichier.txt"
    target.write_text("x", encoding="utf-8")
    result = run_cli("demo", "--out", str(target))
    assert result.returncode == 1
    assert "est un fichier : donnez à --out un dossier" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "x"
    with pytest.raises(OutputError):
        run_demo(target)


def test_exports_carry_the_measures_of_the_demo_date(demo_run) -> None:  # type: ignore[no-untyped-def]
    """The demo's Gephi file gives each actor its measures at the demo's date (mesures.csv's)."""
    import networkx as nx

    from hlmgraph.model import NetworkOptions

    out, _ = demo_run
    H = nx.read_gexf(out / "export" / "hlmgraph.gexf")
    actors = [n for n, d in H.nodes(data=True) if d["label"] == "Actor"]
    assert len(actors) == 74
    assert all(isinstance(H.nodes[a]["pagerank"], float) for a in actors)
    assert all(H.nodes[a]["measures_key"].startswith(NetworkOptions(DEMO_AS_OF).key()) for a in actors)
    degrees = {r["Identifiant"]: int(r["Partenaires"]) for r in _csv_rows(out / "mesures.csv")}
    assert {a: H.nodes[a]["degree"] for a in actors} == degrees


def test_network_summary_is_data_without_the_command_text(tmp_path: Path) -> None:
    """run_demo's measures step writes reseau.json (the summary as data) unless given the text function."""
    import json

    from hlmgraph import demo
    from hlmgraph.cli.summaries import network_text
    from hlmgraph.pipeline import load_graph

    G = load_graph(demo.demo_path())
    plain = demo._Run(as_of=DEMO_AS_OF, say=lambda line: None, stage=tmp_path / "plain")
    demo._measures(plain, G)
    summary = json.loads((tmp_path / "plain" / "reseau.json").read_text(encoding="utf-8"))
    assert summary["as_of"] == DEMO_AS_OF.isoformat() and summary["actors"] == 74
    worded = demo._Run(as_of=DEMO_AS_OF, say=lambda line: None, network_text=network_text,
                       stage=tmp_path / "worded")
    demo._measures(worded, G)
    assert (tmp_path / "worded" / "reseau.txt").read_text(encoding="utf-8") == network_text(summary)
    assert "en vigueur le 23 novembre 2026" in network_text(summary)
