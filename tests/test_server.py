"""Embedded ArcadeDB server: hlmgraph db start|status|stop, persistence, and a server killed mid-load."""

from __future__ import annotations

import copy
import os
import signal
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from conftest import CliRun, RunCli
from neo4j_fixtures import free_port_pair

from hlmgraph.errors import StoreError
from hlmgraph.server import server_status, start_server, stop_server
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store import load_graph, read_graph

pytestmark = pytest.mark.neo4j

@pytest.fixture
def db(run_cli: RunCli) -> Callable[..., CliRun]:
    """Run ``hlmgraph db ARGS`` in its own process: the server it starts must outlive it."""
    env = {k: None for k in os.environ if k.startswith(("NEO4J_", "HLMGRAPH_DB"))}
    return lambda *args: run_cli("db", *args, env=env, process=True)


def _exports(text: str) -> dict[str, str]:
    """The NEO4J_* variables of the ``export`` lines printed by db start."""
    pairs = [line.removeprefix("export ").split("=", 1) for line in text.splitlines()]
    return {key: value for key, value in pairs}


def test_db_start_status_stop_and_data_survives(db: Callable[..., CliRun], tmp_path: Path, sample_graph: nx.MultiDiGraph) -> None:
    """start prints the exports and keeps running detached; data survives a stop and a restart."""
    folder, port = tmp_path / "srv", free_port_pair()
    started = db("start", "--dir", str(folder), "--port", str(port))
    assert started.returncode == 0, started.stderr
    variables = _exports(started.stdout)
    assert set(variables) == {"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"}
    assert variables["NEO4J_URI"] == f"bolt://localhost:{port}"
    password_file = folder / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert password_file.read_text().strip() == variables["NEO4J_PASSWORD"]
    try:
        status = db("status", "--dir", str(folder))
        assert status.returncode == 0 and "tourne" in status.stdout
        assert variables["NEO4J_PASSWORD"] not in status.stdout + status.stderr
        again = db("start", "--dir", str(folder), "--port", str(port))
        assert again.returncode == 0 and _exports(again.stdout) == variables
        other = db("start", "--dir", str(folder), "--port", str(port + 2))
        assert other.returncode == 1 and f"tourne déjà sur le port {port}" in other.stderr
        assert db("start", "--dir", str(folder)).returncode == 0  # no --port: the running one
        settings = Neo4jSettings(variables["NEO4J_URI"], variables["NEO4J_USERNAME"],
                                 variables["NEO4J_PASSWORD"], variables["NEO4J_DATABASE"])
        load_graph(sample_graph, settings)
    finally:
        stopped = db("stop", "--dir", str(folder))
    assert stopped.returncode == 0 and "arrêté" in stopped.stdout
    status = db("status", "--dir", str(folder))
    assert status.returncode == 1 and "Aucun serveur" in status.stdout
    info = start_server(folder, port)
    try:
        assert dict(read_graph(info.settings()).nodes(data=True)) == dict(sample_graph.nodes(data=True))
    finally:
        assert stop_server(folder)
    assert not (folder / "server.json").exists()
    _assert_owner_only(folder)


def _assert_owner_only(folder: Path) -> None:
    """Every folder of the server is 0700 and every file 0600 (databases, logs, password)."""
    paths = [folder, *folder.rglob("*")]
    assert len(paths) > 5 and any(p.is_file() and p.parent != folder for p in paths)
    loose = {
        str(p.relative_to(folder)): oct(stat.S_IMODE(p.stat().st_mode))
        for p in paths
        if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & 0o077
    }
    assert loose == {}


def test_server_killed_mid_load_leaves_database_unchanged(
    tmp_path: Path, sample_graph: nx.MultiDiGraph
) -> None:
    """The server process dies (SIGKILL) half-way through a load: after a restart nothing changed."""
    folder, port = tmp_path / "srv", free_port_pair()
    info = start_server(folder, port)
    try:
        load_graph(sample_graph, info.settings())
        changed = copy.deepcopy(sample_graph)
        changed.nodes["ush"]["name"] = "Nouveau nom"
        assert info.pid is not None
        pid = info.pid

        def kill_server(done: int, total: int) -> None:
            """Kill the server once half of the rows are sent."""
            if done > total // 2:
                os.kill(pid, signal.SIGKILL)

        with pytest.raises(StoreError, match="perdue pendant le chargement"):
            load_graph(changed, info.settings(), replace=True, progress=kill_server, batch_size=1)
        deadline = time.monotonic() + 30
        while server_status(folder).running and time.monotonic() < deadline:
            time.sleep(0.2)
        info = start_server(folder, port)
        assert info.pid != pid
        assert dict(read_graph(info.settings()).nodes(data=True)) == dict(sample_graph.nodes(data=True))
    finally:
        stop_server(folder)


def test_db_start_on_a_busy_port_exits_3(db: Callable[..., CliRun], tmp_path: Path) -> None:
    """A taken port is reported with the option to change it; nothing is started."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = db("start", "--dir", str(tmp_path / "srv"), "--port", str(port))
    assert result.returncode == 3
    assert "déjà utilisé" in result.stderr and "--port" in result.stderr
    assert not (tmp_path / "srv" / "server.json").exists()


def test_status_and_stop_without_server(db: Callable[..., CliRun], tmp_path: Path) -> None:
    """status exits 1 and stop says nothing was running when no server runs."""
    status = db("status", "--dir", str(tmp_path))
    assert status.returncode == 1 and "Aucun serveur intégré ne tourne" in status.stdout
    stopped = db("stop", "--dir", str(tmp_path))
    assert stopped.returncode == 0 and "ne tournait" in stopped.stdout
