"""Gaps step: forms that look at each territory of a level (pair, party, presence, requires)."""

from __future__ import annotations

from collections.abc import Iterator

from hlmgraph import fr
from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule

HOUSING = ("with_dwellings", "min_dwellings")
"""Optional parameters of the forms whose a-actors may have to be housed."""


@form("pair", "Deux acteurs présents sur un territoire sans contrat commun",
      ("level", "a", "b", "kinds"), HOUSING)
def pair(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor and b-actor present in T share a contract in force of ``kinds`` covering T."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_in_force(rule.kinds)
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        others = ctx.present(territory, rule.b) if subjects else []
        if not others:
            continue
        covering = ctx.covering(territory, eligible)
        for actor, dwellings in subjects.items():
            partners = ctx.partners(actor, covering)
            for other in others:
                if other == actor or other in partners:
                    continue
                message = (
                    f"{w.capital(w.who(ctx, actor))} {w.activity(dwellings)} dans "
                    f"{w.place(ctx, territory)} mais {none} avec {w.who(ctx, other)}, "
                    f"{w.agree('présent', ctx.type_of(other))} sur {w.nearby(ctx, territory)}."
                )
                stake = ctx.stake([actor, other], territory)
                yield ctx.gap(rule, territory, [actor, other], message, stake)


@form("party", "Acteur sans contrat attendu sur son territoire",
      ("level", "a", "kinds"), HOUSING)
def party(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor present (or housed) in T is party to a contract in force of ``kinds`` covering T."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_in_force(rule.kinds)
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        covering = ctx.covering(territory, eligible) if subjects else set()
        for actor, dwellings in subjects.items():
            if ctx.contracts_of.get(actor, set()) & covering:
                continue
            message = (
                f"{w.capital(w.who(ctx, actor))} {w.activity(dwellings)} dans "
                f"{w.place(ctx, territory)} mais n'est partie à {none} couvrant "
                f"{w.nearby(ctx, territory)}."
            )
            yield ctx.gap(rule, territory, [actor], message, ctx.stake([actor], territory))


@form("presence", "Territoire où un type d'acteur attendu est absent",
      ("level", "a", "b"), HOUSING)
def presence(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each T where an a-actor is present (or housed) has a b-actor present too."""
    ending = "intervient" if len(rule.b) > 1 else f"est {w.agree('présent', rule.b[0])}"
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        if not subjects or ctx.present(territory, rule.b):
            continue
        actors = sorted(subjects)
        stake = ctx.stake(actors, territory)
        total = sum(n for _, _, n in stake)
        plural = len(actors) > 1
        if total:
            verb = f"{'ont' if plural else 'a'} {fr.count(total, 'logement')}"
        else:
            verb = "interviennent" if plural else "intervient"
        message = (
            f"{w.capital(w.whom(ctx, actors))} {verb} dans {w.place(ctx, territory)} mais "
            f"{w.absent(rule.b)} n'y {ending}."
        )
        yield ctx.gap(rule, territory, actors, message, stake)


@form("requires", "Contrat signé sans le contrat qu'il suppose",
      ("level", "a", "kinds", "then_kinds"), HOUSING)
def requires(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor party to a contract of ``kinds`` covering T is also party to one of ``then_kinds``."""
    first, then = ctx.eligible(rule.kinds), ctx.eligible(rule.then_kinds)
    none = w.none_in_force(rule.then_kinds)
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        if not subjects:
            continue
        opening, closing = ctx.covering(territory, first), ctx.covering(territory, then)
        for actor, dwellings in subjects.items():
            mine = ctx.contracts_of.get(actor, set())
            held = sorted(mine & opening)
            if not held or mine & closing:
                continue
            message = (
                f"{w.capital(w.who(ctx, actor))} {w.activity(dwellings)} dans "
                f"{w.place(ctx, territory)} et est partie à {w.contract(ctx, held[0])}, mais à "
                f"{none} couvrant {w.nearby(ctx, territory)} : l'un ne va pas sans "
                "l'autre."
            )
            stake = ctx.stake([actor], territory)
            yield ctx.gap(rule, territory, [actor], message, stake, contract=held[0])
