"""Every hlmgraph module imports on its own in a fresh interpreter, and no import cycle exists."""

from __future__ import annotations

import ast
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import networkx as nx

import hlmgraph

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hlmgraph"
RUNS_ON_IMPORT = {"hlmgraph.__main__"}  # importing it runs the command line


def _modules() -> list[str]:
    """Every module and package under hlmgraph, found on disk (new packages included)."""
    found = pkgutil.walk_packages([str(PACKAGE)], "hlmgraph.")
    return sorted({"hlmgraph", *(m.name for m in found)} - RUNS_ON_IMPORT)


def _source(module: str) -> Path:
    """The source file of ``module``."""
    parts = module.split(".")[1:]
    folder = PACKAGE.joinpath(*parts)
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def _imported(module: str, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The hlmgraph modules an import statement of ``module`` names."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in known}
    base = node.module or ""
    if node.level:
        package = module if _source(module).name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    names = {f"{base}.{a.name}" for a in node.names}
    return {n for n in names if n in known} | ({base} & known if not names <= known else set())


def _is_type_checking(node: ast.AST) -> bool:
    """Whether ``node`` is an ``if TYPE_CHECKING:`` block."""
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _edges(module: str, known: set[str], *, nested: bool) -> set[str]:
    """Modules ``module`` imports at top level (and in functions when ``nested``)."""
    tree = ast.parse(_source(module).read_text(encoding="utf-8"))
    found: set[str] = set()
    stack: list[ast.AST] = [n for n in tree.body if not _is_type_checking(n)]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found |= _imported(module, node, known)
        elif nested or not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(n for n in ast.iter_child_nodes(node) if not _is_type_checking(n))
    return found - {module}


def _cycles(*, nested: bool) -> list[list[str]]:
    """Import cycles among hlmgraph modules."""
    known = set(_modules())
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    graph.add_edges_from((m, t) for m in known for t in _edges(m, known, nested=nested))
    return sorted(sorted(c) for c in nx.simple_cycles(graph))


def test_modules_are_found_on_disk() -> None:
    """The discovery sees every file of the package, packages created later included."""
    files = {p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py"
             and all((d / "__init__.py").is_file() for d in p.parents if PACKAGE in (d, *d.parents))}
    assert {_source(m) for m in _modules()} == files
    assert {"hlmgraph.cli", "hlmgraph.errors"} <= set(_modules())


_IMPORT_EACH_FIRST = """
import importlib, json, sys, warnings
warnings.simplefilter("error")
failed = {}
for module in sys.argv[1:]:
    for name in [n for n in sys.modules if n == "hlmgraph" or n.startswith("hlmgraph.")]:
        del sys.modules[name]
    try:
        importlib.import_module(module)
    except BaseException as exc:
        failed[module] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failed))
"""


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    """Importing any one module first works: no cycle that only one import order hides.

    One child interpreter imports each module in turn after unloading every hlmgraph
    module, which is what a fresh interpreter sees of hlmgraph (third-party packages stay
    loaded: they cannot hide a cycle of ours) at a fraction of the cost of one process each.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    modules = _modules()
    child = subprocess.run(
        [sys.executable, "-W", "error", "-c", _IMPORT_EACH_FIRST, *modules], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == {}
    assert hlmgraph.__name__ in modules


def test_no_import_cycle_at_module_level() -> None:
    """The top-level imports between hlmgraph modules form no cycle."""
    assert _cycles(nested=False) == []


def test_no_function_level_import_dodges_a_cycle() -> None:
    """Moving every function-level hlmgraph import to the top would still leave no cycle."""
    assert _cycles(nested=True) == []


LAYERS: dict[str, int] = {
    # 0: vocabularies, wording, shared geography, failures, atomic files
    **dict.fromkeys(("hlmgraph", "schema", "settings", "findings", "errors", "values", "fr",
                     "jsontext", "cog", "palette", "progress", "files", "dataset", "names",
                     "gc_pause", "glossary"), 0),
    # 1: raw tables, the graph model and its indexes
    **dict.fromkeys(("read", "entries", "model", "places", "scope"), 1),
    # 2: validated datasets and the graph built from them
    **dict.fromkeys(("validate", "pipeline"), 2),
    # 3: what is computed on the graph, and the database
    **dict.fromkeys(("analysis", "gaps", "recommend", "store", "server"), 3),
    # 4: what people and tools read
    **dict.fromkeys(("columns", "xlsx", "output", "dataset_files", "exports", "views", "report",
                     "diff"), 4),
    # 5: datasets made for users (generated, imported, prefilled) and the demo
    **dict.fromkeys(("generate", "anct", "prefill", "templates", "demo"), 5),
    # 6: the command line
    **dict.fromkeys(("cli", "__main__"), 6),
}
"""Pipeline layer of each top-level module (docs/ARCHITECTURE.md): imports go down, never up."""


def _top(module: str) -> str:
    """The top-level module or package of an hlmgraph module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "hlmgraph"


def test_every_module_has_a_layer() -> None:
    """A new top-level module is placed in the architecture map before it lands."""
    assert {_top(m) for m in _modules()} - set(LAYERS) == set()


def test_imports_go_down_the_pipeline() -> None:
    """No module imports from a later pipeline step (the map of docs/ARCHITECTURE.md)."""
    known = set(_modules())
    upward = sorted(
        f"{m} -> {t}"
        for m in known for t in _edges(m, known, nested=True)
        if LAYERS[_top(t)] > LAYERS[_top(m)]
    )
    assert upward == []
