"""Documentation checks: README's test command is CI's, every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from hlmgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every (full name, command) of the CLI, sub-groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix=f"{full} ")
    return found


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = next(line for line in ci_lines if line.startswith("python3 -m pip install"))
    assert command in README


def test_every_command_has_help_with_an_example_and_is_in_readme() -> None:
    commands = _commands(cli)
    assert len(commands) >= 10
    for name, command in commands:
        assert command.help, f"{name} has no help text"
        if not isinstance(command, click.Group):
            assert "Exemple : hlmgraph" in command.help, f"{name} help has no example line"
        assert re.search(rf"hlmgraph {re.escape(name)}\b", README), f"{name} missing from README"
