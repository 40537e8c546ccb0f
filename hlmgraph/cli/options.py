"""Options shared by several commands, and the graph source they describe."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from hlmgraph.errors import OutputError
from hlmgraph.output import CSV_DIALECTS, visible
from hlmgraph.read import source_files
from hlmgraph.schema import TIES, WEIGHTINGS
from hlmgraph.settings import DEFAULT_URI, DEFAULT_USER, Neo4jSettings, today
from hlmgraph.values import date_problem, parse_date

if TYPE_CHECKING:
    import networkx as nx


class _DateType(click.ParamType):
    """A click parameter accepting YYYY-MM-DD or DD/MM/YYYY."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the date or fail with a usage error."""
        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            self.fail(f"date invalide « {value} » : {date_problem(str(value))}", param, ctx)
        return parsed


DATE = _DateType()


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


def dates_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --as-of (contracts in force that day, today by default) and --all-dates."""
    func = click.option("--all-dates", is_flag=True,
                        help="Compte tous les contrats, quelles que soient leurs dates.")(func)
    func = click.option(
        "--as-of", type=DATE, default=None,
        help="Ne compte que les contrats en vigueur à cette date (par défaut : aujourd'hui).",
    )(func)
    return func


def as_of_day(as_of: dt.date | None, all_dates: bool) -> dt.date | None:
    """The day of --as-of/--all-dates: None counts every contract; today by default."""
    if all_dates and as_of is not None:
        raise click.UsageError("--as-of et --all-dates s'excluent : choisissez l'un des deux.")
    return None if all_dates else (as_of or today())


def load_source_graph(
    path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
    outputs: Sequence[Path | None] = (), territory: str | None = None,
) -> nx.MultiDiGraph:
    """The model graph, from the dataset at PATH or, with --from-neo4j, from the database.

    ``outputs`` (the files the command will write) may not be files of the dataset.
    With ``territory`` (--territory), the graph cut to what lies in it (``scope.scope_graph``).
    """
    from hlmgraph.scope import scope_graph

    return scope_graph(_source_graph(path, from_neo4j, uri, user, database, outputs), territory)


def _source_graph(
    path: Path | None, from_neo4j: bool, uri: str, user: str, database: str | None,
    outputs: Sequence[Path | None],
) -> nx.MultiDiGraph:
    """The model graph, whole, from PATH or Neo4j."""
    refuse_inputs(path, *outputs)
    # Library steps are imported inside commands so that `hlmgraph --help` starts fast
    # (the library never imports the CLI: these imports dodge no cycle).
    if from_neo4j:
        if path is not None:
            raise click.UsageError("Donnez soit un jeu de données PATH, soit --from-neo4j, pas les deux.")
        from hlmgraph.store import read_graph

        return read_graph(neo4j_settings(uri, user, database))
    if path is None:
        raise click.UsageError("Jeu de données manquant : donnez un dossier CSV ou un classeur .xlsx.")
    from hlmgraph.pipeline import load_graph

    return load_graph(path)


def refuse_inputs(path: Path | None, *outputs: Path | None) -> None:
    """Refuse an output that is one of the dataset's own files: writing it would destroy it."""
    if path is None:
        return
    sources = source_files(path)
    for out in outputs:
        if out is not None and out.exists() and any(os.path.samefile(out, s) for s in sources):
            raise OutputError(
                f"{out} est un fichier du jeu de données lu : l'écrire l'écraserait ; choisissez "
                "un autre nom de fichier."
            )


def emit(text: str | None, out: Path | None) -> None:
    """Print ``text`` to stdout, or say where the output was written."""
    if out is None:
        if text:
            echo(text, nl=False)
    else:
        say(f"Écrit : {out}")


def csv_dialect_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --csv-dialect: CSV for Excel in French (default) or RFC 4180 for other tools."""
    return click.option(
        "--csv-dialect", type=click.Choice(CSV_DIALECTS), default=CSV_DIALECTS[0], show_default=True,
        help="CSV pour Excel en français (« ; », BOM, en-têtes français, virgule décimale) "
             "ou rfc4180 (« , », noms de champs, point décimal).",
    )(func)


def check_format_out(fmt: str, out: Path | None) -> None:
    """Refuse --format xlsx without an .xlsx --out before any work (a usage error)."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("le format xlsx demande un fichier de sortie : ajoutez --out FICHIER.xlsx.")
    if fmt == "xlsx" and out is not None and out.suffix.lower() != ".xlsx":
        raise click.UsageError(
            f"--format xlsx écrit un classeur : donnez à --out un nom en .xlsx (pas « {out.name} »)."
        )


def say(message: str) -> None:
    """Print a progress or step message on stderr."""
    echo(message, err=True)


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print ``text``; messages, and any output to a terminal, show control characters escaped."""
    stream = sys.stderr if err else sys.stdout
    click.echo(visible(text) if err or stream.isatty() else text, err=err, nl=nl)


class LibraryChoice(click.Choice):
    """A choice list read from a library constant (``module``, ``name``) when first needed.

    The library module is imported only when the command runs or shows its help,
    so that ``hlmgraph --help`` starts without loading every pipeline step.
    """

    def __init__(self, module: str, name: str) -> None:
        """Remember where the choices live."""
        self._where = (module, name)
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        """The library's values (a mapping gives its keys), in its order."""
        module, name = self._where
        return tuple(getattr(importlib.import_module(module), name))

    @choices.setter
    def choices(self, value: object) -> None:
        """Ignore click's assignment: the library constant is the one source."""
