"""Exceptions for failures a user can fix (findings are data, see findings.py)."""

from __future__ import annotations

from hlmgraph import fr
from hlmgraph.findings import ValidationReport


class HlmgraphError(Exception):
    """A failure the user can fix; its message is one French sentence."""

    exit_code = 1


class DatasetError(HlmgraphError):
    """The dataset is invalid; ``report`` holds every issue found."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"Jeu de données invalide : {fr.count(len(report.issues), 'problème')}.")
        self.report = report


class ConfigError(HlmgraphError):
    """A rules file, an option value or another setting is wrong."""


class RulesError(ConfigError):
    """A rules file is wrong; ``problems`` holds every problem as « file:line: message »."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class OutputError(HlmgraphError):
    """An output file or folder cannot be written."""


class UsageError(HlmgraphError):
    """A command was given a wrong value (exit 2, like other usage errors)."""

    exit_code = 2


class StoreError(HlmgraphError):
    """The Neo4j database cannot be reached or refuses the operation."""

    exit_code = 3
