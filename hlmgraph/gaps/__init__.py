"""Gaps step: find the partnerships the field expects and the data does not show.

Rules are data (TOML records, see ``data/default_rules.toml`` and
``docs/regles.md``); each rule names a *form*, one function of
``hlmgraph.gaps.forms`` that carries its own French message, and that form's
parameters. One job per module:

- ``rule``: the typed ``Rule``; ``rules``: reading and checking a rules file;
- ``context``: per-run lookups (places, contracts in force);
- ``form`` / ``forms``: the form registry and the form functions;
- ``params``: each rule parameter's check; ``wording``: French phrases;
- ``find``: ``find_gaps``; ``summary``: per-territory counts
  (``by_territory``); ``run``: ``run_gaps`` for the
  command; ``record``: the typed ``Gap``, its columns,
  ``manques``/``alerts`` and ``gaps_frame`` (pandas).

Example::

    from hlmgraph.gaps import find_gaps, gaps_frame
    gaps = find_gaps(G)                 # shipped rules, as of today
    gaps_frame(gaps).groupby("rule").size()
"""

from __future__ import annotations

from hlmgraph.gaps.find import find_gaps
from hlmgraph.gaps.forms import FORMS, Form, add_months, rule_title
from hlmgraph.gaps.record import (
    GAP_COLUMNS,
    TABLE_COLUMNS,
    Gap,
    alerts,
    dwellings_at_stake,
    gaps_frame,
    manques,
)
from hlmgraph.gaps.rule import ANY, OPERATIONAL, PRIORITIES, Rule
from hlmgraph.gaps.rules import (
    MESSAGE_FIELDS,
    default_rules_text,
    load_rules,
    parse_rules,
    shipped_rules,
)
from hlmgraph.gaps.run import GapsRun, run_gaps
from hlmgraph.gaps.summary import (
    BY_LEVELS,
    TerritoryTable,
    by_territory,
    level_word,
)

__all__ = [
    "ANY",
    "BY_LEVELS",
    "OPERATIONAL",
    "PRIORITIES",
    "GapsRun",
    "TerritoryTable",
    "alerts",
    "by_territory",
    "level_word",
    "manques",
    "FORMS",
    "rule_title",
    "GAP_COLUMNS",
    "MESSAGE_FIELDS",
    "TABLE_COLUMNS",
    "Form",
    "Gap",
    "Rule",
    "add_months",
    "default_rules_text",
    "dwellings_at_stake",
    "find_gaps",
    "gaps_frame",
    "load_rules",
    "parse_rules",
    "run_gaps",
    "shipped_rules",
]
