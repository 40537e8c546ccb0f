"""hlmgraph diff: organisations, partnerships, contracts and gaps between two datasets or dates."""

from __future__ import annotations

import csv
import datetime as dt
import json
from itertools import combinations
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hlmgraph import fr
from hlmgraph.anct import import_anct
from hlmgraph.cli.summaries import diff_lines
from hlmgraph.columns import CHANGE
from hlmgraph.diff import (
    FORMATS,
    ReportChanges,
    changes_by_departement,
    changes_frame,
    compare_with,
    departement_map,
    diff_datasets,
    write_changes,
)
from hlmgraph.pipeline import load_graph
from hlmgraph.report import write_report
from hlmgraph.values import parse_date

DATA = Path(__file__).parent / "data" / "anct"
DEMO = Path(__file__).resolve().parents[1] / "hlmgraph" / "data" / "demo"
DAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The 2024 and 2025 adultes-relais extracts, each imported into a dataset."""
    root = tmp_path_factory.mktemp("years")
    for year in (2024, 2025):
        import_anct([DATA / f"anct_adultes_relais_{year}.csv"], root / str(year))
    return root / "2024", root / "2025"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    """Rows of one dataset table (`;` or `,`, BOM or not)."""
    text = (folder / f"{name}.csv").read_text(encoding="utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def _pairs(folder: Path, day: dt.date) -> set[tuple[str, str]]:
    """Actor pairs sharing a contract in force on ``day``, from the CSV files alone."""
    running = set()
    for row in _rows(folder, "contracts"):
        start, end = parse_date(row.get("start") or ""), parse_date(row.get("end") or "")
        if (start is None or start <= day) and (end is None or day <= end):
            running.add(row["id"])
    parties: dict[str, set[str]] = {}
    for row in _rows(folder, "parties"):
        if row["contract"] in running:
            parties.setdefault(row["contract"], set()).add(row["actor"])
    return {pair for actors in parties.values() for pair in combinations(sorted(actors), 2)}


def test_two_years_of_posts(years: tuple[Path, Path]) -> None:
    """Added/removed organisations and gained/lost partnerships match the files."""
    old, new = years
    changes = diff_datasets(old, new, as_of_old=DAY, as_of_new=DAY)
    before = {r["id"] for r in _rows(old, "actors")}
    after = {r["id"] for r in _rows(new, "actors")}
    assert changes.actors_added == sorted(after - before)
    assert changes.actors_removed == sorted(before - after)
    assert changes.actors_removed
    pairs_old, pairs_new = _pairs(old, DAY), _pairs(new, DAY)
    assert changes.partnerships_gained == sorted(pairs_new - pairs_old)
    assert changes.partnerships_lost == sorted(pairs_old - pairs_new)
    data = changes.to_dict()
    assert list(data) == ["actors", "partnerships", "contracts", "gaps"]
    assert list(data["actors"]) == ["added", "removed"]
    assert list(data["partnerships"]) == ["gained", "lost"]
    assert list(data["contracts"]) == ["added", "removed"]
    assert list(data["gaps"]) == ["opened", "closed"]
    assert all(isinstance(p, list) and len(p) == 2 for p in data["partnerships"]["lost"])
    lines = diff_lines(changes)
    assert fr.count(len(changes.actors_removed), "retirée") in lines[1]


def test_one_dataset_at_two_dates() -> None:
    """The demo at two dates: same organisations, contracts in force as the dates say."""
    old_day, new_day = dt.date(2024, 1, 1), dt.date(2026, 11, 23)
    changes = diff_datasets(DEMO, as_of_old=old_day, as_of_new=new_day)
    assert not changes.actors_added and not changes.actors_removed

    def running(day: dt.date) -> set[str]:
        """Contracts in force on ``day`` from the CSV file."""
        found = set()
        for row in _rows(DEMO, "contracts"):
            start, end = parse_date(row.get("start") or ""), parse_date(row.get("end") or "")
            if (start is None or start <= day) and (end is None or day <= end):
                found.add(row["id"])
        return found

    assert changes.contracts_added == sorted(running(new_day) - running(old_day))
    assert changes.contracts_removed == sorted(running(old_day) - running(new_day))
    assert changes.contracts_added and changes.contracts_removed
    assert changes.partnerships_gained == sorted(_pairs(DEMO, new_day) - _pairs(DEMO, old_day))
    keys = {(g.rule, g.territory, tuple(g.actors)) for g in changes.gaps_opened}
    assert not keys & {(g.rule, g.territory, tuple(g.actors)) for g in changes.gaps_closed}


def test_every_format(years: tuple[Path, Path], tmp_path: Path) -> None:
    """JSON is the dict; CSV and XLSX have one row per change; HTML is offline and escaped."""
    changes = diff_datasets(*years, as_of_old=DAY, as_of_new=DAY)
    rows = len(changes_frame(changes))
    total = sum(len(v) for section in changes.to_dict().values() for v in section.values())
    assert rows == total
    for fmt in FORMATS:
        write_changes(changes, fmt, tmp_path / f"changes.{fmt}")
    assert json.loads((tmp_path / "changes.json").read_text("utf-8")) == changes.to_dict()
    raw = (tmp_path / "changes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "changes.csv", encoding="utf-8-sig", newline="") as handle:
        rows_csv = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows_csv) == total
    assert list(rows_csv[0]) == [c.header for c in CHANGE.values()]
    sheet = load_workbook(tmp_path / "changes.xlsx")["changements"]
    assert sheet.max_row == total + 1 and sheet.freeze_panes == "A2"
    page = (tmp_path / "changes.html").read_text("utf-8")
    assert "Content-Security-Policy" in page and "http" not in page.replace("http-equiv", "")
    assert "Ce qui a changé" in page


def test_html_escapes_names(tmp_path: Path) -> None:
    """An organisation named like markup stays text on the page."""
    for folder, name in (("a", "Régie"), ("b", "<script>alert(1)</script>")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "actors.csv").write_text(f"id,name,type\nx-{folder},{name},regie\n",
                                                     encoding="utf-8")
    changes = diff_datasets(tmp_path / "a", tmp_path / "b", as_of_old=DAY, as_of_new=DAY)
    page = write_changes(changes, "html", None)
    assert page is not None and "<script>" not in page and "&lt;script&gt;" in page


def test_by_departement_and_map(years: tuple[Path, Path]) -> None:
    """Per département, the counts add up to the changes; the map draws one circle per value."""
    changes = diff_datasets(*years, as_of_old=DAY, as_of_new=DAY)
    frame = changes_by_departement(changes)
    assert frame["organisations_retirees"].sum() <= len(changes.actors_removed)
    assert frame["organisations_retirees"].sum() > 0
    assert set(frame["departement"]) <= {"02", "60", "80"}
    svg = departement_map({"80": -3, "60": 2, "02": 0})
    assert svg.count('fill="#c62828"') == 1 and svg.count('fill="#2e7d32"') == 1


def test_report_compare_adds_what_changed(years: tuple[Path, Path], tmp_path: Path) -> None:
    """report --compare: « Ce qui a changé » after « L'essentiel », with the same counts."""
    old, new = years
    graph = load_graph(new)
    changes = compare_with(old, graph, as_of=DAY)
    expected = diff_datasets(old, new, as_of_old=DAY, as_of_new=DAY)
    assert changes.to_dict() == expected.to_dict()
    out = write_report(graph, tmp_path / "rapport.html", as_of=DAY, changes=ReportChanges(changes))
    page = out.read_text("utf-8")
    assert page.index('id="essentiel"') < page.index('id="changements"') < page.index('id="chiffres"')
    assert fr.typography(fr.count(len(changes.actors_removed), "retirée")) in page
    plain = write_report(graph, tmp_path / "sans.html", as_of=DAY).read_text("utf-8")
    assert 'id="changements"' not in plain
