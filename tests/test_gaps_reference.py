"""Cross-check of the gaps engine against the spec's definitions applied literally (slow, simple)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from hlmgraph.gaps import Rule, add_months, find_gaps, load_rules
from hlmgraph.model import in_force
from hlmgraph.schema import LEVEL_RANK, fold


class Literal:
    """The words of spec/gap-rules.md, computed the slow obvious way on the model graph."""

    def __init__(self, G: nx.MultiDiGraph, as_of: dt.date) -> None:
        """Read every relation of ``G`` into plain dicts and sets."""
        self.G, self.as_of = G, as_of
        edges = [(u, v, d) for u, v, d in G.edges(data=True)]
        up = nx.DiGraph([(u, v) for u, v, d in edges if d["type"] == "PART_OF"])
        nodes = dict(G.nodes(data=True))
        self.places = [n for n, d in nodes.items() if d.get("label") == "Territory"]
        self.encl = {t: {t} | (nx.ancestors(up, t) if t in up else set()) for t in self.places}
        self.rows = {(u, v): d.get("dwellings", 0) for u, v, d in edges if d["type"] == "PRESENT_IN"}
        self.base = {u: v for u, v, d in edges if d["type"] == "BASED_IN"}
        self.members = {(u, v) for u, v, d in edges if d["type"] == "MEMBER_OF"}
        self.contracts = [n for n, d in nodes.items() if d.get("label") == "Contract"]
        self.parties = {c: {u for u, v, d in edges if v == c and d["type"] == "PARTY_TO"}
                        for c in self.contracts}
        self.covers = {c: {v for u, v, d in edges if u == c and d["type"] == "COVERS"}
                       for c in self.contracts}
        self.actors = [n for n, d in nodes.items() if d.get("label") == "Actor"]
        self.above = {t: {p for p in self.places if t in self.encl[p]} for t in self.places}
        self.where: dict[str, set[str]] = {}
        for actor, p in self.rows:
            self.where.setdefault(actor, set()).update(self.encl[p])

    def match(self, actor: str, selectors: tuple[str, ...]) -> bool:
        """Type or type/subtype selector."""
        data = self.G.nodes[actor]
        for selector in selectors:
            kind, _, sub = selector.partition("/")
            if data.get("type") == kind and (not sub or fold(str(data.get("subtype", ""))) == sub):
                return True
        return False

    def present(self, actor: str, t: str) -> bool:
        """A presence row for t or for a territory enclosing t."""
        return any((actor, p) in self.rows for p in self.above[t])

    def subject(self, rule: Rule, actor: str, t: str) -> bool:
        """Housed when the rule asks, else present."""
        if rule.with_dwellings or rule.min_dwellings:
            return (self.rows.get((actor, t)) or 0) >= max(1, rule.min_dwellings)
        return self.present(actor, t)

    def live(self, kinds: tuple[str, ...] | None) -> list[str]:
        """Contracts in force of the kinds."""
        return [c for c in self.contracts if in_force(self.G.nodes[c], self.as_of)
                and (kinds is None or self.G.nodes[c]["kind"] in kinds)]

    def covering(self, c: str, t: str) -> bool:
        """The coverage includes a territory enclosing t."""
        return any(t in self.encl[p] for p in self.covers[c])

    def specific(self, territories: Any) -> str:
        """Most specific territory, ties by id."""
        ranked = sorted(territories, key=lambda t: (-LEVEL_RANK[self.G.nodes[t]["level"]], t))
        return ranked[0] if ranked else ""

    def successor(self, c: str) -> bool:
        """Another contract renews c (spec: successor)."""
        data = self.G.nodes[c]
        for s in self.contracts:
            other = self.G.nodes[s]
            if s == c or other["kind"] != data["kind"] or other.get("start") is None:
                continue
            if data.get("start") is not None and not data["start"] < other["start"]:
                continue
            if other["start"] > data["end"] + dt.timedelta(days=183):
                continue
            one, two = self.covers[c], self.covers[s]
            overlap = (not one and not two) or any(
                a in self.encl[b] or b in self.encl[a] for a in one for b in two)
            if overlap and len(self.parties[s] & self.parties[c]) >= math.ceil(
                    len(self.parties[c]) / 2):
                return True
        return False

    def regions(self, actor: str) -> set[str]:
        """Régions of the actor's rows and base."""
        anchors = {t for a, t in self.rows if a == actor} | ({self.base[actor]}
                                                             if actor in self.base else set())
        return {r for t in anchors for r in self.above[t] if self.G.nodes[r]["level"] == "region"}


def reference(G: nx.MultiDiGraph, rule: Rule, as_of: dt.date) -> set[tuple[Any, ...]]:
    """(territory, actors, contract) of each gap of one rule, by the literal definitions."""
    s = Literal(G, as_of)
    a_side = [x for x in s.actors if s.match(x, rule.a)]
    b_side = [x for x in s.actors if s.match(x, rule.b)]
    if rule.form in ("pair", "party", "presence", "requires"):
        return _territorial(s, rule, a_side, b_side)
    if rule.form == "link":
        return _link(s, rule, a_side, b_side)
    if rule.form == "membership":
        return _membership(s, rule, a_side, b_side)
    return _contracts(s, rule, as_of)


def _territorial(s: Literal, rule: Rule, a_side: list[str], b_side: list[str]) -> set[Any]:
    """pair, party, presence, requires: each territory of the level."""
    found: set[tuple[Any, ...]] = set()
    for t in (t for t in s.places if s.G.nodes[t].get("level") == rule.level):
        subjects = [x for x in a_side if s.subject(rule, x, t)]
        others = [y for y in b_side if s.present(y, t)]
        live = [c for c in s.live(rule.kinds) if s.covering(c, t)]
        if rule.form == "pair":
            found |= {(t, (x, y), "") for x in subjects for y in others
                      if x != y and not any({x, y} <= s.parties[c] for c in live)}
        elif rule.form == "party":
            found |= {(t, (x,), "") for x in subjects if not any(x in s.parties[c] for c in live)}
        elif rule.form == "presence" and subjects and not others:
            found.add((t, tuple(sorted(subjects)), ""))
        elif rule.form == "requires":
            then = [c for c in s.live(rule.then_kinds) if s.covering(c, t)]
            for x in subjects:
                held = sorted(c for c in live if x in s.parties[c])
                if held and not any(x in s.parties[c] for c in then):
                    found.add((t, (x,), held[0]))
    return found


def _link(s: Literal, rule: Rule, a_side: list[str], b_side: list[str]) -> set[Any]:
    """link: each a-actor and the b-actors present where it is."""
    found: set[tuple[Any, ...]] = set()
    for x in a_side:
        near = sorted(y for y in b_side if y != x and s.where.get(x, set()) & s.where.get(y, set()))
        if any(x in s.parties[c] and s.parties[c] & set(near) for c in s.live(rule.kinds)):
            continue
        rows = {t for a, t in s.rows if a in (x, *near)}
        both = [t for t in rows for y in near if s.present(x, t) and s.present(y, t)]
        mine = [t for a, t in s.rows if a == x]
        found.add((s.specific(both) or s.specific(mine), (x, *near), ""))
    return found


def _membership(s: Literal, rule: Rule, a_side: list[str], b_side: list[str]) -> set[Any]:
    """membership: each a-actor and the organisations it could join."""
    found: set[tuple[Any, ...]] = set()
    for x in a_side:
        fitting = sorted(o for o in b_side if o != x and (
            rule.scope != "region" or s.regions(o) & s.regions(x)))
        if not any((x, o) in s.members for o in fitting):
            home = s.base.get(x) or s.specific(t for a, t in s.rows if a == x)
            found.add((home, (x, *fitting), ""))
    return found


def _contracts(s: Literal, rule: Rule, as_of: dt.date) -> set[Any]:
    """contract-has, lapsed, expiry: each contract of the kinds."""
    found: set[tuple[Any, ...]] = set()
    if rule.form == "contract-has":
        for c in s.live(rule.kinds):
            if not any(s.match(p, rule.b) for p in s.parties[c]):
                found.add((s.specific(s.covers[c]), tuple(sorted(s.parties[c])), c))
        return found
    since, horizon = add_months(as_of, -rule.months), add_months(as_of, rule.months)
    pool = s.live(rule.kinds) if rule.form == "expiry" else [
        c for c in s.contracts if rule.kinds is None or s.G.nodes[c]["kind"] in rule.kinds]
    for c in pool:
        end = s.G.nodes[c].get("end")
        window = (end is not None and (end <= horizon if rule.form == "expiry"
                                       else since <= end < as_of))
        if window and not s.successor(c):
            found.add((s.specific(s.covers[c]), tuple(sorted(s.parties[c])), c))
    return found


@pytest.mark.slow
def test_find_gaps_matches_the_literal_spec_on_generated_data(tmp_path: Path) -> None:
    """On a generated regional dataset, every rule gives what the literal definitions give."""
    from hlmgraph.generate import generate_dataset
    from hlmgraph.pipeline import load_graph

    generate_dataset("regional", 7, tmp_path / "aura")
    G = load_graph(tmp_path / "aura")
    extra = [Rule("presence-present", "presence", "qpv", a=("bailleur",), b=("plie",)),
             Rule("party-commune", "party", "commune", a=("plie", "regie"), kinds=("autre",)),
             Rule("pair-present", "pair", "qpv", a=("bailleur/oph",), b=("regie", "association"),
                  kinds=("partenariat",), min_dwellings=50),
             Rule("ar-national", "membership", a=("bailleur",), b=("federation/ar_hlm",))]
    counts = {}
    for rule in [*load_rules(), *extra]:
        for as_of in (dt.date(2026, 11, 1), dt.date(2028, 1, 1)):
            gaps = find_gaps(G, [rule], as_of)
            got = {(g.territory, g.actors, g.contract) for g in gaps}
            assert got == reference(G, rule, as_of), (rule.id, as_of)
            assert len(got) == len(gaps)
            counts[rule.id, as_of] = len(gaps)
    assert sum(counts.values()) > 100 and min(counts.values()) >= 0
