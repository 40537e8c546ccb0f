"""Gaps step: French phrases shared by the forms' messages (organisations, kinds, places).

Every number, date, list, article and typography mark comes from ``hlmgraph.fr``.
"""

from __future__ import annotations

from collections.abc import Sequence

from hlmgraph import fr
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.rule import selector_parts
from hlmgraph.schema import OPERATIONAL_KINDS, fold

LISTED = 3
"""Organisations named before « et N autres »."""
_FEMININE = {"regie", "collectivite", "mission_locale", "association", "federation", "entreprise"}
_TYPE_NOUNS: dict[str, tuple[str, bool]] = {
    "bailleur": ("bailleur social", False),
    "regie": ("régie de quartier", True),
    "etat": ("service de l'État", False),
    "emploi": ("acteur de l'emploi", False),
    "habitants": ("instance d'habitants", True),
    "federation/ar_hlm": ("association régionale Hlm", True),
    "federation/reseau_regies": ("réseau des régies de quartier", False),
    "federation/ush": ("Union sociale pour l'habitat", True),
    "federation/federation_hlm": ("fédération Hlm", True),
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


def capital(text: str) -> str:
    """The sentence with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def who(ctx: Context, actor: str) -> str:
    """An organisation of the graph in a sentence (``organisation``)."""
    data = ctx.actors.get(actor, {})
    return organisation(ctx.name(actor), ctx.type_of(actor), str(data.get("subtype", "")))


def organisation(name: str, actor_type: str, subtype: str = "") -> str:
    """An organisation in a sentence: « la Régie de quartier des Filatures », « Logis Nord (bailleur social) ».

    The name takes its article when it has one (``fr.with_article``); a proper
    name gets its type in brackets instead.
    """
    with_article = fr.with_article(name)
    if with_article != name:
        return with_article
    return fr.bracket(name, type_noun(f"{actor_type}/{fold(subtype)}" if subtype else actor_type)[0])


def whom(ctx: Context, actors: Sequence[str]) -> str:
    """Organisations joined in French by name, a few named then « et N autres »."""
    ordered = by_name(ctx, actors)
    shown = ordered if len(ordered) <= LISTED + 1 else ordered[:LISTED]
    unnamed = [""] * (len(ordered) - len(shown))  # only counted (« et N autres »)
    return fr.names([*(who(ctx, a) for a in shown), *unnamed], limit=LISTED)


def by_name(ctx: Context, actors: Sequence[str]) -> list[str]:
    """Actors in the order of their names (ids only break ties): messages ignore ids."""
    return sorted(actors, key=lambda a: (fold(ctx.name(a)), a))


def either(items: Sequence[str]) -> str:
    """« A », « A ou B », « A, B ou C » (choices), a few then « ou N autres »."""
    shown = list(items[:LISTED])
    if len(items) > LISTED:
        shown.append(f"{fr.in_words(len(items) - LISTED)} {fr.noun(len(items) - LISTED, 'autre')}")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " ou " + shown[-1]


def to(ctx: Context, actor: str) -> str:
    """« à » + an organisation: « au Mouvement des Régies », « à l'AORIF », « à Logis Nord »."""
    phrase = who(ctx, actor)
    if phrase.startswith("le "):
        return "au " + phrase[3:]
    if phrase.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


def type_noun(selector: str) -> tuple[str, bool]:
    """French noun of an actor type or ``type/subtype`` selector, and whether it is feminine."""
    if selector in _TYPE_NOUNS:
        return _TYPE_NOUNS[selector]
    kind, _ = selector_parts(selector)
    if kind in _TYPE_NOUNS:
        return _TYPE_NOUNS[kind]
    return fr.lower_first(fr.type_label(kind)), kind in _FEMININE


def agree(adjective: str, selector: str) -> str:
    """The adjective agreed in gender with the noun of ``selector``."""
    return adjective + ("e" if type_noun(selector)[1] else "")


def place(ctx: Context, territory: str) -> str:
    """A territory in a sentence: « le QPV Lille-Sud (Lille) », « le département de la Loire »."""
    attrs = ctx.G.nodes[territory] if territory in ctx.G else {"id": territory}
    text = fr.territory(attrs)
    parent = ctx.tree.parent.get(territory)
    if ctx.level(territory) == "qpv" and parent:
        return fr.bracket(text, ctx.name(parent))
    return text


def nearby(ctx: Context, territory: str) -> str:
    """« ce quartier » for a QPV, else « ce territoire »."""
    return "ce quartier" if ctx.level(territory) == "qpv" else "ce territoire"


def contract(ctx: Context, contract_id: str) -> str:
    """A contract in a sentence, its kind said once (``fr.contract``)."""
    return fr.contract(ctx.contracts.get(contract_id, {"id": contract_id}))


def activity(n: int) -> str:
    """« a 420 logements » when housed, else « intervient »."""
    return f"a {fr.count(n, 'logement')}" if n else "intervient"


def kinds_phrase(kinds: Sequence[str] | None) -> str:
    """« contrat de prestation ou de partenariat », « contrat opérationnel (hors contrats-cadres) »."""
    if kinds is None:
        return "contrat"
    if tuple(kinds) == OPERATIONAL_KINDS:
        return "contrat opérationnel"
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


def none_of(phrase: str) -> str:
    """« aucun contrat … » or « aucune convention … »."""
    return ("aucune " if phrase.startswith("convention") else "aucun ") + phrase


def none_in_force(kinds: Sequence[str] | None) -> str:
    """« aucun contrat de prestation ou de partenariat en vigueur »."""
    return none_of(kinds_phrase(kinds)) + " en vigueur"


def framework_note(kinds: Sequence[str] | None) -> str:
    """« ; cosigner un contrat-cadre … ne compte pas » for ``operational`` kinds, else ''."""
    if kinds is not None and tuple(kinds) == OPERATIONAL_KINDS:
        return " ; cosigner un contrat-cadre comme le contrat de ville ne compte pas"
    return ""


def absent(selectors: Sequence[str]) -> str:
    """« aucune régie de quartier », « aucun PLIE, aucune mission locale ni aucune régie de quartier »."""
    words = _determined(selectors, ("aucun ", "aucune "))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " ni " + words[-1]


def indefinite(selectors: Sequence[str]) -> str:
    """« un PLIE ou une mission locale »."""
    return " ou ".join(_determined(selectors, ("un ", "une ")))


def _determined(selectors: Sequence[str], determiners: tuple[str, str]) -> list[str]:
    """The nouns of ``selectors``, each after its (masculine, feminine) determiner."""
    words = []
    for selector in selectors:
        noun, feminine = type_noun(selector)
        words.append(determiners[feminine] + noun)
    return words
