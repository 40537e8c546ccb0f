"""Commands for public data: import anct (ANCT posts files) and diff (what changed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from hlmgraph.cli.french import FrenchCommand, FrenchGroup
from hlmgraph.cli.options import DATE, LibraryChoice, check_format_out, echo, emit, say
from hlmgraph.progress import Progress


@click.group("import", cls=FrenchGroup)
def import_group() -> None:
    """Importe des données publiques dans un jeu de données hlmgraph.

    Exemple : hlmgraph import anct anct_adultes_relais_2025.csv --out ar-2025
    """


@import_group.command("anct", cls=FrenchCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True,
                                                                     dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Dossier du jeu de données à écrire (vide ou absent, sauf avec --force).")
@click.option("--territory", default=None,
              help="Ne garde que les contrats de ville portés dans ce territoire (ex. departement:59).")
@click.option("--force", is_flag=True, help="Remplace les fichiers d'un dossier --out non vide.")
def anct_cmd(files: tuple[Path, ...], out: Path, territory: str | None, force: bool) -> None:
    """Postes adultes-relais et FONJEP de l'ANCT (CSV ou JSON Ci.Ville) → jeu de données.

    Territoires du COG 2026, contrats de ville 2024-2030 avec leur porteur, employeurs
    (identifiés par leur SIREN, typés d'après leur nom) et leurs postes.

    Exemple : hlmgraph import anct anct_adultes_relais_2025.csv postes-fonjep-2025.json --out ar-2025
    """
    from hlmgraph.anct import import_anct
    from hlmgraph.cli.summaries import import_lines

    with Progress("Employeurs") as shown:
        summary = import_anct(files, out, territory=territory, force=force, progress=shown.say,
                              count=shown.count)
    echo("\n".join(import_lines(summary)))
    say(f"Jeu de données écrit dans {out} ; vérifiez-le : hlmgraph validate {out}")


@click.command("diff", cls=FrenchCommand)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", required=False, type=click.Path(path_type=Path))
@click.option("--as-of-old", type=DATE, default=None,
              help="Date de lecture de l'ancien jeu (par défaut : aujourd'hui).")
@click.option("--as-of-new", type=DATE, default=None,
              help="Date de lecture du nouveau jeu (par défaut : aujourd'hui).")
@click.option("--format", "fmt", type=LibraryChoice("hlmgraph.diff", "FORMATS"), default=None,
              help="Détail des changements : json, csv, xlsx ou html (avec --out pour xlsx).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Fichier où écrire le détail (par défaut : la sortie standard).")
def diff_cmd(old: Path, new: Path | None, as_of_old: dt.date | None, as_of_new: dt.date | None,
             fmt: str | None, out: Path | None) -> None:
    """Ce qui a changé entre deux jeux de données, ou un même jeu à deux dates.

    Organisations ajoutées et retirées, partenariats gagnés et perdus, contrats en
    vigueur nouveaux et terminés, manques ouverts et fermés.

    Exemple : hlmgraph diff ar-2024 ar-2025 --format xlsx --out changements.xlsx
    """
    if new is None and as_of_old is None and as_of_new is None:
        raise click.UsageError("Donnez un second jeu de données NEW, ou deux dates --as-of-old et --as-of-new.")
    if out is not None and fmt is None:
        fmt = out.suffix.lstrip(".").lower() or None
        if fmt not in ("json", "csv", "xlsx", "html"):
            raise click.UsageError("Précisez --format (json, csv, xlsx ou html) pour --out.")
    check_format_out(fmt or "", out)
    from hlmgraph.cli.summaries import diff_lines
    from hlmgraph.diff import diff_datasets, write_changes

    changes = diff_datasets(old, new, as_of_old=as_of_old, as_of_new=as_of_new)
    lines = "\n".join(diff_lines(changes))
    if fmt is None:
        echo(lines)
        return
    echo(lines, err=True)
    emit(write_changes(changes, fmt, out), out)
