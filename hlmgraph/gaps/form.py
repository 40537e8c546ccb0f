"""Gaps step: what a gap form is (one function carrying its own message, with its parameters)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hlmgraph.gaps.context import Context
from hlmgraph.gaps.record import Gap
from hlmgraph.gaps.rule import Rule

FormRunner = Callable[[Rule, Context], Iterator[Gap]]
"""A form function: yields the gaps of one rule, each with its French message."""


@dataclass(frozen=True)
class Form:
    """A gap form: its name, its function and the parameters its rules must and may give."""

    name: str
    run: FormRunner
    required: tuple[str, ...]
    optional: tuple[str, ...] = ("message", "title")
    title: str = ""
    """French title of the form's findings, for rules that give none."""

    @property
    def doc(self) -> str:
        """First line of the form function's docstring."""
        return (self.run.__doc__ or "").strip().splitlines()[0]


def form(
    name: str, title: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Callable[[FormRunner], Form]:
    """Turn a form function into a ``Form`` named ``name`` with its French title and parameters.

    Every form also accepts ``message`` (a template replacing its sentence) and
    ``title`` (the rule's own title).
    List the result once in ``hlmgraph.gaps.forms.FORMS``.
    """

    def wrap(run: FormRunner) -> Form:
        """The ``Form`` of ``run``."""
        return Form(name, run, required, ("message", "title", *optional), title)

    return wrap
