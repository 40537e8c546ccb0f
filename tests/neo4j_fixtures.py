"""Real Bolt server fixtures: an ArcadeDB server process, or the Neo4j named by HLMGRAPH_TEST_NEO4J_URI.

The ArcadeDB server runs in its own process (``hlmgraph.server``, as ``hlmgraph db
start`` does), not inside pytest: its JVM then never shares the test process.

``neo4j_db`` yields the ``Neo4jSettings`` of an empty database: a fresh ArcadeDB
database per test, or the external Neo4j cleared before the test.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import os
import secrets
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hlmgraph.settings import Neo4jSettings

_READER_GROUP = {
    "resultSetLimit": -1,
    "readTimeout": -1,
    "access": [],
    "types": {"*": {"access": ["readRecord"]}},
}


@dataclass
class BoltServer:
    """A running Bolt server the tests may use (ArcadeDB process, or an external Neo4j)."""

    uri: str
    user: str
    password: str = field(repr=False)
    http_port: int | None = None
    arcade: Path | None = None
    """Folder of the ArcadeDB server process (None for an external Neo4j)."""
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def external(self) -> bool:
        """Whether this is an external Neo4j (HLMGRAPH_TEST_NEO4J_URI)."""
        return self.arcade is None

    def fresh_database(self) -> Neo4jSettings:
        """Settings of an empty database: a new ArcadeDB database, or the cleared Neo4j."""
        if self.external:
            _clear(self.settings(None))
            return self.settings(None)
        name = f"test{next(self._names)}"
        self._http_command(f"create database {name}")
        return self.settings(name)

    def settings(self, database: str | None) -> Neo4jSettings:
        """Administrator settings for ``database``."""
        return Neo4jSettings(uri=self.uri, user=self.user, password=self.password, database=database)

    def read_only_user(self, database: str | None) -> Neo4jSettings:
        """Settings of a user that may read ``database`` but not write it."""
        user, password = f"reader{secrets.token_hex(3)}", secrets.token_urlsafe(12)
        if self.external:
            from neo4j import GraphDatabase

            with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
                driver.execute_query(
                    f"CREATE USER {user} SET PASSWORD $p CHANGE NOT REQUIRED", p=password,
                    database_="system",
                )
                driver.execute_query(f"GRANT ROLE reader TO {user}", database_="system")
        else:
            body = {"name": user, "password": password, "databases": {database: ["reader"]}}
            self._http_command("create user " + json.dumps(body))
        return Neo4jSettings(uri=self.uri, user=user, password=password, database=database)

    def _http_command(self, command: str) -> None:
        """Run an ArcadeDB server command through its HTTP API."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/server",
            data=json.dumps({"command": command}).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()


HOSTILE = "'}) DETACH DELETE n //"
"""A name that would wreck a query built by string concatenation."""

SAMPLE_FILES: dict[str, str] = {
    "territories.csv": (
        "id,name,level,code,parent,population\n"
        "region:32,Hauts-de-France,region,32,,5997734\n"
        "departement:59,Nord,departement,59,region:32,2608346\n"
        "commune:59350,Lille,commune,59350,departement:59,236710\n"
        "qpv:QN05901M,\"Quartier \"\"Sud\"\" {1}\",qpv,QN05901M,commune:59350,\n"
    ),
    "actors.csv": (
        "id,name,type,subtype,siren,territory,source,site_web\n"
        "775663438,Bailleur {un},bailleur,OPH,775663438,commune:59350,test,https://b.example\n"
        "regie`1`,Régie `deux` l'Est,Régie,,,commune:59350,test,\n"
        f"\"{HOSTILE}\",\"{HOSTILE}\",habitants,,,,test,\n"
        "plie-lille,PLIE de Lille,plie,,,departement:59,,\n"
        "ush,Union sociale pour l'habitat,federation,,,,,\n"
    ),
    "contracts.csv": (
        "id,name,kind,start,end,amount_eur,themes,source\n"
        "c-prest,Prestation d'entretien,prestation,01/01/2024,31/12/2026,\"12 500,50\","
        "insertion|propreté,test\n"
        "c-cdv,Contrat de ville,contrat_de_ville,2024-01-01,,1000000,,\n"
        "c-old,Ancienne convention,abattement_tfpb,2019-01-01,2021-12-31,,,\n"
    ),
    "parties.csv": (
        "contract,actor,role\n"
        "c-prest,775663438,\n"
        "c-prest,regie`1`,operateur\n"
        "c-cdv,775663438,signataire\n"
        "c-cdv,plie-lille,partenaire\n"
        f"c-old,\"{HOSTILE}\",beneficiaire\n"
    ),
    "coverage.csv": "contract,territory\nc-prest,qpv:QN05901M\nc-cdv,commune:59350\n",
    "presence.csv": (
        "actor,territory,dwellings\n"
        "775663438,qpv:QN05901M,420\n"
        "regie`1`,commune:59350,\n"
        "plie-lille,departement:59,\n"
    ),
    "memberships.csv": "member,organisation,role\n775663438,ush,adhérent\nregie`1`,ush,\n",
}
"""A small valid dataset touching every table, value type and quoting hazard."""


def write_sample_dataset(folder: Path) -> Path:
    """Write the sample CSV dataset into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SAMPLE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def _sample_graph_once(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The model graph of the sample dataset, built once by hlmgraph.pipeline.load_graph."""
    from hlmgraph.pipeline import load_graph

    return load_graph(write_sample_dataset(tmp_path_factory.mktemp("sample")))


@pytest.fixture
def sample_graph(_sample_graph_once: Any) -> Any:
    """The model graph of the sample dataset, a copy the test may change."""
    return copy.deepcopy(_sample_graph_once)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """The Bolt server of the test session."""
    uri = os.environ.get("HLMGRAPH_TEST_NEO4J_URI")
    if uri:
        yield BoltServer(
            uri=uri,
            user=os.environ.get("HLMGRAPH_TEST_NEO4J_USER", "neo4j"),
            password=os.environ.get("HLMGRAPH_TEST_NEO4J_PASSWORD", ""),
        )
        return
    root = tmp_path_factory.mktemp("arcadedb")
    port, password = _start_arcadedb(root)
    try:
        yield BoltServer(f"bolt://127.0.0.1:{port}", "root", password, port + 1, root)
    finally:
        from hlmgraph.server import stop_server

        stop_server(root)


@pytest.fixture
def neo4j_db(bolt_server: BoltServer) -> Neo4jSettings:
    """Neo4jSettings of an empty database for one test."""
    return bolt_server.fresh_database()


def free_port_pair() -> int:
    """A loopback port p such that p and p + 1 are both free."""
    for _ in range(100):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port < 65535 and _free(port + 1):
            return port
    raise RuntimeError("no free pair of loopback ports")


def _free(port: int) -> bool:
    """Whether ``port`` can be bound on loopback."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _start_arcadedb(root: Path) -> tuple[int, str]:
    """Start an ArcadeDB server process with Bolt in ``root``, with a reader group."""
    from hlmgraph.server import start_server

    config_dir = root / "databases" / "config"
    config_dir.mkdir(parents=True)
    groups = {
        "databases": {"*": {"groups": {"admin": _admin_group(), "*": _no_access_group(),
                                        "reader": _READER_GROUP}}},
        "version": 2,
    }
    (config_dir / "server-groups.json").write_text(json.dumps(groups), encoding="utf-8")
    info = start_server(root, port=free_port_pair())
    return info.port, info.password


def _admin_group() -> dict[str, Any]:
    """ArcadeDB's default administrator group."""
    return {
        "resultSetLimit": -1,
        "readTimeout": -1,
        "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
        "types": {"*": {"access": ["createRecord", "readRecord", "updateRecord", "deleteRecord"]}},
    }


def _no_access_group() -> dict[str, Any]:
    """ArcadeDB's default group for users without a group."""
    return {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}}


def _clear(settings: Neo4jSettings) -> None:
    """Delete every model node of an external Neo4j database."""
    from hlmgraph.store import connect, cypher

    with connect(settings) as driver, driver.session(database=settings.database) as session:
        session.run(cypher("clear_graph")).consume()
