"""Report step: « L'essentiel », at most five sentences a director reads first."""

from __future__ import annotations

from typing import Any

from hlmgraph import fr
from hlmgraph.gaps import rule_title
from hlmgraph.report.records import ReportData, gap_stake

MAX_SENTENCES = 5
HEAVIEST = 3
"""Gaps named in the sentence on the largest stakes."""
BRIDGES = 3
"""Organisations named in the sentence on who bridges."""
_CROSS_ROLES = ("broker_consultant", "broker_gatekeeper", "broker_liaison")
"""Typed brokerage roles that join two different families (graph-model.md)."""


def essentials(data: ReportData) -> list[str]:
    """The sentences of « L'essentiel », French typography applied (five at most)."""
    sentences = [_network(data), _heaviest_gaps(data), _renewals(data), _bridges(data)]
    if data.changes is not None:
        sentences.append(data.changes.sentence())
    return [fr.typography(s) for s in sentences if s][:MAX_SENTENCES]


def _network(data: ReportData) -> str:
    """How many organisations, links and isolated ones."""
    s = data.summary
    lonely = len(s["isolated"])
    tail = f" ; {fr.count(lonely, 'organisation')} sans aucun partenaire" if lonely else ""
    return (
        f"{fr.count(s['actors'], 'organisation')} reliées par "
        f"{fr.count(s['links'], 'lien')} de partenariat{tail}."
    )


def _heaviest_gaps(data: ReportData) -> str:
    """The gaps with the most dwellings at stake, or how many gaps there are."""
    if not data.gaps:
        return "Aucun manque de partenariat repéré à cette date."
    heavy = sorted((g for g in data.gaps if gap_stake(g) > 0), key=lambda g: -gap_stake(g))[:HEAVIEST]
    head = f"{fr.count(len(data.gaps), 'manque')} de partenariat à examiner"
    if not heavy:
        return head + "."
    items = [f"{_title(data, g.rule)} {_where(data, g.territory)} ({fr.count(gap_stake(g), 'logement')} en jeu)"
             for g in heavy]
    return f"{head} ; les plus lourds : {fr.names(items, HEAVIEST)}."


def _where(data: ReportData, territory: str) -> str:
    """« dans le QPV Les Saules », « dans le département de la Loire »; '' without territory."""
    if not territory or territory not in data.graph:
        return ""
    return f"dans {fr.territory({'id': territory, **data.graph.nodes[territory]})}"


def _title(data: ReportData, rule_id: str) -> str:
    """A rule's title in a sentence (lower-case first letter)."""
    from_rules = {r.id: r for r in data.rules}
    return fr.lower_first(rule_title(from_rules[rule_id])) if rule_id in from_rules else rule_id


def _renewals(data: ReportData) -> str:
    """How many contracts to renew, and the first one."""
    if not data.alerts:
        return "Aucun contrat ne doit être renouvelé à court terme."
    first = min(data.alerts, key=lambda g: (g.end or data.as_of, g.contract))
    attrs: dict[str, Any] = dict(data.graph.nodes[first.contract]) if first.contract in data.graph else {}
    n = len(data.alerts)
    verb = "arrive" if n < 2 else "arrivent"
    when = f" le {fr.date(first.end)}" if first.end else ""
    return (
        f"{fr.count(n, 'contrat')} {verb} à échéance sans successeur ; le premier est "
        f"{fr.contract(attrs) if attrs else first.contract_name}, qui se termine{when}."
    )


def _bridges(data: ReportData) -> str:
    """The organisations that most often bridge partners of different worlds (or any partners)."""
    typed = any(role in r for r in data.measures for role in _CROSS_ROLES)
    if typed:
        score = {str(r["id"]): float(sum(r.get(role) or 0 for role in _CROSS_ROLES)) for r in data.measures}
    else:
        score = {str(r["id"]): float(r["betweenness"]) for r in data.measures}
    top = sorted((r for r in data.measures if score[str(r["id"])] > 0),
                 key=lambda r: (-score[str(r["id"])], str(r["id"])))[:BRIDGES]
    if not top:
        return ""
    who = fr.names([str(r["name"]) for r in top], BRIDGES)
    what = ("des partenaires de mondes différents (logement, insertion, acteurs publics, "
            "société civile)") if typed else "des partenaires qui ne travaillent pas ensemble"
    verb = "relie" if len(top) == 1 else "relient"
    return f"{who} {verb} le plus souvent {what}."
