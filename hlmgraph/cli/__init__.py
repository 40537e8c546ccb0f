"""Command-line interface: each command parses options, calls one library function, prints.

``main`` turns failures into one French message and an exit code: 1 for bad
data or files, 2 for usage errors, 3 for database errors, 130 when
interrupted, 70 for a bug. Commands live by pipeline step in ``data``,
``public`` (import anct, diff), ``analyse``, ``outputs`` and ``neo4j``; their terminal text in ``render``.
Library steps are imported inside the commands so that ``hlmgraph --help``
starts fast; the library never imports the CLI.
"""

from __future__ import annotations

import sys
import traceback

import click

from hlmgraph import __version__
from hlmgraph.cli import analyse, data, neo4j, outputs, public, render
from hlmgraph.cli.french import CONTEXT_SETTINGS, VERSION_OPTION_TEXT, FrenchGroup, usage_message
from hlmgraph.errors import DatasetError, HlmgraphError, RulesError
from hlmgraph.output import visible

UNEXPECTED_EXIT = 70
"""Exit code of an unexpected error (a bug), as sysexits' EX_SOFTWARE."""
INTERRUPTED_EXIT = 130


@click.group("hlmgraph", cls=FrenchGroup, context_settings=CONTEXT_SETTINGS,
             invoke_without_command=True)
@click.version_option(__version__, prog_name="hlmgraph", help=VERSION_OPTION_TEXT)
@click.option("--debug", is_flag=True,
              help="Montre la trace Python complète en cas d'erreur (codes de sortie inchangés).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """hlmgraph : le réseau des partenariats du logement social, de la donnée à l'analyse.

    Exemple : hlmgraph demo --out demo
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


for _command in (
    data.validate_cmd, data.init_cmd, data.generate_cmd, data.demo_cmd,
    public.import_group, public.diff_cmd,
    analyse.analyse_cmd, analyse.gaps_cmd, analyse.recommend_cmd,
    outputs.view_cmd, outputs.report_cmd, outputs.export_cmd,
    neo4j.load_cmd, neo4j.query_cmd, neo4j.db_group,
):
    cli.add_command(_command)


def main() -> None:
    """Run the CLI, turning known failures into one clear message and an exit code."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False, prog_name="hlmgraph")
    except (click.exceptions.Abort, KeyboardInterrupt):
        _fail("Interrompu.", INTERRUPTED_EXIT)
    except click.UsageError as exc:
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"Aide : « {exc.ctx.command_path} --help ».", err=True)
        _fail(f"Erreur d'usage : {usage_message(exc)}", exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DatasetError as exc:
        _fail("\n".join(render.issue_lines(exc.report)), exc.exit_code)
    except RulesError as exc:
        _fail("\n".join(exc.problems), exc.exit_code, debug)
    except HlmgraphError as exc:
        _fail(f"Erreur : {exc}", exc.exit_code, debug)
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
        _fail(
            f"Erreur inattendue ({type(exc).__name__}: {exc}). Relancez avec --debug et "
            "signalez-la avec la trace obtenue.",
            UNEXPECTED_EXIT,
            debug,
        )


def _fail(message: str, code: int, debug: bool = False) -> None:
    """Print the trace (with --debug), then ``message`` on stderr, and exit with ``code``."""
    if debug:
        traceback.print_exc()
    click.echo(visible(message), err=True)
    sys.exit(code)
