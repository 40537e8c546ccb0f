"""Import step: what an ANCT import kept, in French (summary lines) and as a DataFrame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hlmgraph import fr
from hlmgraph.anct.build import ImportSummary

if TYPE_CHECKING:
    import pandas as pd

UNKNOWN_SHOWN = 8
"""Unknown contract codes named on screen."""
UNCERTAIN_SHOWN = 20
"""Doubtful employer names listed on screen (all are in the actors file, column type_reason)."""


def summary_lines(summary: ImportSummary) -> list[str]:
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


def summary_frame(summary: ImportSummary) -> pd.DataFrame:
    """Employers by type: type, French label, count, of which doubtful."""
    import pandas as pd  # loaded only when a DataFrame is asked for (CLI start-up time)

    doubtful: dict[str, int] = {}
    types = dict(summary.types)
    for aid, _, _ in summary.uncertain:
        doubtful[types[aid]] = doubtful.get(types[aid], 0) + 1
    rows = [{"type": kind, "libelle": fr.type_label(kind), "employeurs": n,
             "a_verifier": doubtful.get(kind, 0)}
            for kind, n in sorted(summary.by_type.items(), key=lambda item: (-item[1], item[0]))]
    return pd.DataFrame(rows, columns=["type", "libelle", "employeurs", "a_verifier"])
