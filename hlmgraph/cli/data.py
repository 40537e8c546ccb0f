"""Commands that prepare data: validate, init, generate, demo."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from hlmgraph import jsontext
from hlmgraph.cli import render
from hlmgraph.cli.french import FrenchCommand
from hlmgraph.cli.options import DATE, LibraryChoice, echo, say
from hlmgraph.errors import DatasetError
from hlmgraph.progress import Progress


@click.command("validate", cls=FrenchCommand)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", type=DATE, default=None,
              help="Date pour compter les contrats en vigueur (par défaut : aujourd'hui).")
@click.option("--json", "as_json", is_flag=True, help="Rapport complet en JSON sur la sortie standard.")
@click.option("--strict", is_flag=True,
              help="Les avertissements (COG, contrats de ville, qualité) deviennent des erreurs.")
def validate_cmd(path: Path, as_of: dt.date | None, as_json: bool, strict: bool) -> None:
    """Vérifie un jeu de données (dossier CSV ou classeur .xlsx) et résume son contenu.

    Chaque problème est signalé sur une ligne fichier:ligne:colonne: message ;
    le code de sortie vaut 1 si le jeu de données est invalide. Les avertissements
    (fichier:ligne:colonne: avertissement : …) laissent le code à 0, sauf avec --strict.

    Exemple : hlmgraph validate mes-donnees/ --as-of 2025-01-01
    """
    from hlmgraph.validate import check_dataset

    result = check_dataset(path, as_of, strict=strict)
    if as_json:
        echo(jsontext.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        sys.exit(0 if result.summary is not None else 1)
    if result.summary is None:
        raise DatasetError(result.report)
    for line in render.warning_lines(result.report):
        say(line)
    echo(render.validation_summary(result.summary), nl=False)


@click.command("init", cls=FrenchCommand)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="Un classeur .xlsx (avec listes déroulantes) au lieu de CSV.")
@click.option("--territory", default=None,
              help="Pré-remplit territoires et contrats de ville de ce territoire du COG (ex. region:32).")
def init_cmd(directory: Path, xlsx: bool, territory: str | None) -> None:
    """Crée des modèles à remplir (fichiers CSV ou un classeur .xlsx) avec une notice.

    Les CSV sont en UTF-8 avec BOM et séparateur « ; » (ouverture directe dans Excel).
    Avec --territory, les territoires (COG 2026) et les contrats de ville 2024-2030 de
    la zone, avec leurs porteurs, sont déjà remplis. Aucun fichier existant n'est écrasé.

    Exemple : hlmgraph init mes-donnees --xlsx --territory departement:59
    """
    from hlmgraph.templates import write_templates

    paths = write_templates(directory, xlsx=xlsx, territory=territory)
    for path in paths:
        say(f"Écrit : {path}")
    target = paths[0] if xlsx else directory
    say(f"Remplissez les modèles puis vérifiez-les : hlmgraph validate {target}")


@click.command("generate", cls=FrenchCommand)
@click.option("--scale", type=LibraryChoice("hlmgraph.generate", "SCALES"), default="demo",
              show_default=True, help="Taille : demo (~70 acteurs), regional (~700), national (~8 000).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Graine : même graine et même échelle, fichiers identiques.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Dossier à créer (vide ou absent, sauf avec --force).")
@click.option("--force", is_flag=True, help="Écrit même si le dossier contient déjà des fichiers.")
@click.option("--as-of", type=DATE, default=None,
              help="Jour autour duquel placer les échéances (par défaut 2026-11-01, fixe).")
def generate_cmd(scale: str, seed: int, out: Path, force: bool, as_of: dt.date | None) -> None:
    """Génère un jeu de données fictif réaliste sur la géographie réelle (COG 2026, contrats de ville).

    Exemple : hlmgraph generate --scale national --seed 7 --out national
    """
    from hlmgraph.generate import REFERENCE_DATE, generate_dataset

    with Progress("Génération") as shown:
        counts = generate_dataset(scale, seed, out, force=force, as_of=as_of or REFERENCE_DATE,
                                  progress=shown.say)
    echo(render.generated(scale, seed, out, counts), nl=False)


@click.command("demo", cls=FrenchCommand)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Dossier où écrire la démonstration (créé au besoin).")
@click.option("--as-of", type=DATE, default=None,
              help="Date d'analyse (par défaut 2026-11-23, celle du jeu de démonstration).")
def demo_cmd(out: Path, as_of: dt.date | None) -> None:
    """Démonstration hors ligne : valide le jeu fourni, calcule mesures et manques, écrit vue, rapport et exports.

    Exemple : hlmgraph demo --out demo
    """
    from hlmgraph.cli.summaries import network_text
    from hlmgraph.demo import DEMO_AS_OF, run_demo

    run_demo(out, as_of=as_of or DEMO_AS_OF, say=echo, network_text=network_text)
