"""Settings: documented defaults and the Neo4j connection (credentials from the environment)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DEFAULT_URI = "bolt://localhost:7687"
"""Neo4j URI used when neither ``--uri`` nor ``NEO4J_URI`` is given."""
DEFAULT_USER = "neo4j"
"""User name used when neither ``--user`` nor ``NEO4J_USERNAME`` is given."""
DEFAULT_SERVER_PORT = 7687
"""Bolt port of the embedded server started by ``hlmgraph db start``."""
LOUVAIN_SEED = 42
"""Seed of the Louvain community detection (deterministic communities)."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to reach Neo4j; ``password`` is never printed."""

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = field(default="", repr=False)
    database: str | None = None


def today() -> dt.date:
    """The default as-of date (today)."""
    return dt.date.today()
