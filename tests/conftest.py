"""Shared fixtures; the Neo4j and browser fixtures live in their own plugin modules."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["neo4j_fixtures", "browser_fixtures"]

DEMO_PATH = Path(__file__).resolve().parents[1] / "hlmgraph" / "data" / "demo"


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """The demo dataset shipped in the package (a CSV folder)."""
    return DEMO_PATH


@pytest.fixture(scope="session")
def demo_graph(demo_path: Path):  # type: ignore[no-untyped-def]
    """The full model graph of the demo dataset."""
    from hlmgraph.io import load_graph

    return load_graph(demo_path)
