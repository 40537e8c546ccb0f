"""Gaps step: forms that look at each territory of a level (pair, party, presence)."""

from __future__ import annotations

from collections.abc import Iterator

from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule


@form("pair", ("level", "a", "b", "kinds"), ("with_dwellings",))
def pair(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor and b-actor present in T share a contract in force of ``kinds`` covering T."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_of(w.kinds_phrase(rule.kinds))
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        others = ctx.places.present(territory, rule.b)
        if not subjects or not others:
            continue
        covering = ctx.covering(territory, eligible)
        for actor, dwellings in subjects.items():
            partners = ctx.partners(actor, covering)
            for other in others:
                if other == actor or other in partners:
                    continue
                message = (
                    f"{w.actor(ctx, actor)} {w.activity(dwellings)} dans "
                    f"{w.territory_label(ctx, territory)} mais {none} en cours avec "
                    f"{w.actor(ctx, other)}, {w.agree('présent', ctx.type_of(other))} sur "
                    f"{w.nearby(ctx, territory)}."
                )
                yield ctx.gap(rule, territory, [actor, other], message, dwellings=dwellings)


@form("party", ("level", "a", "kinds"), ("with_dwellings",))
def party(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor present in T is party to a contract in force of ``kinds`` covering T."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_of(w.kinds_phrase(rule.kinds))
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        if not subjects:
            continue
        covering = ctx.covering(territory, eligible)
        for actor, dwellings in subjects.items():
            if ctx.contracts_of.get(actor, set()) & covering:
                continue
            message = (
                f"{w.actor(ctx, actor)} {w.activity(dwellings)} dans "
                f"{w.territory_label(ctx, territory)} mais n'est partie à {none} en cours "
                f"couvrant {w.nearby(ctx, territory)}."
            )
            yield ctx.gap(rule, territory, [actor], message, dwellings=dwellings)


@form("presence", ("level", "a", "b"), ("with_dwellings",))
def presence(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each T where an a-actor is present (or housed) has a b-actor present too."""
    missing = w.absent(rule.b)
    ending = "intervient" if len(rule.b) > 1 else f"est {w.agree('présent', rule.b[0])}"
    for territory in ctx.places.at_level(rule.level):
        subjects = ctx.candidates(rule, territory)
        if not subjects or ctx.places.present(territory, rule.b):
            continue
        total = sum(n for n in subjects.values() if n) if rule.with_dwellings else None
        plural = len(subjects) > 1
        if total:
            verb = f"{'ont' if plural else 'a'} {w.dwellings(total)}"
        else:
            verb = "interviennent" if plural else "intervient"
        message = (
            f"{w.names(ctx, sorted(subjects))} {verb} dans {w.territory_label(ctx, territory)} "
            f"mais {missing} n'y {ending}."
        )
        yield ctx.gap(rule, territory, sorted(subjects), message, dwellings=total)
