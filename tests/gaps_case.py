"""A small territory built by hand for the gaps tests: one case and one trap per default rule.

Nord (Hauts-de-France): the MEL (Lille with two QPV, Roubaix with one) and the
Douaisis (Douai, one QPV); Île-de-France only holds the AORIF. Analysed on
30 June 2026. ``EXPECTED`` is what a field expert names, in the spec's order.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from hlmgraph import schema
from hlmgraph.dataset import Dataset, Table
from hlmgraph.model import build_graph

AS_OF = dt.date(2026, 6, 30)

TERRITORIES = [
    ("region:32", "Hauts-de-France", "region", None),
    ("region:11", "Île-de-France", "region", None),
    ("departement:59", "Nord", "departement", "region:32"),
    ("epci:mel", "Métropole Européenne de Lille", "epci", "departement:59"),
    ("epci:douaisis", "Douaisis Agglo", "epci", "departement:59"),
    ("commune:59350", "Lille", "commune", "epci:mel"),
    ("commune:59512", "Roubaix", "commune", "epci:mel"),
    ("commune:59178", "Douai", "commune", "epci:douaisis"),
    ("qpv:QN05901", "Lille-Sud", "qpv", "commune:59350"),
    ("qpv:QN05902", "Faubourg de Béthune", "qpv", "commune:59350"),
    ("qpv:QN05903", "Alma-Gare", "qpv", "commune:59512"),
    ("qpv:QN05904", "Frais-Marais", "qpv", "commune:59178"),
]
ACTORS = [  # id, name, type, subtype, base territory
    ("bailleur:logis", "Logis Nord", "bailleur", "ESH", "commune:59350"),
    ("bailleur:flandres", "Habitat Flandres", "bailleur", "OPH", "commune:59350"),
    ("bailleur:toit", "Toit Roubaisien", "bailleur", "OPH", "commune:59512"),
    ("regie:lillesud", "Régie de quartier Lille-Sud", "regie", "", "commune:59350"),
    ("regie:mel", "Régie de territoire métropolitaine", "regie", "", "epci:mel"),
    ("regie:roubaix", "Régie de quartier de Roubaix", "regie", "", "commune:59512"),
    ("plie:mel", "PLIE de la Métropole lilloise", "plie", "", None),
    ("ml:lille", "Mission locale de Lille", "mission_locale", "", None),
    ("coll:mel", "Métropole Européenne de Lille", "collectivite", "EPCI", "epci:mel"),
    ("etat:prefecture", "Préfecture du Nord", "etat", "préfecture", "departement:59"),
    ("ar:urh", "Union régionale pour l'habitat Hauts-de-France", "federation", "AR Hlm",
     "region:32"),
    ("ar:aorif", "AORIF", "federation", "ar_hlm", "region:11"),
    ("fed:regies", "Mouvement des Régies", "federation", "reseau_regies", None),
    ("fed:regies-hdf", "Mouvement des Régies Hauts-de-France", "federation", "Réseau régies",
     "region:32"),
]
PRESENCE = [
    ("bailleur:logis", "qpv:QN05901", 420),
    ("bailleur:logis", "qpv:QN05903", 150),
    ("bailleur:logis", "qpv:QN05904", 60),
    ("bailleur:flandres", "commune:59350", 300),  # homes in Lille, none declared in its QPV
    ("bailleur:toit", "qpv:QN05903", 200),
    ("bailleur:toit", "qpv:QN05902", 0),  # present without homes: not housed
    ("regie:lillesud", "commune:59350", None),
    ("regie:mel", "epci:mel", None),  # régie de territoire: present in every QPV of the MEL
    ("regie:roubaix", "commune:59512", None),
    ("plie:mel", "epci:mel", None),
    ("ml:lille", "commune:59350", None),
    ("coll:mel", "epci:mel", None),
    ("etat:prefecture", "departement:59", None),
    ("ar:urh", "region:32", None),
    ("ar:aorif", "region:11", None),
]
MEMBERSHIPS = [
    ("bailleur:logis", "ar:urh"),  # trap: its own AR Hlm
    ("bailleur:toit", "ar:aorif"),  # case: an AR Hlm, but of another région
    ("regie:lillesud", "fed:regies"),  # trap: the national Mouvement
    ("regie:mel", "fed:regies-hdf"),  # trap: its regional branch
    ("ar:urh", "fed:regies"),
]
CONTRACTS = [  # id, name, kind, start, end, parties, coverage
    ("cdv:mel", "Contrat de ville 2024-2030 de la MEL", "contrat_de_ville",
     "2024-01-01", "2030-12-31",
     ["etat:prefecture", "coll:mel", "bailleur:logis", "bailleur:flandres", "regie:roubaix",
      "plie:mel"], ["epci:mel"]),
    ("cdv:douaisis", "Contrat de ville 2024-2030 du Douaisis", "contrat_de_ville",
     "2024-01-01", "2030-12-31", ["etat:prefecture", "bailleur:logis"], ["epci:douaisis"]),
    ("tfpb:lille", "Convention d'abattement TFPB Lille 2025-2027", "abattement_tfpb",
     "2025-01-01", "2027-12-31", ["etat:prefecture", "coll:mel", "bailleur:logis"],
     ["commune:59350"]),
    ("tfpb:roubaix", "Convention d'abattement TFPB Roubaix 2023-2025", "abattement_tfpb",
     "2023-01-01", "2025-12-31", ["etat:prefecture", "bailleur:toit"], ["commune:59512"]),
    ("tfpb:roubaix-2026", "Convention d'abattement TFPB Roubaix 2026-2029", "abattement_tfpb",
     "2026-01-01", "2029-12-31", ["etat:prefecture", "bailleur:toit"], ["qpv:QN05903"]),
    ("prest:lillesud", "Entretien des halls de Lille-Sud", "prestation",
     "2025-07-01", "2027-03-31", ["bailleur:logis", "regie:lillesud"], ["qpv:QN05901"]),
    ("part:mel", "Partenariat insertion métropolitain", "partenariat",
     "2024-01-01", None, ["bailleur:logis", "regie:mel", "plie:mel"], ["epci:mel"]),
    ("prest:alma", "Nettoyage Alma-Gare 2022-2024", "prestation",
     "2022-01-01", "2024-12-31", ["bailleur:toit", "regie:mel"], ["qpv:QN05903"]),
    ("prest:faubourg", "Entretien Faubourg de Béthune 2024-2025", "prestation",
     "2024-01-01", "2025-10-31", ["bailleur:toit", "regie:lillesud"], ["qpv:QN05902"]),
    ("autre:parcours", "Parcours emploi Lille-Sud", "autre",
     "2026-01-01", "2027-01-31", ["regie:lillesud", "ml:lille"], ["qpv:QN05901"]),
    ("autre:parcours-2027", "Parcours emploi Lille-Sud 2027-2028", "autre",
     "2027-02-01", "2028-12-31", ["regie:lillesud", "ml:lille"], ["qpv:QN05901"]),
    ("npnru:alma", "Convention NPNRU Alma-Gare", "npnru",
     "2020-01-01", "2030-12-31", ["etat:prefecture", "coll:mel", "bailleur:toit"],
     ["qpv:QN05903"]),
    ("npnru:lillesud", "Convention NPNRU Lille-Sud", "npnru",
     "2020-01-01", "2030-12-31", ["etat:prefecture", "bailleur:logis", "regie:lillesud"],
     ["qpv:QN05901"]),
]

# (priority, rule, stake, territory, actors, contract), in the spec's order.
EXPECTED: list[tuple[int, str, int, str, list[str], str]] = [
    # Toit Roubaisien did not sign the MEL contrat de ville; yet it applies the TFPB
    # abatement in Alma-Gare (its 2026 renewal); the Alma-Gare NPNRU has no insertion actor.
    (1, "contrat-de-ville", 200, "qpv:QN05903", ["bailleur:toit"], ""),
    (1, "tfpb-sans-contrat-de-ville", 200, "qpv:QN05903", ["bailleur:toit"],
     "tfpb:roubaix-2026"),
    (1, "npnru-insertion", 200, "qpv:QN05903",
     ["bailleur:toit", "coll:mel", "etat:prefecture"], "npnru:alma"),
    # The Lille-Sud prestation ends on 31 March 2027 without renewal (an alert).
    (2, "echeance", 420, "qpv:QN05901", ["bailleur:logis", "regie:lillesud"], "prest:lillesud"),
    # Alma-Gare: Toit's prestation with the régie de territoire ended in 2024; no contract
    # with the Roubaix régie for either landlord.
    (2, "regie-bailleur", 200, "qpv:QN05903", ["bailleur:toit", "regie:mel"], ""),
    (2, "regie-bailleur", 200, "qpv:QN05903", ["bailleur:toit", "regie:roubaix"], ""),
    (2, "regie-bailleur", 150, "qpv:QN05903", ["bailleur:logis", "regie:roubaix"], ""),
    # Logis Nord's TFPB convention covers Lille only.
    (2, "abattement-tfpb", 150, "qpv:QN05903", ["bailleur:logis"], ""),
    (2, "abattement-tfpb", 60, "qpv:QN05904", ["bailleur:logis"], ""),
    # The Roubaix régie only co-signs the contrat de ville with the PLIE.
    (2, "insertion", 0, "commune:59512", ["regie:roubaix", "plie:mel"], ""),
    # The Faubourg prestation ended in October 2025 and nothing followed.
    (2, "non-renouvele", 0, "qpv:QN05902", ["bailleur:toit", "regie:lillesud"],
     "prest:faubourg"),
    # Habitat Flandres belongs to no AR Hlm; Toit Roubaisien only to the AORIF.
    (3, "bailleur-ar", 300, "commune:59350", ["bailleur:flandres", "ar:urh"], ""),
    (3, "bailleur-ar", 200, "commune:59512", ["bailleur:toit", "ar:urh"], ""),
    # Frais-Marais (Douai): homes, no régie at all.
    (3, "qpv-sans-regie", 60, "qpv:QN05904", ["bailleur:logis"], ""),
    # The Roubaix régie is not in the Mouvement des Régies.
    (3, "regie-mouvement", 0, "commune:59512", ["regie:roubaix", "fed:regies", "fed:regies-hdf"],
     ""),
]


def date(text: str | None) -> dt.date | None:
    """ISO text to a date (None stays None)."""
    return dt.date.fromisoformat(text) if text else None


def tables(
    territories: Sequence[tuple[Any, ...]] = TERRITORIES,
    actors: Sequence[tuple[Any, ...]] = ACTORS,
    presence: Sequence[tuple[Any, ...]] = PRESENCE,
    contracts: Sequence[tuple[Any, ...]] = CONTRACTS,
    memberships: Sequence[tuple[Any, ...]] = MEMBERSHIPS,
) -> dict[str, list[dict[str, Any]]]:
    """Typed rows of every table (every schema column present, None when empty)."""
    blank = {name: {c.name: None for c in cols} for name, cols in schema.TABLES.items()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.TABLES}
    for tid, name, level, parent in territories:
        rows["territories"].append(
            {**blank["territories"], "id": tid, "name": name, "level": level, "parent": parent}
        )
    for aid, name, actor_type, subtype, base in actors:
        rows["actors"].append({**blank["actors"], "id": aid, "name": name, "type": actor_type,
                               "subtype": subtype or None, "territory": base})
    for actor, territory, dwellings in presence:
        rows["presence"].append({"actor": actor, "territory": territory, "dwellings": dwellings})
    for cid, name, kind, start, end, parties, coverage in contracts:
        rows["contracts"].append(
            {**blank["contracts"], "id": cid, "name": name, "kind": kind,
             "start": date(start), "end": date(end), "themes": []}
        )
        rows["parties"] += [{"contract": cid, "actor": a, "role": "signataire"} for a in parties]
        rows["coverage"] += [{"contract": cid, "territory": t} for t in coverage]
    for member, organisation in memberships:
        rows["memberships"].append({"member": member, "organisation": organisation, "role": None})
    return rows


def graph(**replaced: Sequence[tuple[Any, ...]]) -> nx.MultiDiGraph:
    """The model graph of the hand-built territory (tables may be replaced)."""
    rows = tables(**replaced)
    return build_graph(Dataset({name: Table(name, rows=r) for name, r in rows.items()}))


def write_csv(folder: Path, rows: Mapping[str, list[dict[str, Any]]] | None = None) -> Path:
    """The hand-built territory as a CSV dataset folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in (rows or tables()).items():
        columns = [c.name for c in schema.TABLES[name]]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            for row in table:
                writer.writerow({c: _cell(row.get(c)) for c in columns})
    return folder


def keys(gaps: Sequence[Any]) -> list[tuple[int, str, int, str, list[str], str]]:
    """(priority, rule, stake, territory, actors, contract) of each gap."""
    return [(g.priority, g.rule, g.stake, g.territory, list(g.actors), g.contract) for g in gaps]


def _cell(value: Any) -> str:
    """A CSV cell: dates in ISO, lists joined by |, None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "|".join(value)
    return str(value)
