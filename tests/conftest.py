"""Shared fixtures; the Neo4j and browser fixtures live in their own plugin modules.

Fixtures
--------
``run_cli`` (session)
    ``run_cli(*args, cwd=None, env=None, process=False) -> CliRun`` runs the
    command line and returns its exit code, stdout and stderr. By default it
    runs in this process through click's ``CliRunner`` isolation and the real
    ``hlmgraph.cli.main`` (same error handling and exit codes as the console
    entry point). ``process=True`` runs ``python -m hlmgraph`` in a child
    process: only for what one process cannot show (hash seeds, detached
    servers, tracebacks and encodings of the real entry point).
``valid_dataset`` (session)
    The small valid CSV dataset ``tests/data/valid`` (read only).
``small_graph`` (function)
    The model graph of ``valid_dataset``; a fresh copy for each test.
``demo_path`` / ``demo_graph`` (session)
    The demo dataset shipped in the package and its model graph (do not modify).

Tests that use the browser fixtures are marked ``browser`` here, whether or not
they carry the marker themselves.
"""

from __future__ import annotations

import contextlib
import copy
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest_plugins = ["neo4j_fixtures", "browser_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
DEMO_PATH = ROOT / "hlmgraph" / "data" / "demo"
VALID_PATH = Path(__file__).resolve().parent / "data" / "valid"
BROWSER_FIXTURES = {"browser", "open_page"}


@dataclass(frozen=True)
class CliRun:
    """What one run of the command line gave."""

    returncode: int
    stdout: str
    stderr: str


def _exit_code(exc: SystemExit) -> int:
    """The process exit code a ``SystemExit`` stands for."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def _in_process(args: list[str], cwd: Path | None, env: Mapping[str, str | None] | None) -> CliRun:
    """Run ``hlmgraph.cli.main`` with ``args`` in this process, streams captured."""
    from hlmgraph.cli import main

    runner = CliRunner()
    saved_argv = sys.argv
    with runner.isolation(env=env) as (out, err, _), contextlib.chdir(cwd or Path.cwd()):
        sys.argv = ["hlmgraph", *args]
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = _exit_code(exc)
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        return CliRun(code, out.getvalue().decode(), err.getvalue().decode())


def _in_child(
    args: list[str], cwd: Path | None, env: Mapping[str, str | None] | None, timeout: float
) -> CliRun:
    """Run ``python -m hlmgraph`` with ``args`` in a child process."""
    full = {**os.environ, **(env or {})}
    full["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "hlmgraph", *args], capture_output=True, text=True, cwd=cwd,
        env={k: v for k, v in full.items() if v is not None}, timeout=timeout,
        stdin=subprocess.DEVNULL, check=False,
    )
    return CliRun(done.returncode, done.stdout, done.stderr)


class RunCli:
    """Callable behind the ``run_cli`` fixture."""

    def __call__(
        self,
        *args: str | Path,
        cwd: Path | None = None,
        env: Mapping[str, str | None] | None = None,
        process: bool = False,
        timeout: float = 300,
    ) -> CliRun:
        """Run ``hlmgraph ARGS``; ``env`` overrides variables (None removes one)."""
        words = [str(a) for a in args]
        if process:
            return _in_child(words, cwd, env, timeout)
        return _in_process(words, cwd, env)


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Run the command line (in process by default, ``process=True`` for a child)."""
    return RunCli()


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """The demo dataset shipped in the package (a CSV folder)."""
    return DEMO_PATH


@pytest.fixture(scope="session")
def demo_graph(demo_path: Path) -> Any:
    """The full model graph of the demo dataset (shared: do not modify)."""
    from hlmgraph.pipeline import load_graph

    return load_graph(demo_path)


@pytest.fixture(scope="session")
def valid_dataset() -> Path:
    """The small valid dataset of the tests (a CSV folder, read only)."""
    return VALID_PATH


@pytest.fixture(scope="session")
def _small_graph_once(valid_dataset: Path) -> Any:
    """The model graph of ``valid_dataset``, built once."""
    from hlmgraph.pipeline import load_graph

    return load_graph(valid_dataset)


@pytest.fixture
def small_graph(_small_graph_once: Any) -> Any:
    """The model graph of ``valid_dataset``, a copy the test may change."""
    return copy.deepcopy(_small_graph_once)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``browser`` every test that uses the headless browser."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
