"""Command-line interface: each command parses options, calls one library function, prints."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hlmgraph import __version__
from hlmgraph.errors import DatasetError, HlmgraphError
from hlmgraph.settings import DEFAULT_URI, DEFAULT_USER, Neo4jSettings

if TYPE_CHECKING:
    import networkx as nx


class _DateType(click.ParamType):
    """A click parameter accepting YYYY-MM-DD or DD/MM/YYYY."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date or fail with a usage error."""
        if isinstance(value, dt.date):
            return value
        from hlmgraph.values import parse_date

        parsed = parse_date(str(value))
        if parsed is None:
            self.fail(f"date invalide {value!r} (attendu AAAA-MM-JJ ou JJ/MM/AAAA)", param, ctx)
        return parsed


DATE = _DateType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hlmgraph")
@click.option("--debug", is_flag=True, help="Montre la trace Python complète en cas d'erreur.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hlmgraph : le réseau des partenariats du logement social, de la donnée à l'analyse.

    Example: hlmgraph demo --out demo
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Run the CLI, turning known failures into one clear message and an exit code."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DatasetError as exc:
        for issue in exc.report.issues:
            click.echo(issue.format(), err=True)
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    except HlmgraphError as exc:
        if debug:
            raise
        click.echo(f"Erreur : {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
        if debug:
            raise
        click.echo(
            f"Erreur inattendue ({type(exc).__name__}: {exc}). Relancez avec --debug et "
            "signalez-la avec la trace obtenue.",
            err=True,
        )
        sys.exit(70)


# ---------------------------------------------------------------- shared options


def neo4j_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --uri, --user, --database (from NEO4J_* variables); the password is never an option."""
    func = click.option(
        "--database", envvar="NEO4J_DATABASE", default=None, help="Base Neo4j (NEO4J_DATABASE)."
    )(func)
    func = click.option(
        "--user", envvar="NEO4J_USERNAME", default=DEFAULT_USER, show_default=True,
        help="Utilisateur Neo4j (NEO4J_USERNAME).",
    )(func)
    func = click.option(
        "--uri", envvar="NEO4J_URI", default=DEFAULT_URI, show_default=True,
        help="Adresse du serveur Neo4j (NEO4J_URI).",
    )(func)
    return func


def neo4j_settings(uri: str, user: str, database: str | None) -> Neo4jSettings:
    """Connection settings; the password comes from NEO4J_PASSWORD or a hidden prompt."""
    import os

    password = os.environ.get("NEO4J_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise click.UsageError(
                "Mot de passe Neo4j manquant : définissez la variable NEO4J_PASSWORD."
            )
        password = click.prompt("Mot de passe Neo4j", hide_input=True)
    return Neo4jSettings(uri=uri, user=user, password=password, database=database or None)


def graph_source(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add PATH (optional with --from-neo4j), --from-neo4j and the Neo4j options."""
    func = neo4j_options(func)
    func = click.option(
        "--from-neo4j", is_flag=True, help="Lit le graphe dans Neo4j au lieu des fichiers."
    )(func)
    func = click.argument("path", required=False, type=click.Path(path_type=Path))(func)
    return func


def load_source_graph(
    path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None
) -> nx.MultiDiGraph:
    """The model graph, from the dataset at PATH or, with --from-neo4j, from the database."""
    if from_neo4j:
        if path is not None:
            raise click.UsageError("Donnez soit un jeu de données PATH, soit --from-neo4j, pas les deux.")
        from hlmgraph.store import read_graph

        return read_graph(neo4j_settings(uri, user, database))
    if path is None:
        raise click.UsageError("Jeu de données manquant : donnez un dossier CSV ou un classeur .xlsx.")
    from hlmgraph.io import load_graph

    return load_graph(path)


def emit(text: str | None, out: Path | None) -> None:
    """Print ``text`` to stdout, or say where the output was written."""
    if out is None:
        if text:
            click.echo(text, nl=False)
    else:
        click.echo(f"Écrit : {out}", err=True)


# ---------------------------------------------------------------- commands


@cli.command("validate")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", type=DATE, default=None,
              help="Date pour compter les contrats en vigueur (par défaut : aujourd'hui).")
@click.option("--json", "as_json", is_flag=True, help="Rapport complet en JSON sur la sortie standard.")
def validate_cmd(path: Path, as_of: dt.date | None, as_json: bool) -> None:
    """Vérifie un jeu de données (dossier CSV ou classeur .xlsx) et résume son contenu.

    Chaque problème est signalé sur une ligne fichier:ligne:colonne: message ;
    le code de sortie vaut 1 si le jeu de données est invalide.

    Example: hlmgraph validate mes-donnees/ --as-of 2025-01-01
    """
    from hlmgraph.validate import validation_output

    text, valid = validation_output(path, as_of=as_of, as_json=as_json)
    click.echo(text, nl=False)
    if not valid:
        sys.exit(1)


@cli.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--xlsx", is_flag=True, help="Un classeur .xlsx (avec listes déroulantes) au lieu de CSV.")
def init_cmd(directory: Path, xlsx: bool) -> None:
    """Crée des modèles vides à remplir (fichiers CSV ou un classeur .xlsx) avec une notice.

    Les CSV sont en UTF-8 avec BOM et séparateur « ; » (ouverture directe dans Excel).
    Aucun fichier existant n'est écrasé.

    Example: hlmgraph init mes-donnees --xlsx
    """
    from hlmgraph.templates import write_templates

    paths = write_templates(directory, xlsx=xlsx)
    for path in paths:
        click.echo(f"Écrit : {path}", err=True)
    target = paths[0] if xlsx else directory
    click.echo(f"Remplissez les modèles puis vérifiez-les : hlmgraph validate {target}", err=True)


@cli.command("export")
@graph_source
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "csv", "cypher"]),
              required=True, help="Format : graphml, gexf (Gephi), json, csv (Gephi) ou cypher.")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Fichier à écrire (pour csv : dossier qui recevra nodes.csv et edges.csv).")
@click.option("--as-of", type=DATE, default=None, help="Ne garde que les contrats en vigueur à cette date.")
@click.option("--network", type=click.Choice(["full", "actors"]), default="full", show_default=True,
              help="full : graphe complet ; actors : réseau des acteurs (contrats communs).")
def export_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
               fmt: str, out: Path, as_of: dt.date | None, network: str) -> None:
    """Exporte le graphe pour Gephi, igraph, NetworkX ou Neo4j (script cypher-shell).

    Example: hlmgraph export mes-donnees/ --format gexf --out reseau.gexf
    """
    from hlmgraph.exports import export_graph

    G = load_source_graph(path, from_neo4j, uri, user, database)
    emit(None, export_graph(G, fmt, out, network=network, as_of=as_of))


@cli.command("generate")
@click.option("--scale", type=click.Choice(["demo", "regional", "national"]), default="demo",
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

    Example: hlmgraph generate --scale national --seed 7 --out national
    """
    from hlmgraph.generate import REFERENCE_DATE, generate_dataset

    counts = generate_dataset(scale, seed, out, force=force, as_of=as_of or REFERENCE_DATE)
    click.echo(f"Jeu de données fictif « {scale} » (graine {seed}) écrit dans {out} :")
    for name, count in counts.items():
        click.echo(f"  {name} : {count} ligne(s)")


@cli.command("gaps")
@graph_source
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Fichier de règles TOML (par défaut : les règles livrées).")
@click.option("--as-of", type=DATE, default=None, help="Date d'analyse (par défaut : aujourd'hui).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]),
              default="table", show_default=True, help="Format de sortie.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@click.option("--print-default-rules", is_flag=True, help="Affiche les règles par défaut (TOML) et s'arrête.")
def gaps_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
             rules_file: Path | None, as_of: dt.date | None, fmt: str, out: Path | None,
             print_default_rules: bool) -> None:
    """Cherche les partenariats attendus que les données ne montrent pas (manques).

    Example: hlmgraph gaps mes-donnees/ --as-of 2026-06-30 --format csv --out manques.csv
    """
    from hlmgraph import gaps
    from hlmgraph.output import write_records

    if print_default_rules:
        click.echo(gaps.default_rules_text(), nl=False)
        return
    rules = gaps.load_rules(rules_file)
    found = gaps.find_gaps(load_source_graph(path, from_neo4j, uri, user, database), rules, as_of)
    for line in gaps.summary_lines(found, rules):
        click.echo(line, err=True)
    columns = gaps.TABLE_COLUMNS if fmt == "table" else gaps.GAP_COLUMNS
    emit(write_records([g.to_dict() for g in found], columns, fmt, out, sheet="manques"), out)


@cli.command("demo")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Dossier où écrire la démonstration (créé au besoin).")
@click.option("--as-of", type=DATE, default=None,
              help="Date d'analyse (par défaut 2026-11-23, celle du jeu de démonstration).")
def demo_cmd(out: Path, as_of: dt.date | None) -> None:
    """Démonstration hors ligne : valide le jeu fourni, calcule mesures et manques, écrit vue, rapport et exports.

    Example: hlmgraph demo --out demo
    """
    from hlmgraph.demo import DEMO_AS_OF, run_demo

    run_demo(out, as_of=as_of or DEMO_AS_OF, say=click.echo)
