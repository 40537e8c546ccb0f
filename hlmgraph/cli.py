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
from hlmgraph.progress import Progress
from hlmgraph.schema import ENGINES, TIES, WEIGHTINGS
from hlmgraph.settings import DEFAULT_URI, DEFAULT_USER, Neo4jSettings, today
from hlmgraph.views.options import COLOR_MODES, SIZE_MEASURES

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


class _FrenchHelpFormatter(click.HelpFormatter):
    """Click's help layout with its few fixed English words in French."""

    WORDS = {
        "Options": "Options",
        "Commands": "Commandes",
        "Arguments": "Arguments",
        "Show this message and exit.": "Affiche cette aide et quitte.",
        "Show the version and exit.": "Affiche la version et quitte.",
    }

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write the usage line with a French prefix."""
        super().write_usage(prog, args, prefix="Usage : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """Write a section heading in French."""
        super().write_heading(self.WORDS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """Write option rows, translating click's own help texts."""
        super().write_dl([(a, self.WORDS.get(b, b)) for a, b in rows], col_max, col_spacing)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hlmgraph")
@click.option("--debug", is_flag=True, help="Montre la trace Python complète en cas d'erreur.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hlmgraph : le réseau des partenariats du logement social, de la donnée à l'analyse.

    Exemple : hlmgraph demo --out demo
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Run the CLI, turning known failures into one clear message and an exit code."""
    debug = "--debug" in sys.argv[1:]
    click.Context.formatter_class = _FrenchHelpFormatter
    try:
        cli.main(standalone_mode=False, prog_name="hlmgraph")
    except click.exceptions.Abort:
        click.echo("Interrompu.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        _show_usage_error(exc)
        sys.exit(exc.exit_code)
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


_USAGE_FR: tuple[tuple[str, str], ...] = (
    (r"^Missing option '(.+)'\.?$", r"option obligatoire manquante : \1."),
    (r"^Missing argument '(.+)'\.?$", r"argument obligatoire manquant : \1."),
    (r"^No such option:? '?([^'\s]+?)'?\.?( |$)", r"option inconnue : \1.\2"),
    (r"^No such command '([^']+)'\.?", r"commande inconnue : « \1 »."),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"argument(s) en trop : \1."),
    (r"^Invalid value for '(.+?)': ", r"valeur invalide pour \1 : "),
    (r"^Option '(.+)' requires an argument\.?$", r"l'option \1 attend une valeur."),
    (r"'([^']*)' is not one of (.+)\.$", r"« \1 » n'est pas parmi \2."),
    (r"Did you mean one of:", "Vouliez-vous dire l'une de ces options :"),
    (r"Did you mean", "Vouliez-vous dire"),
    (r"Possible options:", "options possibles :"),
    (r"(\S+) is not in the range (.+)\.$", r"\1 n'est pas dans l'intervalle \2."),
    (r"(?:File|Path) '(.+)' is a directory\.$", r"« \1 » est un dossier, pas un fichier."),
    (r"Directory '(.+)' is a file\.$", r"« \1 » est un fichier, pas un dossier."),
    (r"(?:File|Path|Directory) '(.+)' does not exist\.$", r"« \1 » n'existe pas."),
)
"""Click's usage messages (English) and their French wording."""


def _show_usage_error(exc: click.UsageError) -> None:
    """Print a usage error in French with the command's usage line (exit 2 follows)."""
    import re

    message = exc.format_message()
    for pattern, french in _USAGE_FR:
        message = re.sub(pattern, french, message)
    if exc.ctx is not None:
        click.echo(exc.ctx.get_usage().replace("Usage:", "Usage :", 1), err=True)
        click.echo(f"Aide : « {exc.ctx.command_path} --help ».", err=True)
    click.echo(f"Erreur d'usage : {message}", err=True)


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


def network_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --weighting, --ties and --memberships: how the actor network is projected."""
    func = click.option("--memberships", is_flag=True,
                        help="Compte aussi les adhésions comme des liens (poids 1 chacune).")(func)
    func = click.option(
        "--ties", type=click.Choice(TIES), default=TIES[0], show_default=True,
        help="Contrats qui font lien : all (tous) ou operational (sans contrats de ville, "
        "NPNRU, CUS, Action Cœur de Ville).",
    )(func)
    func = click.option(
        "--weighting", type=click.Choice(WEIGHTINGS), default=WEIGHTINGS[0], show_default=True,
        help="Poids des liens : newman (un contrat à n parties compte 1/(n − 1)) ou count "
        "(nombre de contrats partagés).",
    )(func)
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


def csv_dialect_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --csv-dialect: CSV for Excel in French (default) or RFC 4180 for other tools."""
    from hlmgraph.output import CSV_DIALECTS

    return click.option(
        "--csv-dialect", type=click.Choice(CSV_DIALECTS), default=CSV_DIALECTS[0], show_default=True,
        help="CSV pour Excel en français (« ; », BOM, en-têtes français, virgule décimale) "
             "ou rfc4180 (« , », noms de champs, point décimal).",
    )(func)


def check_format_out(fmt: str, out: Path | None) -> None:
    """Refuse --format xlsx without --out before any work (a usage error)."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("le format xlsx demande un fichier de sortie : ajoutez --out FICHIER.xlsx.")


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

    Exemple : hlmgraph validate mes-donnees/ --as-of 2025-01-01
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

    Exemple : hlmgraph init mes-donnees --xlsx
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

    Exemple : hlmgraph export mes-donnees/ --format gexf --out reseau.gexf
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

    Exemple : hlmgraph generate --scale national --seed 7 --out national
    """
    from hlmgraph.generate import REFERENCE_DATE, generate_dataset

    with Progress("Génération") as shown:
        counts = generate_dataset(scale, seed, out, force=force, as_of=as_of or REFERENCE_DATE,
                                  progress=shown.say)
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
@csv_dialect_option
def gaps_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
             rules_file: Path | None, as_of: dt.date | None, fmt: str, out: Path | None,
             print_default_rules: bool, csv_dialect: str) -> None:
    """Cherche les partenariats attendus que les données ne montrent pas (manques).

    Exemple : hlmgraph gaps mes-donnees/ --as-of 2026-06-30 --format csv --out manques.csv
    """
    from hlmgraph import gaps
    from hlmgraph.output import write_records

    if print_default_rules:
        click.echo(gaps.default_rules_text(), nl=False)
        return
    check_format_out(fmt, out)
    rules = gaps.load_rules(rules_file)
    found = gaps.find_gaps(load_source_graph(path, from_neo4j, uri, user, database), rules, as_of)
    for line in gaps.summary_lines(found, rules):
        click.echo(line, err=True)
    columns = gaps.TABLE_COLUMNS if fmt == "table" else gaps.GAP_COLUMNS
    emit(write_records([g.to_dict() for g in found], columns, fmt, out, sheet="manques",
                       record_type="gap", dialect=csv_dialect), out)


@cli.command("demo")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Dossier où écrire la démonstration (créé au besoin).")
@click.option("--as-of", type=DATE, default=None,
              help="Date d'analyse (par défaut 2026-11-23, celle du jeu de démonstration).")
def demo_cmd(out: Path, as_of: dt.date | None) -> None:
    """Démonstration hors ligne : valide le jeu fourni, calcule mesures et manques, écrit vue, rapport et exports.

    Exemple : hlmgraph demo --out demo
    """
    from hlmgraph.demo import DEMO_AS_OF, run_demo

    run_demo(out, as_of=as_of or DEMO_AS_OF, say=click.echo)


@cli.command("analyse")
@graph_source
@click.option("--as-of", type=DATE, default=None,
              help="Ne compte que les contrats en vigueur à cette date (par défaut : aujourd'hui).")
@click.option("--all-dates", is_flag=True, help="Compte tous les contrats, quelles que soient leurs dates.")
@network_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]),
              default="table", show_default=True, help="Format des mesures.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0],
              show_default=True, help="Moteur de calcul (networkx : code de référence, lent).")
@click.option("--write", is_flag=True,
              help="Écrit aussi les mesures sur les nœuds Actor de Neo4j (graphe déjà chargé).")
@csv_dialect_option
def analyse_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
                as_of: dt.date | None, all_dates: bool, weighting: str, ties: str,
                memberships: bool, fmt: str, out: Path | None, engine: str, write: bool,
                csv_dialect: str) -> None:
    """Mesure la place de chaque acteur dans le réseau des partenariats (centralités, courtage, communautés).

    Exemple : hlmgraph analyse mes-donnees/ --format csv --out mesures.csv
    """
    from hlmgraph import analysis
    from hlmgraph.output import write_records

    check_format_out(fmt, out)
    if all_dates and as_of is not None:
        raise click.UsageError("--as-of et --all-dates s'excluent : choisissez l'un des deux.")
    settings = neo4j_settings(uri, user, database) if write else None
    G = load_source_graph(path, from_neo4j, uri, user, database)
    day = None if all_dates else (as_of or today())
    options = analysis.NetworkOptions(day, weighting, ties, memberships)
    with Progress("Mesures du réseau") as shown:
        found = analysis.analyse_graph(G, options, engine, progress=shown.say)
    text = write_records(found.measures, analysis.COLUMNS, fmt, out, sheet="mesures",
                         record_type="measure", dialect=csv_dialect)
    click.echo(analysis.format_summary(found.summary), err=out is None, nl=False)
    emit(text, out)
    if settings is not None:
        from hlmgraph.store import write_measures

        written = write_measures(analysis.written_rows(found), settings)
        _written_message(written, len(found.measures))


def _written_message(written: int, total: int) -> None:
    """Say how many actors received their measures in Neo4j, and what to do if some lack."""
    from hlmgraph import fr

    click.echo(f"Mesures écrites sur {fr.count(written, 'nœud Actor', 'nœuds Actor')} de Neo4j.",
               err=True)
    if written < total:
        missing = fr.count(total - written, "acteur absent", "acteurs absents")
        click.echo(fr.typography(f"Attention : {missing} de la base ; chargez d'abord le jeu "
                                 "avec « hlmgraph load »."), err=True)


@cli.command("recommend")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--actor", default=None, help="Propose des partenaires à cet acteur (id).")
@click.option("--type", "types", multiple=True,
              help="Type d'acteur à proposer (répétable), ex. regie, plie, mission_locale.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="Nombre de suggestions.")
@click.option("--as-of", type=DATE, default=None,
              help="Ne compte que les contrats en vigueur à cette date (par défaut : tous).")
@network_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]),
              default="table", show_default=True, help="Format de sortie.")
@click.option("--out", type=click.Path(path_type=Path), help="Fichier de sortie (sinon : l'écran).")
@csv_dialect_option
def recommend_cmd(path: Path, actor: str | None, types: tuple[str, ...], top: int,
                  as_of: dt.date | None, weighting: str, ties: str, memberships: bool, fmt: str,
                  out: Path | None, csv_dialect: str) -> None:
    """Suggère des partenariats plausibles : types complémentaires, territoire commun, aucun contrat.

    Exemple : hlmgraph recommend mes-donnees/ --actor r-filatures --type plie --top 5
    """
    from hlmgraph import recommend
    from hlmgraph.io import load_graph
    from hlmgraph.output import write_records

    check_format_out(fmt, out)
    found = recommend.recommend(load_graph(path), actor, list(types) or None, top, as_of,
                                weighting=weighting, ties=ties, memberships=memberships)
    columns = recommend.TABLE_COLUMNS if fmt == "table" else recommend.COLUMNS
    emit(write_records(found, columns, fmt, out, sheet="suggestions", record_type="recommendation",
                       dialect=csv_dialect), out)


# ---------------------------------------------------------------- Neo4j: load, query, db


@cli.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True,
              help="La base ne contient ensuite que ce jeu de données (sinon : fusion).")
@neo4j_options
def load_cmd(path: Path, replace: bool, uri: str, user: str, database: str | None) -> None:
    """Valide puis charge un jeu de données dans Neo4j, en une transaction (tout ou rien).

    Le mot de passe vient de NEO4J_PASSWORD ou d'une saisie masquée. Recharger
    le même jeu ne change rien ; --replace retire d'abord le graphe existant.

    Exemple : hlmgraph load mes-donnees/ --replace
    """
    from hlmgraph.io import load_graph
    from hlmgraph.store import load_graph as store_graph

    graph = load_graph(path)
    with Progress("Chargement dans Neo4j") as shown:
        summary = store_graph(graph, neo4j_settings(uri, user, database), replace=replace,
                              progress=shown.count)
    click.echo(summary.to_text(), nl=False)


def _key_values(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """Parse repeated --param KEY=VALUE options into a dict."""
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"« {value} » : attendu CLÉ=VALEUR, ex. actor=regie-paris19.")
        pairs[key.strip()] = text
    return pairs


@cli.command("query")
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, callback=_key_values, metavar="CLÉ=VALEUR",
              help="Paramètre de la requête (répétable), ex. --param actor=regie-paris19.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Format de sortie.")
@click.option("--list", "list_only", is_flag=True, help="Liste les requêtes nommées et leurs paramètres.")
@neo4j_options
def query_cmd(name: str | None, params: dict[str, str], fmt: str, list_only: bool, uri: str,
              user: str, database: str | None) -> None:
    """Lance une requête Cypher nommée de cypher/queries sur la base Neo4j.

    Exemple : hlmgraph query partenaires --param actor=regie-paris19 --format csv
    """
    from hlmgraph.output import render_records
    from hlmgraph.store import CATALOG_COLUMNS, list_queries, run_query

    if list_only:
        click.echo(render_records([q.to_dict() for q in list_queries()], CATALOG_COLUMNS, fmt), nl=False)
        return
    if name is None:
        raise click.UsageError("Nom de requête manquant : voyez « hlmgraph query --list ».")
    columns, records = run_query(name, params, neo4j_settings(uri, user, database))
    click.echo(render_records(records, columns, fmt), nl=False)


@cli.group("db")
def db_group() -> None:
    """Serveur Bolt intégré (ArcadeDB) pour qui n'a pas de Neo4j : start, stop, status.

    Exemple : hlmgraph db start --port 7687
    """


def _server_dir(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --dir (HLMGRAPH_DB_DIR), the folder holding the embedded server's data."""
    return click.option(
        "--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
        envvar="HLMGRAPH_DB_DIR", help="Dossier du serveur (défaut : ~/.hlmgraph/server).",
    )(func)


@db_group.command("start")
@_server_dir
@click.option("--port", type=click.IntRange(1, 65534), default=7687, show_default=True,
              help="Port Bolt (le port suivant sert à l'API HTTP d'ArcadeDB).")
def db_start_cmd(folder: Path | None, port: int) -> None:
    """Démarre le serveur intégré en arrière-plan et affiche les lignes export à copier.

    Exemple : hlmgraph db start --dir ./hlmgraph-db
    """
    from hlmgraph.server import start_server, status_text

    info = start_server(folder, port)
    click.echo(status_text(info) + "Copiez ces lignes dans votre terminal :", err=True)
    click.echo(info.export_lines(), nl=False)


@db_group.command("stop")
@_server_dir
def db_stop_cmd(folder: Path | None) -> None:
    """Arrête le serveur intégré (les données restent dans le dossier).

    Exemple : hlmgraph db stop
    """
    from hlmgraph.server import stop_server

    stopped = stop_server(folder)
    click.echo("Serveur intégré arrêté." if stopped else "Aucun serveur intégré ne tournait.")


@db_group.command("status")
@_server_dir
def db_status_cmd(folder: Path | None) -> None:
    """Dit si le serveur intégré tourne (code de sortie 0) ou non (code 1).

    Exemple : hlmgraph db status
    """
    from hlmgraph.server import server_status, status_text

    info = server_status(folder)
    click.echo(status_text(info), nl=False)
    sys.exit(0 if info.running else 1)


@cli.command("view")
@graph_source
@network_options
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Fichier à écrire : page HTML (autonome, lisible hors ligne), ou image .svg ou .png "
                   "de la même vue (diapositives).")
@click.option("--as-of", type=DATE, default=None,
              help="Ne compte que les contrats en vigueur à cette date (par défaut : aujourd'hui).")
@click.option("--all-dates", is_flag=True, help="Compte tous les contrats, quelles que soient leurs dates.")
@click.option("--gaps", "show_gaps", is_flag=True, help="Superpose les manques de partenariat (pointillés rouges).")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Fichier de règles TOML pour --gaps (par défaut : règles livrées).")
@click.option("--ego", default=None, help="N'affiche que le voisinage de cet acteur (id).")
@click.option("--hops", type=click.IntRange(min=0), default=1, show_default=True, help="Rayon du voisinage --ego.")
@click.option("--territory", default=None, help="Territoire (id) : ses acteurs et ceux des territoires inclus.")
@click.option("--type", "types", default=None, help="Types d'acteurs à garder, séparés par des virgules.")
@click.option("--size-by", type=click.Choice(list(SIZE_MEASURES)), default="degree",
              show_default=True, help="Mesure qui donne la taille des cercles.")
@click.option("--color-by", type=click.Choice(COLOR_MODES), default="type", show_default=True,
              help="Couleur : type d'acteur ou communauté.")
@click.option("--title", default=None, help="Titre de la page.")
@click.option("--aggregate/--no-aggregate", default=None,
              help="Force ou refuse la vue agrégée par département (par défaut : au-delà de 1 500 acteurs).")
def view_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None, out: Path,
             as_of: dt.date | None, all_dates: bool, weighting: str, ties: str, memberships: bool,
             show_gaps: bool, rules_file: Path | None, ego: str | None, hops: int,
             territory: str | None, types: str | None, size_by: str, color_by: str, title: str | None,
             aggregate: bool | None) -> None:
    """Écrit une page HTML interactive du réseau des acteurs, lisible hors ligne (ou son image).

    Avec --out reseau.svg ou reseau.png, écrit une image fixe de la même vue (mêmes acteurs,
    positions, couleurs, légende et titre) pour une diapositive.

    Exemple : hlmgraph view mes-donnees/ --territory departement:59 --gaps --out nord.html
    """
    from hlmgraph.views import render_view

    G = load_source_graph(path, from_neo4j, uri, user, database)
    with Progress("Vue du réseau") as shown:
        summary = render_view(G, out, as_of=as_of, all_dates=all_dates, weighting=weighting,
                              ties=ties, memberships=memberships, gaps=show_gaps, ego=ego,
                              hops=hops, territory=territory, types=types, size_by=size_by,
                              color_by=color_by, title=title, rules=rules_file,
                              aggregate=aggregate, progress=shown.say)
    click.echo(summary.message(), err=True)


@cli.command("report")
@graph_source
@click.option("--out", type=click.Path(path_type=Path), default=Path("rapport.html"), show_default=True,
              help="Fichier HTML du rapport (autonome, lisible hors ligne, imprimable en PDF).")
@click.option("--xlsx", type=click.Path(path_type=Path), default=None,
              help="Écrit aussi les tableaux du rapport dans ce classeur .xlsx.")
@click.option("--as-of", type=DATE, default=None, help="Date de la situation décrite (par défaut : aujourd'hui).")
@click.option("--rules", type=click.Path(path_type=Path), default=None,
              help="Fichier de règles de manques (TOML) au lieu des règles livrées.")
@click.option("--territory", default="", metavar="ID",
              help="Rapport d'un seul territoire (région, département, EPCI…), ex. region:32.")
@network_options
def report_cmd(path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
               out: Path, xlsx: Path | None, as_of: dt.date | None, rules: Path | None,
               territory: str, weighting: str, ties: str, memberships: bool) -> None:
    """Rédige le rapport en français : l'essentiel, manques, carte, échéancier, fiches territoire.

    Exemple : hlmgraph report mes-donnees/ --territory region:32 --out rapport.html --xlsx rapport.xlsx
    """
    from hlmgraph.model import NetworkOptions
    from hlmgraph.report import write_report

    G = load_source_graph(path, from_neo4j, uri, user, database)
    network = NetworkOptions(None, weighting, ties, memberships)
    with Progress("Rapport") as shown:
        written = write_report(G, out, xlsx=xlsx, as_of=as_of, rules=rules, territory=territory,
                               progress=shown.say, network=network)
    emit(None, written)
    if xlsx is not None:
        emit(None, xlsx)
