"""Gaps step: forms that look at each contract of some kinds (contract-has, lapsed, expiry)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from hlmgraph import fr
from hlmgraph.gaps import wording as w
from hlmgraph.gaps.context import Context
from hlmgraph.gaps.form import form
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule


@form("contract-has", "Contrat sans partie d'un type attendu",
      ("kinds", "b"))
def contract_has(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each contract in force of ``kinds`` has at least one party of one of the ``b`` types."""
    wanted = ctx.select(rule.b)
    for contract in sorted(ctx.eligible(rule.kinds)):
        parties = sorted(ctx.parties[contract])
        if wanted & set(parties):
            continue
        territory = ctx.contract_territory(contract)
        message = (
            f"{_subject(ctx, contract, [], territory)} ne compte {w.absent(rule.b)} parmi ses "
            "parties : associez-en un à sa mise en œuvre."
        )
        yield ctx.gap(rule, territory, parties, message, ctx.contract_stake(contract), contract)


@form("lapsed", "Contrat échu sans successeur",
      ("kinds", "months"))
def lapsed(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each contract of ``kinds`` that ended in the ``months`` before the as-of date has a successor."""
    since = add_months(ctx.as_of, -rule.months)
    for contract in ctx.of_kinds(rule.kinds):
        end = ctx.contracts[contract].get("end")
        if end is None or not since <= end < ctx.as_of or ctx.has_successor(contract):
            continue
        territory = ctx.contract_territory(contract)
        parties = sorted(ctx.parties[contract])
        message = (
            f"{_subject(ctx, contract, parties, territory)} a pris fin le {fr.date(end)} et n'a "
            f"pas été renouvelé{'e' if _feminine(ctx, contract) else ''} : relancez ce "
            "partenariat."
        )
        yield ctx.gap(rule, territory, parties, message, ctx.contract_stake(contract), contract)


@form("expiry", "Contrat arrivant à échéance",
      ("kinds", "months"))
def expiry(rule: Rule, ctx: Context) -> Iterator[Gap]:
    """Each contract in force of ``kinds`` ends more than ``months`` after as-of, or has a successor."""
    horizon = add_months(ctx.as_of, rule.months)
    for contract in sorted(ctx.eligible(rule.kinds)):
        end = ctx.contracts[contract].get("end")
        if end is None or end > horizon or end < ctx.as_of or ctx.has_successor(contract):
            continue
        territory = ctx.contract_territory(contract)
        parties = sorted(ctx.parties[contract])
        days = (end - ctx.as_of).days
        when = "aujourd'hui" if days == 0 else f"dans {fr.count(days, 'jour')}"
        message = (
            f"{_subject(ctx, contract, parties, territory)} arrive à échéance le {fr.date(end)} "
            f"({when}) sans renouvellement signé : préparez-le."
        )
        yield ctx.gap(rule, territory, parties, message, ctx.contract_stake(contract), contract)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months (later, or earlier when negative; clamped)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _subject(ctx: Context, contract: str, parties: list[str], territory: str) -> str:
    """« La convention X, liant A et B, sur le QPV Y, » as the head of a sentence."""
    parts = [w.capital(w.contract(ctx, contract))]
    if parties:
        parts.append(f"liant {w.whom(ctx, parties)}")
    if territory:
        parts.append(f"sur {w.place(ctx, territory)}")
    return ", ".join(parts) + ("," if len(parts) > 1 else "")


def _feminine(ctx: Context, contract: str) -> bool:
    """Whether the contract's phrase is feminine (« la convention … »)."""
    return w.contract(ctx, contract).startswith("la ")
