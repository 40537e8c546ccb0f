"""Commands that use a Bolt database: load, query, and the embedded server (db)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from hlmgraph.cli import render
from hlmgraph.cli.french import FrenchCommand, FrenchGroup
from hlmgraph.cli.options import echo, neo4j_options, neo4j_settings, say
from hlmgraph.output import TEXT_FORMATS
from hlmgraph.progress import Progress
from hlmgraph.settings import DEFAULT_SERVER_PORT


@click.command("load", cls=FrenchCommand)
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
    from hlmgraph.pipeline import load_graph
    from hlmgraph.store import load_graph as store_graph

    graph = load_graph(path)
    with Progress("Chargement dans Neo4j") as shown:
        summary = store_graph(graph, neo4j_settings(uri, user, database), replace=replace,
                              progress=shown.count)
    echo(render.load_summary(summary), nl=False)


def _key_values(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """Parse repeated --param KEY=VALUE options into a dict."""
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"« {value} » : attendu CLÉ=VALEUR, ex. actor=regie-paris19.")
        pairs[key.strip()] = text
    return pairs


@click.command("query", cls=FrenchCommand)
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, callback=_key_values, metavar="CLÉ=VALEUR",
              help="Paramètre de la requête (répétable), ex. --param actor=regie-paris19.")
@click.option("--format", "fmt", type=click.Choice(TEXT_FORMATS), default="table",
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
        echo(render_records([q.to_dict() for q in list_queries()], CATALOG_COLUMNS, fmt), nl=False)
        return
    if name is None:
        raise click.UsageError("Nom de requête manquant : voyez « hlmgraph query --list ».")
    columns, records = run_query(name, params, neo4j_settings(uri, user, database))
    echo(render_records(records, columns, fmt), nl=False)


@click.group("db", cls=FrenchGroup)
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
@click.option("--port", type=click.IntRange(1, 65534), default=None,
              help=f"Port Bolt (défaut : {DEFAULT_SERVER_PORT}, ou celui du serveur qui tourne ; "
                   "le port suivant sert à l'API HTTP d'ArcadeDB).")
def db_start_cmd(folder: Path | None, port: int | None) -> None:
    """Démarre le serveur intégré en arrière-plan et affiche les lignes export à copier.

    Exemple : hlmgraph db start --dir ./hlmgraph-db
    """
    from hlmgraph.server import start_server

    info = start_server(folder, port)
    say(render.server_status(info) + "Copiez ces lignes dans votre terminal :")
    echo(render.export_lines(info), nl=False)


@db_group.command("stop")
@_server_dir
def db_stop_cmd(folder: Path | None) -> None:
    """Arrête le serveur intégré (les données restent dans le dossier).

    Exemple : hlmgraph db stop
    """
    from hlmgraph.server import stop_server

    stopped = stop_server(folder)
    echo("Serveur intégré arrêté." if stopped else "Aucun serveur intégré ne tournait.")


@db_group.command("status")
@_server_dir
def db_status_cmd(folder: Path | None) -> None:
    """Dit si le serveur intégré tourne (code de sortie 0) ou non (code 1).

    Exemple : hlmgraph db status
    """
    from hlmgraph.server import server_status

    info = server_status(folder)
    echo(render.server_status(info), nl=False)
    sys.exit(0 if info.running else 1)
