"""Gaps step: find the partnerships the field expects and the data does not show.

Rules are data (TOML records, see ``data/default_rules.toml`` and
``docs/regles.md``); each rule names a *form*, one function of
``hlmgraph.gaps.forms`` that carries its own French message, and that form's
parameters. One job per module:

- ``rule``: the typed ``Rule``; ``rules``: reading and checking a rules file;
- ``context``: per-run lookups (places, contracts in force);
- ``form`` / ``forms``: the form registry and the form functions;
- ``find``: ``find_gaps`` and the counts; ``record``: the typed ``Gap``,
  its columns and ``gaps_frame`` (pandas).

Example::

    from hlmgraph.gaps import find_gaps, gaps_frame
    gaps = find_gaps(G)                 # shipped rules, as of today
    gaps_frame(gaps).groupby("rule").size()
"""

from __future__ import annotations

from hlmgraph.gaps.find import find_gaps, summary_lines
from hlmgraph.gaps.forms import FORMS, Form, add_months
from hlmgraph.gaps.record import GAP_COLUMNS, TABLE_COLUMNS, Gap, gaps_frame
from hlmgraph.gaps.rule import ANY, Rule
from hlmgraph.gaps.rules import (
    MESSAGE_FIELDS,
    default_rules_text,
    load_rules,
    parse_rules,
    shipped_rules,
)

__all__ = [
    "ANY",
    "FORMS",
    "GAP_COLUMNS",
    "MESSAGE_FIELDS",
    "TABLE_COLUMNS",
    "Form",
    "Gap",
    "Rule",
    "add_months",
    "default_rules_text",
    "find_gaps",
    "gaps_frame",
    "load_rules",
    "parse_rules",
    "shipped_rules",
    "summary_lines",
]
