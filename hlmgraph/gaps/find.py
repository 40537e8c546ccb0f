"""Gaps step: run the rules on the model graph (``find_gaps``), in the order of the spec."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import networkx as nx

from hlmgraph import fr, settings
from hlmgraph.errors import ConfigError
from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.forms import FORMS
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule
from hlmgraph.gaps.rules import forms_list, load_rules
from hlmgraph.gc_pause import pausing
from hlmgraph.scope import Scope


@pausing
def find_gaps(
    G: nx.MultiDiGraph,
    rules: Sequence[Rule] | None = None,
    as_of: dt.date | None = None,
    *,
    all_dates: bool = False,
    territory: str | None = None,
) -> list[Gap]:
    """Run the rules (the shipped ones when None) on the model graph.

    ``as_of`` (today by default) decides which contracts are in force and
    anchors the expiry and lapse horizons; with ``all_dates`` every contract
    counts as in force. With ``territory``, only what lies in it is kept
    (``hlmgraph.scope``; ``UsageError`` naming close ids when unknown).

    Order (spec): priority, then stake (largest first), then rule order,
    then territory id, then actor ids, then contract id.
    """
    if rules is None:
        rules = load_rules()
    ctx = Context(G, as_of if as_of is not None else settings.today(), all_dates)
    scope = Scope.of(G, territory, ctx.places) if territory else None
    found: list[tuple[tuple[object, ...], Gap]] = []
    for position, rule in enumerate(rules):
        if rule.form not in FORMS:
            raise ConfigError(
                f"Règle « {rule.id} » : forme inconnue « {rule.form} » (attendu : {forms_list()})."
            )
        if not rule.title:
            rule = dataclasses.replace(rule, title=FORMS[rule.form].title)
        for gap in FORMS[rule.form].run(rule, ctx):
            if scope is not None and not scope.keeps(gap.territory, gap.actors):
                continue
            if rule.message:
                gap = dataclasses.replace(gap, message=_fill_template(rule, gap, ctx))
            key = (gap.priority, -gap.stake, position, gap.territory, gap.actors, gap.contract)
            found.append((key, gap))
    found.sort(key=lambda item: item[0])
    return [gap for _, gap in found]


def _fill_template(rule: Rule, gap: Gap, ctx: Context) -> str:
    """The rule's ``message`` template filled with the gap's fields."""
    values = {
        "rule": rule.id,
        "priority": str(rule.priority),
        "territory": gap.territory,
        "territory_name": gap.territory_name,
        "territory_label": w.place(ctx, gap.territory) if gap.territory else "",
        "a_name": gap.actor_names[0] if gap.actor_names else "",
        "b_name": fr.names(list(gap.actor_names[1:]), limit=w.LISTED),
        "actor_names": fr.names(list(gap.actor_names), limit=w.LISTED),
        "stake": fr.number(gap.stake),
        "dwellings": fr.number(gap.stake),
        "kinds": w.kinds_phrase(rule.kinds),
        "contract": gap.contract,
        "contract_name": gap.contract_name,
        "end": fr.date(gap.end) if gap.end else "",
        "months": str(rule.months),
    }
    return fr.typography(rule.message.format_map(values))
