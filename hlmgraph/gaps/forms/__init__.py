"""Gaps step: the registry of gap forms, one function per form (spec/gap-rules.md).

A new form is one function decorated with ``hlmgraph.gaps.form.form`` in one of
these modules (it builds its own French message), listed once below, plus its
test.
"""

from __future__ import annotations

from hlmgraph.gaps.form import Form
from hlmgraph.gaps.forms.actors import link, membership
from hlmgraph.gaps.forms.contracts import add_months, contract_has, expiry, lapsed
from hlmgraph.gaps.forms.territory import pair, party, presence, requires
from hlmgraph.gaps.rule import Rule

FORMS: dict[str, Form] = {
    f.name: f
    for f in (pair, party, presence, requires, link, contract_has, membership, lapsed, expiry)
}
"""Every gap form, by name, in documentation order."""


def rule_title(rule: Rule) -> str:
    """French title of a rule: its own, else its form's (« Adhésion attendue absente »)."""
    return rule.title or (FORMS[rule.form].title if rule.form in FORMS else rule.form)


__all__ = ["FORMS", "Form", "add_months", "rule_title"]
