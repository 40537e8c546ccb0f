"""Gaps step: French phrases shared by the forms' messages (actor nouns, contract kinds, places)."""

from __future__ import annotations

from collections.abc import Sequence

from hlmgraph import schema
from hlmgraph.gaps.context import Context

MAX_NAMES = 5
"""Names listed before « N autres »."""
_PROPER_KINDS = {"action_coeur_de_ville"}
_FEMININE = {"regie", "collectivite", "mission_locale", "association", "federation", "entreprise"}
_TYPE_NOUNS = {
    "etat": ("service de l'État", False),
    "emploi": ("acteur de l'emploi", False),
    "habitants": ("instance d'habitants", True),
}
KIND_NOUNS: dict[str, tuple[str, str]] = {
    "contrat_de_ville": ("contrat", "de ville"),
    "abattement_tfpb": ("convention", "d'abattement de TFPB"),
    "prestation": ("contrat", "de prestation"),
    "partenariat": ("contrat", "de partenariat"),
    "npnru": ("convention", "NPNRU"),
    "action_coeur_de_ville": ("convention", "Action Cœur de Ville"),
    "cus": ("convention", "d'utilité sociale"),
    "autre": ("contrat", ""),
}
"""Head noun and complement of each contract kind (« convention » + « d'abattement de TFPB »)."""


def lower(label: str) -> str:
    """Lower-case the first letter of a label unless it starts an acronym (PLIE, CUS)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def type_noun(actor_type: str) -> tuple[str, bool]:
    """French noun of an actor type and whether it is feminine."""
    if actor_type in _TYPE_NOUNS:
        return _TYPE_NOUNS[actor_type]
    label = schema.TYPE_LABELS_FR.get(actor_type, actor_type)
    return lower(label), actor_type in _FEMININE


def agree(adjective: str, actor_type: str) -> str:
    """The adjective agreed in gender with the noun of ``actor_type``."""
    return adjective + ("e" if type_noun(actor_type)[1] else "")


def actor(ctx: Context, node: str) -> str:
    """« Name (type) »."""
    return f"{ctx.name(node)} ({type_noun(ctx.type_of(node))[0]})"


def names_list(items: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C », cut after a few names."""
    shown = list(items[:MAX_NAMES])
    if len(items) > MAX_NAMES:
        shown.append(f"{len(items) - MAX_NAMES} autres")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]


def names(ctx: Context, actors: Sequence[str]) -> str:
    """Actors as « Name (type) » joined in French."""
    return names_list([actor(ctx, a) for a in actors])


def territory_label(ctx: Context, territory: str) -> str:
    """« le QPV Lille-Sud (Lille) », « la commune de Lille », « l'EPCI … »."""
    name = ctx.name(territory)
    level = ctx.level(territory)
    if level == "qpv":
        parent = ctx.tree.parent.get(territory)
        return f"le QPV {name}" + (f" ({ctx.name(parent)})" if parent else "")
    prefixes = {
        "commune": "la commune de ",
        "epci": "l'EPCI ",
        "departement": "le département ",
        "region": "la région ",
    }
    return prefixes.get(level, "le territoire ") + name


def nearby(ctx: Context, territory: str) -> str:
    """« ce quartier » for a QPV, else « ce territoire »."""
    return "ce quartier" if ctx.level(territory) == "qpv" else "ce territoire"


def dwellings(n: int) -> str:
    """« 1 logement », « 420 logements »."""
    return f"{n} logement" + ("s" if n > 1 else "")


def activity(n: int | None) -> str:
    """« a 420 logements » when housed, else « intervient »."""
    return f"a {dwellings(n)}" if n else "intervient"


def kinds_phrase(kinds: tuple[str, ...] | None) -> str:
    """« contrat de prestation ou de partenariat », « convention d'abattement de TFPB »."""
    if kinds is None:
        return "contrat"
    groups: dict[str, list[str]] = {}
    for kind in kinds:
        head, complement = KIND_NOUNS.get(kind, ("contrat", kind))
        groups.setdefault(head, []).append(complement)
    phrases = []
    for head, complements in groups.items():
        if "" in complements:
            phrases.append(head)
        else:
            phrases.append(f"{head} " + " ou ".join(complements))
    return " ou ".join(phrases)


def kind_label(kind: str) -> str:
    """The kind's French label as it reads inside a sentence (« prestation », « Action Cœur de Ville »)."""
    label = schema.KIND_LABELS_FR.get(kind, kind)
    return label if kind in _PROPER_KINDS else lower(label)


def none_of(phrase: str) -> str:
    """« aucun contrat … » or « aucune convention … »."""
    return ("aucune " if phrase.startswith("convention") else "aucun ") + phrase


def absent(types: Sequence[str]) -> str:
    """« aucune régie de quartier » or « aucun PLIE ni aucune mission locale »."""
    return _determined(types, ("aucun ", "aucune "), " ni ")


def indefinite(types: Sequence[str]) -> str:
    """« un PLIE ou une mission locale »."""
    return _determined(types, ("un ", "une "), " ou ")


def _determined(types: Sequence[str], determiners: tuple[str, str], joiner: str) -> str:
    """The nouns of ``types``, each after its (masculine, feminine) determiner, joined."""
    words = []
    for actor_type in types:
        noun, feminine = type_noun(actor_type)
        words.append(determiners[feminine] + noun)
    return joiner.join(words)
