"""JSON for people and tools: strictly valid (RFC 8259), never ``NaN`` nor ``Infinity``.

Python's ``json`` writes ``NaN`` and ``Infinity`` by default, which most JSON
readers refuse; every JSON hlmgraph writes goes through ``dumps``: a float that
is not finite (a measure undefined for an isolated actor) becomes ``null``.
"""

from __future__ import annotations

import json
import math
from typing import Any


def dumps(data: Any, **options: Any) -> str:
    """``json.dumps`` of ``data`` with non-finite floats as ``null``; never writes NaN."""
    return json.dumps(finite(data), allow_nan=False, **options)


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (in dicts, lists and tuples) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value
