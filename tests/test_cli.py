"""Tests of the CLI shell: exit codes, French usage errors, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m hlmgraph`` with ``args``."""
    return subprocess.run(
        [sys.executable, "-m", "hlmgraph", *args], capture_output=True, text=True, cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["view", "x"], "option obligatoire manquante : --out."),
        (["analyse", "x", "--as-of", "32/13/2020"], "valeur invalide pour --as-of"),
        (["analyse", "x", "--format", "xml"], "« xml » n'est pas parmi"),
        (["nocommand"], "commande inconnue : « nocommand »."),
        (["gaps", "--bogus"], "option inconnue : --bogus."),
    ],
)
def test_usage_errors_exit_2_in_french(args: list[str], expected: str) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Erreur d'usage" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_dataset_is_one_sentence_exit_1(tmp_path: Path) -> None:
    result = _run("analyse", str(tmp_path / "absent"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Erreur : ")


def test_unwritable_output_is_one_sentence_exit_1(demo_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("")
    result = _run("gaps", str(demo_path), "--format", "csv", "--out", str(blocker / "x.csv"))
    assert result.returncode == 1
    assert "Impossible d'écrire" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    assert _run("--version").stdout.startswith("hlmgraph, version")
    assert "Exemple : hlmgraph demo" in _run("--help").stdout
    assert "Commandes:" in _run("--help").stdout
    assert "Affiche cette aide et quitte." in _run("--help").stdout


@pytest.mark.parametrize("command", ["analyse", "gaps"])
def test_xlsx_without_out_is_a_usage_error(demo_path: Path, command: str) -> None:
    result = _run(command, str(demo_path), "--format", "xlsx")
    assert result.returncode == 2
    assert "ajoutez --out FICHIER.xlsx" in result.stderr
    assert "Règle" not in result.stderr  # refused before any work


def test_output_to_an_existing_folder_is_refused(demo_path: Path, tmp_path: Path) -> None:
    result = _run("analyse", str(demo_path), "--format", "csv", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "est un dossier : donnez un nom de fichier à --out." in result.stderr


def test_report_writes_both_files_or_none(demo_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "f.txt"
    blocker.write_text("x")
    html = tmp_path / "r.html"
    result = _run("report", str(demo_path), "--out", str(html), "--xlsx", str(blocker / "r.xlsx"))
    assert result.returncode == 1
    assert "--xlsx" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_query_date_parameters_are_checked_before_sending() -> None:
    import os

    env = {**os.environ, "NEO4J_PASSWORD": "x", "NEO4J_URI": "bolt://127.0.0.1:1"}
    result = subprocess.run(
        [sys.executable, "-m", "hlmgraph", "query", "qpv_sans_regie", "--param", "as_of=2026-13-40"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 2
    assert "Date invalide pour le paramètre as_of" in result.stderr


def test_credentials_in_uri_are_never_printed() -> None:
    import os

    env = {**os.environ, "NEO4J_PASSWORD": "x", "NEO4J_URI": "bolt://root:S3CRET@127.0.0.1:1"}
    result = subprocess.run(
        [sys.executable, "-m", "hlmgraph", "analyse", "--from-neo4j"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 3
    assert "S3CRET" not in result.stderr + result.stdout
