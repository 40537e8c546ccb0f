"""Gaps step: forms that look at each contract of some kinds (expiry)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule


@form("expiry", ("kinds", "months"))
def expiry(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each contract in force of ``kinds`` ends more than ``months`` after the as-of date."""
    horizon = add_months(ctx.as_of, rule.months)
    for contract in sorted(ctx.eligible(rule.kinds)):
        end = ctx.contracts[contract].get("end")
        if end is None or end > horizon:
            continue
        places = sorted(set(ctx.coverage[contract]))
        territory = places[0] if len(places) == 1 else ""
        parties = sorted(ctx.parties[contract])
        kind = str(ctx.contracts[contract].get("kind", ""))
        head = w.KIND_NOUNS.get(kind, ("contrat", ""))[0]
        article = "La" if head == "convention" else "Le"
        parts = [f"{article} {head} « {ctx.name(contract)} » ({w.kind_label(kind)})"]
        if parties:
            parts.append(f"liant {w.names(ctx, parties)}")
        if places:
            parts.append(f"couvrant {w.names_list([w.territory_label(ctx, t) for t in places])}")
        days = (end - ctx.as_of).days
        when = "aujourd'hui" if days == 0 else f"dans {days} jour" + ("s" if days > 1 else "")
        message = (
            ", ".join(parts) + f", arrive à échéance le {end.strftime('%d/%m/%Y')} ({when}) : "
            "préparez son renouvellement."
        )
        yield ctx.gap(rule, territory, parties, message, contract=contract)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months later (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
