"""Tests of the views step: offline pages drawn in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import RunCli

from hlmgraph.cli.summaries import view_written
from hlmgraph.dataset import Dataset, Table
from hlmgraph.errors import ConfigError
from hlmgraph.gaps import load_rules, rule_title
from hlmgraph.model import build_graph
from hlmgraph.views import actors_in_territory, build_page, render_view, show, to_pyvis

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.__pwned=1</script>"
ROOT = Path(__file__).resolve().parents[1]
BAD_TYPOGRAPHY = re.compile(r"[ \u00a0][;:!?»]|«[ \u00a0]|\d \d{3}")
"""An ordinary or wide no-break space where French typography wants U+202F."""


def _graph() -> nx.MultiDiGraph:
    """Eight actors: six in the Nord, one in the Pas-de-Calais, one national; two hostile names."""
    territories = [
        {"id": "region:32", "name": "Hauts-de-France", "level": "region", "code": "32"},
        {"id": "departement:59", "name": "Nord", "level": "departement", "code": "59",
         "parent": "region:32"},
        {"id": "commune:59350", "name": "Lille", "level": "commune", "code": "59350",
         "parent": "departement:59"},
        {"id": "qpv:QN05901M", "name": "Lille-Sud", "level": "qpv", "parent": "commune:59350"},
        {"id": "departement:62", "name": "Pas-de-Calais", "level": "departement", "code": "62",
         "parent": "region:32"},
    ]
    actors = [
        {"id": "b1", "name": "Lille Métropole Habitat", "type": "bailleur", "subtype": "OPH",
         "territory": "commune:59350"},
        {"id": "b2", "name": "Vilogia", "type": "bailleur", "territory": "departement:59"},
        {"id": "r1", "name": "Régie de quartier Lille-Sud", "type": "regie",
         "territory": "qpv:QN05901M"},
        {"id": "c1", "name": "Ville de Lille", "type": "collectivite", "territory": "commune:59350"},
        {"id": "x1", "name": IMG, "type": "association", "territory": "commune:59350"},
        {"id": "x2", "name": SCRIPT, "type": "plie", "territory": "departement:62"},
        {"id": "m1", "name": "Mission locale de Lille", "type": "mission_locale"},
        {"id": "f1", "name": "Union sociale pour l'habitat", "type": "federation"},
    ]
    contracts = [
        {"id": "k1", "name": "Contrat de ville Lille 2024-2030", "kind": "contrat_de_ville",
         "start": dt.date(2024, 1, 1), "end": dt.date(2030, 12, 31)},
        {"id": "k2", "name": "Prestation <b>nettoyage</b>", "kind": "prestation",
         "start": dt.date(2023, 1, 1), "end": dt.date(2025, 6, 30)},
        {"id": "k3", "name": "Partenariat insertion", "kind": "partenariat",
         "start": dt.date(2024, 1, 1)},
    ]
    parties = [{"contract": "k1", "actor": a} for a in ("b1", "b2", "c1", "x1")]
    parties += [{"contract": "k2", "actor": a} for a in ("b1", "r1")]
    parties += [{"contract": "k3", "actor": a} for a in ("x2", "m1", "b1", "c1")]
    coverage = [{"contract": "k1", "territory": "commune:59350"},
                {"contract": "k2", "territory": "qpv:QN05901M"},
                {"contract": "k3", "territory": "commune:59350"}]
    presence = [{"actor": "b1", "territory": "qpv:QN05901M", "dwellings": 800},
                {"actor": "b2", "territory": "qpv:QN05901M", "dwellings": 300},
                {"actor": "r1", "territory": "qpv:QN05901M"},
                {"actor": "m1", "territory": "commune:59350"}]
    tables = {"territories": territories, "actors": actors, "contracts": contracts,
              "parties": parties, "coverage": coverage, "presence": presence}
    return build_graph(Dataset(tables={k: Table(k, rows=v) for k, v in tables.items()}))


def _data(page: str) -> dict:
    """The JSON payload embedded in a page."""
    match = re.search(r'<script id="hlmgraph-data" type="application/json">(.*?)</script>', page)
    assert match
    return json.loads(match.group(1))


def _panel_text(opened) -> str:  # type: ignore[no-untyped-def]
    """Visible text of the page's side panel."""
    return opened.page.inner_text("#panel")


def _wait_still(opened) -> None:  # type: ignore[no-untyped-def]
    """Wait until a small view has settled and physics is off."""
    opened.page.wait_for_function("network.physics.options.enabled === false", timeout=15000)


# ---------------------------------------------------------------- pages in Chromium


@pytest.mark.browser
def test_small_view_draws_every_actor_offline_with_french_legend(open_page, tmp_path) -> None:
    out = tmp_path / "view.html"
    summary = render_view(_graph(), out, all_dates=True)
    opened = open_page(out)
    assert opened.evaluate("network.body.data.nodes.length") == 8 == summary.nodes
    assert opened.evaluate("network.body.data.edges.length") == summary.edges == 12
    assert opened.page_errors == []
    assert opened.console_errors == []
    assert opened.requests == []
    panel = _panel_text(opened)
    for label in ("Bailleur social", "Régie de quartier", "Collectivité", "Type d'acteur",
                  "8 acteurs, 12 liens affichés", "Taille des cercles\u202f: degré"):
        assert label in panel
    _wait_still(opened)
    opened.screenshot("view-small")


@pytest.mark.browser
def test_injected_names_stay_inert_after_hovering_every_node(open_page, tmp_path) -> None:
    out = tmp_path / "hostile.html"
    render_view(_graph(), out, title=IMG, all_dates=True)
    opened = open_page(out)
    _wait_still(opened)
    page = opened.page
    ids = opened.evaluate("network.body.data.nodes.getIds()")
    tooltips = {}
    for node in ids:
        x, y = opened.evaluate(
            """(id) => { const p = network.canvasToDOM(network.getPositions([id])[id]);
                         const r = document.querySelector('#network canvas').getBoundingClientRect();
                         return [r.left + p.x, r.top + p.y]; }""",
            node,
        )
        page.mouse.move(x - 3, y - 3)
        page.mouse.move(x, y, steps=3)
        name = opened.evaluate("(id) => network.body.data.nodes.get(id).title.split('\\n')[0]", node)
        page.wait_for_function(
            """(name) => { const t = document.querySelector('div.vis-tooltip');
                           return t && t.style.visibility !== 'hidden'
                                  && t.textContent.startsWith(name); }""",
            arg=name, timeout=5000,
        )
        tooltips[node] = opened.evaluate("document.querySelector('div.vis-tooltip').textContent")
    x, y = opened.evaluate(
        """() => { const p = network.getPositions(['b1', 'x1']);
                   const r = document.querySelector('#network canvas').getBoundingClientRect();
                   const edge = network.body.data.edges.get({filter: e =>
                       [e.from, e.to].sort().join() === 'b1,x1'})[0].id;
                   const all = network.getPositions();
                   const away = (q, e) => {  // distance from q to the segment of link e
                     const a = all[e.from], b = all[e.to];
                     const dx = b.x - a.x, dy = b.y - a.y;
                     const k = Math.max(0, Math.min(1, ((q.x - a.x) * dx + (q.y - a.y) * dy)
                                                       / (dx * dx + dy * dy)));
                     return Math.hypot(q.x - a.x - k * dx, q.y - a.y - k * dy); };
                   const others = network.body.data.edges.get({filter: e => e.id !== edge});
                   for (let t = 0.5; t > 0.05; t -= 0.05) {  // a point of the link off the others
                     for (const u of [t, 1 - t]) {
                       const q = {x: p.b1.x + u * (p.x1.x - p.b1.x), y: p.b1.y + u * (p.x1.y - p.b1.y)};
                       const d = network.canvasToDOM(q);
                       if (network.getNodeAt(d) === undefined && network.getEdgeAt(d) === edge
                           && others.every(e => away(q, e) > 12)) {
                         return [r.left + d.x, r.top + d.y];
                       }
                     }
                   }
                   return null; }"""
    )
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y, steps=3)
    page.wait_for_function(
        """(text) => { const t = document.querySelector('div.vis-tooltip');
                       return t && t.style.visibility !== 'hidden' && t.textContent.startsWith(text); }""",
        arg=f"Lille Métropole Habitat — {IMG}", timeout=5000,
    )
    opened.screenshot("view-hostile-hover")
    assert tooltips["x1"].startswith(IMG)
    assert tooltips["x2"].startswith(SCRIPT)
    assert "Prestation <b>nettoyage</b>" in tooltips["r1"]
    assert opened.evaluate("document.querySelectorAll('img, b, #panel script').length") == 0
    assert opened.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []
    assert page.title() == IMG
    assert IMG in _panel_text(opened)


@pytest.mark.browser
def test_gaps_are_dashed_red_edges_and_counted(open_page, tmp_path, demo_graph) -> None:
    out = tmp_path / "gaps.html"
    summary = render_view(demo_graph, out, gaps=True, as_of=dt.date(2026, 11, 23))
    assert summary.gap_edges > 0 and summary.gaps > 0 and summary.alerts > 0
    nodes = _data(out.read_text("utf-8"))["nodes"]
    assert sum(1 for n in nodes if "a" in n) >= summary.alerts  # each party of a contract to renew
    messages = [m for n in nodes for m in n.get("m", [])]
    alerts = [m for n in nodes for m in n.get("a", [])]
    assert not any("[règle" in m for m in messages + alerts)
    assert all(m.startswith("Contrat arrivant à échéance sans successeur\u202f:") for m in alerts)
    titles = tuple(f"{rule_title(rule)}\u202f:" for rule in load_rules())
    assert messages and all(m.startswith(titles) for m in messages)
    opened = open_page(out)
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []
    drawn = opened.evaluate(
        """() => Object.values(network.body.edges)
                 .filter(e => e.options.dashes && e.options.color.color === '#d62728').length"""
    )
    assert drawn == summary.gap_edges
    assert opened.evaluate("network.body.data.nodes.length") == summary.nodes
    panel = _panel_text(opened)
    titles = opened.evaluate(
        "network.body.data.nodes.get().map(n => n.title).concat("
        "network.body.data.edges.get().map(e => e.title))"
    )
    for text in [panel, *titles]:
        assert not BAD_TYPOGRAPHY.search(text), BAD_TYPOGRAPHY.search(text)
    assert any("\u202f: " in title for title in titles)
    assert f"Manques de partenariat au 23 novembre 2026\u202f: {summary.gaps} affichés" in panel
    assert "Pointillés rouges\u202f: manque de partenariat" in panel
    assert f"Échéances au 23 novembre 2026\u202f: {summary.alerts} sur" in panel
    assert "Tous les contrats" not in panel
    _wait_still(opened)
    opened.screenshot("view-demo-gaps")


@pytest.mark.browser
def test_aggregate_view_groups_by_departement(open_page, tmp_path) -> None:
    out = tmp_path / "aggregate.html"
    summary = render_view(_graph(), out, aggregate=True)
    assert summary.mode == "départements"
    nodes = {n["id"]: n for n in _data(out.read_text("utf-8"))["nodes"]}
    assert set(nodes) == {"departement:59", "departement:62", "_hors_departement"}
    assert nodes["departement:59"]["value"] == 6
    assert nodes["departement:59"]["label"] == "Nord (59)"
    assert nodes["departement:62"]["x"] < nodes["departement:59"]["x"]  # on a map: PdC is west
    assert nodes["departement:59"]["y"] < -800  # and both are far north of the centre
    opened = open_page(out)
    assert opened.evaluate("network.body.data.nodes.length") == 3 == summary.nodes
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []
    assert "Vue agrégée par département" in _panel_text(opened)


@pytest.mark.browser
def test_legend_click_hides_a_type(open_page, tmp_path) -> None:
    out = tmp_path / "legend.html"
    render_view(_graph(), out)
    opened = open_page(out)
    opened.page.click('#legend [data-kind="bailleur"]')
    hidden = opened.evaluate(
        "network.body.data.nodes.get({filter: n => n.hidden === true}).map(n => n.id)"
    )
    assert sorted(hidden) == ["b1", "b2"]


@pytest.mark.browser
def test_search_selects_and_focuses_a_name(open_page, tmp_path) -> None:
    out = tmp_path / "search.html"
    render_view(_graph(), out)
    opened = open_page(out)
    opened.page.fill("#search", "vilog")
    opened.page.press("#search", "Enter")
    assert opened.evaluate("network.getSelectedNodes()") == ["b2"]
    opened.page.fill("#search", "personne")
    opened.page.press("#search", "Enter")
    assert opened.page.inner_text("#search-status") == "Aucun nom ne correspond."
    options = opened.evaluate("Array.from(document.querySelectorAll('#names option'), o => o.value)")
    assert IMG in options and len(options) == 8


@pytest.mark.browser
@pytest.mark.slow
def test_national_default_view_is_small_and_draws_fast(open_page, tmp_path) -> None:
    from hlmgraph.generate import generate_dataset
    from hlmgraph.pipeline import load_graph

    generate_dataset(scale="national", seed=1, out=tmp_path / "national")
    G = load_graph(tmp_path / "national")
    out = tmp_path / "national.html"
    summary = render_view(G, out)
    assert summary.actors >= 5000
    assert summary.mode == "départements" and 90 <= summary.nodes <= 140
    assert out.stat().st_size <= 15_000_000
    opened = open_page(out)
    assert opened.draw_ms is not None and opened.draw_ms <= 5000
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []
    opened.screenshot("view-national")


@pytest.mark.browser
def test_pyvis_network_is_customised_like_in_a_notebook(open_page, tmp_path) -> None:
    from pyvis.network import Network

    net = to_pyvis(_graph(), territory="departement:59")
    assert isinstance(net, Network) and len(net.nodes) == 6
    net.set_options('var options = {"nodes": {"font": {"size": 22}}, "edges": {"smooth": true}}')
    net.toggle_physics(False)
    net.show_buttons(filter_=["physics"])
    net.add_node("extra", label="Ajout du carnet", color="#000000", x=0, y=0)
    net.add_edge("extra", "b1")
    shown = net.show(str(tmp_path / "carnet.html"))
    assert shown.src.endswith("carnet.html")
    assert net._repr_html_().startswith('<div class="hlmgraph-view"><iframe srcdoc="')
    opened = open_page(tmp_path / "carnet.html")
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []
    options = opened.evaluate("network.body.data.nodes.get('b1') && network.nodesHandler.options")
    assert options["font"]["size"] == 22 and options["shape"] == "dot"  # merged, not replaced
    assert opened.evaluate("network.physics.options.enabled") is False
    names = opened.evaluate("Array.from(document.querySelectorAll('#names option'), o => o.value)")
    assert "Ajout du carnet" in names and opened.evaluate("network.body.data.nodes.get('extra').x") == 0
    assert opened.evaluate("network.body.data.edges.length") == len(net.edges)
    assert opened.evaluate("network.body.data.edges.get({filter: e => e.from === 'extra'}).length") == 1
    assert opened.evaluate("document.querySelectorAll('#config .vis-configuration').length") > 0
    assert "Réseau des partenariats — Nord" in _panel_text(opened)
    opened.screenshot("view-pyvis-customised")


@pytest.mark.browser
def test_labels_never_overlap_at_the_default_zoom(open_page, tmp_path, demo_graph) -> None:
    out = tmp_path / "labels.html"
    summary = render_view(demo_graph, out)
    assert summary.nodes <= 200
    opened = open_page(out)
    opened.page.wait_for_function("() => window.hlmgraphDeclutters >= 1", timeout=15000)
    boxes_js = """() => Object.values(network.body.nodes)
        .filter(n => n.options.label && n.labelModule.visible())
        .map(n => { const s = n.labelModule.size; return [s.left, s.top, s.width, s.height]; })"""
    boxes = opened.evaluate(boxes_js)
    assert len(boxes) >= 20
    for i, (x1, y1, w1, h1) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert not (x1 < x2 + w2 and x2 < x1 + w1 and y1 < y2 + h2 and y2 < y1 + h1)
    opened.screenshot("view-demo-labels")
    box = opened.page.locator("#network canvas").bounding_box()
    opened.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    opened.page.mouse.wheel(0, -400)  # zooming in shows more labels
    opened.page.wait_for_function("() => window.hlmgraphDeclutters >= 2", timeout=15000)
    assert opened.page_errors == [] and opened.console_errors == []


# ---------------------------------------------------------------- page text


def test_page_is_self_contained_and_escaped() -> None:
    page, _ = build_page(_graph(), title=IMG)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "https://" not in page.split("<script>", 1)[0]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    payload = page.split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload and ">" not in payload
    assert IMG not in page.replace(payload, "")
    assert html_escaped(IMG) in page
    assert {n["id"]: n["label"] for n in _data(page)["nodes"]}["x1"] == IMG


def html_escaped(text: str) -> str:
    """HTML-escaped form, as the page writes it."""
    import html

    return html.escape(text)


def test_same_input_gives_identical_bytes(tmp_path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    render_view(_graph(), first, gaps=False, color_by="community")
    render_view(_graph(), second, gaps=False, color_by="community")
    assert first.read_bytes() == second.read_bytes()
    assert build_page(_graph(), aggregate=True)[0] == build_page(_graph(), aggregate=True)[0]


def test_empty_selection_says_so() -> None:
    _, summary = build_page(_graph(), types="entreprise")
    assert summary.nodes == 0
    assert "Aucun acteur ne correspond aux filtres\u202f: élargissez-les." in summary.notes
    _, summary = build_page(_graph(), ego="f1")
    assert view_written(summary) == "Vue écrite (1 acteur, 0 lien)."


def test_contracts_are_taken_today_unless_all_dates(monkeypatch) -> None:
    monkeypatch.setattr("hlmgraph.settings.today", lambda: dt.date(2026, 3, 2))
    _, today = build_page(_graph())
    assert "Contrats en vigueur au 2 mars 2026." in today.notes
    _, every = build_page(_graph(), all_dates=True)
    assert "Tous les contrats sont comptés, quelle que soit leur date." in every.notes
    assert every.edges == 12 and today.edges == 11  # the prestation ended in 2025
    _, gaps = build_page(_graph(), gaps=True)
    assert not any("Tous les contrats" in note for note in gaps.notes)


def test_filters_select_the_expected_actors() -> None:
    G = _graph()
    assert actors_in_territory(G, "departement:59") == {"b1", "b2", "r1", "c1", "x1", "m1"}
    assert actors_in_territory(G, "qpv:QN05901M") == {"b1", "b2", "r1"}
    _, summary = build_page(G, territory="departement:59", types="bailleur,Régie")
    assert summary.nodes == 3
    assert "Types d'acteurs\u202f: Bailleur social et Régie de quartier." in summary.notes
    _, summary = build_page(G, ego="r1", hops=1, all_dates=True)
    assert summary.nodes == 2
    _, summary = build_page(G, ego="r1", hops=2, all_dates=True)
    assert summary.nodes == 7  # r1, b1 and b1's five other partners
    _, summary = build_page(G, as_of=dt.date(2026, 1, 1))
    assert summary.edges == 12 - 1  # the prestation has ended
    assert "Contrats en vigueur au 1er janvier 2026." in summary.notes


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ego": "nobody"}, "Acteur «\u202fnobody\u202f» introuvable"),
        ({"types": "bailleur,licorne"}, "Type d'acteur inconnu «\u202flicorne\u202f»"),
        ({"size_by": "fame"}, "Mesure de taille inconnue"),
        ({"color_by": "mood"}, "Mode de couleur inconnu"),
        ({"hops": -1}, "positif ou nul"),
        ({"all_dates": True, "gaps": True}, "--gaps demande une date"),
        ({"all_dates": True, "as_of": dt.date(2025, 1, 1)}, "s'excluent"),
    ],
)
def test_bad_options_raise_french_config_errors(options, message) -> None:
    with pytest.raises(ConfigError, match=message):
        build_page(_graph(), **options)


@pytest.mark.parametrize("territory", ["departement:99", "b1"])
def test_unknown_territory_is_a_usage_error_naming_close_ids(territory) -> None:
    from hlmgraph.errors import UsageError

    with pytest.raises(UsageError, match=f"Territoire.*{territory}.*introuvable.*departement:"):
        build_page(_graph(), territory=territory)


def test_measures_size_and_community_colour() -> None:
    page, summary = build_page(_graph(), size_by="pagerank", color_by="community")
    nodes = {n["id"]: n for n in _data(page)["nodes"]}
    assert nodes["b1"]["value"] == max(n["value"] for n in nodes.values())
    assert "influence\u202f: " in nodes["b1"]["title"]
    assert any(line.startswith("Communauté\u202f: Lille") for line in nodes["b1"]["title"].splitlines())
    assert "Taille des cercles\u202f: influence (PageRank)" in page


def test_tooltips_name_measures_in_french_and_the_panel_lists_bridges(demo_graph) -> None:
    page, _ = build_page(demo_graph, as_of=dt.date(2025, 6, 1), color_by="community")
    titles = [n["title"] for n in _data(page)["nodes"]]
    assert all("Partenaires\u202f: " in t and "influence\u202f: " in t for t in titles)
    assert any("passeur" in t or "liaison" in t for t in titles)
    assert all("Communauté\u202f: " in t for t in titles)
    assert "Qui fait le pont entre logement et insertion" in page
    bridges = re.findall(r'<ol class="bridges">(.*?)</ol>', page, re.S)[0]
    assert 1 <= bridges.count("<li>") <= 5 and "paires de partenaires reliées" in bridges
    legend = re.findall(r'data-kind="[^"]+".*?</span>(.*?) <span class="count">', page)
    assert legend and not any(label.startswith("Communauté ") for label in legend[:3])


def test_measures_written_on_the_actors_are_reused(demo_graph) -> None:
    from hlmgraph.analysis import NetworkOptions, analyse_graph, written_rows

    day = dt.date(2025, 6, 1)
    G = demo_graph.copy()
    fresh, summary = build_page(G, as_of=day, color_by="community")
    assert not any("reprises de la base" in note for note in summary.notes)
    for row in written_rows(analyse_graph(G, NetworkOptions(as_of=day))):
        G.nodes[row["id"]].update(row["props"])  # as read back after ``analyse --write``
    reused, summary = build_page(G, as_of=day, color_by="community")
    assert any("reprises de la base" in note for note in summary.notes)
    assert _data(reused)["nodes"] == _data(fresh)["nodes"]
    _, other = build_page(G, as_of=day, weighting="count")  # another network: computed again
    assert not any("reprises de la base" in note for note in other.notes)


def test_large_networks_compute_only_the_shown_measures_and_the_same_values(
    monkeypatch, demo_graph
) -> None:
    from hlmgraph.analysis import compute_measures
    from hlmgraph.model import actor_network
    from hlmgraph.views import ViewOptions
    from hlmgraph.views.measures import view_measures

    A = actor_network(demo_graph, dt.date(2025, 6, 1))
    shown = sorted(actors_in_territory(demo_graph, "departement:59"))
    full = {r["id"]: r for r in compute_measures(A)}
    monkeypatch.setattr("hlmgraph.views.measures.LARGE_NETWORK", 10)  # the demo as a large one
    options = ViewOptions(as_of=dt.date(2025, 6, 1))
    partial, notes = view_measures(demo_graph, A, shown, options)
    assert sorted(partial) == shown and "sur demande" in notes[0]
    for actor in shown:
        for column in ("degree", "family", "broker_coordinator", "broker_consultant",
                       "broker_gatekeeper", "broker_liaison"):
            assert partial[actor][column] == full[actor][column], (actor, column)
        for column in ("strength", "pagerank"):
            assert partial[actor][column] == pytest.approx(full[actor][column], rel=1e-9)
        assert "betweenness" not in partial[actor]


def test_weighting_and_ties_reach_the_actor_network(demo_graph) -> None:
    day = dt.date(2025, 6, 1)
    _, every = build_page(demo_graph, as_of=day)
    _, operational = build_page(demo_graph, as_of=day, ties="operational")
    assert operational.edges < every.edges  # framework contracts no longer make links
    counted, _ = build_page(demo_graph, as_of=day, weighting="count", size_by="pagerank")
    newman, _ = build_page(demo_graph, as_of=day, size_by="pagerank")
    assert _data(counted)["nodes"] != _data(newman)["nodes"]  # PageRank follows the weights
    with pytest.raises(ConfigError, match="licorne"):
        build_page(demo_graph, ties="licorne")


def test_large_actor_views_cluster_actors_on_the_map() -> None:
    page, summary = build_page(_graph(), map_layout_above=3)
    assert summary.mode == "acteurs"
    nodes = {n["id"]: n for n in _data(page)["nodes"]}
    assert nodes["x2"]["x"] < min(nodes[a]["x"] for a in ("b1", "b2", "r1", "c1", "x1", "m1"))
    assert nodes["f1"]["x"] < nodes["x2"]["x"]  # national actors sit west of the mainland
    assert '"physics":{"enabled":false}' in page


def test_aggregate_without_official_codes_falls_back_to_a_layout() -> None:
    G = _graph()
    for territory in ("departement:59", "departement:62", "region:32"):
        del G.nodes[territory]["code"]
    page, summary = build_page(G, aggregate=True)
    nodes = {n["id"]: n for n in _data(page)["nodes"]}
    assert summary.nodes == 3 and nodes["departement:59"]["label"] == "Nord"
    assert len({(n["x"], n["y"]) for n in nodes.values()}) == 3


def test_weight_one_links_are_hidden_above_the_limit() -> None:
    _, summary = build_page(_graph(), edge_limit=3, all_dates=True)
    assert summary.hidden_edges == 11 and summary.edges == 1  # b1-c1 share two contracts
    assert any("liens de poids 1" in note for note in summary.notes)


@pytest.mark.browser
def test_show_draws_inline_in_an_iframe(open_page, tmp_path) -> None:
    shown = show(_graph(), ego="b1", all_dates=True)
    assert shown.data.startswith('<div class="hlmgraph-view"><iframe srcdoc="')
    assert "&lt;script" in shown.data and "<script" not in shown.data
    out = tmp_path / "notebook-cell.html"
    out.write_text(f"<!DOCTYPE html><html><body>{shown.data}</body></html>", encoding="utf-8")
    opened = open_page(out, wait_for_network=False)
    frame = opened.page.frames[1]
    frame.wait_for_function("typeof window.hlmgraphFirstDraw === 'number'", timeout=15000)
    assert frame.evaluate("network.body.data.nodes.length") == 7  # b1 and its partners
    assert opened.page_errors == [] and opened.console_errors == [] and opened.requests == []


# ---------------------------------------------------------------- pictures


def test_png_picture_is_wide_and_not_blank(tmp_path, demo_graph) -> None:
    import numpy as np
    from PIL import Image

    out = tmp_path / "reseau.png"
    summary = render_view(demo_graph, out, gaps=True)
    assert summary.path == out and summary.nodes > 50
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width >= 1600
        pixels = np.asarray(image.convert("RGB").resize((400, 250))).reshape(-1, 3)
    colours = {tuple(pixel) for pixel in pixels}
    inked = int((pixels != 255).any(axis=1).sum())
    assert len(colours) > 50  # the type colours, greys and red of the view
    assert inked > 0.05 * 400 * 250


def test_svg_picture_shows_the_same_view(tmp_path) -> None:
    from lxml import etree

    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    render_view(_graph(), first, title=f"Réseau : essai {IMG}")
    render_view(_graph(), second, title=f"Réseau : essai {IMG}")
    assert first.read_bytes() == second.read_bytes()
    text = "".join(etree.parse(str(first)).getroot().itertext())
    assert f"Réseau\u202f: essai {IMG}" in text  # the title, typeset, data shown as text
    for label in ("Bailleur social (2)", "Régie de quartier (1)", "Type d'acteur", "Vilogia"):
        assert label in text
    assert b"<img" not in first.read_bytes()


def test_picture_svg_for_the_report_matches_the_file(tmp_path) -> None:
    from hlmgraph.views import picture_svg

    out = tmp_path / "nord.svg"
    render_view(_graph(), out, territory="departement:59")
    assert picture_svg(_graph(), territory="departement:59") == out.read_text("utf-8")


# ---------------------------------------------------------------- command line


def test_cli_view_writes_the_page(run_cli: RunCli, tmp_path, demo_path) -> None:
    out = tmp_path / "nord.html"
    result = run_cli("view", str(demo_path), "--out", str(out), "--gaps", "--type",
                  "bailleur,regie", "--size-by", "betweenness", "--title", "Essai", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Vue écrite" in result.stderr and "manques de partenariat" in result.stderr
    page = out.read_text("utf-8")
    assert "<title>Essai</title>" in page
    kinds = {n["kind"] for n in _data(page)["nodes"]}
    assert kinds == {"bailleur", "regie"}


def test_cli_view_unknown_territory_fails_cleanly(run_cli: RunCli, tmp_path, demo_path) -> None:
    out = tmp_path / "x.html"
    result = run_cli("view", str(demo_path), "--out", str(out), "--territory", "nulle-part",
                  cwd=tmp_path)
    assert result.returncode == 2
    assert "nulle-part" in result.stderr and "introuvable" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.glob(".x.html*")) == []


def test_cli_view_ego_and_date(run_cli: RunCli, tmp_path, demo_path, demo_graph) -> None:
    G = demo_graph
    ego = next(n for n, d in sorted(G.nodes(data=True)) if d.get("type") == "regie")
    out = tmp_path / "ego.html"
    result = run_cli("view", str(demo_path), "--out", str(out), "--ego", ego, "--hops", "1",
                  "--as-of", "01/06/2025", "--color-by", "community", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    _, summary = build_page(G, ego=ego, hops=1, as_of=dt.date(2025, 6, 1), color_by="community")
    assert len(_data(page)["nodes"]) == summary.nodes >= 2
    assert "Contrats en vigueur au 1er juin 2025." in page
    assert "Communauté (Louvain)" in page


@pytest.mark.neo4j
def test_cli_view_from_neo4j_matches_the_files(run_cli: RunCli, tmp_path, demo_path, demo_graph, neo4j_db) -> None:
    from hlmgraph.store import load_graph as load_into_store

    load_into_store(demo_graph, neo4j_db)
    out = tmp_path / "neo4j.html"
    env = {"NEO4J_URI": neo4j_db.uri, "NEO4J_USERNAME": neo4j_db.user,
           "NEO4J_PASSWORD": neo4j_db.password, "NEO4J_DATABASE": neo4j_db.database or ""}
    result = run_cli("view", "--from-neo4j", "--out", str(out), "--gaps", "--as-of", "2025-06-01",
                  cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    page, _ = build_page(demo_graph, gaps=True, as_of=dt.date(2025, 6, 1))
    assert _data(out.read_text("utf-8"))["nodes"] == _data(page)["nodes"]


def test_territory_view_is_identical_across_hash_seeds(run_cli: RunCli, tmp_path: Path) -> None:
    """Subgraph views iterate over sets: the seeded layout must not depend on the hash seed."""
    from hlmgraph.generate import generate_dataset

    data = tmp_path / "regional"
    generate_dataset("regional", 1, data)
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view-{seed}.html"
        done = run_cli("view", data, "--territory", "departement:69", "--out", out,
                       env={"PYTHONHASHSEED": seed}, process=True)
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
