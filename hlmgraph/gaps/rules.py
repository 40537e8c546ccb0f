"""Gaps step: read and check a TOML rules file (every problem as « file:line: message »)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from hlmgraph.errors import ConfigError, RulesError
from hlmgraph.gaps.forms import FORMS, Form
from hlmgraph.gaps.params import MESSAGE_FIELDS, PARAMETERS
from hlmgraph.gaps.rule import Rule

__all__ = ["MESSAGE_FIELDS", "default_rules_text", "forms_list", "load_rules", "parse_rules",
           "shipped_rules"]


MAX_RULES_BYTES = 1_000_000
"""Largest rules file read."""


def default_rules_text() -> str:
    """The TOML text of the default rules shipped with hlmgraph (commented in French)."""
    return resources.files("hlmgraph").joinpath("data", "default_rules.toml").read_text("utf-8")


def load_rules(path: Path | None = None) -> list[Rule]:
    """Read and check a TOML rules file (the shipped defaults when ``path`` is None).

    Raises ``RulesError`` (a ``ConfigError``) listing every problem as
    « file:line: message ».
    """
    if path is None:
        return parse_rules(default_rules_text(), "default_rules.toml")
    path = Path(path)
    try:
        with path.open("rb") as handle:  # at most one byte past the limit (never /dev/zero whole)
            data = handle.read(MAX_RULES_BYTES + 1)
        if len(data) > MAX_RULES_BYTES:
            raise ConfigError(
                f"{path} : fichier de règles de plus de {MAX_RULES_BYTES // 1_000_000} Mo ; un "
                "fichier de règles tient en quelques pages, vérifiez le chemin donné à --rules."
            )
        text = data.decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"Fichier de règles introuvable : {path} ; vérifiez le chemin donné à --rules."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path} : fichier de règles illisible ({exc}) ; enregistrez-le en UTF-8."
        ) from exc
    return parse_rules(text, str(path))


def shipped_rules(*ids: str) -> list[Rule]:
    """The rules of the shipped file with these ids, in this order (e.g. the report's own checks).

    Example: ``shipped_rules("contrat-de-ville", "abattement-tfpb", "echeance")``.
    """
    by_id = {rule.id: rule for rule in load_rules()}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise ConfigError(
            f"Règle livrée inconnue « {unknown[0]} » (règles livrées : {', '.join(by_id)})."
        )
    return [by_id[i] for i in ids]


def parse_rules(text: str, source: str = "règles.toml") -> list[Rule]:
    """Parse and check the TOML text of a rules file; ``source`` names it in errors.

    Every problem is found before failing: ``RulesError.problems`` lists them,
    one « source:line: message » each, in line order.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError([_syntax_error(exc, source, max(1, len(text.splitlines())))]) from exc
    layout = _Layout(text)
    problems: list[tuple[int, str]] = []
    for key in sorted(data):
        if key != "rule":
            problems.append((layout.top_line(key), f"clé inconnue « {key} » (attendu : des blocs "
                                                   "[[rule]])"))
    records = data.get("rule")
    if not isinstance(records, list) or not records:
        problems.append((1, "aucune règle : ajoutez au moins un bloc [[rule]]"))
        records = []
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        rule = _parse_rule(record, index, layout, problems)
        if rule is None:
            continue
        line = layout.line(index, "id")
        if rule.id in seen:
            problems.append((line, f"identifiant « {rule.id} » déjà utilisé ligne {seen[rule.id]}"))
        seen.setdefault(rule.id, line)
        rules.append(rule)
    if problems:
        raise RulesError([f"{source}:{line}: {what}" for line, what in sorted(problems)])
    return rules


def forms_list() -> str:
    """The known form names, comma-separated."""
    return ", ".join(FORMS)


class _Layout:
    """Line numbers of the rules and keys of a TOML rules text (for error messages)."""

    _HEADER = re.compile(r"^\s*\[\[\s*\"?rule\"?\s*\]\]")
    _TABLE = re.compile(r"^\s*\[")
    _KEY = re.compile(r"^\s*\"?([A-Za-z0-9_\-]+)\"?\s*=")

    def __init__(self, text: str) -> None:
        """Scan the text for [[rule]] headers and the keys under each."""
        self.blocks: list[tuple[int, dict[str, int]]] = []
        self.top: dict[str, int] = {}
        current: dict[str, int] | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if self._HEADER.match(line):
                current = {}
                self.blocks.append((number, current))
                continue
            if self._TABLE.match(line):
                current = None
                name = line.strip().strip("[]").strip().split(".")[0].strip('"')
                self.top.setdefault(name, number)
                continue
            match = self._KEY.match(line)
            if match:
                target = current if current is not None else self.top
                target.setdefault(match.group(1), number)

    def line(self, index: int, key: str | None = None) -> int:
        """Line of rule ``index`` (of its ``key`` when found), 1 when unknown."""
        if index >= len(self.blocks):
            return 1
        header, keys = self.blocks[index]
        return keys.get(key, header) if key else header

    def top_line(self, key: str) -> int:
        """Line of a top-level key or table, 1 when unknown."""
        return self.top.get(key, 1)


def _syntax_error(exc: tomllib.TOMLDecodeError, source: str, last_line: int) -> str:
    """A TOML syntax error as « file:line: syntaxe TOML invalide … »."""
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if match:
        detail = text[: match.start()].strip()
        return (
            f"{source}:{match.group(1)}: syntaxe TOML invalide (colonne {match.group(2)}) : "
            f"{detail}"
        )
    if "(at end of document)" in text:
        detail = text.replace("(at end of document)", "").strip()
        return f"{source}:{last_line}: syntaxe TOML invalide (fin du fichier) : {detail}"
    return f"{source}:1: syntaxe TOML invalide : {text}"


Fail = Callable[[str | None, str], None]
"""Notes one problem at the line of a key (None: the rule's header)."""


def _parse_rule(
    record: Any, index: int, layout: _Layout, problems: list[tuple[int, str]]
) -> Rule | None:
    """Check one [[rule]] record: a Rule, or None with its problems added to ``problems``."""
    before = len(problems)

    def fail(key: str | None, what: str) -> None:
        """Note the problem ``what`` at the line of ``key`` in this rule."""
        problems.append((layout.line(index, key), what))

    if not isinstance(record, Mapping):
        fail(None, "une règle doit être un bloc [[rule]]")
        return None
    rule_id = record.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        fail("id", 'règle sans identifiant : ajoutez id = "mon-identifiant"')
        rule_id = "?"
    form = _form_of(record, rule_id, fail)
    if form is None:
        return None
    params = _parameters(record, form, rule_id, fail)
    if len(problems) > before:
        return None
    params.setdefault("title", form.title)
    return Rule(id=str(rule_id).strip(), form=form.name, line=layout.line(index), **params)


def _form_of(record: Mapping[str, Any], rule_id: str, fail: Fail) -> Form | None:
    """The form a record names, or None after noting why."""
    name = record.get("form")
    if not isinstance(name, str):
        fail("form", f"règle « {rule_id} » sans forme : ajoutez form = \"…\" ({forms_list()})")
        return None
    if name not in FORMS:
        fail("form", f"forme inconnue « {name} » (attendu : {forms_list()})")
        return None
    return FORMS[name]


def _parameters(record: Mapping[str, Any], form: Form, rule_id: str, fail: Fail) -> dict[str, Any]:
    """The record's parameters checked against its form, problems noted through ``fail``."""
    allowed = ("id", "form", *form.required, "priority", *form.optional)
    for key in record:
        if key not in allowed:
            fail(key, f"paramètre inconnu « {key} » pour la forme {form.name} "
                      f"(attendu : {', '.join(allowed[2:])})")
    for key in form.required:
        if key not in record:
            fail(None, f"règle « {rule_id} » : paramètre « {key} » manquant pour la forme "
                       f"{form.name}")
    params: dict[str, Any] = {}
    for key, value in record.items():
        if key in PARAMETERS and key in allowed:
            try:
                params[key] = PARAMETERS[key](value)
            except ValueError as exc:
                fail(key, str(exc))
    return params
