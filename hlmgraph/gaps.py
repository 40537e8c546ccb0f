"""Gaps step: find the partnerships the field expects and the data does not show.

Rules are data (TOML records, see ``data/default_rules.toml`` and
spec/gap-rules.md); each rule names a *form*, one small function of the
``FORMS`` registry (pair, party, presence, link, expiry), and its parameters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import schema, settings
from hlmgraph.errors import ConfigError
from hlmgraph.model import TerritoryTree, in_force

GAP_COLUMNS: tuple[str, ...] = (
    "rule",
    "form",
    "territory",
    "territory_name",
    "actors",
    "actor_names",
    "types",
    "contract",
    "contract_name",
    "end",
    "dwellings",
    "message",
)
"""Columns of a gap record, in output order (CSV, XLSX, JSON keys)."""

TABLE_COLUMNS: tuple[str, ...] = ("rule", "territory", "actors", "message")
"""Columns shown by the terminal table."""

ANY = "any"
"""The ``kinds`` value meaning every contract kind."""

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


@dataclass(frozen=True)
class Rule:
    """One gap rule: an id, a form and that form's parameters."""

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
    """Optional template overriding the default message (see MESSAGE_FIELDS)."""
    line: int = 0
    """Line of the rule in its TOML file (0 when built in code)."""


@dataclass
class Gap:
    """One expected partnership the data does not show."""

    rule: str
    form: str
    territory: str
    territory_name: str
    actors: list[str]
    actor_names: list[str]
    types: list[str]
    message: str
    contract: str = ""
    contract_name: str = ""
    end: dt.date | None = None
    dwellings: int | None = None
    sort_key: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The gap as a JSON-ready record with the keys of ``GAP_COLUMNS``."""
        return {
            "rule": self.rule,
            "form": self.form,
            "territory": self.territory,
            "territory_name": self.territory_name,
            "actors": list(self.actors),
            "actor_names": list(self.actor_names),
            "types": list(self.types),
            "contract": self.contract,
            "contract_name": self.contract_name,
            "end": self.end.isoformat() if self.end else None,
            "dwellings": self.dwellings,
            "message": self.message,
        }


# ---------------------------------------------------------------- public API


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
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"Fichier de règles introuvable : {path} ; vérifiez le chemin donné à --rules."
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path} : fichier de règles illisible ({exc}) ; enregistrez-le en UTF-8."
        ) from exc
    return parse_rules(text, str(path))


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


def find_gaps(
    G: nx.MultiDiGraph, rules: Sequence[Rule] | None = None, as_of: dt.date | None = None
) -> list[Gap]:
    """Run the rules on the model graph; gaps in rule order, then territory, then actor ids."""
    if rules is None:
        rules = load_rules()
    index = _Index(G, as_of if as_of is not None else settings.today())
    found: list[Gap] = []
    for rule in rules:
        if rule.form not in FORMS:
            raise ConfigError(f"Règle « {rule.id} » : forme inconnue « {rule.form} » (attendu : "
                              f"{_forms_list()}).")
        gaps = sorted(FORMS[rule.form].run(rule, index), key=lambda g: g.sort_key)
        if rule.message:
            for gap in gaps:
                gap.message = _fill_template(rule, gap, index)
        found.extend(gaps)
    return found


def summary_lines(gaps: Sequence[Gap], rules: Sequence[Rule]) -> list[str]:
    """One French line per rule counting its gaps (for stderr)."""
    counts: dict[str, int] = {}
    for gap in gaps:
        counts[gap.rule] = counts.get(gap.rule, 0) + 1
    lines = []
    for rule in rules:
        n = counts.get(rule.id, 0)
        text = "aucun manque" if n == 0 else f"{n} manque" + ("s" if n > 1 else "")
        lines.append(f"Règle {rule.id} ({rule.form}) : {text}.")
    return lines


# ---------------------------------------------------------------- graph index


class _Index:
    """Lookups over the model graph computed once per run (ancestor chains, presence, contracts)."""

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date) -> None:
        """Index territories, actors, presence rows and contracts of ``G`` at ``as_of``."""
        self.G = G
        self.as_of = as_of
        self.territories: dict[str, dict[str, Any]] = {}
        self.actors: dict[str, dict[str, Any]] = {}
        self.contracts: dict[str, dict[str, Any]] = {}
        for node, data in G.nodes(data=True):
            label = data.get("label")
            if label == "Territory":
                self.territories[node] = data
            elif label == "Actor":
                self.actors[node] = data
            elif label == "Contract":
                self.contracts[node] = data
        self.tree = TerritoryTree.of(G)
        self.rows_at: dict[str, dict[str, int]] = {}
        self.rows_of: dict[str, list[str]] = {}
        self.parties: dict[str, set[str]] = {c: set() for c in self.contracts}
        self.contracts_of: dict[str, set[str]] = {}
        self.coverage: dict[str, list[str]] = {c: [] for c in self.contracts}
        self.covered_by: dict[str, set[str]] = {}
        self._read_edges()
        self.active = {c for c, d in self.contracts.items() if in_force(d, as_of)}
        self._descendants: dict[str, list[str]] = {}

    def _read_edges(self) -> None:
        """Fill the presence, party and coverage maps from the typed edges."""
        for u, v, data in self.G.edges(data=True):
            rel = data.get("type")
            if rel == "PRESENT_IN":
                self.rows_at.setdefault(v, {})[u] = int(data.get("dwellings") or 0)
                self.rows_of.setdefault(u, []).append(v)
            elif rel == "PARTY_TO" and v in self.parties:
                self.parties[v].add(u)
                self.contracts_of.setdefault(u, set()).add(v)
            elif rel == "COVERS" and v != u and u in self.coverage:
                self.coverage[u].append(v)
                self.covered_by.setdefault(v, set()).add(u)

    def enclosing(self, territory: str) -> tuple[str, ...]:
        """Ancestor chain of a territory (itself first)."""
        return self.tree.enclosing(territory)

    def descendants(self, territory: str) -> list[str]:
        """Territories enclosed by ``territory`` below it, sorted (memoized)."""
        if territory not in self._descendants:
            self._descendants[territory] = sorted(self.tree.enclosed(territory) - {territory})
        return self._descendants[territory]

    def territories_at(self, level: str) -> list[str]:
        """Sorted ids of the territories of one level."""
        return sorted(t for t, d in self.territories.items() if d.get("level") == level)

    def type_of(self, actor: str) -> str:
        """An actor's type ('' when unknown)."""
        return str(self.actors.get(actor, {}).get("type", ""))

    def present(self, territory: str, types: Iterable[str]) -> list[str]:
        """Sorted actors of ``types`` present in a territory (rows on it or on an encloser)."""
        wanted = set(types)
        found = {
            actor
            for place in self.enclosing(territory)
            for actor in self.rows_at.get(place, ())
            if self.type_of(actor) in wanted
        }
        return sorted(found)

    def housed(self, territory: str, types: Iterable[str]) -> dict[str, int]:
        """Actors of ``types`` whose own presence row for the territory has dwellings > 0."""
        wanted = set(types)
        rows = self.rows_at.get(territory, {})
        return {a: n for a, n in sorted(rows.items()) if n > 0 and self.type_of(a) in wanted}

    def candidates(self, rule: Rule, territory: str) -> dict[str, int | None]:
        """Actors of type ``a`` housed (``with_dwellings``) or present in a territory."""
        if rule.with_dwellings:
            return dict(self.housed(territory, rule.a))
        return {actor: None for actor in self.present(territory, rule.a)}

    def eligible(self, kinds: tuple[str, ...] | None) -> set[str]:
        """Contracts in force at the as-of date whose kind is one of ``kinds``."""
        if kinds is None:
            return set(self.active)
        return {c for c in self.active if self.contracts[c].get("kind") in kinds}

    def covering(self, territory: str, contracts: set[str]) -> set[str]:
        """The ``contracts`` whose coverage includes a territory enclosing ``territory``."""
        found: set[str] = set()
        for place in self.enclosing(territory):
            found |= self.covered_by.get(place, set())
        return found & contracts

    def copresent(self, actor: str, types: Iterable[str]) -> list[str]:
        """Actors of ``types`` present in some territory where ``actor`` is present."""
        wanted = set(types)
        found: set[str] = set()
        for place in self.rows_of.get(actor, ()):
            for other in [*self.enclosing(place), *self.descendants(place)]:
                found.update(a for a in self.rows_at.get(other, ()) if self.type_of(a) in wanted)
        found.discard(actor)
        return sorted(found)

    def name(self, node: str) -> str:
        """Display name of a node (its id when it has none)."""
        data = self.G.nodes[node] if node in self.G else {}
        return str(data.get("name") or node)


# ---------------------------------------------------------------- forms

FormRunner = Callable[[Rule, _Index], Iterator[Gap]]


@dataclass(frozen=True)
class Form:
    """A gap form: its function and the parameters its rules must and may give."""

    run: FormRunner
    required: tuple[str, ...]
    optional: tuple[str, ...] = ("message",)


FORMS: dict[str, Form] = {}
"""Registry of the gap forms, by name."""


def _form(
    name: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Callable[[FormRunner], FormRunner]:
    """Register a form function under ``name`` with its parameters."""

    def register(run: FormRunner) -> FormRunner:
        """Add ``run`` to the registry and return it unchanged."""
        FORMS[name] = Form(run, required, ("message", *optional))
        return run

    return register


@_form("pair", ("level", "a", "b", "kinds"), ("with_dwellings",))
def _pair(rule: Rule, index: _Index) -> Iterator[Gap]:
    """Each a-actor and b-actor present in T share a contract in force of ``kinds`` covering T."""
    eligible = index.eligible(rule.kinds)
    for territory in index.territories_at(rule.level):
        subjects = index.candidates(rule, territory)
        others = index.present(territory, rule.b)
        if not subjects or not others:
            continue
        covering = index.covering(territory, eligible)
        for actor, dwellings in subjects.items():
            mine = index.contracts_of.get(actor, set()) & covering
            partners = set().union(*(index.parties[c] for c in mine))
            for other in others:
                if other != actor and other not in partners:
                    yield _gap(rule, index, territory, [actor, other], dwellings=dwellings)


@_form("party", ("level", "a", "kinds"), ("with_dwellings",))
def _party(rule: Rule, index: _Index) -> Iterator[Gap]:
    """Each a-actor present in T is party to a contract in force of ``kinds`` covering T."""
    eligible = index.eligible(rule.kinds)
    for territory in index.territories_at(rule.level):
        subjects = index.candidates(rule, territory)
        if not subjects:
            continue
        covering = index.covering(territory, eligible)
        for actor, dwellings in subjects.items():
            if not index.contracts_of.get(actor, set()) & covering:
                yield _gap(rule, index, territory, [actor], dwellings=dwellings)


@_form("presence", ("level", "a", "b"), ("with_dwellings",))
def _presence(rule: Rule, index: _Index) -> Iterator[Gap]:
    """Each T where an a-actor is present (or housed) has a b-actor present too."""
    for territory in index.territories_at(rule.level):
        subjects = index.candidates(rule, territory)
        if subjects and not index.present(territory, rule.b):
            total = sum(n for n in subjects.values() if n) if rule.with_dwellings else None
            yield _gap(rule, index, territory, sorted(subjects), dwellings=total)


@_form("link", ("a", "b", "kinds"))
def _link(rule: Rule, index: _Index) -> Iterator[Gap]:
    """Each a-actor shares a contract in force of ``kinds`` with a co-present b-actor."""
    eligible = index.eligible(rule.kinds)
    for actor in sorted(a for a in index.actors if index.type_of(a) in rule.a):
        others = index.copresent(actor, rule.b)
        mine = index.contracts_of.get(actor, set()) & eligible
        partners = set().union(*(index.parties[c] for c in mine))
        if not partners & set(others):
            yield _gap(rule, index, "", [actor, *others])


@_form("expiry", ("kinds", "months"))
def _expiry(rule: Rule, index: _Index) -> Iterator[Gap]:
    """Each contract in force of ``kinds`` ends more than ``months`` after the as-of date."""
    horizon = add_months(index.as_of, rule.months)
    for contract in sorted(index.eligible(rule.kinds)):
        end = index.contracts[contract].get("end")
        if end is not None and end <= horizon:
            places = sorted(set(index.coverage[contract]))
            territory = places[0] if len(places) == 1 else ""
            parties = sorted(index.parties[contract])
            yield _gap(rule, index, territory, parties, contract=contract)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months later (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# ---------------------------------------------------------------- gap records


def _gap(
    rule: Rule,
    index: _Index,
    territory: str,
    actors: list[str],
    dwellings: int | None = None,
    contract: str = "",
) -> Gap:
    """Build a gap record with its French message and its sort key."""
    data = index.contracts.get(contract, {})
    gap = Gap(
        rule=rule.id,
        form=rule.form,
        territory=territory,
        territory_name=index.name(territory) if territory else "",
        actors=actors,
        actor_names=[index.name(a) for a in actors],
        types=[index.type_of(a) for a in actors],
        message="",
        contract=contract,
        contract_name=index.name(contract) if contract else "",
        end=data.get("end"),
        dwellings=dwellings,
        sort_key=(territory, tuple(actors), contract),
    )
    gap.message = MESSAGES[rule.form](rule, index, gap)
    return gap


def _pair_message(rule: Rule, index: _Index, gap: Gap) -> str:
    """« A (bailleur social) a 420 logements dans le QPV X (Lille) mais aucun … avec B … »."""
    actor, other = gap.actors
    kinds = _kinds_phrase(rule.kinds)
    near = "ce quartier" if _level(index, gap.territory) == "qpv" else "ce territoire"
    return (
        f"{_actor(index, actor)} {_activity(gap.dwellings)} dans "
        f"{_territory_label(index, gap.territory)} mais {_none(kinds)} en cours avec "
        f"{_actor(index, other)}, {_agree('présent', index.type_of(other))} sur {near}."
    )


def _party_message(rule: Rule, index: _Index, gap: Gap) -> str:
    """« A (bailleur social) a 420 logements dans T mais n'est partie à aucun … couvrant … »."""
    near = "ce quartier" if _level(index, gap.territory) == "qpv" else "ce territoire"
    return (
        f"{_actor(index, gap.actors[0])} {_activity(gap.dwellings)} dans "
        f"{_territory_label(index, gap.territory)} mais n'est partie à "
        f"{_none(_kinds_phrase(rule.kinds))} en cours couvrant {near}."
    )


def _presence_message(rule: Rule, index: _Index, gap: Gap) -> str:
    """« A et B ont 260 logements dans T mais aucune régie de quartier n'y est présente »."""
    plural = len(gap.actors) > 1
    if gap.dwellings:
        verb = f"{'ont' if plural else 'a'} {_dwellings(gap.dwellings)}"
    else:
        verb = "interviennent" if plural else "intervient"
    missing = _absent(rule.b)
    ending = "intervient" if len(rule.b) > 1 else f"est {_agree('présent', rule.b[0])}"
    return (
        f"{_names(index, gap.actors)} {verb} dans {_territory_label(index, gap.territory)} "
        f"mais {missing} n'y {ending}."
    )


def _link_message(rule: Rule, index: _Index, gap: Gap) -> str:
    """« R (régie) ne partage aucun contrat en cours avec P (PLIE), qui intervient aussi … »."""
    actor, others = gap.actors[0], gap.actors[1:]
    places = sorted({index.name(t) for t in index.rows_of.get(actor, ())})
    where = f"son territoire ({', '.join(places)})" if places else "son territoire"
    kinds = _none(_kinds_phrase(rule.kinds))
    if not others:
        return (
            f"{_actor(index, actor)} ne partage {kinds} en cours avec {_indefinite(rule.b)}, "
            f"et aucun n'est recensé sur {where} : identifiez ces partenaires et prenez contact."
        )
    shown = [_actor(index, o) for o in others[:_MAX_NAMES]]
    if len(others) > _MAX_NAMES:
        shown.append(f"{len(others) - _MAX_NAMES} autres")
    verb = "qui intervient" if len(others) == 1 else "qui interviennent"
    return (
        f"{_actor(index, actor)} ne partage {kinds} en cours avec "
        f"{' ni avec '.join(shown)}, {verb} aussi sur {where}."
    )


def _expiry_message(rule: Rule, index: _Index, gap: Gap) -> str:
    """« Le contrat « X » (prestation) liant A et B, sur T, arrive à échéance le … »."""
    data = index.contracts[gap.contract]
    kind = str(data.get("kind", ""))
    head = _KIND_NOUNS.get(kind, ("contrat", ""))[0]
    article = "La" if head == "convention" else "Le"
    label = schema.KIND_LABELS_FR.get(kind, kind)
    label = label if kind in _PROPER_KINDS else _lower(label)
    parts = [f"{article} {head} « {gap.contract_name} » ({label})"]
    if gap.actors:
        parts.append(f"liant {_names(index, gap.actors)}")
    places = sorted(set(index.coverage[gap.contract]))
    if places:
        parts.append(f"couvrant {_names_list([_territory_label(index, t) for t in places])}")
    assert gap.end is not None
    days = (gap.end - index.as_of).days
    when = "aujourd'hui" if days == 0 else f"dans {days} jour" + ("s" if days > 1 else "")
    return (
        ", ".join(parts) + f", arrive à échéance le {gap.end.strftime('%d/%m/%Y')} ({when}) : "
        "préparez son renouvellement."
    )


MESSAGES: dict[str, Callable[[Rule, _Index, Gap], str]] = {
    "pair": _pair_message,
    "party": _party_message,
    "presence": _presence_message,
    "link": _link_message,
    "expiry": _expiry_message,
}
"""Default French message of each form."""


def _fill_template(rule: Rule, gap: Gap, index: _Index) -> str:
    """The rule's ``message`` template filled with the gap's fields."""
    values = {
        "rule": rule.id,
        "territory": gap.territory,
        "territory_name": gap.territory_name,
        "territory_label": _territory_label(index, gap.territory) if gap.territory else "",
        "a_name": gap.actor_names[0] if gap.actor_names else "",
        "b_name": ", ".join(gap.actor_names[1:]),
        "actor_names": ", ".join(gap.actor_names),
        "dwellings": "" if gap.dwellings is None else str(gap.dwellings),
        "kinds": _kinds_phrase(rule.kinds),
        "contract": gap.contract,
        "contract_name": gap.contract_name,
        "end": gap.end.strftime("%d/%m/%Y") if gap.end else "",
        "months": str(rule.months),
    }
    return rule.message.format_map(values)


# ---------------------------------------------------------------- French wording

_MAX_NAMES = 5
_PROPER_KINDS = {"action_coeur_de_ville"}
_FEMININE = {"regie", "collectivite", "mission_locale", "association", "federation", "entreprise"}
_TYPE_NOUNS = {
    "etat": ("service de l'État", False),
    "emploi": ("acteur de l'emploi", False),
    "habitants": ("instance d'habitants", True),
}
_KIND_NOUNS: dict[str, tuple[str, str]] = {
    "contrat_de_ville": ("contrat", "de ville"),
    "abattement_tfpb": ("convention", "d'abattement de TFPB"),
    "prestation": ("contrat", "de prestation"),
    "partenariat": ("contrat", "de partenariat"),
    "npnru": ("convention", "NPNRU"),
    "action_coeur_de_ville": ("convention", "Action Cœur de Ville"),
    "cus": ("convention", "d'utilité sociale"),
    "autre": ("contrat", ""),
}


def _lower(label: str) -> str:
    """Lower-case the first letter of a label unless it starts an acronym (PLIE, CUS)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _type_noun(actor_type: str) -> tuple[str, bool]:
    """French noun of an actor type and whether it is feminine."""
    if actor_type in _TYPE_NOUNS:
        return _TYPE_NOUNS[actor_type]
    label = schema.TYPE_LABELS_FR.get(actor_type, actor_type)
    return _lower(label), actor_type in _FEMININE


def _agree(adjective: str, actor_type: str) -> str:
    """The adjective agreed in gender with the noun of ``actor_type``."""
    return adjective + ("e" if _type_noun(actor_type)[1] else "")


def _actor(index: _Index, actor: str) -> str:
    """« Name (type) »."""
    return f"{index.name(actor)} ({_type_noun(index.type_of(actor))[0]})"


def _names_list(items: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C », cut after a few names."""
    shown = list(items[:_MAX_NAMES])
    if len(items) > _MAX_NAMES:
        shown.append(f"{len(items) - _MAX_NAMES} autres")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]


def _names(index: _Index, actors: Sequence[str]) -> str:
    """Actors as « Name (type) » joined in French."""
    return _names_list([_actor(index, a) for a in actors])


def _level(index: _Index, territory: str) -> str:
    """A territory's level ('' when unknown)."""
    return str(index.territories.get(territory, {}).get("level", ""))


def _territory_label(index: _Index, territory: str) -> str:
    """« le QPV Lille-Sud (Lille) », « la commune de Lille », « l'EPCI … »."""
    name = index.name(territory)
    level = _level(index, territory)
    if level == "qpv":
        parent = index.tree.parent.get(territory)
        return f"le QPV {name}" + (f" ({index.name(parent)})" if parent else "")
    prefixes = {
        "commune": "la commune de ",
        "epci": "l'EPCI ",
        "departement": "le département ",
        "region": "la région ",
    }
    return prefixes.get(level, "le territoire ") + name


def _dwellings(n: int) -> str:
    """« 1 logement », « 420 logements »."""
    return f"{n} logement" + ("s" if n > 1 else "")


def _activity(dwellings: int | None) -> str:
    """« a 420 logements » when housed, else « intervient »."""
    return f"a {_dwellings(dwellings)}" if dwellings else "intervient"


def _kinds_phrase(kinds: tuple[str, ...] | None) -> str:
    """« contrat de prestation ou de partenariat », « convention d'abattement de TFPB »."""
    if kinds is None:
        return "contrat"
    groups: dict[str, list[str]] = {}
    for kind in kinds:
        head, complement = _KIND_NOUNS.get(kind, ("contrat", kind))
        groups.setdefault(head, []).append(complement)
    phrases = []
    for head, complements in groups.items():
        if "" in complements:
            phrases.append(head)
        else:
            phrases.append(f"{head} " + " ou ".join(complements))
    return " ou ".join(phrases)


def _none(phrase: str) -> str:
    """« aucun contrat … » or « aucune convention … »."""
    return ("aucune " if phrase.startswith("convention") else "aucun ") + phrase


def _absent(types: Sequence[str]) -> str:
    """« aucune régie de quartier » or « aucun PLIE ni aucune mission locale »."""
    words = []
    for actor_type in types:
        noun, feminine = _type_noun(actor_type)
        words.append(("aucune " if feminine else "aucun ") + noun)
    return " ni ".join(words)


def _indefinite(types: Sequence[str]) -> str:
    """« un PLIE ou une mission locale »."""
    words = []
    for actor_type in types:
        noun, feminine = _type_noun(actor_type)
        words.append(("une " if feminine else "un ") + noun)
    return " ou ".join(words)


# ---------------------------------------------------------------- rules file parsing


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
        raise fail("form", f"règle « {rule_id} » sans forme : ajoutez form = \"{_forms_list()}\"")
    form = FORMS.get(form_name)
    if form is None:
        raise fail("form", f"forme inconnue « {form_name} » (attendu : {_forms_list()})")
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


def _forms_list() -> str:
    """The known form names, comma-separated."""
    return ", ".join(FORMS)


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
    return value


def _parse_message(value: Any) -> str:
    """A message template using only the known placeholders."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("message attend une phrase entre guillemets")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise ValueError(f"message mal formé ({exc}) ; doublez les accolades littérales") from exc
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
