"""Cypher text of the store: the files of ``cypher/``, read once, labels only from the schema."""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from hlmgraph.schema import SECOND_LABELS

LABEL_PLACEHOLDER = "{{label}}"
"""The one placeholder a Cypher file may hold; replaced only by a label from schema.py."""
QUERY_DIR = "queries"
"""Folder of the named queries users run, inside ``cypher/``."""


def cypher(name: str, label: str | None = None) -> str:
    """The text of ``cypher/<name>.cypher``, with ``{{label}}`` replaced by a whitelisted label."""
    text = _read_cypher(name)
    if LABEL_PLACEHOLDER in text:
        if label not in SECOND_LABELS:
            raise ValueError(f"label {label!r} is not a second label of schema.py")
        return text.replace(LABEL_PLACEHOLDER, label)
    if label is not None:
        raise ValueError(f"{name}.cypher has no label placeholder")
    return text


def cypher_root() -> Path:
    """The folder of the .cypher files: the installed copy, else the repository's cypher/."""
    packaged = importlib.resources.files("hlmgraph") / "cypher"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "cypher"


@functools.cache
def _read_cypher(name: str) -> str:
    """Read one .cypher file by name (``merge_actors``, ``queries/partenaires``)."""
    path = cypher_root() / f"{name}.cypher"
    if not path.is_file():
        raise ValueError(f"no Cypher file {name}.cypher in {cypher_root()}")
    return path.read_text(encoding="utf-8")
