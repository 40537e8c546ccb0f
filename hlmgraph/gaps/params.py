"""Gaps step: check and convert each parameter of a [[rule]] block (one French reason when wrong)."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from hlmgraph import schema
from hlmgraph.gaps.rule import ANY, OPERATIONAL, PRIORITIES

MESSAGE_FIELDS: tuple[str, ...] = (
    "rule",
    "priority",
    "territory",
    "territory_name",
    "territory_label",
    "a_name",
    "b_name",
    "actor_names",
    "stake",
    "dwellings",
    "kinds",
    "contract",
    "contract_name",
    "end",
    "months",
)
"""Placeholders a rule's ``message`` template may use (``dwellings`` is ``stake``)."""
MAX_MONTHS = 1200
"""Largest ``months`` a rule may give (a hundred years)."""
SCOPES: tuple[str, ...] = ("national", "region")
"""Values of a ``membership`` rule's ``scope``."""


def parse_level(value: Any) -> str:
    """A territory level, checked against the vocabulary."""
    folded = schema.fold(value) if isinstance(value, str) else None
    if folded not in schema.LEVELS:
        raise ValueError(f"niveau inconnu « {value} » (attendu : {', '.join(schema.LEVELS)})")
    return folded


def parse_selectors(value: Any) -> tuple[str, ...]:
    """Actor selectors ``type`` or ``type/subtype``, one or a list, checked against the vocabularies."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise ValueError("type d'acteur attendu : un texte ou une liste de textes")
    out: list[str] = []
    for item in values:
        selector = _selector(item)
        if selector not in out:
            out.append(selector)
    return tuple(out)


def parse_kinds(value: Any) -> tuple[str, ...] | None:
    """Contract kinds (a list or one kind), None for ``any``, the non-framework kinds for ``operational``."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise ValueError('natures de contrat attendues : une liste de textes, "any" ou "operational"')
    out: list[str] = []
    for item in values:
        folded = schema.fold(item) if isinstance(item, str) else None
        if folded == ANY:
            return None
        if folded == OPERATIONAL:
            return schema.OPERATIONAL_KINDS
        if folded not in schema.KINDS:
            raise ValueError(
                f"nature de contrat inconnue « {item} » (attendu : {', '.join(schema.KINDS)}, "
                "any ou operational)"
            )
        if folded not in out:
            out.append(folded)
    return tuple(out)


def parse_bool(value: Any) -> bool:
    """A TOML boolean."""
    if not isinstance(value, bool):
        raise ValueError(f"with_dwellings attend true ou false, pas « {value} »")
    return value


def parse_count(name: str) -> Callable[[Any], int]:
    """A parser of a whole number ≥ 0 named ``name`` in its message."""

    def parse(value: Any) -> int:
        """A whole number ≥ 0."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} attend un nombre entier positif ou nul, pas « {value} »")
        return value

    return parse


def parse_months(value: Any) -> int:
    """A whole number of months, at most ``MAX_MONTHS``."""
    months = parse_count("months")(value)
    if months > MAX_MONTHS:
        raise ValueError(f"months vaut au plus {MAX_MONTHS} (cent ans), pas {months}")
    return months


def parse_priority(value: Any) -> int:
    """A priority: 1 (haute), 2 (moyenne) or 3 (basse)."""
    if isinstance(value, bool) or value not in PRIORITIES:
        raise ValueError(f"priority attend 1 (haute), 2 (moyenne) ou 3 (basse), pas « {value} »")
    return int(value)


def parse_scope(value: Any) -> str:
    """A membership scope: ``national`` or ``region``."""
    folded = schema.fold(value) if isinstance(value, str) else None
    if folded not in SCOPES:
        raise ValueError(f"scope inconnu « {value} » (attendu : {' ou '.join(SCOPES)})")
    return folded


MAX_TITLE = 200
"""Longest rule title, in characters."""


def parse_title(value: Any) -> str:
    """A rule's French title: one line of text, at most ``MAX_TITLE`` characters."""
    if not isinstance(value, str) or not value.strip() or "\n" in value:
        raise ValueError("title attend un titre d'une ligne entre guillemets")
    if len(value) > MAX_TITLE:
        raise ValueError(f"title de plus de {MAX_TITLE} caractères : raccourcissez-le")
    return value.strip()


def parse_message(value: Any) -> str:
    """A message template using only the known placeholders."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("message attend une phrase entre guillemets")
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"message mal formé ({exc}) ; doublez les accolades littérales") from exc
    for name, spec, conversion in fields:
        if spec or conversion:
            raise ValueError(
                f"« {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} » "
                f"dans message : écrivez seulement {{{name}}}, sans format"
            )
    for name, _, _ in fields:
        if name not in MESSAGE_FIELDS:
            raise ValueError(
                f"champ inconnu « {{{name}}} » dans message (attendu : "
                f"{', '.join('{' + f + '}' for f in MESSAGE_FIELDS)})"
            )
    return value


PARAMETERS: dict[str, Callable[[Any], Any]] = {
    "level": parse_level,
    "a": parse_selectors,
    "b": parse_selectors,
    "kinds": parse_kinds,
    "then_kinds": parse_kinds,
    "with_dwellings": parse_bool,
    "min_dwellings": parse_count("min_dwellings"),
    "months": parse_months,
    "scope": parse_scope,
    "priority": parse_priority,
    "message": parse_message,
    "title": parse_title,
}
"""Parser of each rule parameter, by TOML key."""


def _selector(item: Any) -> str:
    """One selector, folded and checked: ``type`` or ``type/subtype``."""
    if not isinstance(item, str):
        raise ValueError(f"type d'acteur attendu, pas « {item} »")
    kind, _, subtype = item.partition("/")
    folded = schema.fold(kind)
    if folded not in schema.ACTOR_TYPES:
        raise ValueError(
            f"type d'acteur inconnu « {kind} » (attendu : {', '.join(schema.ACTOR_TYPES)})"
        )
    if not subtype:
        return folded
    sub = schema.fold(subtype)
    known = schema.SUBTYPES.get(folded, ())
    if sub not in known:
        expected = ", ".join(f"{folded}/{s}" for s in known) or f"aucun pour {folded}"
        raise ValueError(f"sous-type inconnu « {item} » (attendu : {expected})")
    return f"{folded}/{sub}"
