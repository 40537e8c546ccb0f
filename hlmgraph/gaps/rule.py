"""Gaps step: the typed rule record (one [[rule]] block of a rules file, spec/gap-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass

ANY = "any"
"""The ``kinds`` value meaning every contract kind."""


@dataclass(frozen=True)
class Rule:
    """One gap rule: an id, a form and that form's parameters.

    ``a`` and ``b`` hold actor selectors, ``type`` or ``type/subtype``
    (``federation/ar_hlm``); ``kinds`` None means every contract kind.
    """

    id: str
    form: str
    level: str = ""
    a: tuple[str, ...] = ()
    b: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = None
    """Contract kinds expected; None means any kind."""
    with_dwellings: bool = False
    months: int = 12
    message: str = ""
    """Optional template overriding the default message (see ``MESSAGE_FIELDS``)."""
    line: int = 0
    """Line of the rule in its TOML file (0 when built in code)."""
