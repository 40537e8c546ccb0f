"""Report step: the HTML of the fiches territoire (one block per EPCI in scope)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.report.fiches import actor_types, suggestion
from hlmgraph.report.markup import empty, paragraph, render_table
from hlmgraph.report.records import Fiche, ReportData, gap_stake
from hlmgraph.report.text import esc, node_name

FICHES_SHOWN = 30
"""Fiches written in the page (most dwellings at stake first); the workbook lists them all."""
LISTED = 5
"""Items named in each line of a fiche."""
_TABLE_COLUMNS = ["Territoire", "Département", "Organisations présentes", "Contrats en vigueur",
                  "Manques", "Logements en jeu", "Échéances"]
"""Columns of the fiches table shown in the page (the workbook has them all)."""


def section_fiches(data: ReportData) -> str:
    """Intro, the fiches (the first ``FICHES_SHOWN``) and a note on the others."""
    if not data.fiches:
        return empty("Aucun EPCI du territoire n'a d'organisation, de contrat ou de manque dans les données.")
    shown = data.fiches[:FICHES_SHOWN]
    parts = [paragraph(
        "Une fiche par EPCI où les données montrent une organisation, un contrat ou un manque, "
        "les plus chargés en logements en jeu d'abord : qui est présent, quels contrats sont en "
        "vigueur, ce qui manque, ce qui arrive à échéance et quels partenaires rapprocher.")]
    parts += [_fiche(data, fiche) for fiche in shown]
    rest = len(data.fiches) - len(shown)
    if rest > 0:
        parts.append(paragraph(
            f"{fr.count(rest, 'autre fiche')} dans le classeur .xlsx (feuille « Fiches territoire »).",
            "note"))
    parts.append("<h3>Toutes les fiches en un tableau</h3>")
    parts.append(render_table(data.tables["Fiches territoire"], columns=_TABLE_COLUMNS))
    return "\n".join(parts)


def _fiche(data: ReportData, fiche: Fiche) -> str:
    """One fiche: a heading and five lines."""
    G = data.graph
    where = f" — {fiche.departement}" if fiche.departement else ""
    lines = [
        ("Organisations présentes", _actors(G, fiche)),
        ("Contrats en vigueur", _contracts(G, fiche)),
        ("Manques", _gaps(fiche)),
        ("Échéances", _alerts(fiche)),
        ("Partenaires à rapprocher", fr.names([suggestion(r) for r in fiche.suggestions], LISTED)
         or "aucune suggestion"),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(fr.typography(v))}</dd>" for k, v in lines)
    return (
        f'<article class="fiche" id="fiche-{esc(fiche.territory)}"><h3>{esc(fiche.name)}'
        f'<span class="count">{esc(where)}</span></h3><dl>{rows}</dl></article>'
    )


def _actors(G: nx.MultiDiGraph, fiche: Fiche) -> str:
    """« 12 organisations (Bailleur social (3), …) : A, B, C, D, E et sept autres »."""
    if not fiche.actors:
        return "aucune"
    names = fr.names([node_name(G, a) for a in fiche.actors], LISTED)
    return f"{fr.count(len(fiche.actors), 'organisation')} ({actor_types(G, fiche.actors)}) : {names}"


def _contracts(G: nx.MultiDiGraph, fiche: Fiche) -> str:
    """« 3 contrats : A (fin le 31 décembre 2030), … »."""
    if not fiche.contracts:
        return "aucun"
    items = [_contract(G.nodes[c], c) for c in fiche.contracts]
    return f"{fr.count(len(items), 'contrat')} : {fr.names(items, LISTED)}"


def _contract(attrs: dict[str, Any], contract: str) -> str:
    """A contract's name and end date."""
    name = str(attrs.get("name") or contract)
    return f"{name} (fin le {fr.date(attrs['end'])})" if attrs.get("end") else name


def _gaps(fiche: Fiche) -> str:
    """« 4 manques, 1 470 logements en jeu ; le plus lourd : … »."""
    if not fiche.gaps:
        return "aucun"
    first = max(fiche.gaps, key=gap_stake)
    return (f"{fr.count(len(fiche.gaps), 'manque')}, {fr.count(fiche.stake, 'logement')} en jeu ; "
            f"le plus lourd : {first.message}")


def _alerts(fiche: Fiche) -> str:
    """« 2 contrats à renouveler : A (31 décembre 2026), … »."""
    if not fiche.alerts:
        return "aucune"
    items = [f"{g.contract_name or g.contract}" + (f" ({fr.date(g.end)})" if g.end else "")
             for g in fiche.alerts]
    return f"{fr.count(len(items), 'contrat')} à renouveler : {fr.names(items, LISTED)}"
