"""Click's help and usage texts in French, through click's own hooks (no global patch).

Commands and groups built with ``FrenchCommand`` / ``FrenchGroup`` create a
``FrenchContext``, whose ``HelpFormatter`` writes « Usage : », « Options : »,
« Commandes : » (narrow no-break space before the colon); option rows end with
« [défaut : …] », « [obligatoire] ».
"""

from __future__ import annotations

import re
from typing import Any

import click

from hlmgraph.fr import NNBSP

USAGE_PREFIX = f"Usage{NNBSP}: "
HEADINGS: dict[str, str] = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}
"""Click's section headings and their French wording."""
HELP_OPTION_TEXT = "Affiche cette aide et quitte."
VERSION_OPTION_TEXT = "Affiche la version et quitte."
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

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


class FrenchHelpFormatter(click.HelpFormatter):
    """Click's help layout with a French usage prefix and French headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write the usage line with a French prefix."""
        super().write_usage(prog, args, prefix=USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """Write a section heading in French (« Options : »)."""
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}{NNBSP}:\n")


class FrenchContext(click.Context):
    """A click context whose help is laid out by ``FrenchHelpFormatter``."""

    formatter_class = FrenchHelpFormatter


class _FrenchHelp(click.Command):
    """French help option text and French option details ([défaut : …], [obligatoire])."""

    context_class = FrenchContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Click's --help option, described in French."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the options section with French details, then a group's commands."""
        rows = [row for param in self.get_params(ctx) if (row := help_record(param, ctx))]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class FrenchCommand(_FrenchHelp):
    """A click command with French help."""


class FrenchGroup(_FrenchHelp, click.Group):
    """A click group with French help; its subcommands and subgroups are French too."""

    command_class = FrenchCommand
    group_class = type


def help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """One option row of the help: click's option names, the help and its details in French."""
    record = param.get_help_record(ctx)
    if record is None or not isinstance(param, click.Option):
        return record
    extra = param.get_help_extra(ctx)
    details = []
    if "envvars" in extra:
        details.append(f"variable{NNBSP}: {', '.join(extra['envvars'])}")
    if "default" in extra:
        details.append(f"défaut{NNBSP}: {extra['default']}")
    if "range" in extra:
        details.append(extra["range"])
    if "required" in extra:
        details.append("obligatoire")
    text = param.help or ""
    if details:
        text = f"{text}  [{'; '.join(details)}]" if text else f"[{'; '.join(details)}]"
    return record[0], text


def usage_message(exc: click.UsageError) -> str:
    """The message of a click usage error, in French."""
    message = exc.format_message()
    for pattern, french in _USAGE_FR:
        message = re.sub(pattern, french, message)
    return message
