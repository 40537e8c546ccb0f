"""Analysis step: shortest-path measures (betweenness, closeness), once per group of twins.

Betweenness takes most of the time of a national network. On such a network
most of its path sources (``BACKGROUND_SHARE``) run in a second Python process
(``python -c``, fed through a pipe) while the caller computes the other
measures, then the rest. The values are the same bits either way: the sources
are always cut in the same two parts, each part runs the same function on the
same arrays, and the parts are added in the same order. A second process that
fails leaves its work to the caller.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import igraph as ig
import numpy as np

BACKGROUND_FROM = 50_000_000
"""Path sources times links from which betweenness runs in a second process."""
BACKGROUND_SHARE = 0.85
"""Share of the path sources given to the second process; the caller, once its other
measures are done, takes the rest (both end about together on a national network)."""
_WORKER = "from hlmgraph.analysis.paths import serve; serve()"
"""What the second process runs: read the arrays on stdin, write the result on stdout."""

Job = tuple[int, np.ndarray, np.ndarray, dict[int, list[int]]]


class Pending:
    """The betweenness being computed: ``result()`` waits for it, ``cancel()`` drops it."""

    def __init__(self, job: Job, rest: Job,
                 started: tuple[subprocess.Popen[bytes], threading.Thread] | None):
        """``job`` computed in the second process ``started`` (or here), then ``rest`` here."""
        self.job = job
        self.rest = rest
        self.started = started

    def result(self) -> list[float]:
        """NetworkX's normalised betweenness (all computed here if the second process failed)."""
        rest = raw_betweenness(*self.rest)
        first = self._collect() if self.started is not None else None
        if first is None:
            first = raw_betweenness(*self.job)
        return _scaled_betweenness(first + rest, self.job[0])

    def cancel(self) -> None:
        """Stop the second process (the caller failed before asking for the result)."""
        if self.started is not None:
            self.started[0].kill()
            self._collect()

    def _collect(self) -> np.ndarray | None:
        """Read and reap the second process: its raw betweenness, None if it failed."""
        assert self.started is not None
        process, feeder = self.started
        self.started = None
        assert process.stdout is not None
        output = process.stdout.read()
        process.stdout.close()
        feeder.join()
        if process.wait() != 0 or not output:
            return None
        raw: np.ndarray = pickle.loads(output)
        return raw


def betweenness_later(
    n: int, src: np.ndarray, dst: np.ndarray, classes: list[list[int]], degree: np.ndarray,
    background: bool | None = None,
) -> Pending:
    """Start the betweenness of the network; ``result()`` of the returned value waits for it.

    ``background`` None decides by size (``BACKGROUND_FROM``) and the processors
    available; True or False forces the choice (tests).
    """
    first, rest = _parts(_sources_by_size(classes, degree))
    if background is None:
        work = sum(len(group) for part in (first, rest) for group in part.values()) * len(src)
        background = work >= BACKGROUND_FROM and _processors() > 1
    job: Job = (n, src, dst, first)
    return Pending(job, (n, src, dst, rest), _start(job) if background else None)


def _parts(sources: dict[int, list[int]]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The sources cut in two: ``BACKGROUND_SHARE`` of them first, by group size then order."""
    flat = [(size, v) for size, group in sorted(sources.items()) for v in group]
    cut = round(len(flat) * BACKGROUND_SHARE)
    first: dict[int, list[int]] = {}
    rest: dict[int, list[int]] = {}
    for k, (size, v) in enumerate(flat):
        (first if k < cut else rest).setdefault(size, []).append(v)
    return first, rest


def serve() -> None:
    """Second process: compute the raw betweenness of the job read on stdin, write it on stdout."""
    job: Job = pickle.load(sys.stdin.buffer)
    pickle.dump(raw_betweenness(*job), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def raw_betweenness(
    n: int, src: np.ndarray, dst: np.ndarray, sources: dict[int, list[int]]
) -> np.ndarray:
    """igraph's undirected betweenness, each twin group's paths counted from one member."""
    g = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist())
    raw = np.zeros(n)
    for size, group in sorted(sources.items()):
        raw += size * np.asarray(g.betweenness(directed=False, sources=group))
    return raw


def class_closeness(g: Any, classes: list[list[int]]) -> list[float]:
    """Closeness with NetworkX's Wasserman-Faust scaling, computed once per twin group."""
    values = g.closeness(vertices=[c[0] for c in classes], mode="all", normalized=True)
    out = [math.nan] * g.vcount()
    for members, value in zip(classes, values, strict=True):
        for v in members:
            out[v] = value
    return _wf_closeness(out, g, g.vcount())


def _sources_by_size(classes: list[list[int]], degree: np.ndarray) -> dict[int, list[int]]:
    """One representative of each twin group with partners, grouped by the group's size."""
    sources: dict[int, list[int]] = {}
    for members in classes:
        if degree[members[0]] > 0:
            sources.setdefault(len(members), []).append(members[0])
    return sources


def _scaled_betweenness(raw: Sequence[float] | np.ndarray, n: int) -> list[float]:
    """igraph's undirected betweenness (pairs counted once) scaled as NetworkX normalizes it."""
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    return [float(b) * scale for b in raw]


def _wf_closeness(raw: Sequence[float], g: Any, n: int) -> list[float]:
    """igraph's per-component closeness with NetworkX's Wasserman-Faust scaling (isolated: 0)."""
    membership = g.connected_components().membership
    sizes = np.bincount(membership, minlength=1) if n else np.zeros(0)
    out = []
    for i, value in enumerate(raw):
        reach = sizes[membership[i]]
        out.append(0.0 if reach <= 1 or math.isnan(value) else float(value * (reach - 1) / (n - 1)))
    return out


def _start(job: Job) -> tuple[subprocess.Popen[bytes], threading.Thread] | None:
    """A second Python process computing ``job`` (None if it cannot start)."""
    if not sys.executable or getattr(sys, "frozen", False):  # no interpreter to start
        return None
    root = str(Path(__file__).resolve().parents[2])  # this very hlmgraph, first on the path
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=env,
        )
    except OSError:
        return None
    payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    assert process.stdin is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, payload), daemon=True)
    feeder.start()
    return process, feeder


def _feed(pipe: IO[bytes], payload: bytes) -> None:
    """Write the job to the second process (in a thread: the pipe holds 64 KB at a time)."""
    try:
        pipe.write(payload)
    except OSError:  # the process died: its exit status says so
        pass
    finally:
        with contextlib.suppress(OSError):
            pipe.close()


def _processors() -> int:
    """Processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
