"""Neo4j step, embedded server: a local ArcadeDB Bolt server for users who have no Neo4j.

``hlmgraph db start`` runs ``python -m hlmgraph.server run --dir DIR --port P`` as a
detached background process that keeps ArcadeDB's JVM alive. Everything lives
in DIR: the generated password (``password``, mode 0600), the state file
(``server.json``: pid and port), the server output (``server.log``), ArcadeDB's
logs (``log/``) and its databases (``databases/``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from hlmgraph.errors import ConfigError, StoreError
from hlmgraph.files import output_folder, write_text
from hlmgraph.settings import DEFAULT_SERVER_PORT, Neo4jSettings

DEFAULT_DIR = Path.home() / ".hlmgraph" / "server"
"""Folder of the embedded server when ``--dir`` is not given."""
DATABASE = "hlmgraph"
"""Name of the database created by the embedded server."""
USER = "root"
"""ArcadeDB's administrator account, used by hlmgraph."""
START_TIMEOUT = 180.0
"""Seconds to wait for the JVM, the Bolt listener and the database."""

_STATE = "server.json"
_PASSWORD = "password"
_LOG = "server.log"


@dataclass(frozen=True)
class ServerInfo:
    """State of the embedded server of one folder."""

    dir: Path
    port: int
    running: bool
    pid: int | None = None
    password: str = field(default="", repr=False)

    @property
    def uri(self) -> str:
        """The Bolt URI of the server."""
        return f"bolt://localhost:{self.port}"

    def settings(self) -> Neo4jSettings:
        """Connection settings for hlmgraph's store functions."""
        return Neo4jSettings(uri=self.uri, user=USER, password=self.password, database=DATABASE)


def start_server(
    dir: str | os.PathLike[str] | None = None,
    port: int | None = None,
    timeout: float = START_TIMEOUT,
) -> ServerInfo:
    """Start the embedded server in the background (or find it running); return its state.

    ``port`` defaults to ``DEFAULT_SERVER_PORT``; asking for another port than the
    one a running server of ``dir`` uses is a ConfigError (stop it first).
    """
    folder = _folder(dir)
    current = server_status(folder)
    if current.running:
        if port is not None and port != current.port:
            raise ConfigError(
                f"Le serveur intégré du dossier {folder} tourne déjà sur le port {current.port} : "
                f"utilisez ce port, ou arrêtez-le (hlmgraph db stop) puis relancez-le avec "
                f"--port {port}."
            )
        return current
    port = DEFAULT_SERVER_PORT if port is None else port
    _require_arcadedb()
    stale = _read_state(folder).get("port") == port
    _require_free(port, wait=30.0 if stale else 0.0)
    password = _password(folder)
    process = _spawn(folder, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(
                f"Le serveur intégré s'est arrêté au démarrage : lisez {folder / _LOG} pour la cause."
            )
        state = _read_state(folder)
        if state.get("pid") == process.pid and _port_open(port):
            return ServerInfo(folder, port, True, process.pid, password)
        time.sleep(0.3)
    _terminate(process.pid, timeout=10)
    raise StoreError(
        f"Le serveur intégré n'a pas démarré en {timeout:.0f} s : lisez {folder / _LOG}, "
        "puis relancez « hlmgraph db start »."
    )


def stop_server(dir: str | os.PathLike[str] | None = None, timeout: float = 60.0) -> bool:
    """Stop the embedded server of ``dir``; return whether one was running."""
    folder = _folder(dir)
    info = server_status(folder)
    if info.pid is not None and _alive(info.pid):
        _terminate(info.pid, timeout)
        (folder / _STATE).unlink(missing_ok=True)
        return True
    (folder / _STATE).unlink(missing_ok=True)
    return False


def server_status(dir: str | os.PathLike[str] | None = None) -> ServerInfo:
    """Whether the embedded server of ``dir`` runs, on which port and with which password."""
    folder = _folder(dir)
    state = _read_state(folder)
    pid = state.get("pid")
    port = int(state.get("port", DEFAULT_SERVER_PORT))
    password_file = folder / _PASSWORD
    password = password_file.read_text(encoding="utf-8").strip() if password_file.is_file() else ""
    running = isinstance(pid, int) and _alive(pid) and _port_open(port)
    return ServerInfo(folder, port, running, pid if isinstance(pid, int) else None, password)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the background process: ``python -m hlmgraph.server run --dir D --port P``."""
    parser = argparse.ArgumentParser(prog="python -m hlmgraph.server")
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", required=True, type=int)
    args = parser.parse_args(argv)
    _serve(args.dir.resolve(), args.port)


# ---------------------------------------------------------------- background process


def _serve(folder: Path, port: int) -> None:
    """Run ArcadeDB with its Bolt plugin until SIGTERM/SIGINT, then stop it cleanly."""
    os.umask(0o077)  # databases, logs and state readable by their owner only
    os.chdir(folder)  # ArcadeDB writes ./log
    import arcadedb_embedded

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    server = arcadedb_embedded.create_server(
        root_path=str(folder / "databases"),
        root_password=(folder / _PASSWORD).read_text(encoding="utf-8").strip(),
        config={
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": port,
            "http_port": port + 1,
        },
    )
    server.start()
    try:
        if not (folder / "databases" / "databases" / DATABASE).is_dir():
            server.create_database(DATABASE)
        write_text(folder / _STATE, json.dumps({"pid": os.getpid(), "port": port}) + "\n")
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        state = _read_state(folder)
        if state.get("pid") == os.getpid():
            (folder / _STATE).unlink(missing_ok=True)


def _spawn(folder: Path, port: int) -> subprocess.Popen[bytes]:
    """Launch the detached background process serving ``folder`` on ``port``."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "hlmgraph.server", "run", "--dir", str(folder), "--port", str(port)]
    log_fd = os.open(folder / _LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(log_fd, "ab") as log:
        return subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# ---------------------------------------------------------------- helpers


def _folder(dir: str | os.PathLike[str] | None) -> Path:
    """The server folder, created if needed (absolute path)."""
    folder = Path(dir).expanduser().resolve() if dir is not None else DEFAULT_DIR
    return output_folder(folder, option="--dir", error=StoreError, mode=0o700)


def _password(folder: Path) -> str:
    """The server password: read from DIR/password, or generated and stored with mode 0600."""
    path = folder / _PASSWORD
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    return password


def _read_state(folder: Path) -> dict[str, int]:
    """The state file written by the background process (empty when absent or unreadable)."""
    try:
        data = json.loads((folder / _STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (and is not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _port_open(port: int) -> bool:
    """Whether something accepts TCP connections on localhost:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _require_free(port: int, wait: float = 0.0) -> None:
    """Fail clearly when the Bolt port or the HTTP port (port + 1) stays taken ``wait`` seconds.

    A server that has just died may hold its sockets a moment while the kernel
    tears its threads down: the restart then waits for them.
    """
    deadline = time.monotonic() + wait
    for candidate in (port, port + 1):
        while _port_open(candidate) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _port_open(candidate):
            raise StoreError(
                f"Le port {candidate} est déjà utilisé : choisissez un autre port avec --port "
                "(le serveur utilise aussi le port suivant)."
            )


def _require_arcadedb() -> None:
    """Fail clearly when the optional ``server`` extra is not installed."""
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        raise StoreError(
            "Le serveur intégré demande ArcadeDB : installez-le avec "
            "« pip install 'hlmgraph[server]' »."
        ) from None


def _terminate(pid: int, timeout: float) -> None:
    """Ask process ``pid`` to stop, then kill it after ``timeout`` seconds."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


if __name__ == "__main__":
    main()
