"""Tests of the CLI shell: exit codes, French usage errors, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunCli


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
def test_usage_errors_exit_2_in_french(run_cli: RunCli, args: list[str], expected: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Erreur d'usage" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_dataset_is_one_sentence_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("analyse", str(tmp_path / "absent"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Erreur : ")


def test_unwritable_output_is_one_sentence_exit_1(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("")
    result = run_cli("gaps", str(demo_path), "--format", "csv", "--out", str(blocker / "x.csv"))
    assert result.returncode == 1
    assert "Impossible d'écrire" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help(run_cli: RunCli) -> None:
    assert run_cli("--version").stdout.startswith("hlmgraph, version")
    assert "Exemple : hlmgraph demo" in run_cli("--help").stdout
    assert "Commandes\u202f:" in run_cli("--help").stdout
    assert "Affiche cette aide et quitte." in run_cli("--help").stdout


@pytest.mark.parametrize("command", ["analyse", "gaps"])
def test_xlsx_without_out_is_a_usage_error(run_cli: RunCli, demo_path: Path, command: str) -> None:
    result = run_cli(command, str(demo_path), "--format", "xlsx")
    assert result.returncode == 2
    assert "ajoutez --out FICHIER.xlsx" in result.stderr
    assert "Règle" not in result.stderr  # refused before any work


def test_output_to_an_existing_folder_is_refused(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    result = run_cli("analyse", str(demo_path), "--format", "csv", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "est un dossier : donnez un nom de fichier à --out." in result.stderr


def test_report_writes_both_files_or_none(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "f.txt"
    blocker.write_text("x")
    html = tmp_path / "r.html"
    result = run_cli("report", str(demo_path), "--out", str(html), "--xlsx", str(blocker / "r.xlsx"))
    assert result.returncode == 1
    assert "--xlsx" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]


def test_query_date_parameters_are_checked_before_sending(run_cli: RunCli) -> None:
    env = {"NEO4J_PASSWORD": "x", "NEO4J_URI": "bolt://127.0.0.1:1"}
    result = run_cli("query", "qpv_sans_regie", "--param", "as_of=2026-13-40", env=env)
    assert result.returncode == 2
    assert "Date invalide pour le paramètre as_of" in result.stderr


def test_credentials_in_uri_are_never_printed(run_cli: RunCli) -> None:
    env = {"NEO4J_PASSWORD": "x", "NEO4J_URI": "bolt://root:S3CRET@127.0.0.1:1"}
    result = run_cli("analyse", "--from-neo4j", env=env)
    assert result.returncode == 3
    assert "S3CRET" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("args", "code", "stream", "start"),
    [
        (["--version"], 0, "stdout", "hlmgraph, version"),
        (["analyse", "/nonexistent/dataset"], 1, "stderr", "Erreur : "),
        (["view", "x"], 2, "stderr", "Usage\u202f: hlmgraph view"),
    ],
)
def test_entry_point_exit_codes_without_traceback(
    run_cli: RunCli, args: list[str], code: int, stream: str, start: str
) -> None:
    """``python -m hlmgraph`` in its own process: exit codes 0 to 2, French text, no traceback."""
    result = run_cli(*args, process=True, env={"LC_ALL": "C"})
    assert result.returncode == code
    assert getattr(result, stream).startswith(start)
    assert "Traceback" not in result.stdout + result.stderr
