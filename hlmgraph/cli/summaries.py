"""Terminal text of the library's results: gaps, network measures, changes, imports, views.

The library returns data (``Gap`` records, the network summary dict, ``Changes``,
``ImportSummary``, ``ViewSummary``); this module words them in French for the
terminal, through ``fr``. The demo's ``reseau.txt`` is the same text
(``hlmgraph demo`` passes ``network_text``). Commands import this module when
they run, so that ``hlmgraph --help`` does not load the pipeline; the measures and
the views are imported by the functions that word them, so that ``gaps``, ``diff``
and ``import`` do not load igraph, matplotlib and pyvis.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hlmgraph import fr
from hlmgraph.diff import Changes, heading, sections
from hlmgraph.gaps import PRIORITIES, Gap, Rule, alerts, dwellings_at_stake, manques, rule_title
from hlmgraph.glossary import label
from hlmgraph.schema import FAMILIES

if TYPE_CHECKING:
    from hlmgraph.anct import ImportSummary
    from hlmgraph.views import ViewSummary

# ---------------------------------------------------------------- gaps


def gaps_headline(gaps: Sequence[Gap]) -> str:
    """« 12 manques de partenariat (dont 3 de priorité haute), 1 470 logements en jeu ; 4 contrats… »."""
    found, ending = manques(gaps), alerts(gaps)
    high = sum(1 for g in found if g.priority == 1)
    text = fr.count(len(found), "manque de partenariat", "manques de partenariat")
    if high:
        text += f" (dont {fr.number(high)} de priorité haute)"
    text += f", {fr.count(dwellings_at_stake(found), 'logement')} en jeu"
    verb = "arrive" if len(ending) < 2 else "arrivent"
    text += (
        f" ; {fr.count(len(ending), 'contrat')} {verb} à échéance sans renouvellement signé."
        if ending
        else " ; aucun contrat n'arrive à échéance sans renouvellement signé."
    )
    return fr.typography(text)


def gaps_lines(gaps: Sequence[Gap], rules: Sequence[Rule]) -> list[str]:
    """The headline, then one line per rule counting its gaps (or alerts), for stderr."""
    counts = Counter(g.rule for g in gaps)
    lines = [gaps_headline(gaps)]
    for rule in rules:
        n = counts.get(rule.id, 0)
        alert = rule.category == "echeance"
        unit = ("échéance", "échéances") if alert else ("manque", "manques")
        text = ("aucune échéance" if alert else "aucun manque") if n == 0 else fr.count(n, *unit)
        lines.append(fr.typography(
            f"{rule_title(rule)} (priorité {PRIORITIES[rule.priority]}) : {text}."
        ))
    return lines


def unplaced_line(count: int, level_word: str) -> str:
    """Findings left out of a per-territory table (no territory of its level)."""
    return fr.typography(
        f"{fr.count(count, 'constat')} sans territoire de niveau {level_word} "
        "(territoire plus large ou absent) : non comptés dans le tableau."
    )


# ---------------------------------------------------------------- network measures

TYPE_PAIRS_SHOWN = 15
"""Pairs of actor types listed in the on-screen summary (most links first)."""
WEIGHTING_TEXT = {
    "newman": "Newman (un contrat à n parties compte 1/(n − 1) par paire de partenaires)",
    "count": "nombre de contrats partagés",
}
"""French description of each weighting."""
TIES_TEXT = {
    "all": "tous les contrats",
    "operational": "contrats opérationnels seulement (sans contrats de ville, NPNRU, CUS, "
    "Action Cœur de Ville)",
}
"""French description of each choice of ties."""


def network_text(summary: dict[str, Any]) -> str:
    """The network summary (``analysis.network_summary``) as a short French text."""
    lines = [
        f"Réseau des acteurs : {fr.count(summary['actors'], 'acteur')}, "
        f"{fr.count(summary['links'], 'lien')}, densité {_decimal(summary['density'])}.",
        f"Pondération : {WEIGHTING_TEXT[summary['weighting']]} ; "
        f"liens : {TIES_TEXT[summary['ties']]}, {_dates(summary['as_of'])}.",
        f"Composantes connexes : {fr.number(summary['components'])} (la plus grande : "
        f"{fr.count(summary['largest_component'], 'acteur')}) ; acteurs isolés : "
        f"{fr.number(len(summary['isolated']))}.",
        f"Communautés (Louvain) : {fr.number(summary['communities'])}.",
    ]
    lines += _community_lines(summary["largest_communities"])
    lines += _bridge_lines(summary["bridges"])
    if summary["top_brokers"]:
        lines.append(f"Principaux intermédiaires par type ({label('betweenness')}) :")
        for kind, brokers in summary["top_brokers"].items():
            names = ", ".join(f"{b['name']} ({_decimal(b['betweenness'])})" for b in brokers)
            lines.append(f"  {fr.type_label(kind)} : {names}")
    lines += _type_pair_lines(summary["type_links"])
    return fr.typography("\n".join(lines)) + "\n"


def _community_lines(communities: Sequence[dict[str, Any]]) -> list[str]:
    """The largest communities, one per line."""
    if not communities:
        return []
    lines = ["Plus grandes communautés :"]
    lines += [f"  {c['community']}. {c['name']} : {fr.count(c['size'], 'acteur')}"
              for c in communities]
    return lines


def _bridge_lines(found: Sequence[dict[str, Any]]) -> list[str]:
    """The « pont » block: who links logement and insertion partners that are not linked."""
    from hlmgraph.analysis.summary import BRIDGE_TITLE  # only `analyse` loads the measures

    if not found:
        return [f"{BRIDGE_TITLE} : personne (aucune paire logement–insertion à relier)."]
    lines = [f"{BRIDGE_TITLE} (paires de partenaires logement et insertion non liés entre eux) :"]
    for entry in found:
        lines.append(
            f"  {entry['name']} ({fr.lower_first(fr.type_label(entry['type']))}, "
            f"{FAMILIES.get(entry['family'], 'sans famille')}) : "
            f"{fr.count(entry['pairs'], 'paire')}"
        )
    return lines


def _type_pair_lines(matrix: dict[str, dict[str, int]]) -> list[str]:
    """Links between actor types, most links first, then the count of pairs left out."""
    from hlmgraph.analysis.summary import type_pairs  # only `analyse` loads the measures

    pairs = type_pairs(matrix)
    if not pairs:
        return []
    shown = pairs[:TYPE_PAIRS_SHOWN]
    lines = ["Liens entre types d'acteurs :"]
    lines += [f"  {fr.type_label(a)} – {fr.type_label(b)} : {fr.number(n)}" for a, b, n in shown]
    if len(pairs) > len(shown):
        rest = len(pairs) - len(shown)
        lines.append(f"  … et {fr.count(rest, 'autre paire', 'autres paires')} de types.")
    return lines


def _dates(as_of: str | None) -> str:
    """Which contracts count, in words: « en vigueur le 1er décembre 2026 » or every date."""
    if as_of is None:
        return "quelles que soient leurs dates"
    return f"en vigueur le {fr.date(dt.date.fromisoformat(as_of))}"


def _decimal(value: float, digits: int = 3) -> str:
    """A small float with ``digits`` significant digits, in French (« 0,00689 »)."""
    if value == 0:
        return fr.number(0)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return fr.number(value, decimals)


# ---------------------------------------------------------------- changes (diff)

SHOWN = 5
"""Names listed per line of the changes."""


def diff_lines(changes: Changes) -> list[str]:
    """What changed: one line per kind of change, with a few names."""
    lines = [heading(changes)]
    for title, gained, lost in sections(changes, SHOWN + 1):  # the others are only counted
        lines.append(f"  {title} : {gained[0]}, {lost[0]}")
        for text, items in (gained, lost):
            if items:
                lines.append(f"    {text} : {fr.names(items, SHOWN)}")
    if changes.empty:
        lines.append("  aucun changement.")
    return [fr.typography(line) for line in lines]


# ---------------------------------------------------------------- ANCT import

UNKNOWN_SHOWN = 8
"""Unknown contract codes named on screen."""
UNCERTAIN_SHOWN = 20
"""Doubtful employer names listed on screen (all are in the actors file, column type_reason)."""


def import_lines(summary: ImportSummary) -> list[str]:
    """The French summary of an import: files, employers by type, doubtful names."""
    lines: list[str] = []
    for count in summary.files:
        lines.append(f"{count.label} : {fr.count(count.rows, 'ligne')}, "
                     f"{fr.count(count.kept, 'poste gardé', 'postes gardés')}")
        if count.duplicates:
            lines.append(f"  {fr.count(count.duplicates, 'ligne répétée', 'lignes répétées')} "
                         "à l'identique (comptées une fois)")
        if count.no_code:
            lines.append(f"  {fr.count(count.no_code, 'ligne')} sans code de contrat de ville "
                         "(non importées)")
        if count.unknown:
            codes = sorted(count.unknown)
            lines.append(f"  {fr.count(sum(count.unknown.values()), 'ligne')} dont le code n'est "
                         f"pas dans la liste ANCT 2024-2030 (non importées) : "
                         f"{fr.names(codes, UNKNOWN_SHOWN, 'autre code')}")
        if count.outside:
            lines.append(f"  {fr.count(count.outside, 'ligne')} hors du territoire demandé")
    employers = sum(summary.by_type.values())
    lines.append(f"Employeurs : {fr.number(employers)}")
    for kind, n in sorted(summary.by_type.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {fr.type_label(kind)} : {fr.number(n)}")
    if summary.matched_by_name:
        matched = summary.matched_by_name
        lines.append(f"  dont {fr.count(matched, 'employeur')} sans SIRET "
                     f"{fr.noun(matched, 'rapproché')} par le nom d'un employeur du même département")
    written = [f"{name}.csv ({fr.count(n, 'ligne')})" for name, n in summary.tables.items()]
    lines.append("Fichiers : " + ", ".join(written))
    if summary.uncertain:
        lines.append(f"Type à vérifier ({fr.number(len(summary.uncertain))}, colonne "
                     "type_reason de actors.csv) :")
        for aid, name, reason in summary.uncertain[:UNCERTAIN_SHOWN]:
            lines.append(f"  {name} ({aid}) : {reason}")
        if len(summary.uncertain) > UNCERTAIN_SHOWN:
            lines.append(f"  … et {fr.count(len(summary.uncertain) - UNCERTAIN_SHOWN, 'autre')}")
    return [fr.typography(line) for line in lines]


# ---------------------------------------------------------------- views


def view_written(summary: ViewSummary) -> str:
    """« Vue écrite : reseau.html (12 acteurs, 30 liens, 4 manques de partenariat). »."""
    if summary.mode == "acteurs":
        text = fr.count(summary.nodes, "acteur")
    else:
        text = f"{fr.count(summary.nodes, 'groupe')} (vue agrégée par département)"
    text += f", {fr.count(summary.edges, 'lien')}"
    if summary.gaps:
        text += f", {fr.count(summary.gaps, 'manque')} de partenariat"
    if summary.alerts:
        text += f", {fr.count(summary.alerts, 'échéance')}"
    from hlmgraph.views.text import labelled  # only `view` loads the views

    head = labelled("Vue écrite", summary.path) if summary.path else "Vue écrite"
    return f"{head} ({text})."
