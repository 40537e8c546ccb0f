"""Property values of the tool formats: flat scalars, one declared type per key, XML-safe text."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from hlmgraph.output import cell

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def flat_value(value: Any) -> Any:
    """A property as a scalar: lists joined by '|', dates as ISO text, text made XML-safe."""
    value = cell(value)
    if isinstance(value, str):
        return _INVALID_XML.sub("\ufffd", value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def attribute_types(records: Iterable[Mapping[str, Any]], skip: Iterable[str] = ()) -> dict[str, str]:
    """One declared type per attribute key (boolean, long, double or string), sorted by key."""
    seen: dict[str, set[str]] = {}
    excluded = set(skip)
    for record in records:
        for key, value in record.items():
            if key not in excluded and value is not None:
                seen.setdefault(key, set()).add(_kind(flat_value(value)))
    return {key: _merge_kinds(kinds) for key, kinds in sorted(seen.items())}


def typed(value: Any, kind: str) -> Any:
    """A flat value converted to its key's declared type."""
    value = flat_value(value)
    if kind == "string":
        return value if isinstance(value, str) else number_text(value)
    if kind == "double":
        return float(value)
    return value


def _kind(value: Any) -> str:
    """The XML attribute type of one flat value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _merge_kinds(kinds: set[str]) -> str:
    """One type for a key seen with several: numbers widen to double, anything else to string."""
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds == {"long", "double"}:
        return "double"
    return "string"


def number_text(value: Any) -> str:
    """A boolean or number as text (true/false, repr for floats)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def xml_text(text: str) -> str:
    """Escape element text (carriage returns kept, characters XML forbids as U+FFFD)."""
    text = _INVALID_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """Escape a double-quoted attribute value, keeping newlines and tabs verbatim."""
    text = xml_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def value_text(value: Any) -> str:
    """A typed value as XML text."""
    return value if isinstance(value, str) else number_text(value)
