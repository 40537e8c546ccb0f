"""Accepted but doubtful, now warnings (issue 12, hardening 10): exit 0, a line
``file:line:column: avertissement : …`` each, errors with ``--strict``."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from conftest import RunCli
from neo4j_fixtures import write_sample_dataset

from hlmgraph import schema
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
    found = [line for line in result.stderr.splitlines()
             if line.startswith(code_prefix) and ": avertissement : " in line]
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


def test_a_warning_names_the_header_the_file_writes(run_cli: RunCli, tmp_path: Path) -> None:
    """With French headers (« montant »), a warning names « montant », not ``amount_eur``."""
    folder = write_sample_dataset(tmp_path / "data")
    _set_cell(folder, "contracts.csv", 3, "amount_eur", "-1000000")
    path = folder / "contracts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("amount_eur", "montant")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = _warnings(run_cli, folder, "contracts.csv:3:")
    assert [line.split(": avertissement")[0] for line in found] == ["contracts.csv:3:montant"]


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


# ---------------------------------------------------------------- what a dataset folder holds


def _folder_warnings(run_cli: RunCli, folder: Path) -> list[str]:
    """Warnings of ``validate`` about folder entries (no line number); checks --strict fails."""
    return [line for line in _warnings(run_cli, folder, "")
            if line.split(":", 1)[1].startswith(" avertissement")]


def _sample_without(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The sample dataset with the file ``name`` removed, and the path it had."""
    folder = write_sample_dataset(tmp_path / "data")
    (folder / name).unlink()
    return folder, folder / name


def test_a_fifo_named_like_a_table_is_skipped_with_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    """Never opened (reading a FIFO blocks); before, it was skipped without a word."""
    folder, entry = _sample_without(tmp_path, "coverage.csv")
    os.mkfifo(entry)
    assert _folder_warnings(run_cli, folder) == [
        "coverage.csv: avertissement : ignoré : ce n'est pas un fichier ordinaire (tube nommé) ; "
        "remplacez-le par un fichier CSV"
    ]


def test_actors_as_a_special_file_says_what_it_is(run_cli: RunCli, tmp_path: Path) -> None:
    """Before: « fichier actors.csv absent du dossier » while it is there."""
    folder, entry = _sample_without(tmp_path, "actors.csv")
    entry.symlink_to("/dev/zero")
    result = run_cli("validate", folder)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "actors.csv: actors.csv n'est pas un fichier ordinaire (périphérique) : remplacez-le par "
        "un fichier CSV (une ligne par organisation)"
    )


def test_special_and_unknown_entries_are_named(run_cli: RunCli, tmp_path: Path) -> None:
    """A socket, a device link, a data file named like no table; documentation stays silent."""
    folder, entry = _sample_without(tmp_path, "presence.csv")
    entry.symlink_to("/dev/null")
    (folder / "acteurs.csv").write_text("id,name,type\n", encoding="utf-8")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "serveur.sock"))
        for quiet in ("README.md", "lisez-moi.txt", ".DS_Store", "~$actors.xlsx"):
            (folder / quiet).write_text("", encoding="utf-8")
        (folder / "archives").mkdir()
        found = _folder_warnings(run_cli, folder)
    tables = ", ".join(f"{name}.csv" for name in schema.TABLES)
    assert found == [
        f"acteurs.csv: avertissement : ignoré : ce n'est le nom d'aucune table ({tables}) ; "
        "renommez-le s'il en contient une",
        "serveur.sock: avertissement : ignoré : ce n'est pas un fichier ordinaire (socket), ni une "
        "table",
        "presence.csv: avertissement : ignoré : ce n'est pas un fichier ordinaire (périphérique) ; "
        "remplacez-le par un fichier CSV",
    ]


def test_a_link_to_a_file_outside_is_read_with_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_sample_dataset(tmp_path / "data")
    elsewhere = tmp_path / "ailleurs.csv"
    (folder / "memberships.csv").rename(elsewhere)
    (folder / "memberships.csv").symlink_to(elsewhere)
    (folder / "territories.csv").rename(folder / "t.txt")
    (folder / "territories.csv").symlink_to("t.txt")  # inside the folder: nothing to say
    assert _folder_warnings(run_cli, folder) == [
        f"memberships.csv: avertissement : lien symbolique vers {elsewhere.resolve()}, hors du "
        "dossier du jeu de données : lu quand même ; copiez plutôt le fichier dans le dossier"
    ]
    assert load_graph(folder).has_edge("775663438", "ush", "MEMBER_OF")


def test_a_second_file_for_one_table_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_sample_dataset(tmp_path / "data")
    (folder / "Parties.csv").write_text("contract,actor\n", encoding="utf-8")
    assert _folder_warnings(run_cli, folder) == [
        "parties.csv: avertissement : ignoré : « Parties.csv » est lu pour la table parties (les "
        "noms de fichiers ne distinguent pas les majuscules)"
    ]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_workbook_or_posts_file_that_is_no_regular_file_is_refused(
    run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    """Never opened; before, validate and import anct hung on it (a child with a timeout here)."""
    path = tmp_path / "jeu.xlsx"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    shown = "tube nommé" if kind == "fifo" else "périphérique"
    validated = run_cli("validate", path, process=True, timeout=60)
    assert validated.returncode == 1
    assert validated.stderr == (f"Erreur : {path} n'est pas un fichier ordinaire ({shown}) : donnez "
                                "un classeur .xlsx ou un dossier de fichiers CSV.\n")
    imported = run_cli("import", "anct", path, "--out", tmp_path / "jeu", process=True, timeout=60)
    assert imported.returncode == 1
    assert (f"jeu.xlsx: pas un fichier ordinaire ({shown}) : donnez le fichier de postes lui-même"
            in imported.stderr.splitlines())
    assert not (tmp_path / "jeu").exists()
