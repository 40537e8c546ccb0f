"""Accepted but doubtful, now warnings (issue 12, hardening 10): exit 0, a line
``file:line:column: avertissement : …`` each, errors with ``--strict``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunCli
from neo4j_fixtures import write_sample_dataset

from hlmgraph.pipeline import load_graph


def _set_cell(folder: Path, file: str, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV file of the sample dataset (``line`` counted as a spreadsheet)."""
    path = folder / file
    rows = [row.split(",") for row in path.read_text(encoding="utf-8").splitlines()]
    rows[line - 1][rows[0].index(column)] = value
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")


def _warnings(run_cli: RunCli, folder: Path, code_prefix: str) -> list[str]:
    """The warning lines of ``validate`` starting with ``code_prefix``; checks --strict fails."""
    result = run_cli("validate", folder)
    assert result.returncode == 0, result.stderr
    strict = run_cli("validate", folder, "--strict")
    assert strict.returncode == 1
    found = [line for line in result.stderr.splitlines() if line.startswith(code_prefix)]
    as_errors = [line.replace("avertissement : ", "") for line in found]
    assert set(as_errors) <= set(strict.stderr.splitlines())
    return found


def test_a_negative_amount_is_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_sample_dataset(tmp_path / "data")
    _set_cell(folder, "contracts.csv", 3, "amount_eur", "-1000000")
    assert _warnings(run_cli, folder, "contracts.csv:3:") == [
        "contracts.csv:3:amount_eur: avertissement : montant négatif (-1\u202f000\u202f000\u202f€) : "
        "vérifiez le signe (un contrat porte le montant engagé)"
    ]


def test_a_membership_of_an_actor_in_itself_is_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_sample_dataset(tmp_path / "data")
    with (folder / "memberships.csv").open("a", encoding="utf-8") as handle:
        handle.write("ush,ush,adhérent\n")
    assert _warnings(run_cli, folder, "memberships.csv:") == [
        "memberships.csv:4:organisation: avertissement : l'acteur « ush » est membre de lui-même : "
        "corrigez member ou organisation (cette adhésion ne compte pas dans le réseau)"
    ]


ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
FULL_WIDTH = "０１２３４５６７８９"


def _foreign(text: str, digits: str) -> str:
    """``text`` with its ASCII digits written in another script."""
    return "".join(digits[int(c)] if c.isdigit() else c for c in text)


@pytest.mark.parametrize(
    ("file", "line", "column", "ascii_text", "digits"),
    [
        ("territories.csv", 2, "population", "5997734", ARABIC_INDIC),
        ("territories.csv", 3, "code", "59", FULL_WIDTH),
        ("presence.csv", 2, "dwellings", "420", FULL_WIDTH),
        ("contracts.csv", 3, "start", "2024-01-01", ARABIC_INDIC),
        ("contracts.csv", 3, "amount_eur", "1000000", FULL_WIDTH),
        ("actors.csv", 2, "siren", "775663438", FULL_WIDTH),
        ("actors.csv", 2, "siren", "775663438", ARABIC_INDIC),
    ],
    ids=["population", "code", "dwellings", "date", "amount", "siren-full-width", "siren-arabic"],
)
def test_non_ascii_digits_are_read_as_ascii_with_a_warning(
    run_cli: RunCli, tmp_path: Path, file: str, line: int, column: str, ascii_text: str, digits: str
) -> None:
    """Python reads « ٥٩ » as 59 silently; a full-width SIREN was kept as written (mangled:
    never equal to the same SIREN in ASCII) and an Arabic-Indic one refused."""
    folder = write_sample_dataset(tmp_path / "data")
    written = _foreign(ascii_text, digits)
    _set_cell(folder, file, line, column, written)
    assert _warnings(run_cli, folder, f"{file}:{line}:{column}:") == [
        f"{file}:{line}:{column}: avertissement : chiffres non ASCII dans « {written} », lus "
        f"« {ascii_text} » : récrivez-les en chiffres ordinaires (0 à 9)"
    ]
    reference = load_graph(write_sample_dataset(tmp_path / "reference"))
    assert load_graph(folder).nodes(data=True) == reference.nodes(data=True)
    assert list(load_graph(folder).edges(data=True)) == list(reference.edges(data=True))
