"""Gaps step: the typed rule record (one [[rule]] block of a rules file, spec/gap-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass

ANY = "any"
"""The ``kinds`` value meaning every contract kind."""
OPERATIONAL = "operational"
"""The ``kinds`` value meaning every kind except the framework contracts."""
ALERT_FORMS: frozenset[str] = frozenset({"expiry"})
"""Forms whose findings are alerts (échéances), never gaps (manques)."""
MANQUE = "manque"
ECHEANCE = "echeance"
PRIORITIES: dict[int, str] = {1: "haute", 2: "moyenne", 3: "basse"}
"""Rule priorities and their French words."""


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
    then_kinds: tuple[str, ...] | None = None
    """``requires``: kinds the actor must also be party to."""
    with_dwellings: bool = False
    min_dwellings: int = 0
    """Homes needed on the presence row to count as housed (implies ``with_dwellings``)."""
    months: int = 12
    scope: str = "national"
    """``membership``: ``national`` or ``region`` (the organisation in the actor's région)."""
    priority: int = 2
    """1 haute, 2 moyenne, 3 basse."""
    message: str = ""
    """Optional template overriding the default message (see ``MESSAGE_FIELDS``)."""
    title: str = ""
    """French title of the rule's findings (the form's title when the rules file gives none)."""
    line: int = 0
    """Line of the rule in its TOML file (0 when built in code)."""

    @property
    def category(self) -> str:
        """``echeance`` for the alert forms (expiry), ``manque`` for every other form."""
        return ECHEANCE if self.form in ALERT_FORMS else MANQUE

    @property
    def housed(self) -> bool:
        """Whether the a-actors must be housed (``with_dwellings`` or ``min_dwellings``)."""
        return self.with_dwellings or self.min_dwellings > 0


def selector_parts(selector: str) -> tuple[str, str]:
    """(type, subtype) of a selector ``type`` or ``type/subtype`` (subtype '' when none)."""
    kind, _, subtype = selector.partition("/")
    return kind, subtype
