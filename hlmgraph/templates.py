"""Input step: empty dataset templates (CSV files or one .xlsx workbook) with French help."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Any

from hlmgraph import cog, schema
from hlmgraph.dataset_files import people_csv
from hlmgraph.errors import OutputError, UsageError
from hlmgraph.files import atomic_path, output_folder, write_bytes
from hlmgraph.output import save_workbook
from hlmgraph.prefill import prefill_tables

WORKBOOK_NAME = "jeu-de-donnees.xlsx"
README_SHEET = "lisez-moi"
README_TEXT_NAME = "lisez-moi.txt"
CSV_DELIMITER = ";"
"""French Excel opens `;`-separated UTF-8 files with a BOM directly, accents intact."""
MAX_VALIDATED_ROW = 5000

TABLE_HELP_FR: dict[str, str] = {
    "actors": "une ligne par organisation (obligatoire)",
    "territories": "une ligne par territoire (région, département, EPCI, commune, QPV)",
    "contracts": "une ligne par contrat ou convention",
    "parties": "un acteur partie à un contrat",
    "coverage": "un territoire couvert par un contrat",
    "presence": "un acteur actif dans un territoire",
    "memberships": "une adhésion ou un siège de gouvernance",
}
VOCABULARY_LABELS: dict[str, dict[str, str]] = {
    "type": schema.TYPE_LABELS_FR,
    "level": schema.LEVEL_LABELS_FR,
    "kind": schema.KIND_LABELS_FR,
    "role": schema.ROLE_LABELS_FR,
}
INTRO_FR: tuple[str, ...] = (
    "Modèle de jeu de données hlmgraph (format d'entrée v1).",
    "Remplissez une ligne par organisation, territoire, contrat ou lien ; seule la feuille "
    "ou le fichier actors est obligatoire.",
    "Les identifiants sont uniques dans tout le jeu de données (un acteur, un territoire et "
    "un contrat ne partagent jamais un identifiant).",
    "Les en-têtes s'écrivent en français (nom, nature, début…) ou en anglais (name, kind, "
    "start…), sans souci de majuscules ni d'accents.",
    "Dates : AAAA-MM-JJ ou JJ/MM/AAAA. Montants : 12500.50 ou 12 500,50. Thèmes : séparés par |.",
    "Les colonnes supplémentaires sont conservées. Pas de données personnelles : ni noms de "
    "contact, ni e-mails, ni téléphones.",
    "Vérifiez le fichier avec : hlmgraph validate <dossier ou classeur>",
)
README_COLUMNS: tuple[str, ...] = ("fichier", "colonne", "obligatoire", "description", "valeurs")


def write_templates(
    directory: str | os.PathLike[str], xlsx: bool = False, territory: str | None = None
) -> list[Path]:
    """Write templates into ``directory`` (empty, or pre-filled with the territories and the
    contrats de ville of ``territory`` from the shipped COG); never overwrite a file."""
    rows = _prefill(territory)
    folder = output_folder(directory, option="DOSSIER")
    names = [WORKBOOK_NAME] if xlsx else [f"{name}.csv" for name in schema.TABLES] + [
        README_TEXT_NAME
    ]
    targets = [folder / name for name in names]
    existing = [path for path in targets if path.exists()]
    if len(existing) == 1:
        raise OutputError(
            f"{existing[0]} existe déjà : choisissez un autre dossier ou déplacez ce fichier."
        )
    if existing:
        listed = ", ".join(path.name for path in existing)
        raise OutputError(
            f"{len(existing)} fichiers existent déjà dans {folder} ({listed}) : choisissez un "
            "dossier vide ou déplacez-les."
        )
    if xlsx:
        write_template_workbook(targets[0], rows)
    else:
        for name, path in zip(schema.TABLES, targets, strict=False):
            columns = schema.TABLES[name]
            french = [{c.header: row.get(c.name, "") for c in columns} for row in rows.get(name, [])]
            write_bytes(path, people_csv(french, [c.header for c in columns]))
        write_bytes(targets[-1], codecs.BOM_UTF8 + readme_text().encode())
    return targets


def readme_rows() -> list[dict[str, str]]:
    """One row per column of every table: file, column, required, French description, values."""
    rows = []
    for name, columns in schema.TABLES.items():
        for column in columns:
            rows.append({
                "fichier": name,
                "colonne": column.header,
                "obligatoire": "oui" if column.required else "non",
                "description": column.description_fr,
                "valeurs": _allowed_values(column),
            })
    return rows


def readme_text() -> str:
    """The French explanation of every file and column, as plain text."""
    lines = list(INTRO_FR) + [""]
    for name, columns in schema.TABLES.items():
        lines.append(f"{name}.csv : {TABLE_HELP_FR[name]}")
        for column in columns:
            required = " (obligatoire)" if column.required else ""
            lines.append(f"  - {column.header}{required} : {column.description_fr}")
            values = _allowed_values(column)
            if values:
                lines.append(f"      valeurs : {values}")
        lines.append("")
    return "\r\n".join(lines)


def _prefill(territory: str | None) -> dict[str, list[dict[str, str]]]:
    """The rows taken from the shipped COG for ``territory`` (none without one)."""
    if not territory:
        return {}
    if cog.territory(territory) is None:
        raise UsageError(f"Territoire « {territory} » absent du COG 2026 : donnez un identifiant "
                         "comme region:32, departement:59, epci:200093201 ou commune:59350.")
    return prefill_tables(territory)


def write_template_workbook(path: Path, rows: dict[str, list[dict[str, str]]] | None = None) -> None:
    """Write the .xlsx template: a lisez-moi sheet then one sheet per table with drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    readme = workbook.active
    assert readme is not None
    readme.title = README_SHEET
    for line in INTRO_FR:
        readme.append([line])
    readme.append([])
    for name, help_fr in TABLE_HELP_FR.items():
        readme.append([f"Feuille {name} : {help_fr}."])
    readme.append([])
    readme.append(list(README_COLUMNS))
    header_row = readme.max_row
    for row in readme_rows():
        readme.append([row[column] for column in README_COLUMNS])
    for cell in readme[header_row]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (14, 14, 12, 50, 80), strict=True):
        readme.column_dimensions[letter].width = width
    for name, columns in schema.TABLES.items():
        sheet = _table_sheet(workbook, name, columns)
        for row in (rows or {}).get(name, []):
            sheet.append([row.get(column.name, "") for column in columns])
    with atomic_path(path) as tmp:
        save_workbook(workbook, tmp)


def _table_sheet(workbook: Any, name: str, columns: tuple[schema.Column, ...]) -> Any:
    """Add the empty sheet of one table: bold header, frozen first row, vocabulary lists."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = workbook.create_sheet(title=name)
    sheet.append([column.header for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if not column.kind.startswith("vocab:"):
            continue
        values = schema.VOCABULARIES[column.kind.removeprefix("vocab:")]
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle="Valeur inconnue",
            error=f"Valeurs admises : {', '.join(values)}",
        )
        validation.add(f"{letter}2:{letter}{MAX_VALIDATED_ROW}")
        sheet.add_data_validation(validation)
    return sheet


def _allowed_values(column: schema.Column) -> str:
    """The allowed values of a vocabulary column with their French labels, else ''."""
    if not column.kind.startswith("vocab:"):
        return ""
    vocabulary = column.kind.removeprefix("vocab:")
    labels = VOCABULARY_LABELS[vocabulary]
    return ", ".join(f"{value} ({labels[value]})" for value in schema.VOCABULARIES[vocabulary])
