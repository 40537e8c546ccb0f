"""Gaps step: read and check a TOML rules file (every problem as « file:line: message »)."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from hlmgraph import schema
from hlmgraph.errors import ConfigError
from hlmgraph.gaps.forms import FORMS
from hlmgraph.gaps.rule import ANY, Rule

MESSAGE_FIELDS: tuple[str, ...] = (
    "rule",
    "territory",
    "territory_name",
    "territory_label",
    "a_name",
    "b_name",
    "actor_names",
    "dwellings",
    "kinds",
    "contract",
    "contract_name",
    "end",
    "months",
)
"""Placeholders a rule's ``message`` template may use."""


MAX_RULES_BYTES = 1_000_000
"""Largest rules file read."""
MAX_MONTHS = 1200
"""Largest ``months`` a rule may give (a hundred years)."""


def default_rules_text() -> str:
    """The TOML text of the default rules shipped with hlmgraph (commented in French)."""
    return resources.files("hlmgraph").joinpath("data", "default_rules.toml").read_text("utf-8")


def load_rules(path: Path | None = None) -> list[Rule]:
    """Read and check a TOML rules file (the shipped defaults when ``path`` is None).

    Raises ``ConfigError`` naming the file, the line and what is wrong.
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
    """Parse and check the TOML text of a rules file; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_error(exc, source, max(1, len(text.splitlines())))) from exc
    layout = _Layout(text)
    for key in sorted(data):
        if key != "rule":
            raise ConfigError(
                f"{source}:{layout.top_line(key)}: clé inconnue « {key} » (attendu : des blocs "
                "[[rule]])"
            )
    records = data.get("rule")
    if not isinstance(records, list) or not records:
        raise ConfigError(f"{source}:1: aucune règle : ajoutez au moins un bloc [[rule]]")
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        rule = _parse_rule(record, index, layout, source)
        if rule.id in seen:
            raise ConfigError(
                f"{source}:{layout.line(index, 'id')}: identifiant « {rule.id} » déjà utilisé "
                f"ligne {seen[rule.id]}"
            )
        seen[rule.id] = layout.line(index, "id")
        rules.append(rule)
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


def _parse_rule(record: Any, index: int, layout: _Layout, source: str) -> Rule:
    """Check one [[rule]] record and turn it into a Rule."""

    def fail(key: str | None, what: str) -> ConfigError:
        """The error « source:line: what » located at ``key`` of this rule."""
        return ConfigError(f"{source}:{layout.line(index, key)}: {what}")

    if not isinstance(record, Mapping):
        raise fail(None, "une règle doit être un bloc [[rule]]")
    rule_id = record.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise fail("id", "règle sans identifiant : ajoutez id = \"mon-identifiant\"")
    form_name = record.get("form")
    if not isinstance(form_name, str):
        raise fail("form", f"règle « {rule_id} » sans forme : ajoutez form = \"{forms_list()}\"")
    form = FORMS.get(form_name)
    if form is None:
        raise fail("form", f"forme inconnue « {form_name} » (attendu : {forms_list()})")
    allowed = {"id", "form", *form.required, *form.optional}
    for key in record:
        if key not in allowed:
            expected = ", ".join([*form.required, *form.optional])
            raise fail(key, f"paramètre inconnu « {key} » pour la forme {form_name} "
                            f"(attendu : {expected})")
    params: dict[str, Any] = {}
    for key in form.required:
        if key not in record:
            raise fail(None, f"règle « {rule_id} » : paramètre « {key} » manquant pour la "
                             f"forme {form_name}")
    for key, value in record.items():
        if key in _PARAMETERS:
            try:
                params[key] = _PARAMETERS[key](value)
            except ValueError as exc:
                raise fail(key, str(exc)) from exc
    return Rule(id=rule_id.strip(), form=form_name, line=layout.line(index), **params)



def _parse_level(value: Any) -> str:
    """A territory level, checked against the vocabulary."""
    folded = schema.fold(value) if isinstance(value, str) else None
    if folded not in schema.LEVELS:
        raise ValueError(f"niveau inconnu « {value} » (attendu : {', '.join(schema.LEVELS)})")
    return folded


def _parse_types(value: Any) -> tuple[str, ...]:
    """One actor type or a list of them, checked against the vocabulary."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise ValueError("type d'acteur attendu : un texte ou une liste de textes")
    out: list[str] = []
    for item in values:
        folded = schema.fold(item) if isinstance(item, str) else None
        if folded not in schema.ACTOR_TYPES:
            raise ValueError(
                f"type d'acteur inconnu « {item} » (attendu : {', '.join(schema.ACTOR_TYPES)})"
            )
        if folded not in out:
            out.append(folded)
    return tuple(out)


def _parse_kinds(value: Any) -> tuple[str, ...] | None:
    """Contract kinds (a list or one kind), or None for ``any``."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise ValueError("natures de contrat attendues : une liste de textes ou \"any\"")
    out: list[str] = []
    for item in values:
        folded = schema.fold(item) if isinstance(item, str) else None
        if folded == ANY:
            return None
        if folded not in schema.KINDS:
            raise ValueError(
                f"nature de contrat inconnue « {item} » (attendu : {', '.join(schema.KINDS)} "
                "ou any)"
            )
        if folded not in out:
            out.append(folded)
    return tuple(out)


def _parse_bool(value: Any) -> bool:
    """A TOML boolean."""
    if not isinstance(value, bool):
        raise ValueError(f"with_dwellings attend true ou false, pas « {value} »")
    return value


def _parse_months(value: Any) -> int:
    """A positive whole number of months."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"months attend un nombre entier de mois positif, pas « {value} »")
    if value > MAX_MONTHS:
        raise ValueError(f"months vaut au plus {MAX_MONTHS} (cent ans), pas {value}")
    return value


def _parse_message(value: Any) -> str:
    """A message template using only the known placeholders."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("message attend une phrase entre guillemets")
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion
                  in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"message mal formé ({exc}) ; doublez les accolades littérales") from exc
    names = [name for name, _, _ in fields]
    for name, spec, conversion in fields:
        if spec or conversion:
            raise ValueError(
                f"« {{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} » "
                f"dans message : écrivez seulement {{{name}}}, sans format"
            )
    for name in names:
        if name not in MESSAGE_FIELDS:
            raise ValueError(
                f"champ inconnu « {{{name}}} » dans message (attendu : "
                f"{', '.join('{' + f + '}' for f in MESSAGE_FIELDS)})"
            )
    return value


_PARAMETERS: dict[str, Callable[[Any], Any]] = {
    "level": _parse_level,
    "a": _parse_types,
    "b": _parse_types,
    "kinds": _parse_kinds,
    "with_dwellings": _parse_bool,
    "months": _parse_months,
    "message": _parse_message,
}
