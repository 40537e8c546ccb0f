"""Settings: documented defaults and the Neo4j connection (credentials from the environment)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Neo4jSettings:
        """Settings from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE (or defaults)."""
        env = os.environ if environ is None else environ
        return cls(
            uri=env.get("NEO4J_URI") or DEFAULT_URI,
            user=env.get("NEO4J_USERNAME") or DEFAULT_USER,
            password=env.get("NEO4J_PASSWORD", ""),
            database=env.get("NEO4J_DATABASE") or None,
        )


def today() -> dt.date:
    """The default as-of date (today)."""
    return dt.date.today()
