"""Report step: one fiche per EPCI in the report's scope, and the gaps counted by département."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from hlmgraph import fr
from hlmgraph.gaps import Gap
from hlmgraph.model import TerritoryTree, in_force
from hlmgraph.report.records import Fiche, ReportData, Table, gap_stake
from hlmgraph.report.text import node_name, type_sorted

FICHE_LEVEL = "epci"
"""Level of the territories that get a fiche (the contrats de ville are signed per EPCI)."""


def fiches(data: ReportData) -> list[Fiche]:
    """Fiches of the EPCI in scope with an actor, a contract or a gap; most at stake first."""
    G, tree = data.graph, data.places.tree
    covered = _covered(G, tree)
    gaps_in, alerts_in = _by_place(data.gaps, tree), _by_place(data.alerts, tree)
    suggested: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in data.recommendations:
        places = {p for t in record.get("shared_territories", ()) for p in tree.enclosing(t)}
        for place in sorted(places):
            suggested[place].append(record)
    found = []
    for territory in _fiche_territories(G, data.territory, tree):
        fiche = Fiche(territory, node_name(G, territory), _departement(G, tree, territory))
        fiche.actors = sorted(data.places.within(territory), key=lambda a: (node_name(G, a), a))
        fiche.contracts = sorted(
            (c for c in covered.get(territory, ()) if in_force(G.nodes[c], data.as_of)),
            key=lambda c: (str(G.nodes[c].get("end") or ""), c),
        )
        fiche.gaps = gaps_in.get(territory, [])
        fiche.alerts = alerts_in.get(territory, [])
        fiche.suggestions = suggested.get(territory, [])
        if fiche.actors or fiche.contracts or fiche.gaps:
            found.append(fiche)
    found.sort(key=lambda f: (-f.stake, -len(f.gaps), f.name, f.territory))
    return found


def fiche_table(found: Sequence[Fiche], G: nx.MultiDiGraph) -> Table:
    """The fiches as one workbook table, one row per territory."""
    columns = ["Territoire", "Département", "Organisations présentes", "Types", "Contrats en vigueur",
               "Manques", "Logements en jeu", "Échéances", "Partenaires suggérés"]
    rows = [
        {
            "Territoire": f.name,
            "Département": f.departement,
            "Organisations présentes": len(f.actors),
            "Types": actor_types(G, f.actors),
            "Contrats en vigueur": len(f.contracts),
            "Manques": len(f.gaps),
            "Logements en jeu": f.stake,
            "Échéances": len(f.alerts),
            "Partenaires suggérés": fr.names([suggestion(r) for r in f.suggestions], 3),
        }
        for f in found
    ]
    return Table("Fiches territoire", columns, rows)


def actor_types(G: nx.MultiDiGraph, actors: Iterable[str]) -> str:
    """« Bailleur social (3), Régie de quartier (1) » for a set of actors."""
    kinds = Counter(str(G.nodes[a].get("type", "")) for a in actors)
    return ", ".join(f"{fr.type_label(k)} ({fr.number(n)})" for k, n in type_sorted(kinds))


def suggestion(record: dict[str, Any]) -> str:
    """One recommended partnership in words: « A avec B »."""
    return f"{record['actor_name']} avec {record['partner_name']}"


def by_departement(data: ReportData) -> dict[str, tuple[int, int]]:
    """Département code → (gaps, dwellings at stake) for the gaps with a territory."""
    G, tree = data.graph, data.places.tree
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gap in data.gaps:
        for place in tree.enclosing(gap.territory) if gap.territory else ():
            attrs = G.nodes[place] if place in G else {}
            if attrs.get("level") == "departement" and attrs.get("code"):
                counts[str(attrs["code"])][0] += 1
                counts[str(attrs["code"])][1] += gap_stake(gap)
                break
    return {code: (n, s) for code, (n, s) in counts.items()}


def _fiche_territories(G: nx.MultiDiGraph, scope: str, tree: TerritoryTree) -> list[str]:
    """EPCI enclosed by the scope (all of them without scope); the scope itself if it has none."""
    inside = tree.enclosed(scope) if scope else None
    found = sorted(
        n for n, d in G.nodes(data=True)
        if d.get("label") == "Territory" and d.get("level") == FICHE_LEVEL
        and (inside is None or n in inside)
    )
    return found or ([scope] if scope else [])


def _departement(G: nx.MultiDiGraph, tree: TerritoryTree, territory: str) -> str:
    """Name of the département enclosing a territory ('' when none)."""
    for place in tree.enclosing(territory):
        if place in G and G.nodes[place].get("level") == "departement":
            return node_name(G, place)
    return ""


def _covered(G: nx.MultiDiGraph, tree: TerritoryTree) -> dict[str, set[str]]:
    """Territory → contracts covering a territory it encloses."""
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, rel in G.edges(data="type"):
        if rel == "COVERS":
            for place in tree.enclosing(v):
                found[place].add(u)
    return found


def _by_place(gaps: Sequence[Gap], tree: TerritoryTree) -> dict[str, list[Gap]]:
    """Territory → the gaps whose territory it encloses (order kept)."""
    found: dict[str, list[Gap]] = defaultdict(list)
    for gap in gaps:
        for place in tree.enclosing(gap.territory) if gap.territory else ():
            found[place].append(gap)
    return found


def map_table(data: ReportData) -> Table:
    """Gaps and dwellings at stake per département of the data (the map's figures)."""
    G = data.graph
    counts = by_departement(data)
    departements = sorted(
        (str(d.get("code", "")), n) for n, d in G.nodes(data=True)
        if d.get("label") == "Territory" and d.get("level") == "departement" and d.get("code")
    )
    rows = [
        {"Département": node_name(G, node), "Code": code,
         "Manques": counts.get(code, (0, 0))[0], "Logements en jeu": counts.get(code, (0, 0))[1]}
        for code, node in departements
    ]
    return Table("Carte", ["Département", "Code", "Manques", "Logements en jeu"], rows)
