"""Progress display: a bar on a terminal only, plain French lines otherwise."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from hlmgraph import progress
from hlmgraph.progress import Progress

NNBSP = "\u202f"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def terminal() -> Iterator[tuple[io.TextIOWrapper, int]]:
    """A real pseudo-terminal: the stream to write to and the fd that reads what it shows."""
    reader, writer = pty.openpty()
    fcntl.ioctl(writer, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    stream = open(writer, "w", encoding="utf-8", closefd=True)  # noqa: SIM115 - closed below
    try:
        yield stream, reader
    finally:
        stream.close()
        os.close(reader)


def _shown(reader: int) -> str:
    """Everything written to the pseudo-terminal so far."""
    chunks = []
    while select.select([reader], [], [], 0.5)[0]:
        chunks.append(os.read(reader, 65536))
    return b"".join(chunks).decode("utf-8", "replace")


def test_without_a_terminal_steps_are_lines_and_counts_are_rare(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = io.StringIO()
    with Progress("Chargement", stream) as shown:
        assert not shown.bar_shown
        shown.say("Intermédiarité (igraph)…")
        shown.count(10, 1000)           # less than a second since the start: nothing
        monkeypatch.setattr(progress, "LINE_EVERY", 0.0)
        shown.count(420, 1000)
        shown.count(1000, 1000)         # done: the command prints its own summary
    assert stream.getvalue().splitlines() == [
        "Intermédiarité (igraph)…",
        f"Chargement{NNBSP}: 42{NNBSP}% (420 sur 1{NNBSP}000 lignes)",
    ]


def test_on_a_terminal_a_bar_shows_steps_and_counts(terminal: tuple[io.TextIOWrapper, int]) -> None:
    stream, reader = terminal
    with Progress("Chargement dans Neo4j", stream) as shown:
        assert shown.bar_shown
        shown.say("Proximité (igraph)…")
        stream.flush()
        first = _shown(reader)
        shown.count(500, 1000)
        shown.count(1000, 1000)
        stream.flush()
        counted = _shown(reader)
    stream.flush()
    assert "Proximité (igraph)" in first and "\n" not in first.strip("\r\n")
    assert "Chargement dans Neo4j" in counted and f"100{NNBSP}%" in counted
    assert "\r" in counted                           # redrawn in place, not new lines
    assert "lignes" not in first + counted           # no plain line on a terminal


def test_a_bar_can_be_forced_off_and_the_stream_is_untouched(
    terminal: tuple[io.TextIOWrapper, int],
) -> None:
    stream, reader = terminal
    with Progress("Chargement", stream, bar=False) as shown:
        shown.say("Étape")
    stream.flush()
    assert _shown(reader).replace("\r\n", "\n") == "Étape\n"


def test_quiet_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    progress.quiet("rien")
    assert capsys.readouterr() == ("", "")


def test_generate_reports_its_steps_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hlmgraph.generate import generate_dataset

    said: list[str] = []
    generate_dataset("demo", 2, tmp_path / "jeu", progress=said.append)
    assert said == ["Tirage du jeu fictif (demo, graine 2)…", "Écriture des fichiers CSV…"]
    assert capsys.readouterr() == ("", "")


def _hlmgraph(args: list[str], stderr: int) -> subprocess.CompletedProcess[bytes]:
    """``python -m hlmgraph ARGS``, stderr sent to ``stderr``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.run(
        [sys.executable, "-m", "hlmgraph", *args],
        stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, env=env, timeout=120,
        check=False,
    )


def _generate(out: Path, stderr: int) -> subprocess.CompletedProcess[bytes]:
    """``python -m hlmgraph generate`` on the demo scale, stderr sent to ``stderr``."""
    return _hlmgraph(["generate", "--scale", "demo", "--out", str(out)], stderr)


def test_command_draws_a_bar_on_a_terminal_and_lines_otherwise(
    tmp_path: Path, terminal: tuple[io.TextIOWrapper, int]
) -> None:
    """The console entry point: a bar when stderr is a terminal, plain lines in a pipe."""
    stream, reader = terminal
    on_terminal = _generate(tmp_path / "a", stream.fileno())
    shown = _shown(reader)
    in_pipe = _generate(tmp_path / "b", subprocess.PIPE)
    assert on_terminal.returncode == in_pipe.returncode == 0
    assert "Tirage du jeu fictif (demo, graine 1) [" in shown and "\r" in shown
    assert "…\n" not in shown.replace("\r\n", "\n")
    assert in_pipe.stderr.decode("utf-8").splitlines() == [
        "Tirage du jeu fictif (demo, graine 1)…", "Écriture des fichiers CSV…"]
    assert on_terminal.stdout == in_pipe.stdout.replace(b"/b", b"/a")


ANCT = sorted((ROOT / "tests" / "data" / "anct").glob("*.csv"))


def test_import_anct_reports_its_steps_and_counts_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hlmgraph.anct import import_anct

    said: list[str] = []
    counted: list[tuple[int, int]] = []
    summary = import_anct(ANCT, tmp_path / "jeu", progress=said.append,
                          count=lambda done, total: counted.append((done, total)))
    assert said == ["Géographie : COG 2026 et contrats de ville 2024-2030…",
                    *(f"Lecture de {p.name} ({n} sur {len(ANCT)})…" for n, p in enumerate(ANCT, 1)),
                    "Employeurs, contrats de ville et territoires…", "Écriture des fichiers CSV…"]
    kept = sum(f.kept for f in summary.files)
    assert counted[-1] == (kept, kept) and all(total == kept for _, total in counted)
    assert capsys.readouterr() == ("", "")


def test_import_anct_draws_a_bar_on_a_terminal_and_lines_otherwise(
    tmp_path: Path, terminal: tuple[io.TextIOWrapper, int]
) -> None:
    stream, reader = terminal
    args = ["import", "anct", *map(str, ANCT), "--out"]
    on_terminal = _hlmgraph([*args, str(tmp_path / "a")], stream.fileno())
    shown = _shown(reader)
    in_pipe = _hlmgraph([*args, str(tmp_path / "b")], subprocess.PIPE)
    assert on_terminal.returncode == in_pipe.returncode == 0
    assert "Employeurs" in shown and f"100{NNBSP}%" in shown and "\r" in shown
    assert "…\n" not in shown.replace("\r\n", "\n")
    lines = in_pipe.stderr.decode("utf-8").splitlines()
    assert lines[0] == "Géographie : COG 2026 et contrats de ville 2024-2030…"
    assert lines[-2] == "Écriture des fichiers CSV…"
    assert on_terminal.stdout == in_pipe.stdout
