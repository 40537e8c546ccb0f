"""Gaps step: forms that look at each actor of a type (link, membership)."""

from __future__ import annotations

from collections.abc import Iterator

from hlmgraph import fr
from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule


@form("link", "Acteur sans contrat avec un partenaire attendu",
      ("a", "b", "kinds"))
def link(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor shares a contract in force of ``kinds`` with a b-actor present where it is."""
    eligible = ctx.eligible(rule.kinds)
    none = w.none_in_force(rule.kinds)
    wanted = ctx.select(rule.b)
    for actor in sorted(ctx.select(rule.a)):
        others = [o for o in ctx.places.copresent(actor) if o in wanted]
        if ctx.partners(actor, eligible) & set(others):
            continue
        territory = ctx.places.most_specific(
            t for o in others for t in ctx.places.common_presence(actor, o)
        ) or ctx.places.most_specific(ctx.places.presence(actor))
        if others:
            verb = "qui intervient" if len(others) == 1 else "qui interviennent"
            where = w.place(ctx, territory) if territory else "son territoire"
            message = (
                f"{w.capital(w.who(ctx, actor))} n'a {none} avec {w.whom(ctx, others)}, "
                f"{verb} aussi sur {where}{w.framework_note(rule.kinds)}."
            )
        else:
            message = (
                f"{w.capital(w.who(ctx, actor))} n'a {none} avec "
                f"{w.indefinite(rule.b)}, et aucun n'est recensé sur son territoire : "
                "identifiez ces partenaires et prenez contact."
            )
        stake = ctx.stake([actor, *others], territory)
        yield ctx.gap(rule, territory, [actor, *others], message, stake)


@form("membership", "Adhésion attendue absente",
      ("a", "b"), ("scope",))
def membership(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each a-actor is a member of a b-organisation (of its région with ``scope = "region"``)."""
    organisations = ctx.select(rule.b)
    regional = rule.scope == "region"
    noun, feminine = w.type_noun(rule.b[0])
    none = "d'aucune" if feminine else "d'aucun"
    for actor in sorted(ctx.select(rule.a)):
        fitting = sorted(organisations - {actor})
        if regional:
            regions = ctx.places.regions(actor)
            fitting = [o for o in fitting if ctx.places.regions(o) & regions]
        if ctx.member_of.get(actor, set()) & set(fitting):
            continue
        territory = ctx.places.home(actor)
        names = fr.names([ctx.name(r) for r in sorted(ctx.places.regions(actor))])
        where = f" de sa région ({names})" if regional and names else ""
        message = f"{w.capital(w.who(ctx, actor))} n'est membre {none} {noun}{where}"
        if fitting:
            choices = w.either([w.to(ctx, o) for o in w.by_name(ctx, fitting)])
            message += f" : proposez-lui d'adhérer {choices}."
        else:
            message += "."
        stake = ctx.stake([actor], territory)
        yield ctx.gap(rule, territory, [actor, *fitting], message, stake)
