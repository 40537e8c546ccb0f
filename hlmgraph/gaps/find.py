"""Gaps step: run the rules on the model graph (``find_gaps``) and count what they found."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import networkx as nx

from hlmgraph import settings
from hlmgraph.errors import ConfigError
from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.forms import FORMS
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule
from hlmgraph.gaps.rules import forms_list, load_rules


def find_gaps(
    G: nx.MultiDiGraph, rules: Sequence[Rule] | None = None, as_of: dt.date | None = None
) -> list[Gap]:
    """Run the rules (the shipped ones when None) on the model graph at ``as_of`` (today by default).

    Gaps come in rule order, then territory, then actor ids, then contract.
    """
    if rules is None:
        rules = load_rules()
    ctx = Context(G, as_of if as_of is not None else settings.today())
    found: list[Gap] = []
    for rule in rules:
        if rule.form not in FORMS:
            raise ConfigError(
                f"Règle « {rule.id} » : forme inconnue « {rule.form} » (attendu : {forms_list()})."
            )
        gaps = sorted(FORMS[rule.form].run(rule, ctx), key=_order)
        if rule.message:
            gaps = [dataclasses.replace(g, message=_fill_template(rule, g, ctx)) for g in gaps]
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


def _order(gap: Gap) -> tuple[str, tuple[str, ...], str]:
    """Sort key within a rule: territory, actor ids, contract."""
    return (gap.territory, gap.actors, gap.contract)


def _fill_template(rule: Rule, gap: Gap, ctx: Context) -> str:
    """The rule's ``message`` template filled with the gap's fields."""
    values = {
        "rule": rule.id,
        "territory": gap.territory,
        "territory_name": gap.territory_name,
        "territory_label": w.territory_label(ctx, gap.territory) if gap.territory else "",
        "a_name": gap.actor_names[0] if gap.actor_names else "",
        "b_name": ", ".join(gap.actor_names[1:]),
        "actor_names": ", ".join(gap.actor_names),
        "dwellings": "" if gap.dwellings is None else str(gap.dwellings),
        "kinds": w.kinds_phrase(rule.kinds),
        "contract": gap.contract,
        "contract_name": gap.contract_name,
        "end": gap.end.strftime("%d/%m/%Y") if gap.end else "",
        "months": str(rule.months),
    }
    return rule.message.format_map(values)
