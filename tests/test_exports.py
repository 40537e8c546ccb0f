"""Exports read back by independent readers: NetworkX, igraph, json, pandas and a Bolt server."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import pandas as pd
import pytest
from conftest import RunCli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hlmgraph import model
from hlmgraph.errors import ConfigError, OutputError
from hlmgraph.exports import FORMATS, export_graph, graph_records
from hlmgraph.output import inert

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = (
    "O'Brien \"quoted\" back\\slash `tick` '}) DETACH DELETE n // \n"
    "ligne 2\r\n<script>alert(1)</script> & &amp; é ✓ 🏠 ; $param {x}"
)
HOSTILE_ID = "acteur'\"<&>`;\\ 1"


def _random_texts(count: int, seed: int = 7) -> list[str]:
    """Deterministic random strings mixing ASCII punctuation, accents, emoji and whitespace."""
    alphabet = list("abcXYZ019 '\"\\`;{}()[]<>&/#$%*:,.-_|\n\t\r") + list("éèàçœÉ€’«»ß漢字✓🏠\x00\x01\x1b\x7f\u2028\u2029\ufeff\u00a0\u202f")
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def hostile_graph() -> nx.MultiDiGraph:
    """A small model graph (graph-model.md) full of hostile strings and typed values."""
    G = nx.MultiDiGraph()
    territories = [
        ("region:32", "Hauts-de-France", "region", {}),
        ("commune:59350", "Lille", "commune", {"code": "59350", "population": 236234}),
        ("qpv:QN05901M", "Lille Sud", "qpv", {"code": "QN05901M", "population": 18000}),
    ]
    for tid, name, level, extra in territories:
        G.add_node(tid, label="Territory", id=tid, name=name, level=level, **extra)
    G.add_node(HOSTILE_ID, label="Actor", id=HOSTILE_ID, name=HOSTILE, type="bailleur",
               subtype="OPH", siren="732829320", note="colonne en plus")
    G.add_node("r1", label="Actor", id="r1", name="<img src=x onerror=alert(1)>", type="regie")
    G.add_node("p1", label="Actor", id="p1", name="PLIE de la Métropole\x07", type="plie")
    for i, text in enumerate(_random_texts(25)):
        G.add_node(f"x{i:02d}", label="Actor", id=f"x{i:02d}", name=text, type="association")
    G.add_node("c1", label="Contract", id="c1", name="Contrat de ville 2024-2030",
               kind="contrat_de_ville", start=dt.date(2024, 1, 1), end=dt.date(2030, 12, 31),
               amount_eur=12500.5, themes=["insertion", "cadre de vie"])
    G.add_node("c2", label="Contract", id="c2", name="Prestation espaces verts", kind="prestation",
               start=dt.date(2019, 1, 1), end=dt.date(2021, 12, 31), amount_eur=3000.0)
    edges: list[tuple[str, str, str, dict[str, Any]]] = [
        ("qpv:QN05901M", "commune:59350", "PART_OF", {}),
        ("commune:59350", "region:32", "PART_OF", {}),
        (HOSTILE_ID, "c1", "PARTY_TO", {"role": "signataire"}),
        ("r1", "c1", "PARTY_TO", {"role": "operateur"}),
        ("p1", "c1", "PARTY_TO", {"role": "partenaire"}),
        (HOSTILE_ID, "c2", "PARTY_TO", {"role": "signataire"}),
        ("r1", "c2", "PARTY_TO", {"role": "signataire"}),
        ("c1", "qpv:QN05901M", "COVERS", {}),
        (HOSTILE_ID, "qpv:QN05901M", "PRESENT_IN", {"dwellings": 320}),
        (HOSTILE_ID, "qpv:QN05901M", "BASED_IN", {}),
        ("r1", "qpv:QN05901M", "PRESENT_IN", {}),
        ("r1", "p1", "MEMBER_OF", {"role": HOSTILE}),
    ]
    for u, v, rel, props in edges:
        G.add_edge(u, v, key=rel, type=rel, **props)
    return G


def _flat(value: Any) -> Any:
    """The flat form every text-typed export uses: lists joined by '|', dates ISO."""
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _xml_safe(value: Any) -> Any:
    """A flat value as XML formats carry it (control characters other than \\t\\n\\r as U+FFFD)."""
    value = _flat(value)
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value) if isinstance(value, str) else value


def _edge_set(G: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    """(source, target, type) multiset of a multigraph."""
    return Counter((str(u), str(v), d["type"]) for u, v, d in G.edges(data=True))


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    """The hostile sample graph."""
    return hostile_graph()


def test_graphml_read_by_networkx(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """NetworkX reads the same nodes, typed attributes and parallel edges."""
    out = export_graph(G, "graphml", tmp_path / "g.graphml")
    H = nx.read_graphml(out)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in G.nodes(data=True):
        expected = {k: _xml_safe(v) for k, v in data.items() if k != "id"}
        assert H.nodes[node] == expected
    assert H.nodes["commune:59350"]["population"] == 236234
    assert isinstance(H.nodes["c1"]["amount_eur"], float)
    assert H.nodes[HOSTILE_ID]["name"] == HOSTILE
    assert _edge_set(H) == _edge_set(G)
    roles = {d.get("role") for _, _, d in H.edges(data=True)}
    assert HOSTILE in roles


def test_graphml_read_by_igraph(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """igraph accepts the declared keys and sees every node, edge and typed value."""
    out = export_graph(G, "graphml", tmp_path / "g.graphml")
    g = ig.Graph.Read_GraphML(str(out))
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert g.is_directed()
    # igraph's libxml2 reader returns '&' in XML attributes (node ids) as '&#38;'.
    ids = [i.replace("&#38;", "&") for i in g.vs["id"]]
    assert sorted(ids) == sorted(G.nodes)
    vertex = g.vs[ids.index(HOSTILE_ID)]
    assert vertex["name"] == HOSTILE and vertex["label"] == "Actor"
    assert g.vs.find(id="commune:59350")["population"] == 236234
    assert Counter(g.es["type"]) == Counter(d["type"] for _, _, d in G.edges(data=True))
    assert g.es.select(type="PRESENT_IN", dwellings_gt=0)[0]["dwellings"] == 320


def test_gexf_read_by_networkx(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """NetworkX reads GEXF with the model label, typed values and the relationship kinds."""
    out = export_graph(G, "gexf", tmp_path / "g.gexf")
    H = nx.read_gexf(out)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    for node, data in G.nodes(data=True):
        assert H.nodes[node] == {k: _xml_safe(v) for k, v in data.items()}
    assert _edge_set(H) == _edge_set(G)
    text = out.read_text(encoding="utf-8")
    assert text.count('kind="PARTY_TO"') == 5


def test_json_node_link(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """JSON node-link data rebuilds the same multigraph with ISO dates."""
    out = export_graph(G, "json", tmp_path / "g.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "links"}
    H = nx.node_link_graph(data, edges="links")
    assert isinstance(H, nx.MultiDiGraph)
    for node, attrs in G.nodes(data=True):
        expected = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in attrs.items()}
        assert H.nodes[node] == {k: v for k, v in expected.items() if k != "id"}
    assert _edge_set(H) == _edge_set(G)
    assert H.nodes["c1"]["themes"] == ["insertion", "cadre de vie"]


def test_csv_gephi_spreadsheets(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """nodes.csv and edges.csv follow Gephi's columns and keep every value."""
    folder = export_graph(G, "csv", tmp_path / "csv")
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(folder / "edges.csv", dtype=str, keep_default_na=False)
    assert list(nodes.columns[:3]) == ["Id", "Label", "class"]
    assert list(edges.columns[:7]) == ["Source", "Target", "Type", "Kind", "Id", "Label", "Weight"]
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    row = nodes.set_index("Id").loc[HOSTILE_ID]
    assert row["Label"] == HOSTILE and row["name"] == HOSTILE and row["class"] == "Actor"
    assert nodes.set_index("Id").loc["c1", "themes"] == "insertion|cadre de vie"
    assert set(edges["Type"]) == {"Directed"}
    assert Counter(zip(edges["Source"], edges["Target"], edges["Kind"], strict=True)) == _edge_set(G)
    assert edges["Id"].is_unique


def test_actor_network_exports(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """--network actors exports the undirected actor network with its weights."""
    A = model.actor_network(G)
    H = nx.read_graphml(export_graph(G, "graphml", tmp_path / "a.graphml", network="actors"))
    assert not H.is_directed()
    assert (H.number_of_nodes(), H.number_of_edges()) == (A.number_of_nodes(), A.number_of_edges())
    assert H.edges[HOSTILE_ID, "r1"]["weight"] == A.edges[HOSTILE_ID, "r1"]["weight"]
    assert H.edges[HOSTILE_ID, "r1"]["count"] == 2
    assert H.edges[HOSTILE_ID, "r1"]["contracts"] == "c1|c2"
    X = nx.read_gexf(export_graph(G, "gexf", tmp_path / "a.gexf", network="actors"))
    assert X.number_of_edges() == A.number_of_edges() and not X.is_directed()
    assert X.nodes["r1"]["label"] == "<img src=x onerror=alert(1)>"
    assert X.edges[HOSTILE_ID, "r1"]["weight"] == A.edges[HOSTILE_ID, "r1"]["weight"]
    folder = export_graph(G, "csv", tmp_path / "csv", network="actors")
    edges = pd.read_csv(folder / "edges.csv", dtype=str, keep_default_na=False)
    assert set(edges["Type"]) == {"Undirected"}
    assert sorted(edges["Weight"].astype(float)) == pytest.approx(
        sorted(d["weight"] for *_, d in A.edges(data=True)))


def test_as_of_keeps_contracts_in_force(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """With an as-of date, expired contracts and their links are left out."""
    H = nx.read_graphml(export_graph(G, "graphml", tmp_path / "g.graphml", as_of=dt.date(2025, 6, 1)))
    assert "c2" not in H and "c1" in H
    A = nx.read_graphml(
        export_graph(G, "graphml", tmp_path / "a.graphml", network="actors", as_of=dt.date(2025, 6, 1))
    )
    assert A.edges[HOSTILE_ID, "r1"]["count"] == 1
    expected = model.actor_network(G, as_of=dt.date(2025, 6, 1)).edges[HOSTILE_ID, "r1"]["weight"]
    assert A.edges[HOSTILE_ID, "r1"]["weight"] == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_are_deterministic(G: nx.MultiDiGraph, tmp_path: Path, fmt: str) -> None:
    """The same graph, built in another insertion order, gives byte-identical files."""
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(G.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    suffix = "" if fmt == "csv" else f".{fmt}"
    first = export_graph(G, fmt, tmp_path / f"one{suffix}")
    second = export_graph(shuffled, fmt, tmp_path / f"two{suffix}")
    if fmt == "csv":
        for name in ("nodes.csv", "edges.csv"):
            assert (first / name).read_bytes() == (second / name).read_bytes()
    else:
        assert first.read_bytes() == second.read_bytes()


def test_edge_ids_are_unique_and_sorted(G: nx.MultiDiGraph) -> None:
    """Edge ids are unique; parallel edges of different types are all kept."""
    _, edges = graph_records(G)
    assert len({e[0] for e in edges}) == len(edges) == G.number_of_edges()
    pairs = [(u, v) for _, u, v, _ in edges]
    assert pairs == sorted(pairs)


def test_usage_errors(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    """Unknown format, Cypher of the actor network and a .csv file path fail clearly."""
    with pytest.raises(ConfigError, match="Format d'export inconnu"):
        export_graph(G, "pdf", tmp_path / "g.pdf")
    with pytest.raises(ConfigError, match="--network full"):
        export_graph(G, "cypher", tmp_path / "g.cypher", network="actors")
    with pytest.raises(OutputError, match="dossier"):
        export_graph(G, "csv", tmp_path / "g.csv")
    with pytest.raises(OutputError, match="est un dossier"):
        export_graph(G, "gexf", tmp_path)
    assert not (tmp_path / "g.cypher").exists() and not (tmp_path / "g.csv").exists()


def test_control_characters(tmp_path: Path) -> None:
    """XML-forbidden control characters become U+FFFD in XML and CSV, \\uXXXX in Cypher, raw in JSON."""
    G = nx.MultiDiGraph()
    G.add_node("a", label="Actor", id="a", name="cloche\x07 nul\x00 fin", type="regie")
    H = nx.read_graphml(export_graph(G, "graphml", tmp_path / "g.graphml"))
    assert H.nodes["a"]["name"] == "cloche\ufffd nul\ufffd fin"
    assert nx.read_gexf(export_graph(G, "gexf", tmp_path / "g.gexf")).nodes["a"]["name"] == (
        "cloche\ufffd nul\ufffd fin"
    )
    data = json.loads(export_graph(G, "json", tmp_path / "g.json").read_text(encoding="utf-8"))
    assert data["nodes"][0]["name"] == "cloche\x07 nul\x00 fin"
    script = export_graph(G, "cypher", tmp_path / "g.cypher").read_text(encoding="utf-8")
    assert "name: 'cloche\\u0007 nul\\u0000 fin'" in script


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    """A graph outside the model fails before anything is written."""
    bad = nx.MultiDiGraph()
    bad.add_node("n1", label="Person", name="x")
    with pytest.raises(OutputError):
        export_graph(bad, "cypher", tmp_path / "bad.cypher")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- Cypher replay


def split_statements(script: str) -> list[str]:
    """Split a Cypher script on ';' outside quotes and backquotes, dropping // comment lines."""
    text = "\n".join(line for line in script.split("\n") if not line.startswith("//"))
    statements: list[str] = []
    buffer: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(text):
        char = text[i]
        buffer.append(char)
        if quote is not None:
            if char == "\\" and quote != "`":
                buffer.append(text[i + 1])
                i += 1
            elif char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
        elif char == ";":
            statements.append("".join(buffer[:-1]).strip())
            buffer = []
        i += 1
    assert quote is None and not "".join(buffer).strip()
    return [s for s in statements if s]


def test_split_statements_respects_strings() -> None:
    """The test splitter keeps ';' inside strings."""
    assert split_statements("CREATE (:A {n: 'a;\\'b'});\n// c;\nRETURN 1;") == [
        "CREATE (:A {n: 'a;\\'b'})",
        "RETURN 1",
    ]


@pytest.mark.neo4j
def test_cypher_replays_into_empty_database(run_cli: RunCli, G: nx.MultiDiGraph, tmp_path: Path, neo4j_db: Any) -> None:
    """The script replays statement by statement, without parameters; counts and typed values match."""
    script = export_graph(G, "cypher", tmp_path / "g.cypher").read_text(encoding="utf-8")
    statements = split_statements(script)
    with _driver(neo4j_db) as driver, driver.session(database=neo4j_db.database) as session:
        for statement in statements:
            session.run(statement).consume()
        labels = {
            tuple(sorted(r["l"])): r["c"]
            for r in session.run("MATCH (n) RETURN labels(n) AS l, count(*) AS c")
        }
        types = {r["t"]: r["c"] for r in session.run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")}
        hostile = session.run("MATCH (n:Actor:Bailleur {id: $id}) RETURN n", id=HOSTILE_ID).single()["n"]
        contract = session.run("MATCH (c:Contract {id: 'c1'}) RETURN c").single()["c"]
        names = {r["id"]: r["name"] for r in session.run("MATCH (n:Actor) RETURN n.id AS id, n.name AS name")}
        dwellings = session.run("MATCH ()-[r:PRESENT_IN]->() WHERE r.dwellings > 0 RETURN r.dwellings AS d").single()["d"]
        role = session.run("MATCH ()-[r:MEMBER_OF]->() RETURN r.role AS role").single()["role"]
    assert labels == {
        ("Actor", "Bailleur"): 1,
        ("Actor", "Regie"): 1,
        ("Actor", "Plie"): 1,
        ("Actor", "Association"): 25,
        ("Contract",): 2,
        ("Region", "Territory"): 1,
        ("Commune", "Territory"): 1,
        ("Qpv", "Territory"): 1,
    }
    assert types == dict(Counter(d["type"] for _, _, d in G.edges(data=True)))
    assert hostile["name"] == HOSTILE and hostile["note"] == "colonne en plus"
    assert contract["start"].to_native() == dt.date(2024, 1, 1)
    assert contract["amount_eur"] == 12500.5 and contract["themes"] == ["insertion", "cadre de vie"]
    assert dwellings == 320 and role == HOSTILE
    assert names == {n: d["name"] for n, d in G.nodes(data=True) if d["label"] == "Actor"}
    # The replayed database, read back by `hlmgraph export --from-neo4j`, exports the same JSON.
    out = tmp_path / "back.json"
    done = run_cli("export", "--from-neo4j", "--uri", neo4j_db.uri, "--user", neo4j_db.user,
                   "--database", neo4j_db.database or "", "--format", "json", "--out", out,
                   "--all-dates", "--no-measures", env={"NEO4J_PASSWORD": neo4j_db.password})
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == export_graph(G, "json", tmp_path / "direct.json").read_bytes()


def _driver(settings: Any) -> Any:
    """An official neo4j driver on the fixture's server (independent of hlmgraph.store)."""
    from neo4j import GraphDatabase

    return GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))


# ---------------------------------------------------------------- CLI


def test_cli_export_demo(run_cli: RunCli, demo_path: Path, demo_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """`hlmgraph export` writes a GEXF that NetworkX reads, and fails cleanly on bad input."""
    out = tmp_path / "demo.gexf"
    done = run_cli("export", demo_path, "--format", "gexf", "--out", out, "--all-dates")
    assert done.returncode == 0, done.stderr
    assert "Écrit" in done.stderr
    G = demo_graph
    H = nx.read_gexf(out)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    bad = run_cli("export", demo_path, "--format", "csv", "--out", tmp_path / "x.csv")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "dossier" in bad.stderr


# ---------------------------------------------------------------- properties

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_TEXT, min_size=1, max_size=4, unique_by=_xml_safe))
def test_any_text_survives_every_reader(names: list[str], tmp_path: Path) -> None:
    """Any actor id and name come back from GraphML, GEXF, JSON and CSV.

    Characters XML forbids come back as U+FFFD (except in JSON), so ids differing only
    by them would merge: the strategy keeps them distinct.
    """
    G = nx.MultiDiGraph()
    for i, name in enumerate(names):
        G.add_node(name, label="Actor", id=name, name=name, type="association", rank=i)
    folder = tmp_path / f"p{abs(hash(tuple(names)))}"
    safe = {n: _xml_safe(n) for n in names}
    H = nx.read_graphml(export_graph(G, "graphml", folder / "g.graphml"))
    assert sorted(H.nodes) == sorted(safe.values())
    assert {d["name"] for _, d in H.nodes(data=True)} == set(safe.values())
    X = nx.read_gexf(export_graph(G, "gexf", folder / "g.gexf"))
    assert {d["name"] for _, d in X.nodes(data=True)} == set(safe.values())
    data = json.loads(export_graph(G, "json", folder / "g.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in data["nodes"]] == sorted(names)
    nodes = pd.read_csv(export_graph(G, "csv", folder / "csv") / "nodes.csv", dtype=str,
                        keep_default_na=False)
    # CSV cells are made inert (a leading ' before =, +, -, @, tab, CR): formula injection
    assert sorted(nodes["name"]) == sorted(inert(v) for v in safe.values())
