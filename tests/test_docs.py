"""Documentation checks: CI runs the README's commands, links resolve, snippets run, pages are complete."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import click
import pytest

from hlmgraph import schema
from hlmgraph.cli import cli
from hlmgraph.settings import Neo4jSettings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
SNIPPET = re.compile(r"^```python\n(.*?)^```", re.M | re.S)
RUNNER = """\
import json, sys, traceback
failures = []
for where, code in json.load(open(sys.argv[1], encoding="utf-8")):
    try:
        exec(compile(code, where, "exec"), {"__name__": "__main__"})
    except BaseException:
        failures.append(where + ": " + traceback.format_exc(limit=-2))
json.dump(failures, open(sys.argv[2], "w", encoding="utf-8"))
"""


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every (full name, command) of the CLI, sub-groups included."""
    found = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix=f"{full} ")
    return found


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower()
    text = "".join(c for c in text if c in "-_ " or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    """Anchors of the headings of a Markdown page."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def _links(page: Path) -> list[str]:
    """Link targets of a Markdown page, outside code blocks."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    return LINK.findall(text)


def _ci_command() -> str:
    """The README command that .ci/run runs."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if "pip install" in line and not line.startswith("#"))


def test_ci_runs_the_readme_test_command() -> None:
    command = _ci_command()
    assert f"```bash\n{command}\n```" in README
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")


def test_readme_quick_start_uses_a_virtual_environment() -> None:
    """PEP 668: on a stock Debian Python, pip installs only inside a venv."""
    blocks = re.findall(r"^```bash\n(.*?)\n```", README, flags=re.M | re.S)
    installs = [b for b in blocks if "pip install" in b and "hlmgraph demo" in b]
    assert installs == [
        "python3 -m venv .venv && . .venv/bin/activate && python3 -m pip install . && "
        "hlmgraph demo --out demo-hlmgraph"
    ]
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/demo-hlmgraph/" in ignored and ".venv/" in ignored


def test_every_command_has_help_with_an_example_and_is_in_readme() -> None:
    commands = _commands(cli)
    assert len(commands) >= 10
    for name, command in commands:
        assert command.help, f"{name} has no help text"
        if not isinstance(command, click.Group):
            assert "Exemple : hlmgraph" in command.help, f"{name} help has no example line"
        assert re.search(rf"hlmgraph {re.escape(name)}\b", README), f"{name} missing from README"


def test_command_reference_has_every_command_and_option() -> None:
    """docs/commandes.md names every command and, for each, every long option."""
    page = (ROOT / "docs" / "commandes.md").read_text(encoding="utf-8")
    missing = []
    for name, command in _commands(cli):
        if not re.search(rf"hlmgraph {re.escape(name)}\b", page):
            missing.append(name)
        options = [o for p in command.params for o in p.opts if o.startswith("--")]
        missing += [f"{name} {o}" for o in options if not re.search(rf"{re.escape(o)}\b", page)]
    assert missing == []


def test_format_page_has_every_table_column_and_value() -> None:
    """docs/format.md describes every table, column and vocabulary value with its French label."""
    page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    words = {f"`{t}`" for t in schema.TABLES}
    words |= {f"`{c.name}`" for columns in schema.TABLES.values() for c in columns}
    words |= {f"`{v}`" for values in schema.VOCABULARIES.values() for v in values}
    labels = (schema.TYPE_LABELS_FR, schema.LEVEL_LABELS_FR, schema.KIND_LABELS_FR,
              schema.ROLE_LABELS_FR)
    words |= {label for table in labels for label in table.values()}
    assert sorted(w for w in words if w not in page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve_inside_the_repository(page: Path) -> None:
    """Every relative link points to a file of the repository (and an existing heading)."""
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text and "/work/" not in text
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if ROOT not in resolved.parents or not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(target)
    assert broken == []


@pytest.mark.neo4j
def test_python_snippets_run_from_any_folder(tmp_path: Path, neo4j_db: Neo4jSettings) -> None:
    """Every ```python block of the README and docs runs as written in an unrelated folder."""
    snippets = [(f"{page.relative_to(ROOT)}:{text[:m.start()].count(chr(10)) + 2}", m.group(1))
                for page in PAGES for text in [page.read_text(encoding="utf-8")]
                for m in SNIPPET.finditer(text)]
    assert any(where.startswith("README.md") for where, _ in snippets)
    (tmp_path / "snippets.json").write_text(json.dumps(snippets), encoding="utf-8")
    env: dict[str, Any] = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env |= {"NEO4J_URI": neo4j_db.uri, "NEO4J_USERNAME": neo4j_db.user,
            "NEO4J_PASSWORD": neo4j_db.password, "NEO4J_DATABASE": neo4j_db.database or ""}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    work = tmp_path / "ailleurs"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path / "snippets.json"), str(tmp_path / "out.json")],
        cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == []
    assert (work / "reseau.html").is_file()


def test_settings_from_the_environment() -> None:
    """Neo4jSettings.from_env reads the NEO4J_* variables, with the documented defaults."""
    env = {"NEO4J_URI": "bolt://db:7687", "NEO4J_USERNAME": "lecteur",
           "NEO4J_PASSWORD": "Secret-913", "NEO4J_DATABASE": "hlm"}
    settings = Neo4jSettings.from_env(env)
    assert settings == Neo4jSettings("bolt://db:7687", "lecteur", "Secret-913", "hlm")
    assert "Secret-913" not in repr(settings)
    assert Neo4jSettings.from_env({"NEO4J_DATABASE": ""}) == Neo4jSettings()


FRENCH = {"name": "nom", "subtype": "sous_type", "territory": "territoire", "level": "niveau",
          "kind": "nature", "start": "début", "end": "fin", "amount_eur": "montant",
          "themes": "thèmes", "contract": "contrat", "actor": "acteur", "role": "rôle",
          "dwellings": "logements", "member": "membre"}
"""The French header names docs/format.md gives (issue 12, « First hour » item 4)."""


def test_format_page_gives_the_french_headers() -> None:
    page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert [f for e, f in FRENCH.items() if f"| `{e}` | `{f}`" not in page] == []


def test_french_headers_of_the_format_page_are_accepted(tmp_path: Path, valid_dataset: Path) -> None:
    """The valid dataset with every header in French validates to the same summary."""
    from hlmgraph.validate import validate_path

    for source in valid_dataset.glob("*.csv"):
        header, _, rest = source.read_text(encoding="utf-8").partition("\n")
        french = ",".join(FRENCH.get(column, column) for column in header.split(","))
        (tmp_path / source.name).write_text(f"{french}\n{rest}", encoding="utf-8")
    english, _ = validate_path(valid_dataset)
    french, report = validate_path(tmp_path)
    assert report.valid and english is not None and french is not None
    assert all(french.rows(name) == english.rows(name) for name in english.tables)


def test_notebook_extras_install_jupyterlab() -> None:
    """`pip install ".[notebooks]"` (or the test extra) gives the documented `jupyter lab`."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]
    for extra in ("notebooks", "test"):
        assert any(d.startswith("jupyterlab") for d in extras[extra]), extra
    assert 'python3 -m pip install ".[notebooks]" && jupyter lab notebooks/' in README
    assert importlib.util.find_spec("jupyterlab") is not None
    assert shutil.which("jupyter-lab", path=os.path.dirname(sys.executable)) or shutil.which(
        "jupyter-lab")


def test_benchmark_blocks_are_written_by_record() -> None:
    """Every measured figure in the docs sits in a block that benchmarks/record.py writes."""
    record = _load_record()
    for script, page in record.PAGES.items():
        assert (ROOT / "benchmarks" / f"{script}.py").is_file(), script
        text = (ROOT / page).read_text(encoding="utf-8")
        assert len(record.block_pattern(script).findall(text)) == 1, (page, script)


def _load_record() -> Any:
    """The benchmarks/record.py module (benchmarks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("record", ROOT / "benchmarks" / "record.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_record_writes_the_output_into_the_page(tmp_path: Path) -> None:
    """record.block puts the command, a French date and the output verbatim in the block."""
    record = _load_record()
    text = record.block("bench_gaps", ["--rounds", "1"], "best 1.23 s\n", 0.5)
    assert text.startswith("<!-- sortie: bench_gaps -->\nSortie de `python3 benchmarks/bench_gaps.py --rounds 1` le ")
    assert "charge moyenne 0,50 au départ)\u202f:" in text
    assert "```text\nbest 1.23 s\n```\n<!-- /sortie -->" in text
    page = "avant\n<!-- sortie: bench_gaps -->\nvieux\n<!-- /sortie -->\naprès\n"
    assert record.block_pattern("bench_gaps").sub(lambda _: text, page) == f"avant\n{text}\naprès\n"
