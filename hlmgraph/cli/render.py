"""Terminal text of the commands: the library returns data, this module words it in French."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hlmgraph import fr, schema
from hlmgraph.findings import ValidationReport

if TYPE_CHECKING:
    from hlmgraph.server import ServerInfo
    from hlmgraph.store import LoadSummary

_RELATION_LABELS: dict[str, str] = {
    "parties": "Parties aux contrats",
    "coverage": "Territoires couverts",
    "presence": "Présences",
    "memberships": "Adhésions",
}


def validation_summary(summary: Mapping[str, Any]) -> str:
    """The French text of a dataset summary made by ``validate.summarize``."""
    as_of = dt.date.fromisoformat(summary["as_of"]).strftime("%d/%m/%Y")
    lines = [f"Jeu de données valide : {summary['origin']}"]
    lines += _count_lines("Acteurs", summary["actors"], schema.TYPE_LABELS_FR)
    lines += _count_lines("Territoires", summary["territories"], schema.LEVEL_LABELS_FR)
    contracts = _count_lines("Contrats", summary["contracts"], schema.KIND_LABELS_FR)
    contracts[0] += f" (dont {summary['contracts_in_force']} en vigueur au {as_of})"
    lines += contracts
    lines += [f"{_RELATION_LABELS[name]} : {count}" for name, count in summary["relations"].items()]
    if summary["extra_columns"]:
        lines.append("Colonnes supplémentaires conservées (vérifiez leur orthographe) :")
        lines += [f"  {name} : {', '.join(columns)}"
                  for name, columns in summary["extra_columns"].items()]
    return "\n".join(lines) + "\n"


def _count_lines(title: str, counts: Mapping[str, int], labels: Mapping[str, str]) -> list[str]:
    """``Title : total`` then one indented line per value with its French label."""
    lines = [f"{title} : {sum(counts.values())}"]
    lines += [f"  {labels[value]} : {count}" for value, count in counts.items()]
    return lines


def issue_lines(report: ValidationReport) -> list[str]:
    """One ``file:line:column: message`` line per issue, then the count sentence."""
    count = len(report.issues)
    return [issue.format() for issue in report.issues] + [
        f"Jeu de données invalide : {fr.count(count, 'problème')}."
    ]


def warning_lines(report: ValidationReport) -> list[str]:
    """One line per warning, then what to do with them (nothing when there is none)."""
    if not report.warnings:
        return []
    count = len(report.warnings)
    return [warning.format() for warning in report.warnings] + [
        fr.typography(f"{fr.count(count, 'avertissement')} : vérifiez ces lignes (--strict en "
                      "fait des erreurs).")
    ]


def load_summary(summary: LoadSummary) -> str:
    """What a Neo4j load left in the database, one line per label and relationship type."""
    verb = "remplacé par" if summary.replaced else "fusionné avec"
    lines = [f"Graphe {verb} le jeu de données ({summary.rows_sent} lignes envoyées)."]
    lines.append("Nœuds par label :")
    lines += [f"  {label:<16} {count:>8}" for label, count in sorted(summary.nodes.items())]
    lines.append("Relations par type :")
    lines += [f"  {rel:<16} {count:>8}" for rel, count in sorted(summary.relationships.items())]
    return "\n".join(lines) + "\n"


def server_status(info: ServerInfo) -> str:
    """A French sentence describing the embedded server's state."""
    if info.running:
        return (
            f"Le serveur intégré tourne (processus {info.pid}) sur {info.uri}, "
            f"base « {info.settings().database} », dossier {info.dir}.\n"
        )
    return f"Aucun serveur intégré ne tourne pour le dossier {info.dir}.\n"


def export_lines(info: ServerInfo) -> str:
    """The shell lines a user copies to point hlmgraph at this server (shows the password)."""
    settings = info.settings()
    return (
        f"export NEO4J_URI={settings.uri}\n"
        f"export NEO4J_USERNAME={settings.user}\n"
        f"export NEO4J_PASSWORD={settings.password}\n"
        f"export NEO4J_DATABASE={settings.database}\n"
    )


def generated(scale: str, seed: int, out: object, counts: Mapping[str, int]) -> str:
    """What ``hlmgraph generate`` wrote: the scale, the seed, the rows per file."""
    lines = [f"Jeu de données fictif « {scale} » (graine {seed}) écrit dans {out} :"]
    lines += [f"  {name} : {fr.count(count, 'ligne')}" for name, count in counts.items()]
    return "\n".join(lines) + "\n"


def load_progress(done: int, total: int) -> str:
    """One progress line of a Neo4j load."""
    return f"Chargement : {100 * done // total} % ({done}/{total} lignes)"


def measures_written(written: int, total: int) -> list[str]:
    """How many actors received their measures in Neo4j, and what to do if some lack."""
    lines = [f"Mesures écrites sur {fr.count(written, 'nœud Actor', 'nœuds Actor')} de Neo4j."]
    if written < total:
        missing = fr.count(total - written, "acteur absent", "acteurs absents")
        lines.append(fr.typography(f"Attention : {missing} de la base ; chargez d'abord le jeu "
                                   "avec « hlmgraph load »."))
    return lines
