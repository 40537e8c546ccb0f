"""Gaps step: forms that look at each actor of a type (link)."""

from __future__ import annotations

from collections.abc import Iterator

from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule


@form("link", ("a", "b", "kinds"))
def link(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor shares a contract in force of ``kinds`` with a co-present b-actor."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_of(w.kinds_phrase(rule.kinds))
    for actor in sorted(a for a in ctx.actors if ctx.type_of(a) in rule.a):
        others = ctx.places.copresent(actor, rule.b)
        if ctx.partners(actor, eligible) & set(others):
            continue
        places = sorted({ctx.name(t) for t in ctx.places.presence(actor)})
        where = f"son territoire ({', '.join(places)})" if places else "son territoire"
        if not others:
            message = (
                f"{w.actor(ctx, actor)} ne partage {none} en cours avec {w.indefinite(rule.b)}, "
                f"et aucun n'est recensé sur {where} : identifiez ces partenaires et prenez contact."
            )
        else:
            shown = [w.actor(ctx, o) for o in others[: w.MAX_NAMES]]
            if len(others) > w.MAX_NAMES:
                shown.append(f"{len(others) - w.MAX_NAMES} autres")
            verb = "qui intervient" if len(others) == 1 else "qui interviennent"
            message = (
                f"{w.actor(ctx, actor)} ne partage {none} en cours avec "
                f"{' ni avec '.join(shown)}, {verb} aussi sur {where}."
            )
        yield ctx.gap(rule, "", [actor, *others], message)
