"""Data step: the synthetic dataset being generated (its rows, random stream and primitives)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdnum.fr import siren as siren_number

from hlmgraph.cog import Geography
from hlmgraph.generate import names
from hlmgraph.generate.scope import Scope

Rows = list[dict[str, str]]


@dataclass
class Site:
    """A contrat de ville being generated: its EPCI, communes and QPV."""

    cv: dict[str, str]
    epci: str
    communes: list[str]
    qpv: list[str] = field(default_factory=list)


class Draft:
    """Accumulates the rows of one synthetic dataset."""

    def __init__(self, geo: Geography, scope: Scope, seed: int, as_of: dt.date) -> None:
        """Start an empty dataset for ``scope`` with a random stream fixed by ``seed``."""
        self.geo, self.scope, self.as_of = geo, scope, as_of
        self.rng = random.Random(f"hlmgraph-generate:{seed}")
        self.source = f"généré (hlmgraph generate, graine {seed})"
        self.actors: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()
        self.qpv: dict[str, dict[str, str]] = {}
        self.contracts: dict[str, dict[str, str]] = {}
        self.parties: dict[tuple[str, str], str] = {}
        self.coverage: set[tuple[str, str]] = set()
        self.presence: dict[tuple[str, str], str] = {}
        self.memberships: dict[tuple[str, str], str] = {}
        self.housed: dict[str, dict[str, int]] = defaultdict(dict)
        """QPV id -> landlord id -> dwellings."""
        self.in_qpv: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        """QPV id -> actor type -> actor ids present there."""
        self.sites: list[Site] = []
        self.qpv_seq: dict[str, int] = defaultdict(int)
        self.housing: dict[str, int] = defaultdict(int)
        """Commune id -> population already placed in its QPV."""
        self.names: set[str] = set()
        self.regie_sites: dict[str, Site] = {}
        """Régie id -> the site it was created for."""
        self.isolated: set[str] = set()
        """Régies left without any insertion partner (a deliberate gap)."""
        self.tenants: dict[tuple[str, str], str] = {}
        """(QPV id, landlord id) -> the amicale de locataires of that landlord's tenants."""

    def tables(self) -> dict[str, Rows]:
        """The dataset as sorted rows per table."""
        territories = self.territory_rows()
        contracts = sorted(self.contracts.values(), key=lambda r: r["id"])
        return {
            "actors": sorted(self.actors.values(), key=lambda r: r["id"]),
            "territories": territories,
            "contracts": contracts,
            "parties": [{"contract": c, "actor": a, "role": r}
                        for (c, a), r in sorted(self.parties.items())],
            "coverage": [{"contract": c, "territory": t} for c, t in sorted(self.coverage)],
            "presence": [{"actor": a, "territory": t, "dwellings": d}
                         for (a, t), d in sorted(self.presence.items())],
            "memberships": [{"member": m, "organisation": o, "role": r}
                            for (m, o), r in sorted(self.memberships.items())],
        }

    def territory_rows(self) -> list[dict[str, str]]:
        """Used territories and all their ancestors, sorted by id."""
        keep: set[str] = set()
        for tid in self.used:
            while tid and tid not in keep and tid in self.geo.territories:
                keep.add(tid)
                tid = self.geo.territories[tid]["parent_id"]
        rows = [{"id": t, "name": self.geo.territories[t]["name"],
                 "level": self.geo.territories[t]["level"],
                 "code": self.geo.territories[t]["code"],
                 "parent": self.geo.territories[t]["parent_id"],
                 "population": self.geo.territories[t]["population"]} for t in keep]
        rows += [{k: v for k, v in q.items() if k != "stem"} for q in self.qpv.values()]
        return sorted(rows, key=lambda r: r["id"])

    def dep_of(self, territory: str) -> str:
        """The département id above an EPCI or commune id."""
        while territory and not territory.startswith("departement:"):
            territory = self.geo.territories[territory]["parent_id"]
        return territory

    def region_of(self, territory: str) -> str:
        """The région code above a territory id."""
        dep = self.dep_of(territory)
        return self.geo.territories[dep]["parent"]

    def actor(self, aid: str, name: str, atype: str, territory: str, subtype: str = "",
              siren: str = "") -> str:
        """Add an actor (based in ``territory``) and return its id."""
        if siren and not siren_number.is_valid(siren):
            siren = ""
        self.actors[aid] = {"id": aid, "name": name, "type": atype, "subtype": subtype,
                            "siren": siren, "territory": territory, "source": self.source}
        if territory.startswith(("region:", "departement:", "epci:", "commune:")):
            self.used.add(territory)
        return aid

    def present(self, actor: str, territory: str, dwellings: int | None = None) -> None:
        """Record a presence row, and who is present in which QPV."""
        self.presence[(actor, territory)] = "" if dwellings is None else str(dwellings)
        if territory.startswith("qpv:"):
            atype = self.actors[actor]["type"]
            if actor not in self.in_qpv[territory][atype]:
                self.in_qpv[territory][atype].append(actor)
            if dwellings:
                self.housed[territory][actor] = dwellings
        else:
            self.used.add(territory)

    def stem(self) -> str:
        """A random fictional place stem (``les Tilleuls``)."""
        return self.rng.choice(names.STEMS)

    def unique(self, name: str) -> str:
        """``name``, numbered if already taken, so generated names stay distinct."""
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name} {n}"
        self.names.add(candidate)
        return candidate

    def fictional(self, text: str) -> str:
        """A unique fictional organisation name, marked as such."""
        return self.unique(text) + " (nom fictif)"

    def contract(self, cid: str, name: str, kind: str, start: dt.date | None,
                 end: dt.date | None, amount: float | None, themes: Iterable[str],
                 covers: Iterable[str]) -> str:
        """Add a contract with its coverage and return its id."""
        self.contracts[cid] = {
            "id": cid, "name": name, "kind": kind,
            "start": start.isoformat() if start else "", "end": end.isoformat() if end else "",
            "amount_eur": f"{amount:.2f}" if amount is not None else "",
            "themes": "|".join(themes), "source": self.source,
        }
        for territory in covers:
            self.coverage.add((cid, territory))
            if not territory.startswith("qpv:"):
                self.used.add(territory)
        return cid

    def party(self, contract: str, actor: str | None, role: str = "signataire") -> None:
        """Add a party row (the first role given wins)."""
        if actor and actor in self.actors:
            self.parties.setdefault((contract, actor), role)

    def maybe(self, chance: float) -> bool:
        """True with probability ``chance``."""
        return self.rng.random() < chance

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        """A random day between two dates."""
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def term(self, years: tuple[int, int]) -> tuple[dt.date, dt.date]:
        """Start and end of a renewable contract: expired, ending within a year, or running."""
        length = dt.timedelta(days=365 * self.rng.randint(*years))
        draw = self.rng.random()
        if draw < 0.15:
            end = self.as_of - dt.timedelta(days=self.rng.randint(30, 700))
        elif draw < 0.35:
            end = self.as_of + dt.timedelta(days=self.rng.randint(15, 330))
        else:
            end = self.as_of + dt.timedelta(days=self.rng.randint(400, 1400))
        return min(end - length, self.as_of - dt.timedelta(days=30)), end

    def running(self, cid: str) -> bool:
        """Whether contract ``cid`` exists and is in force on the reference day."""
        row = self.contracts.get(cid)
        return row is not None and row["start"] <= self.as_of.isoformat() <= row["end"]

    def drop_contract(self, cid: str) -> None:
        """Remove a contract with its parties and coverage."""
        del self.contracts[cid]
        for key in [k for k in self.parties if k[0] == cid]:
            del self.parties[key]
        self.coverage = {(c, t) for c, t in self.coverage if c != cid}

    def state(self, site: Site) -> str:
        """The préfecture id of a site's département."""
        return f"prefecture-{self.dep_of(site.epci).split(':')[1]}"

    def communes(self, site: Site) -> list[str]:
        """Actor ids of the communes hosting a site's QPV."""
        towns = sorted({self.qpv[q]["parent"] for q in site.qpv})
        return [self.geo.territories[t]["siren"] for t in towns]
