"""Wording of every people-facing output of the demo: no raw rule codes, no « (s) », French spacing.

One scan reads what people see after ``hlmgraph demo`` and the terminal commands
on the demo dataset: the report's and the view's texts (tooltips included), the
headers and cells of the people's CSV and XLSX files, and the terminal output of
``gaps``, ``analyse``, ``recommend`` and ``diff``. It looks for:

- a raw rule code (``regie-bailleur``) or an unaccented ``echeance`` where a title belongs;
- an unresolved plural « (s) »;
- an ordinary space before « : ; ! ? » or inside « », where French wants U+202F;
- « manque » said of an alert (échéance), or a count adding alerts to gaps;
- « partenaire » counts worded wrong (« 1 partenaires », « dont 0 sans partenaire »).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from conftest import RunCli

from hlmgraph.demo import DEMO_AS_OF
from hlmgraph.gaps import load_rules

Text = tuple[str, str]
"""(where, text) of one thing people read."""

RULE_COLUMN_HEADERS = {"Règle", "rule"}
"""Columns whose cells are rule identifiers by design (the people's files keep the id beside the title)."""
ID_HEADERS = {"Identifiant", "Organisation (id)", "Partenaire (id)", "Territoire (id)", "Contrat (id)",
              "Acteurs (id)", "id", "id_2"}
"""Columns whose cells are identifiers (never wording)."""


class _PageText(HTMLParser):
    """Text nodes (scripts and styles left out), tooltips and the view's embedded data."""

    def __init__(self) -> None:
        """Start with nothing read."""
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0
        self._data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Enter scripts and styles; keep title, alt and aria-label attributes."""
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
            self._data = attributes.get("id") == "hlmgraph-data"
        for name in ("title", "alt", "aria-label"):
            if attributes.get(name):
                self.texts.append(str(attributes[name]))

    def handle_endtag(self, tag: str) -> None:
        """Leave scripts and styles."""
        if tag in ("script", "style"):
            self._skip -= 1
            self._data = False

    def handle_data(self, data: str) -> None:
        """Keep visible text and every string of the view's data."""
        if self._data:
            self.texts += list(_strings(json.loads(data)))
        elif not self._skip and data.strip():
            self.texts.append(data)


def _strings(value: object, key: str = "") -> Iterator[str]:
    """Every string in a JSON value, ids and colours left out."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str) and key not in ("id", "from", "to", "color", "group", "shape", "c"):
        yield value


def page_texts(path: Path) -> list[Text]:
    """What people read in an HTML page."""
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return [(path.name, t) for t in parser.texts]


def csv_texts(path: Path) -> list[Text]:
    """Headers and wording cells of a people's CSV (``;``, BOM), ids and rule codes left out."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    return _table_texts(path.name, rows)


def xlsx_texts(path: Path) -> list[Text]:
    """Headers and wording cells of every sheet of a workbook."""
    book = openpyxl.load_workbook(path, read_only=True)
    found: list[Text] = []
    for sheet in book.worksheets:
        rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        found += _table_texts(f"{path.name}:{sheet.title}", rows)
    book.close()
    return found


def _table_texts(where: str, rows: list[list[object]]) -> list[Text]:
    """Header cells, then text cells outside id and rule columns."""
    if not rows:
        return []
    header = [str(h or "") for h in rows[0]]
    found = [(where, h) for h in header if h]
    for row in rows[1:]:
        for name, value in zip(header, row, strict=False):
            if isinstance(value, str) and value and name not in ID_HEADERS | RULE_COLUMN_HEADERS:
                found.append((f"{where}[{name}]", value))
    return found


def _plural_nouns() -> str:
    """Nouns whose count must agree (regex alternation)."""
    return "manque|échéance|partenaire|acteur|lien|contrat|logement|organisation|paire|règle"


RULE_CODES = sorted((r.id for r in load_rules() if "-" in r.id), key=len, reverse=True)
"""Hyphenated ids of the shipped rules (single words like « insertion » are also plain French)."""
CHECKS: dict[str, re.Pattern[str]] = {
    "code de règle brut": re.compile(
        r"(?<![\w/-])(?:" + "|".join(map(re.escape, RULE_CODES)) + r"|echeance)(?![\w-])"
    ),
    "pluriel « (s) » non résolu": re.compile(r"\w\(s\)|\(e?s\)"),
    "espace ordinaire avant « : ; ! ? »": re.compile(r"(?<=\S) [:;!?](?=\s|$)"),
    "espace ordinaire dans « »": re.compile(r"« | »"),
    "accord du nombre": re.compile(
        rf"(?<![\d,.\u202f])(?:[01] (?:{_plural_nouns()})s|(?:[2-9]|\d{{2,}}) (?:{_plural_nouns()})(?!s)\b)"
    ),
    "« dont 0 »": re.compile(r"\bdont 0\b"),
}
"""Problem name → pattern that finds it in one text."""


def problems(texts: list[Text], gaps: int, alerts: int) -> list[str]:
    """Every problem found, one line each: ``where: problem: « text »``."""
    found = []
    for where, text in texts:
        for name, pattern in CHECKS.items():
            match = pattern.search(text)
            if match:
                found.append(f"{where}: {name}: « {_around(text, match)} »")
        found += [f"{where}: {p}: « {_around(text, m)} »" for p, m in _gap_words(text, gaps, alerts)]
    return found


def _gap_words(text: str, gaps: int, alerts: int) -> list[tuple[str, re.Match[str]]]:
    """« manque » said of an alert, or gaps and alerts added in one count."""
    found = []
    said = re.search(r"manques? (?:de partenariat )?(?:[^.;]{0,40})échéance|échéances? (?:[^.;]{0,20})manque", text)
    if said and "à part" not in text and "jamais" not in text and "sans" not in said.group(0):
        found.append(("« manque » et « échéance » mêlés", said))
    if alerts:
        total = re.search(rf"(?<![\d\u202f]){gaps + alerts} manques?\b", text)
        if total:
            found.append(("échéances comptées avec les manques", total))
    return found


def _around(text: str, match: re.Match[str], width: int = 40) -> str:
    """The text around a match, on one line."""
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return text[start:end].replace("\n", " ⏎ ")


@pytest.fixture(scope="module")
def demo_texts(run_cli: RunCli, tmp_path_factory: pytest.TempPathFactory, demo_path: Path) -> tuple[list[Text], int, int]:
    """Everything people read after ``hlmgraph demo`` and the terminal commands, with the gap and alert counts."""
    out = tmp_path_factory.mktemp("wording") / "demo"
    done = run_cli("demo", "--out", out)
    assert done.returncode == 0, done.stderr
    texts: list[Text] = [("demo (terminal)", line) for line in done.stdout.splitlines()]
    texts += page_texts(out / "rapport.html") + page_texts(out / "reseau.html")
    texts += csv_texts(out / "manques.csv") + csv_texts(out / "mesures.csv")
    texts += xlsx_texts(out / "rapport.xlsx")
    texts += [("reseau.txt", line) for line in (out / "reseau.txt").read_text(encoding="utf-8").splitlines()]
    day = ["--as-of", DEMO_AS_OF.isoformat()]
    for args in (["gaps", demo_path, *day], ["gaps", demo_path, *day, "--by", "departement"],
                 ["analyse", demo_path, *day], ["recommend", demo_path, *day],
                 ["diff", demo_path, "--as-of-old", "2024-01-01", "--as-of-new", DEMO_AS_OF.isoformat()]):
        run = run_cli(*args)
        assert run.returncode == 0, run.stderr
        where = " ".join(str(a) for a in args[:1] + args[2:])
        texts += [(f"{where} (terminal)", line) for line in (run.stdout + run.stderr).splitlines()]
    records = json.loads((out / "manques.json").read_text(encoding="utf-8"))
    alerts = sum(1 for r in records if r["category"] == "echeance")
    return texts, len(records) - alerts, alerts


def test_scan_finds_each_kind_of_problem() -> None:
    """The scan itself: each planted problem is found, correct French passes."""
    bad = [("t", "Règle regie-bailleur : 3 manques"), ("t", "partenaire(s)"),
           ("t", "1 partenaires"), ("t", "dont 0 sans partenaire"), ("t", "« Lille »"),
           ("t", "21 manques de partenariat"), ("t", "3 manques dont 1 échéance")]
    assert len(problems(bad, gaps=16, alerts=5)) == len(bad) + 1  # the first has two problems
    good = [("t", "Bailleur et régie sans contrat\u202f: 3\u202fmanques"), ("t", "1 partenaire"),
            ("t", "«\u202fLille\u202f»"), ("t", "16 manques de partenariat\u202f; 5 échéances à part"),
            ("t", "12 acteurs"), ("t", "Identifiant\u202f: regie-bailleur-2")]
    assert problems(good, gaps=16, alerts=5) == []


def test_demo_outputs_read_right(demo_texts: tuple[list[Text], int, int]) -> None:
    """No raw rule code, « (s) », ordinary space before « : ; ! ? », mixed manque/échéance or bad count."""
    texts, gaps, alerts = demo_texts
    assert len(texts) > 1000 and gaps and alerts
    found = problems(texts, gaps, alerts)
    assert found == [], f"{len(found)} problèmes :\n" + "\n".join(found[:60])
