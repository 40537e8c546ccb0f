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
    assert "Example: hlmgraph demo" in _run("--help").stdout
