"""The named queries of ``cypher/queries``: catalogue, parameters checked, results as records."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import Session

from hlmgraph.errors import ConfigError, UsageError
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store.connect import connect, errors
from hlmgraph.store.files import QUERY_DIR, cypher, cypher_root
from hlmgraph.store.read import native
from hlmgraph.values import parse_date

_PARAM_LINE = re.compile(r"^//\s*\$(\w+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class QueryParameter:
    """One parameter of a named query, as declared in the file header."""

    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class NamedQuery:
    """A reusable query of ``cypher/queries``: French description and parameters."""

    name: str
    description: str
    parameters: tuple[QueryParameter, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, str]:
        """One row of the query catalogue (columns CATALOG_COLUMNS)."""
        params = "; ".join(
            f"{p.name}{'' if p.required else ' (facultatif)'}" for p in self.parameters
        )
        return {"requete": self.name, "parametres": params, "description": self.description}


CATALOG_COLUMNS: tuple[str, ...] = ("requete", "parametres", "description")
"""Columns of ``hlmgraph query --list``."""


def run_query(
    name: str, params: Mapping[str, Any], settings: Neo4jSettings
) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a named query of ``cypher/queries`` and return (columns, records) with native values."""
    info = _named_query(name)
    values = _query_parameters(info, params)
    with contextlib.closing(connect(settings)) as driver, errors(settings):
        with driver.session(database=settings.database) as session:
            text = cypher(f"{QUERY_DIR}/{name}")
            result = session.run(text, values)
            records = [{k: native(v) for k, v in record.items()} for record in result]
            if not records:
                _check_ids(session, info, values)
            columns = list(result.keys()) or _return_columns(text)
    return columns, records


def list_queries() -> list[NamedQuery]:
    """The named queries shipped in ``cypher/queries``, sorted by name."""
    folder = cypher_root() / QUERY_DIR
    names = sorted(p.name[: -len(".cypher")] for p in folder.iterdir() if p.name.endswith(".cypher"))
    return [_parse_header(name, cypher(f"{QUERY_DIR}/{name}")) for name in names]


def _check_ids(session: Session, info: NamedQuery, values: Mapping[str, Any]) -> None:
    """Raise a ConfigError naming the id parameters that name no node (an empty result's cause)."""
    given = {p.name: values[p.name] for p in info.parameters
             if p.description.startswith("id ") and values.get(p.name) is not None}
    if not given:
        return
    found = session.run(cypher("read_known_ids"), {"ids": sorted(set(given.values()))})
    known = {record["id"] for record in found}
    unknown = [f"« {value} » (--param {name})" for name, value in given.items() if value not in known]
    if unknown:
        raise ConfigError(
            f"Identifiant introuvable dans la base : {', '.join(unknown)} ; vérifiez-le (hlmgraph "
            "query acteurs_par_type liste les acteurs) ou rechargez les données (hlmgraph load)."
        )


def _named_query(name: str) -> NamedQuery:
    """The named query ``name`` or a ConfigError listing the available ones."""
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise ConfigError(
            f"Requête inconnue « {name} » : choisissez parmi {', '.join(sorted(queries))} "
            "(hlmgraph query --list)."
        )
    return queries[name]


def _query_parameters(info: NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check the given parameters against the header; optional missing ones become null."""
    declared = {p.name: p for p in info.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ConfigError(
            f"Paramètre inconnu {', '.join(unknown)} pour la requête « {info.name} » : "
            f"paramètres acceptés : {', '.join(declared) or 'aucun'}."
        )
    missing = [p.name for p in info.parameters if p.required and params.get(p.name) in (None, "")]
    if missing:
        raise ConfigError(
            f"Paramètre manquant pour la requête « {info.name} » : ajoutez "
            + " ".join(f"--param {m}=…" for m in missing)
            + "."
        )
    values = {name: (None if params.get(name) == "" else params.get(name)) for name in declared}
    for name, value in values.items():
        if value is not None and declared[name].description.startswith("date"):
            values[name] = _iso_date(name, value)
    return values


def _iso_date(name: str, value: Any) -> str:
    """A date parameter as ISO text (AAAA-MM-JJ or JJ/MM/AAAA accepted), checked before sending."""
    parsed = parse_date(str(value))
    if parsed is None:
        raise UsageError(
            f"Date invalide pour le paramètre {name} : « {value} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)."
        )
    return parsed.isoformat()


def _return_columns(text: str) -> list[str]:
    """Column names of the last RETURN clause (servers may send no keys for no rows)."""
    clause = text[text.rfind("RETURN") + len("RETURN") :]
    clause = re.split(r"\bORDER BY\b|\bSKIP\b|\bLIMIT\b", clause)[0]
    clause = re.sub(r"^\s*DISTINCT\b", "", clause)
    items, depth, current = [], 0, ""
    for char in clause:
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    items.append(current)
    return [re.split(r"\bAS\b", item)[-1].strip() for item in items if item.strip()]


def _parse_header(name: str, text: str) -> NamedQuery:
    """Description (first comment lines) and parameters (``// $name : text``) of a query file."""
    description: list[str] = []
    parameters: list[QueryParameter] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        match = _PARAM_LINE.match(stripped)
        if match:
            text_fr = match.group(2).strip()
            parameters.append(QueryParameter(match.group(1), text_fr, "facultatif" not in text_fr))
        elif not parameters:
            description.append(stripped[2:].strip())
    return NamedQuery(name, " ".join(description), tuple(parameters))
