"""Progress of long steps: the callbacks library functions accept, and their terminal display.

Library functions never print. A long step accepts ``progress`` callbacks: a
:data:`Say` receives a French message when a step starts, a :data:`Count`
receives how many rows are done out of a total. The command line passes the
methods of one :class:`Progress`: a bar (tqdm) when stderr is a terminal,
otherwise the step messages as plain lines (logs stay readable).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from tqdm import tqdm

from hlmgraph import fr

Say = Callable[[str], None]
"""Called with a French message when a step starts."""
Count = Callable[[int, int], None]
"""Called as ``count(done, total)`` while rows are processed."""

STEP_FORMAT = "{desc} [{elapsed}]"
COUNT_FORMAT = "{desc} {percentage:3.0f}\u202f% |{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
LINE_EVERY = 1.0
"""Seconds between two count lines when stderr is not a terminal."""


def quiet(message: str) -> None:
    """A :data:`Say` that shows nothing."""


class Progress:
    """The terminal display of a command's long steps (use as a context manager)."""

    def __init__(
        self, title: str, stream: TextIO | None = None, *, bar: bool | None = None,
        count_line: Callable[[int, int], str] | None = None,
    ) -> None:
        """Show ``title`` for counted rows; a bar only if ``stream`` (stderr) is a terminal."""
        self.title = title
        self.stream = stream if stream is not None else sys.stderr
        self.bar_shown = _is_terminal(self.stream) if bar is None else bar
        self.count_line = count_line or _count_line(title)
        self._bar: tqdm[None] | None = None
        self._last_line = time.monotonic()

    def say(self, message: str) -> None:
        """A step starts: the bar's label on a terminal, else one line."""
        if not self.bar_shown:
            print(message, file=self.stream, flush=True)
            return
        bar = self._open()
        bar.bar_format = STEP_FORMAT
        bar.set_description_str(message.rstrip("…").rstrip(), refresh=True)

    def count(self, done: int, total: int) -> None:
        """Rows ``done`` of ``total``: the bar on a terminal, else a line every second."""
        if not self.bar_shown:
            now = time.monotonic()
            if now - self._last_line >= LINE_EVERY and 0 < done < total:
                self._last_line = now
                print(self.count_line(done, total), file=self.stream, flush=True)
            return
        bar = self._open()
        if bar.total != total or bar.bar_format != COUNT_FORMAT:
            bar.bar_format = COUNT_FORMAT
            bar.set_description_str(self.title, refresh=False)
            bar.reset(total=total)
        bar.update(done - bar.n)
        if done >= total:
            bar.refresh()

    def close(self) -> None:
        """Clear the bar from the terminal."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        """The display itself."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Clear the bar, whether the command succeeded or not."""
        self.close()

    def _open(self) -> tqdm[None]:
        """The bar, created on first use (cleared when closed)."""
        if self._bar is None:
            self._bar = tqdm(file=self.stream, leave=False, bar_format=STEP_FORMAT, ascii=False,
                             dynamic_ncols=True, mininterval=0.2)
        return self._bar


def _is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _count_line(title: str) -> Callable[[int, int], str]:
    """The plain line of a count: « Titre : 42 % (420 sur 1 000 lignes) »."""
    return lambda done, total: fr.typography(
        f"{title} : {fr.percent(done / total)} ({fr.number(done)} sur {fr.count(total, 'ligne')})"
    )
