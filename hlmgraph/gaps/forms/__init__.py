"""Gaps step: the registry of gap forms, one function per form (spec/gap-rules.md).

A new form is one function decorated with ``hlmgraph.gaps.form.form`` in one of
these modules, listed once below, plus its test.
"""

from __future__ import annotations

from hlmgraph.gaps.form import Form
from hlmgraph.gaps.forms.actors import link
from hlmgraph.gaps.forms.contracts import add_months, expiry
from hlmgraph.gaps.forms.territory import pair, party, presence

FORMS: dict[str, Form] = {f.name: f for f in (pair, party, presence, link, expiry)}
"""Every gap form, by name, in documentation order."""

__all__ = ["FORMS", "Form", "add_months"]
