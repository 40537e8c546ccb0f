"""Benchmark of the Neo4j load: hlmgraph's loader against a straightforward hand-written loader.

Both load the same national-scale graph (hlmgraph.generate, scale "national")
into fresh databases of one embedded ArcadeDB Bolt server (``hlmgraph db``).
The hand loader is what one writes first: one ``UNWIND $rows ... MERGE`` query
per label and per relationship type, batches of 1,000 rows, each batch its own
write transaction (``session.execute_write``, retried on transient errors). The two run alternately; the script prints every time,
the medians and the ratio hlmgraph / hand (goal: <= 1.0). The whole command
``hlmgraph load DATA`` (a fresh process: start-up, reading and validating the files,
building the graph, loading) is timed in the same rounds, and its ratio to the hand
loader printed too (the goal of issue 13 counts validation and start-up).

A warm-up round (not counted) lets the server's JIT compile the queries first.
With ``--reload`` each loader then loads the same graph again into its own
non-empty database (the upsert path), timed and printed apart.

Usage: python benchmarks/bench_load.py [--rounds 3] [--warmup 1] [--reload] [--seed 1]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx
from neo4j import GraphDatabase
from timing import command_seconds

from hlmgraph.generate import generate_dataset
from hlmgraph.pipeline import load_graph as read_dataset
from hlmgraph.schema import ACTOR_TYPES, LEVELS, REL_ENDPOINTS
from hlmgraph.server import start_server, stop_server
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store import load_graph

CONTENDERS = ("hlmgraph", "hand", "command")
"""The library loader, the hand loader, the whole ``hlmgraph load`` command."""

HAND_BATCH = 1000
HAND_SCHEMA = (
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT territory_id IF NOT EXISTS FOR (n:Territory) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT contract_id IF NOT EXISTS FOR (n:Contract) REQUIRE n.id IS UNIQUE",
)
HAND_NODE = "UNWIND $rows AS row MERGE (n:{labels} {{id: row.id}}) SET n += row.props"
HAND_REL = (
    "UNWIND $rows AS row MATCH (a:{source} {{id: row.source}}) MATCH (b:{target} {{id: row.target}}) "
    "MERGE (a)-[r:{rel}]->(b) SET r += row.props"
)


def hand_load(G: nx.MultiDiGraph, settings: Neo4jSettings) -> None:
    """The straightforward loader: one UNWIND MERGE per label and type, a transaction per 1,000 rows."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        cls = data["label"]
        second = ACTOR_TYPES.get(data.get("type", "")) or LEVELS.get(data.get("level", ""))
        labels = f"{cls}:{second}" if cls != "Contract" and second else cls
        props = {k: v for k, v in data.items() if k != "label"}
        nodes[labels].append({"id": node, "props": props})
    rels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source, target, data in G.edges(data=True):
        props = {k: v for k, v in data.items() if k != "type"}
        rels[data["type"]].append({"source": source, "target": target, "props": props})
    with GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
        with driver.session(database=settings.database) as session:
            for statement in HAND_SCHEMA:
                session.run(statement).consume()
            for labels, rows in nodes.items():
                _batches(session, HAND_NODE.format(labels=labels), rows)
            for rel, rows in rels.items():
                source, target = REL_ENDPOINTS[rel]
                _batches(session, HAND_REL.format(source=source, target=target, rel=rel), rows)


def _batches(session: Any, query: str, rows: list[dict[str, Any]]) -> None:
    """Run ``query`` over ``rows`` in batches of HAND_BATCH, one retried write transaction each."""
    for start in range(0, len(rows), HAND_BATCH):
        batch = rows[start : start + HAND_BATCH]
        session.execute_write(lambda tx, b=batch: tx.run(query, rows=b).consume())


def create_database(port: int, password: str, name: str) -> None:
    """Create a database on the embedded server through ArcadeDB's HTTP API (port + 1)."""
    token = base64.b64encode(f"root:{password}".encode()).decode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port + 1}/api/v1/server",
        data=json.dumps({"command": f"create database {name}"}).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()


def counts(settings: Neo4jSettings) -> tuple[int, int]:
    """(nodes, relationships) in a database, to check both loaders did the same work."""
    from hlmgraph.store import read_graph

    G = read_graph(settings)
    return G.number_of_nodes(), G.number_of_edges()


def main() -> None:
    """Run the alternating rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--port", type=int, default=17900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hlmgraph-bench-") as tmp:
        data = Path(tmp) / "national"
        rows = generate_dataset("national", args.seed, data)
        G = read_dataset(data)
        print(f"Jeu national : {rows}")
        print(f"Graphe : {G.number_of_nodes()} nœuds, {G.number_of_edges()} relations")
        info = start_server(Path(tmp) / "server", args.port)
        try:
            run_rounds(G, info.settings(), args.port, args.warmup, "échauffement", data)
            times = run_rounds(G, info.settings(), args.port, args.rounds, "tour", data)
            if args.reload:
                reload_times(G, info.settings(), args.rounds)
        finally:
            stop_server(Path(tmp) / "server")
    report(times)


def run_rounds(
    G: nx.MultiDiGraph, base: Neo4jSettings, port: int, rounds: int, tag: str, data: Path
) -> dict[str, list[float]]:
    """Alternate the loaders, each into a fresh database; return their times."""
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for round_ in range(rounds):
        order = list(CONTENDERS) if round_ % 2 == 0 else list(reversed(CONTENDERS))
        for name in order:
            database = f"bench_{name}_{'t' if tag == 'tour' else 'w'}{round_}"
            create_database(port, base.password, database)
            settings = Neo4jSettings(base.uri, base.user, base.password, database)
            times[name].append(timed_load(G, name, settings, data))
            print(f"{tag} {round_ + 1} {name:<8} {times[name][-1]:7.2f} s", flush=True)
    return times


def reload_times(G: nx.MultiDiGraph, base: Neo4jSettings, rounds: int) -> None:
    """Load the graph again into the last databases of each loader (upserts), print the times."""
    for name in ("hlmgraph", "hand"):
        database = f"bench_{name}_t{rounds - 1}"
        settings = Neo4jSettings(base.uri, base.user, base.password, database)
        print(f"rechargement {name:<8} {timed_load(G, name, settings, None):7.2f} s", flush=True)


def timed_load(G: nx.MultiDiGraph, name: str, settings: Neo4jSettings, data: Path | None) -> float:
    """Seconds one loader takes; checks the database then holds exactly the graph's size."""
    start = time.perf_counter()
    if name == "hlmgraph":
        load_graph(G, settings)
    elif name == "command":
        os.environ["NEO4J_PASSWORD"] = settings.password
        command_seconds(["load", str(data), "--uri", settings.uri, "--user", settings.user,
                         "--database", str(settings.database)])
    else:
        hand_load(G, settings)
    elapsed = time.perf_counter() - start
    assert counts(settings) == (G.number_of_nodes(), G.number_of_edges()), name
    return elapsed


def report(times: dict[str, list[float]]) -> None:
    """Print the medians and the ratio."""
    ours, hand = statistics.median(times["hlmgraph"]), statistics.median(times["hand"])
    command = statistics.median(times["command"])
    print(f"médiane hlmgraph : {ours:.2f} s")
    print(f"médiane chargeur manuel (UNWIND, lots de {HAND_BATCH}) : {hand:.2f} s")
    print(f"médiane commande hlmgraph load (démarrage, lecture, validation, chargement) : "
          f"{command:.2f} s")
    print(f"ratio hlmgraph / manuel : {ours / hand:.2f} (objectif <= 1.0)")
    print(f"ratio commande hlmgraph load / manuel : {command / hand:.2f} (objectif <= 1.0)")
    print(f"charge de la machine (1 min) : {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")


if __name__ == "__main__":
    main()
