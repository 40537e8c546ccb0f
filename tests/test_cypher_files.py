"""The Cypher files: every referenced name exists, no orphan, safe label placeholders, packaging."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hlmgraph import store
from hlmgraph.schema import ACTOR_TYPES, LEVELS, REL_TYPES, table_of
from hlmgraph.store.load import SCHEMA_FILES
from hlmgraph.store.queries import _parse_header

REPO = Path(__file__).resolve().parents[1]
CYPHER = REPO / "cypher"
STORE_FILES = sorted((REPO / "hlmgraph" / "store").glob("*.py"))
STORE_SOURCE = "\n".join(  # the modules that run Cypher (the package file only re-exports)
    path.read_text(encoding="utf-8") for path in STORE_FILES if path.name != "__init__.py"
)
ALL_FILES = sorted(CYPHER.rglob("*.cypher"))
QUERY_FILES = sorted((CYPHER / "queries").glob("*.cypher"))


def _name(path: Path) -> str:
    """The name store.cypher() takes for a file."""
    return path.relative_to(CYPHER).with_suffix("").as_posix()


def _referenced_names() -> set[str]:
    """Every Cypher file name the store package refers to."""
    literals = set(re.findall(r'"((?:merge|create|read|count|clear|any|write)_\w+|ping)"', STORE_SOURCE))
    per_class = {
        f"{verb}_{table_of(cls)}" for cls in ("Actor", "Territory")
        for verb in ("delete_stale", "update", "create", "create_all")
    }
    per_type = {f"{verb}_{rel.lower()}" for rel in REL_TYPES for verb in ("create", "merge")}
    return literals | per_class | per_type | set(SCHEMA_FILES)


def _file_names() -> set[str]:
    """Names of the files in cypher/ outside queries/."""
    return {_name(p) for p in ALL_FILES if p.parent == CYPHER}


def test_every_referenced_file_exists_and_none_is_orphan() -> None:
    """The store names exactly the files of cypher/ (queries/ is read by listing)."""
    assert _referenced_names() == _file_names()


def test_every_file_is_one_commented_statement() -> None:
    """Each file opens with a // comment and holds one statement (no ';')."""
    for path in ALL_FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("//"), path
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
        assert ";" not in code and code.strip(), path


def test_label_placeholder_only_takes_schema_labels() -> None:
    """{{label}} is the only placeholder; only schema labels may replace it, nothing else."""
    with_placeholder = {_name(p) for p in ALL_FILES if store.LABEL_PLACEHOLDER in p.read_text()}
    assert with_placeholder == {
        "create_actors", "create_territories", "create_all_actors", "create_all_territories",
        "delete_stale_actors", "delete_stale_territories",
    }
    for path in ALL_FILES:
        assert set(re.findall(r"\{\{\w*\}\}", path.read_text())) <= {store.LABEL_PLACEHOLDER}
    for label in [*ACTOR_TYPES.values(), *LEVELS.values()]:
        for name in with_placeholder:
            assert "{{" not in store.cypher(name, label)
    for bad in ("Actor`) DETACH DELETE n //", "regie", "Bailleur:Admin", None):
        with pytest.raises(ValueError):
            store.cypher("create_actors", bad)
    with pytest.raises(ValueError):
        store.cypher("merge_contracts", "Bailleur")


def test_named_queries_declare_their_parameters() -> None:
    """Each query has a French description, and declares exactly the $parameters it uses."""
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        info = _parse_header(path.stem, text)
        assert info.description and info.description[0].isupper(), path
        body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
        assert set(re.findall(r"\$(\w+)", body)) == {p.name for p in info.parameters}, path
        assert re.search(r"[éèàçêô]", text), f"{path}: description in French with accents"


def test_no_cypher_in_python_strings() -> None:
    """Store and server code send only text read from cypher/ files."""
    pattern = re.compile(r"\b(MATCH|MERGE|CREATE)\s*\(|\bUNWIND\s+\$|\bDETACH\s+DELETE\b|\bRETURN\s+\w")
    for module in (*STORE_FILES, REPO / "hlmgraph" / "server.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        strings = [
            n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
        ]
        assert strings and not [s for s in strings if pattern.search(s)], module


def test_wheel_ships_cypher_and_the_installed_copy_is_used(tmp_path: Path) -> None:
    """pyproject force-includes cypher/ as hlmgraph/cypher; store reads that copy when installed."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    wheel = next((tmp_path / "wheel").glob("hlmgraph-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n for n in archive.namelist() if n.startswith("hlmgraph/cypher/")}
        archive.extractall(tmp_path / "site")
    assert shipped == {f"hlmgraph/cypher/{p.relative_to(CYPHER).as_posix()}" for p in ALL_FILES}
    probe = (
        "from hlmgraph import store; from hlmgraph.store.files import cypher_root; "
        "print(cypher_root()); print(len(store.list_queries()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, timeout=60,
    )
    root, count = result.stdout.split()
    assert Path(root) == tmp_path / "site" / "hlmgraph" / "cypher"
    assert int(count) == len(QUERY_FILES)
