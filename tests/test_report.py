"""The French report: offline in real Chromium, typography, inert hostile names, tables, map, workbook, PDF, CLI."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import RunCli
from openpyxl import load_workbook

from hlmgraph import fr
from hlmgraph.errors import ConfigError, OutputError, UsageError
from hlmgraph.gaps import find_gaps, load_rules
from hlmgraph.report import SECTIONS, build_report, render_html, write_report
from hlmgraph.report.essentials import MAX_SENTENCES, essentials
from hlmgraph.report.map import OVERSEAS, breaks, france_map, outlines, shade_of
from hlmgraph.report.svg import embedded

AS_OF = dt.date(2025, 1, 15)
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "Habitat <script>alert(2)</script> & Cie"


def report_graph() -> nx.MultiDiGraph:
    """Three QPV of one commune: full, partial and no coverage; hostile names; one isolated actor."""
    G = nx.MultiDiGraph()
    territories = [
        ("epci:1", "Métropole Test", "epci", None),
        ("commune:1", "Villeneuve", "commune", "epci:1"),
        ("qpv:A", "Quartier A", "qpv", "commune:1"),
        ("qpv:B", "Quartier B", "qpv", "commune:1"),
        ("qpv:C", "Quartier C", "qpv", "commune:1"),
    ]
    for tid, name, level, parent in territories:
        G.add_node(tid, label="Territory", id=tid, name=name, level=level)
        if parent:
            G.add_edge(tid, parent, key="PART_OF", type="PART_OF")
    actors = [
        ("b1", IMG, "bailleur"), ("b2", SCRIPT, "bailleur"), ("r1", "Régie du Quartier A", "regie"),
        ("col", "Métropole Test (collectivité)", "collectivite"), ("etat", "Préfecture", "etat"),
        ("asso", "Association sans partenaire", "association"),
    ]
    for aid, name, kind in actors:
        G.add_node(aid, label="Actor", id=aid, name=name, type=kind)
    for actor, territory, dwellings in [("b1", "qpv:A", 100), ("b2", "qpv:A", 50),
                                        ("b1", "qpv:B", 30), ("r1", "qpv:A", None)]:
        props = {"dwellings": dwellings} if dwellings else {}
        G.add_edge(actor, territory, key="PRESENT_IN", type="PRESENT_IN", **props)
    contracts = [
        ("cdv", "Contrat de ville 2024-2030", "contrat_de_ville", (2024, 1, 1), (2030, 12, 31),
         ["b1", "col", "etat"], "epci:1"),
        ("tfpb", "Convention TFPB Quartier A", "abattement_tfpb", (2024, 1, 1), (2025, 12, 31),
         ["b1", "b2"], "qpv:A"),
        ("prest", "Entretien des espaces verts", "prestation", (2023, 1, 1), (2025, 3, 31),
         ["b1", "r1"], "qpv:A"),
    ]
    for cid, name, kind, start, end, parties, covers in contracts:
        G.add_node(cid, label="Contract", id=cid, name=name, kind=kind,
                   start=dt.date(*start), end=dt.date(*end))
        for actor in parties:
            G.add_edge(actor, cid, key="PARTY_TO", type="PARTY_TO", role="signataire")
        G.add_edge(cid, covers, key="COVERS", type="COVERS")
    return G


TEXT_NODES = """
(() => {
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentNode;
    if (parent && !["STYLE", "SCRIPT"].includes(parent.nodeName)) {
      found.push(walker.currentNode.nodeValue);
    }
  }
  return found;
})()
"""
TYPOGRAPHY_ERRORS: tuple[tuple[str, str], ...] = (
    (r"[ \u00a0][;:!?]", "ordinary space before high punctuation"),
    (r"\w[;!?]", "no space before ; ! ?"),
    (r"«(?!\u202f)", "no narrow space after «"),
    (r"(?<!\u202f)»", "no narrow space before »"),
    (r"\w\(s\)", "unresolved plural « (s) »"),
    (r"\b\d{1,3}(?: \d{3})+\b", "thousands with an ordinary space"),
    (r"\b\d{5,}\b(?! \()", "number of five digits or more without separator"),
)


def typography_errors(texts: list[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """Text nodes breaking French typography, each with the broken rule."""
    found = []
    for text in texts:
        if any(a in text for a in allowed):
            continue
        for pattern, what in TYPOGRAPHY_ERRORS:
            if re.search(pattern, text):
                found.append(f"{what}: {text!r}")
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The report and workbook of the hand-built graph."""
    folder = tmp_path_factory.mktemp("report")
    out = write_report(report_graph(), folder / "rapport.html", xlsx=folder / "rapport.xlsx", as_of=AS_OF)
    return out, folder / "rapport.xlsx"


@pytest.fixture(scope="module")
def demo_report(demo_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the demo dataset at its own date."""
    folder = tmp_path_factory.mktemp("demo-report")
    return write_report(demo_graph, folder / "demo.html", as_of=dt.date(2026, 11, 23))


@pytest.mark.browser
def test_report_opens_offline_with_every_section(
    written: tuple[Path, Path], open_page: Callable[..., Any]
) -> None:
    """Chromium shows every section with no error, no request and no script."""
    html_path, _ = written
    text = html_path.read_text(encoding="utf-8")
    assert "<script" not in text.replace("&lt;script", "")
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert set(re.findall(r"https?://[^\"]*", text)) <= namespaces  # xmlns only, no resource
    assert "Content-Security-Policy" in text and 'lang="fr"' in text
    opened = open_page(html_path, wait_for_network=False)
    assert opened.console_errors == [] and opened.page_errors == [] and opened.requests == []
    headings = opened.evaluate("[...document.querySelectorAll('section > h2')].map(h => h.textContent)")
    assert headings == [name for _, name in SECTIONS]
    assert headings[0] == "L'essentiel"
    assert opened.evaluate("document.scripts.length") == 0
    broken = opened.evaluate(
        "[...document.querySelectorAll('a[href^=\"#\"]')]"
        ".filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length"
    )
    assert broken == 0
    assert opened.evaluate("document.querySelectorAll('figure.network > svg.network').length") == 1
    opened.screenshot("report-small")


@pytest.mark.browser
def test_typography_of_every_text_node(
    written: tuple[Path, Path], demo_report: Path, open_page: Callable[..., Any]
) -> None:
    """Every text node of the page follows French typography (U+202F, « », numbers, plurals)."""
    for path in (written[0], demo_report):
        texts = open_page(path, wait_for_network=False).evaluate(TEXT_NODES)
        assert len(texts) > 200
        assert typography_errors(texts, allowed=(IMG, SCRIPT)) == []
    demo_text = demo_report.read_text(encoding="utf-8")
    assert "\u202f:" in demo_text and "«\u202f" in demo_text


def test_typography_check_can_fail() -> None:
    """The typography check finds each kind of mistake it looks for."""
    bad = ["Manques : 3", "« mot »", "1 470 logements", "partenaire(s)", "14700 logements", "oui!"]
    assert len(typography_errors(bad)) >= len(bad)
    assert typography_errors([fr.typography("Manques : 3 ; « mot » !"), fr.count(14700, "logement")]) == []


@pytest.mark.browser
def test_hostile_names_are_text(written: tuple[Path, Path], open_page: Callable[..., Any]) -> None:
    """Names full of markup appear verbatim as text and never run."""
    opened = open_page(written[0], wait_for_network=False)
    assert opened.dialogs == []
    assert opened.evaluate("document.querySelectorAll('img').length") == 0
    body = opened.evaluate("document.body.innerText")
    assert IMG in body and SCRIPT in body
    labels = opened.evaluate("document.querySelector('figure.network svg').textContent")
    assert IMG in labels and SCRIPT in labels


@pytest.mark.browser
def test_workbook_has_the_same_tables(written: tuple[Path, Path], open_page: Callable[..., Any]) -> None:
    """Each HTML table names its sheet; that sheet has the same number of rows."""
    html_path, xlsx_path = written
    opened = open_page(html_path, wait_for_network=False)
    counts = opened.evaluate(
        "(() => { const c = {}; for (const t of document.querySelectorAll('table[data-sheet]')) {"
        " c[t.dataset.sheet] = (c[t.dataset.sheet] || 0) + t.tBodies[0].rows.length; } return c; })()"
    )
    workbook = load_workbook(xlsx_path)
    sheets = {ws.title: ws.max_row - 1 for ws in workbook.worksheets}
    for sheet, rows in counts.items():
        assert sheets[sheet] == rows, sheet
    assert {"Chiffres clés", "Manques", "Couverture QPV", "Échéances", "Échéancier", "Acteurs isolés",
            "Fiches territoire", "Carte"} <= set(sheets)
    cells = [c.value for row in workbook["Manques"].iter_rows(min_row=2) for c in row]
    assert any(isinstance(v, str) and IMG in v for v in cells)


def test_long_tables_are_cut_in_the_page_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the row limit the page shows the first rows and says so; the workbook keeps all."""
    monkeypatch.setattr("hlmgraph.report.markup.HTML_ROW_LIMIT", 1)
    out = write_report(report_graph(), tmp_path / "r.html", xlsx=tmp_path / "r.xlsx", as_of=AS_OF)
    text = out.read_text(encoding="utf-8")
    assert "Seules les 1 premières lignes sur 3 sont affichées" in text
    qpv_table = text.split('data-sheet="Couverture QPV"')[1].split("</table>")[0]
    assert qpv_table.count("<tr>") == 2 and "Quartier A" in qpv_table
    assert load_workbook(tmp_path / "r.xlsx")["Couverture QPV"].max_row == 4


@pytest.mark.browser
def test_print_to_pdf_is_multipage(written: tuple[Path, Path], open_page: Callable[..., Any]) -> None:
    """Printing gives a real multi-page A4 PDF (a page break before each section)."""
    opened = open_page(written[0], wait_for_network=False)
    pdf = opened.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= len(SECTIONS)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2  # A4


def test_qpv_coverage_values() -> None:
    """Régie, contrat de ville and TFPB shares follow the gaps of the named rules."""
    data = build_report(report_graph(), as_of=AS_OF)
    rows = {r["QPV"]: r for r in data.tables["Couverture QPV"].rows}
    assert rows["Quartier A"]["Bailleurs logeant des habitants"] == 2
    assert rows["Quartier A"]["Logements"] == 150
    assert rows["Quartier A"]["Régie présente"] == "oui"
    assert rows["Quartier A"]["Contrat de ville signé"] == "1 sur 2"
    assert rows["Quartier A"]["Convention TFPB signée"] == "oui"
    assert (rows["Quartier B"]["Régie présente"], rows["Quartier B"]["Contrat de ville signé"],
            rows["Quartier B"]["Convention TFPB signée"]) == ("non", "oui", "non")
    assert rows["Quartier C"]["Contrat de ville signé"] == rows["Quartier C"]["Régie présente"] == "sans objet"
    assert rows["Quartier A"]["Commune ou EPCI"] == "Villeneuve"


def test_coverage_without_its_rules_says_unchecked(tmp_path: Path) -> None:
    """With a rules file lacking the coverage rules, the report says so instead of checking in secret."""
    rules = tmp_path / "regles.toml"
    rules.write_text('[[rule]]\nid = "seule"\nform = "presence"\nlevel = "qpv"\na = "bailleur"\n'
                     'b = "centre_social"\n', encoding="utf-8")
    data = build_report(report_graph(), as_of=AS_OF, rules=load_rules(rules))
    row = next(r for r in data.tables["Couverture QPV"].rows if r["QPV"] == "Quartier A")
    assert row["Contrat de ville signé"] == row["Régie présente"] == "non vérifié"
    assert data.alerts == [] and data.tables["Échéances"].rows == []


def test_alerts_isolated_and_gaps() -> None:
    """Alerts come from the expiry rule; isolated actors and gaps by rule are listed."""
    data = build_report(report_graph(), as_of=AS_OF)
    alerts = data.tables["Échéances"].rows
    assert [r["Contrat"] for r in alerts] == ["Entretien des espaces verts", "Convention TFPB Quartier A"]
    assert alerts[0]["Fin"] == dt.date(2025, 3, 31) and alerts[0]["Jours restants"] == 75
    assert [r["Organisation"] for r in data.tables["Acteurs isolés"].rows] == [
        "Association sans partenaire"
    ]
    by_rule = {r["Ce qui manque"]: r["Nombre"] for r in data.tables["Manques par règle"].rows}
    assert by_rule["Bailleur non signataire du contrat de ville de son QPV"] == 1
    assert by_rule["QPV où des bailleurs logent des habitants sans régie de quartier"] == 1
    assert sum(by_rule.values()) == len(data.tables["Manques"].rows) == len(data.gaps)
    later = build_report(report_graph(), as_of=dt.date(2025, 6, 1)).tables["Échéances"].rows
    assert [r["Contrat"] for r in later] == ["Convention TFPB Quartier A"]


def test_gaps_ranked_by_priority_then_stake_with_places() -> None:
    """The gaps table is ordered by priority then dwellings at stake and names région to EPCI."""
    data = build_report(report_graph(), as_of=AS_OF)
    rows = data.tables["Manques"].rows
    keys = [(r["Priorité"], -r["Logements en jeu"]) for r in rows]
    assert keys == sorted(keys)
    first = next(r for r in rows if r["Territoire"].startswith("Quartier B"))
    assert first["EPCI"] == "Métropole Test" and first["Région"] == first["Département"] == ""
    assert any(IMG in r["Qui doit agir"] for r in rows)
    assert all("regie-bailleur" not in r["Ce qui manque"] for r in rows)


def test_essentials_at_most_five_sentences(demo_graph: nx.MultiDiGraph) -> None:
    """« L'essentiel » says the largest stakes, the contracts to renew and who bridges."""
    data = build_report(demo_graph, as_of=dt.date(2026, 11, 23))
    sentences = essentials(data)
    assert 3 <= len(sentences) <= MAX_SENTENCES
    heaviest = max(g.stake for g in data.gaps)
    assert fr.count(heaviest, "logement") in sentences[1]
    assert fr.count(len(data.alerts), "contrat") in sentences[2]


def test_fiche_per_epci() -> None:
    """The EPCI of the hand-built graph gets a fiche with its actors, contracts, gaps and alerts."""
    data = build_report(report_graph(), as_of=AS_OF)
    assert [f.territory for f in data.fiches] == ["epci:1"]
    fiche = data.fiches[0]
    assert set(fiche.actors) == {"b1", "b2", "r1"}
    assert set(fiche.contracts) == {"cdv", "tfpb", "prest"}
    placed = [g for g in data.gaps if g.territory]
    assert fiche.gaps == placed and len(fiche.alerts) == 2
    row = data.tables["Fiches territoire"].rows[0]
    assert row["Manques"] == len(placed) and row["Logements en jeu"] == fiche.stake > 0


def test_schedule_counts_framework_contracts_by_end_year() -> None:
    """The échéancier lists contrats de ville and TFPB conventions in force, by end year up to 2030."""
    data = build_report(report_graph(), as_of=AS_OF)
    rows = data.tables["Échéancier"].rows
    assert [(r["Nature"], r["Fin"].year) for r in rows] == [
        (fr.kind_label("abattement_tfpb"), 2025), (fr.kind_label("contrat_de_ville"), 2030)]


def test_map_has_every_departement_and_the_right_class(demo_graph: nx.MultiDiGraph) -> None:
    """One shape per département (96 outlines, 5 overseas boxes); the busiest one is darkest."""
    day = dt.date(2026, 11, 23)
    data = build_report(demo_graph, as_of=day)
    figures = {r["Code"]: (r["Manques"], r["Logements en jeu"]) for r in data.tables["Carte"].rows}
    svg = france_map(figures)
    codes = re.findall(r'class="dep c(\d)" data-code="([^"]+)"', svg)
    assert len(codes) == len({c for _, c in codes}) == 96 + len(OVERSEAS) == 101
    tree = data.places.tree
    per_dep: dict[str, int] = {}
    for gap in find_gaps(demo_graph, as_of=day):
        if gap.form == "expiry" or not gap.territory:
            continue
        dep = next(t for t in tree.enclosing(gap.territory)
                   if demo_graph.nodes[t].get("level") == "departement")
        code = demo_graph.nodes[dep]["code"]
        per_dep[code] = per_dep.get(code, 0) + 1
    shade = dict((code, int(c)) for c, code in codes)
    busiest = max(per_dep, key=lambda c: (per_dep[c], c))
    assert shade[busiest] == 5 and shade["29"] == 0 and shade["971"] == 0
    assert all(shade[code] > 0 for code in per_dep)


def test_map_classes() -> None:
    """Quantile classes: zero is class 0, the top class is 5, values rise with their class."""
    values = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]
    bounds = breaks(values)
    shades = [shade_of(v, bounds) for v in values]
    assert shades[0] == 0 and shades[-1] == 5 and shades == sorted(shades)
    assert breaks([0, 0]) == [] and shade_of(4, breaks([4])) == 5
    assert len(outlines()) == 96


def test_fictitious_notice(demo_report: Path, written: tuple[Path, Path]) -> None:
    """Data whose sources say « fictif » carry a visible notice; others do not."""
    assert "Données en partie fictives" in demo_report.read_text(encoding="utf-8")
    assert "Données en partie fictives" not in written[0].read_text(encoding="utf-8")


def test_recommendations_with_reasons() -> None:
    """The landlord and the régie of Quartier A, with no contract together, are recommended."""
    rows = build_report(report_graph(), as_of=AS_OF).tables["Recommandations"].rows
    assert rows[0]["Organisation"].startswith(SCRIPT)
    assert rows[0]["Partenaire proposé"].startswith("Régie du Quartier A")
    assert rows[0]["Territoires communs"] == "Quartier A (QPV)"
    assert rows[0]["Partenaires communs"] == IMG


def test_report_is_deterministic(tmp_path: Path) -> None:
    """The same graph and date give byte-identical HTML and workbook files."""
    G = report_graph()
    for name in ("one", "two"):
        write_report(G, tmp_path / f"{name}.html", xlsx=tmp_path / f"{name}.xlsx", as_of=AS_OF)
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    assert fr.date(AS_OF) in (tmp_path / "one.html").read_text(encoding="utf-8")


def test_rules_file(tmp_path: Path) -> None:
    """--rules replaces the default rules (shown by title); a broken file is a clear ConfigError."""
    rules = tmp_path / "regles.toml"
    rules.write_text(
        '[[rule]]\nid = "sans-regie"\nform = "presence"\nlevel = "qpv"\na = "bailleur"\n'
        'b = "regie"\nwith_dwellings = true\n',
        encoding="utf-8",
    )
    out = write_report(report_graph(), tmp_path / "r.html", as_of=AS_OF, rules=rules)
    text = out.read_text(encoding="utf-8")
    assert html.escape("Territoire où un type d'acteur attendu est absent") in text
    assert html.escape("Bailleur sans convention d'abattement de TFPB sur son QPV") not in text
    with pytest.raises(OutputError, match="est un dossier"):
        write_report(report_graph(), tmp_path, as_of=AS_OF)
    rules.write_text("[[rule]]\nid = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        write_report(report_graph(), tmp_path / "bad.html", as_of=AS_OF, rules=rules)
    assert not (tmp_path / "bad.html").exists()


def test_view_picture_is_embedded_clean() -> None:
    """The view's SVG loses its prolog, metadata and global style, and gets a name."""
    raw = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg" '
           'width="10pt"><metadata><rdf:RDF>http://purl.org</rdf:RDF></metadata>\n'
           '<defs><style type="text/css">*{stroke-linejoin: round}</style></defs><text>A</text></svg>')
    svg = embedded(raw, "Réseau")
    assert svg.startswith('<svg class="network" role="img" aria-label="Réseau" xmlns=')
    assert "metadata" not in svg and "<style" not in svg and "purl" not in svg and "<text>A</text>" in svg


@pytest.mark.browser
def test_demo_report_in_browser(demo_report: Path, open_page: Callable[..., Any]) -> None:
    """The demo report renders offline with its map; its screenshot is kept for review."""
    opened = open_page(demo_report, wait_for_network=False)
    assert not opened.console_errors and not opened.page_errors and not opened.requests
    assert opened.evaluate("document.querySelectorAll('section').length") == len(SECTIONS)
    assert opened.evaluate("document.querySelectorAll('svg.map [data-code]').length") == 101
    assert opened.evaluate("document.querySelectorAll('article.fiche').length") >= 5
    opened.screenshot("report-demo")


def test_cli_report(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    """`hlmgraph report` writes the page and the workbook; a bad date is a usage error."""
    out, xlsx = tmp_path / "rapport.html", tmp_path / "rapport.xlsx"
    base = ["report", str(demo_path)]
    done = run_cli(*base, "--out", out, "--xlsx", xlsx, "--as-of", "01/06/2025")
    assert done.returncode == 0, done.stderr
    assert out.exists() and xlsx.exists() and "1er juin 2025" in out.read_text(encoding="utf-8")
    bad = run_cli(*base, "--out", out, "--as-of", "demain")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_territory_cuts_the_report(demo_graph: nx.MultiDiGraph) -> None:
    """--territory: only the gaps, fiches and actors of that région; the map zooms on it."""
    day = dt.date(2026, 11, 23)
    whole = build_report(demo_graph, as_of=day)
    north = build_report(demo_graph, as_of=day, territory="region:32")
    tree = whole.places.tree
    inside = tree.enclosed("region:32")
    assert north.gaps and all(g.territory in inside for g in north.gaps if g.territory)
    assert len(north.gaps) < len(whole.gaps)
    assert {g.rule for g in north.gaps} <= {g.rule for g in whole.gaps}
    assert [f.territory for f in north.fiches] == ["epci:200093201"]
    assert north.summary["actors"] < whole.summary["actors"]
    page = render_html(north)
    assert "Hauts-de-France (région)" in page and "centrée sur le territoire" in page
    view = re.search(r'<svg class="map" viewBox="([^"]+)"', page)
    assert view and view.group(1) != "0 0 613 641"
    with pytest.raises(UsageError, match="introuvable"):
        build_report(demo_graph, as_of=day, territory="region:99")
