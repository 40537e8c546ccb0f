"""Timing helpers shared by the benchmark scripts: CPU time with children, whole commands.

On a machine shared with other work the wall-clock time grows with the load;
the CPU time (this process and the child processes it waited for) much less,
so the scripts print both.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and the child processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def command_seconds(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m hlmgraph ARGV`` in a fresh process (fails loudly)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    start, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run([sys.executable, "-m", "hlmgraph", *argv], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, cpu_seconds() - cpu
