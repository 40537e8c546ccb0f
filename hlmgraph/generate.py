"""Data step: generate realistic synthetic datasets on the real French geography.

Territories come from the real COG 2026 hierarchy and the real contrats de ville
2024-2030 (tables shipped in ``hlmgraph/data/geo``); QPV, landlords, régies,
associations and every contract are synthetic, with clearly fictional names and
deliberate partnership gaps (spec/gap-rules.md). Same scale and seed: byte-identical
files.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.fr import siren as siren_number

from hlmgraph import fr
from hlmgraph.cog import Geography, load_geography
from hlmgraph.errors import ConfigError, OutputError
from hlmgraph.output import reason_fr, render_records, write_text
from hlmgraph.schema import TABLES

Rows = list[dict[str, str]]
SCALES: tuple[str, ...] = ("demo", "regional", "national")
REFERENCE_DATE = dt.date(2026, 11, 1)
"""Default day the contract dates are placed around (some expired, some ending soon)."""


@dataclass(frozen=True)
class Scope:
    """What a scale covers and how dense it is."""

    contracts: tuple[str, ...] = ()
    """Codes of the contrats de ville kept (empty: all of the régions)."""
    regions: tuple[str, ...] = ()
    """Région codes kept (empty: all)."""
    max_qpv: int = 30
    """At most this many QPV per contrat de ville."""
    regie_rate: float = 0.08
    """Expected régies per QPV."""
    npnru_rate: float = 0.5
    acv_rate: float = 0.7
    """Chance that the main town (10,000-120,000 inhabitants) of an EPCI is in Action Cœur de Ville."""
    """Chance of an NPNRU convention for a contrat de ville with several QPV."""


SCOPES: dict[str, Scope] = {
    "demo": Scope(contracts=("CN05901I", "CN05903M", "CN08401M"), max_qpv=3, regie_rate=0.5,
                  npnru_rate=1.0, acv_rate=1.0),
    "regional": Scope(regions=("84",), regie_rate=0.12),
    "national": Scope(regie_rate=0.1),
}
QPV_POPULATION = 5600
"""Published contrat-de-ville population per generated QPV (about 1,600 QPV nationally)."""

_STEMS = (
    "les Tilleuls", "les Glycines", "les Acacias", "les Peupliers", "les Mimosas",
    "les Hirondelles", "la Roseraie", "le Moulin", "le Verger", "les Bruyères", "les Coteaux",
    "les Sablons", "les Lilas", "les Cèdres", "les Érables", "les Marronniers", "les Platanes",
    "les Châtaigniers", "les Noisetiers", "les Charmes", "les Bouleaux", "les Saules",
    "les Frênes", "les Oliviers", "les Amandiers", "les Cerisiers", "les Jonquilles",
    "les Bleuets", "les Coquelicots", "les Pervenches", "les Capucines", "les Hortensias",
    "les Magnolias", "les Camélias", "les Lavandes", "les Genêts", "les Fougères",
    "les Mésanges", "les Fauvettes", "les Alouettes", "les Rossignols", "les Pinsons",
    "les Colombes", "les Cigognes", "les Hérons", "les Écureuils", "la Source", "la Fontaine",
    "la Prairie", "le Bosquet", "les Jardins", "les Terrasses", "l'Horizon", "le Belvédère",
    "la Clairière", "les Hauts-Champs", "le Val-Fleuri", "le Bel-Air", "le Beau-Site",
    "le Plein-Sud", "le Pré-Vert", "les Trois-Chênes", "les Quatre-Vents", "le Clos-Joli",
    "le Champ-Rond", "la Butte-aux-Cailles", "les Tournesols", "les Violettes", "l'Orangerie",
    "l'Aubépine", "l'Églantier", "les Myosotis", "les Pâquerettes", "les Primevères",
    "le Grand-Pré", "la Petite-Forêt", "le Vieux-Puits", "la Croix-Blanche", "les Charmilles",
    "les Vergers-du-Sud", "la Colline", "le Plateau", "les Rives", "le Petit-Bois",
    "la Garenne", "les Iris", "les Ormeaux", "les Tamaris", "les Mûriers", "les Sorbiers",
)
_LANDLORD_FORMS = {
    "OPH": ("Office {} Habitat",),
    "ESH": ("Logis {}", "Résidences {}", "Immobilière {}", "Foyer {}"),
    "coop": ("Coop'Hlm {}",),
    "SEM": ("SEM Habitat {}",),
}
_ASSOCIATIONS = (
    "Association sportive", "Maison des jeunes", "Atelier vélo solidaire", "Jardins partagés",
    "Médiation et accès aux droits", "Soutien scolaire", "Femmes relais", "Épicerie solidaire",
    "Compagnie de théâtre", "Recyclerie", "Club de prévention", "Café des parents",
)
_PRESTATIONS = (
    "entretien des parties communes", "gestion des encombrants", "espaces verts",
    "petits travaux de second œuvre", "médiation de proximité", "nettoyage des abords",
)


def generate_dataset(
    scale: str,
    seed: int,
    out: str | os.PathLike[str],
    *,
    force: bool = False,
    as_of: dt.date = REFERENCE_DATE,
) -> dict[str, int]:
    """Generate a synthetic dataset of ``scale`` into folder ``out``; return rows per file.

    The folder must be empty or absent unless ``force``; the files are written
    into a temporary folder first, so a failure leaves nothing half-written.
    """
    if scale not in SCOPES:
        raise ConfigError(f"Échelle inconnue « {scale} » : choisissez demo, regional ou national.")
    target = Path(out)
    _check_target(target, force)
    tables = build_tables(scale, seed, as_of)
    texts = {name: render_records(rows, _columns(name), "csv")
             for name, rows in tables.items()}
    _write_folder(target, texts)
    return {f"{name}.csv": len(rows) for name, rows in tables.items()}


def build_tables(scale: str, seed: int, as_of: dt.date = REFERENCE_DATE) -> dict[str, Rows]:
    """The seven input tables (rows as dicts, sorted) for ``scale`` and ``seed``."""
    geo = load_geography()
    builder = _Builder(geo, SCOPES[scale], seed, as_of)
    builder.run()
    return builder.tables()


# ---------------------------------------------------------------- builder


@dataclass
class _Site:
    """A contrat de ville being generated: its EPCI, communes and QPV."""

    cv: dict[str, str]
    epci: str
    communes: list[str]
    qpv: list[str] = field(default_factory=list)


class _Builder:
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
        self.sites: list[_Site] = []
        self.qpv_seq: dict[str, int] = defaultdict(int)
        self.housing: dict[str, int] = defaultdict(int)
        """Commune id -> population already placed in its QPV."""
        self.names: set[str] = set()
        self.regie_sites: dict[str, _Site] = {}
        """Régie id -> the site it was created for."""
        self.isolated: set[str] = set()
        """Régies left without any insertion partner (a deliberate gap)."""
        self.tenants: dict[tuple[str, str], str] = {}
        """(QPV id, landlord id) -> the amicale de locataires of that landlord's tenants."""

    # ------------------------------------------------------------ orchestration

    def run(self) -> None:
        """Generate territories, actors, contracts and memberships in a fixed order."""
        self._sites()
        self._national_actors()
        departements = sorted({self._dep_of(s.epci) for s in self.sites})
        for dep in departements:
            self._departement(dep, [s for s in self.sites if self._dep_of(s.epci) == dep])
        self._regional_landlords()
        for site in self.sites:
            self._site_actors(site)
        self._ensure_qpv_without_regie()
        for site in self.sites:
            self._site_contracts(site)
        self._action_coeur_de_ville()
        for regie, site in sorted(self.regie_sites.items()):
            self._iae(regie, site)
        self._ensure_gaps()

    def tables(self) -> dict[str, Rows]:
        """The dataset as sorted rows per table."""
        territories = self._territory_rows()
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

    # ------------------------------------------------------------ territories

    def _sites(self) -> None:
        """Pick the contrats de ville of the scope and generate their QPV."""
        for cv in self.geo.contracts:
            epci = f"epci:{cv['epci']}"
            if epci not in self.geo.territories or not self._in_scope(cv, epci):
                continue
            if cv["communes"]:
                communes = [f"commune:{c}" for c in cv["communes"].split("|")]
            else:
                communes = self.geo.communes_of.get(epci, [])[:6]
            site = _Site(cv, epci, communes)
            self._make_qpv(site)
            self.sites.append(site)

    def _in_scope(self, cv: dict[str, str], epci: str) -> bool:
        """Whether a contrat de ville belongs to the scale's scope."""
        if self.scope.contracts:
            return cv["code_cv"] in self.scope.contracts
        if self.scope.regions:
            return self._region_of(epci) in self.scope.regions
        return True

    def _make_qpv(self, site: _Site) -> None:
        """Generate the QPV of one contrat de ville under its real communes."""
        pop = int(site.cv["population"] or 0)
        count = max(1, min(self.scope.max_qpv, round(pop / QPV_POPULATION)))
        base = pop / max(1, round(pop / QPV_POPULATION))
        weights = [max(1, int(self.geo.territories[c]["population"] or 1)) ** 0.7
                   for c in site.communes]
        letter = site.cv["code_cv"][-1] if site.cv["code_cv"][-1].isalpha() else "M"
        room = {c: int(int(self.geo.territories[c]["population"] or 0) * 0.7) - self.housing[c]
                for c in site.communes}
        for _ in range(count):
            open_ = [(c, w) for c, w in zip(site.communes, weights, strict=True) if room[c] >= 1000]
            if not open_ and site.qpv:
                break
            open_ = open_ or [(max(site.communes, key=lambda c: (room[c], c)), 1.0)]
            commune = self.rng.choices([c for c, _ in open_], [w for _, w in open_])[0]
            dep = self.geo.territories[commune]["departement"]
            self.qpv_seq[dep] += 1
            code = f"QN{dep.zfill(3)}{self.qpv_seq[dep]:02d}{letter}"
            stem = self._stem()
            town = self.geo.territories[commune]
            population = max(100, min(max(1000, int(base * self.rng.uniform(0.5, 1.5))),
                                      room[commune]))
            room[commune] -= population
            self.housing[commune] += population
            qpv_id = f"qpv:{code}"
            self.qpv[qpv_id] = {"id": qpv_id, "name": f"{stem[0].upper()}{stem[1:]} – "
                                f"{town['name']} (QPV fictif)", "level": "qpv", "code": code,
                                "parent": commune, "population": str(population), "stem": stem}
            site.qpv.append(qpv_id)
            self.used.add(commune)

    def _territory_rows(self) -> list[dict[str, str]]:
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

    def _dep_of(self, territory: str) -> str:
        """The département id above an EPCI or commune id."""
        while territory and not territory.startswith("departement:"):
            territory = self.geo.territories[territory]["parent_id"]
        return territory

    def _region_of(self, territory: str) -> str:
        """The région code above a territory id."""
        dep = self._dep_of(territory)
        return self.geo.territories[dep]["parent"]

    # ------------------------------------------------------------ actors

    def _actor(self, aid: str, name: str, atype: str, territory: str, subtype: str = "",
               siren: str = "") -> str:
        """Add an actor (based in ``territory``) and return its id."""
        if siren and not siren_number.is_valid(siren):
            siren = ""
        self.actors[aid] = {"id": aid, "name": name, "type": atype, "subtype": subtype,
                            "siren": siren, "territory": territory, "source": self.source}
        if territory.startswith(("region:", "departement:", "epci:", "commune:")):
            self.used.add(territory)
        return aid

    def _present(self, actor: str, territory: str, dwellings: int | None = None) -> None:
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

    def _stem(self) -> str:
        """A random fictional place stem (``les Tilleuls``)."""
        return self.rng.choice(_STEMS)

    def _unique(self, name: str) -> str:
        """``name``, numbered if already taken, so generated names stay distinct."""
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{name} {n}"
        self.names.add(candidate)
        return candidate

    def _fictional(self, text: str) -> str:
        """A unique fictional organisation name, marked as such."""
        return self._unique(text) + " (nom fictif)"

    def _national_actors(self) -> None:
        """Federations, national funders and State agencies."""
        national = (
            ("ush", "Union sociale pour l'habitat (USH)", "federation"),
            ("federation-oph", "Fédération nationale des Offices Publics de l'Habitat",
             "federation"),
            ("federation-esh", "Fédération des entreprises sociales pour l'habitat",
             "federation"),
            ("federation-coop", "Fédération nationale des sociétés coopératives d'Hlm",
             "federation"),
            ("federation-epl", "Fédération des élus des Entreprises publiques locales",
             "federation"),
            ("mouvement-regies", "Mouvement des Régies (CNLRQ)", "federation"),
            ("action-logement", "Action Logement", "financeur"),
            ("anct", "Agence nationale de la cohésion des territoires (ANCT)", "etat"),
            ("anru", "Agence nationale pour la rénovation urbaine (ANRU)", "etat"),
        )
        for aid, name, atype in national:
            self._actor(aid, name, atype, "")
        for fed in ("federation-oph", "federation-esh", "federation-coop", "federation-epl"):
            self.memberships[(fed, "ush")] = "fédération membre"

    def _regional(self, region: str) -> None:
        """AR Hlm, conseil régional and Banque des Territoires of a région (once)."""
        rid = f"region:{region}"
        if f"ar-hlm-{region}" in self.actors:
            return
        name = self.geo.territories[rid]["name"]
        self._present(self._actor(f"ar-hlm-{region}", f"Association régionale Hlm – {name}",
                                  "federation", rid), rid)
        self.memberships[(f"ar-hlm-{region}", "ush")] = "association régionale membre"
        self._present(self._actor(f"conseil-regional-{region}", f"Région {name}",
                                  "collectivite", rid, "région"), rid)
        self._present(self._actor(f"bdt-{region}", f"Banque des Territoires – direction "
                                  f"régionale {name}", "financeur", rid), rid)

    def _departement(self, dep: str, sites: list[_Site]) -> None:
        """State services, council, CAF and landlords of one département."""
        code = dep.split(":")[1]
        region = self.geo.territories[dep]["parent"]
        self._regional(region)
        de = _of(self.geo.territories[dep])
        for aid, name, atype, sub in (
            (f"prefecture-{code}", f"Préfecture {de}", "etat", "préfecture"),
            (f"ddets-{code}", f"DDETS {de}", "etat", "DDETS"),
            (f"conseil-departemental-{code}", f"Département {de}", "collectivite", "département"),
            (f"caf-{code}", f"Caisse d'allocations familiales {de}", "financeur", ""),
        ):
            self._present(self._actor(aid, name, atype, dep, sub), dep)
        qpv = [q for s in sites for q in s.qpv]
        self._landlords(dep, code, region, qpv, sites)

    def _landlords(self, dep: str, code: str, region: str, qpv: list[str],
                   sites: list[_Site]) -> None:
        """Landlords of a département, housed in its QPV and some communes."""
        count = max(3, min(14, 2 + len(qpv) // 4))
        subtypes = ["OPH"] + [self.rng.choices(("ESH", "coop", "SEM"), (8, 1, 2))[0]
                              for _ in range(count - 1)]
        dep_name = self.geo.territories[dep]["name"]
        landlords: list[str] = []
        for i, sub in enumerate(subtypes, 1):
            form = self.rng.choice(_LANDLORD_FORMS[sub])
            name = self._fictional(f"{form.format(_de(self._stem()))} – {dep_name}")
            aid = self._actor(f"bailleur-{code}-{i:02d}", name, "bailleur", dep, sub)
            landlords.append(aid)
            fed = {"OPH": "federation-oph", "ESH": "federation-esh", "coop": "federation-coop",
                   "SEM": "federation-epl"}[sub]
            self.memberships[(aid, fed)] = "adhérent"
            if self.rng.random() < 0.93:
                self.memberships[(aid, f"ar-hlm-{region}")] = "adhérent"
        for q in qpv:
            share = [lid for j, lid in enumerate(landlords)
                     if self.rng.random() < (0.6 if j == 0 else 0.3)]
            for lid in share or [self.rng.choice(landlords)]:
                self._present(lid, q, self.rng.randint(80, 1500))
        towns = sorted({c for s in sites for c in self.geo.communes_of.get(s.epci, [])})
        for lid in landlords:
            for town in self.rng.sample(towns, min(len(towns), self.rng.randint(1, 4))):
                self._present(lid, town, self.rng.randint(40, 3000))
            self._cus(lid, dep)

    def _regional_landlords(self) -> None:
        """Some ESH also house tenants in QPV of other départements of their région."""
        qpv_by_region: dict[str, list[str]] = defaultdict(list)
        for site in self.sites:
            qpv_by_region[self._region_of(site.epci)].extend(site.qpv)
        for aid, row in sorted(self.actors.items()):
            if row["subtype"] != "ESH" or not self._maybe(0.3):
                continue
            region = self._region_of(row["territory"])
            elsewhere = [q for q in qpv_by_region[region]
                         if self._dep_of(self.qpv[q]["parent"]) != row["territory"]]
            for q in self.rng.sample(elsewhere, min(len(elsewhere), self.rng.randint(1, 3))):
                self._present(aid, q, self.rng.randint(50, 600))

    def _site_actors(self, site: _Site) -> None:
        """Collectivités, insertion actors, régies and neighbourhood bodies of one site."""
        epci = self.geo.territories[site.epci]
        self._present(self._actor(epci["siren"], epci["name"], "collectivite", site.epci,
                                  "EPCI", epci["siren"]), site.epci)
        for commune in sorted({self.qpv[q]["parent"] for q in site.qpv}):
            town = self.geo.territories[commune]
            self._present(self._actor(town["siren"], f"Commune {_of(town)}", "collectivite",
                                      commune, "commune", town["siren"]), commune)
        self._insertion(site, epci)
        expected = len(site.qpv) * self.scope.regie_rate
        regies = int(expected) + (self.rng.random() < expected - int(expected))
        for _ in range(regies):
            self._regie(site)
        for q in site.qpv:
            self._neighbourhood(q)

    def _insertion(self, site: _Site, epci: dict[str, str]) -> None:
        """PLIE, mission locale and France Travail agency of an EPCI (once)."""
        siren = epci["siren"]
        if f"ml-{siren}" in self.actors:
            return
        main_town = self.geo.territories[site.communes[0]]
        bodies = [(f"ml-{siren}", f"Mission locale – {epci['name']}", "mission_locale", 0.92),
                  (f"plie-{siren}", f"PLIE – {epci['name']}", "plie", 0.5)]
        for aid, name, atype, chance in bodies:
            if self.rng.random() < chance or atype == "mission_locale":
                self._present(self._actor(aid, self._fictional(name), atype, site.epci),
                              site.epci)
        self._present(self._actor(f"france-travail-{siren}", f"France Travail – agence "
                                  f"{_of(main_town)}", "emploi", site.epci), site.epci)

    def _regie(self, site: _Site) -> None:
        """A régie de quartier present in one to four QPV of a site."""
        dep = self._dep_of(site.epci).split(":")[1]
        n = sum(1 for a in self.actors if a.startswith(f"regie-{dep}-")) + 1
        home = self.rng.choice(site.qpv)
        commune = self.qpv[home]["parent"]
        town = self.geo.territories[commune]["name"]
        name = self._fictional(f"Régie de quartier {_de(self._stem())} – {town}")
        aid = self._actor(f"regie-{dep}-{n:02d}", name, "regie", commune)
        others = [q for q in site.qpv if q != home]
        for q in [home] + self.rng.sample(others, min(len(others), self.rng.randint(1, 4))):
            self._present(aid, q)
        if self.rng.random() < 0.9:
            self.memberships[(aid, "mouvement-regies")] = "adhérent"
        if self.rng.random() < 0.2:
            self.isolated.add(aid)
        if self.rng.random() < 0.6:
            self.memberships[(self.geo.territories[commune]["siren"], aid)] = \
                "membre du conseil d'administration"
        self.regie_sites[aid] = site

    def _neighbourhood(self, q: str) -> None:
        """Centre social, associations and conseil citoyen of one QPV."""
        qpv = self.qpv[q]
        code = qpv["code"]
        town = self.geo.territories[qpv["parent"]]["name"]
        if self.rng.random() < 0.6:
            name = self._fictional(f"Centre social {_de(self._stem())} – {town}")
            self._present(self._actor(f"centre-social-{code}", name, "centre_social", q), q)
        for i in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            label = self.rng.choice(_ASSOCIATIONS)
            name = self._fictional(f"{label} {_de(self._stem())} – {town}")
            self._present(self._actor(f"association-{code}-{i + 1}", name, "association", q), q)
        if self.rng.random() < 0.8:
            name = f"Conseil citoyen {_de(qpv['stem'])} – {town} (nom fictif)"
            self._present(self._actor(f"conseil-citoyen-{code}", name, "habitants", q), q)
        for landlord in sorted(self.housed[q]):
            if self.rng.random() < 0.2:
                name = self._fictional(f"Amicale des locataires {_de(self._stem())} – {town}")
                aid = self._actor(f"amicale-{code}-{landlord}", name, "habitants", q,
                                  "amicale de locataires")
                self._present(aid, q)
                self.tenants[(q, landlord)] = aid

    # ------------------------------------------------------------ contracts

    def _contract(self, cid: str, name: str, kind: str, start: dt.date | None,
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

    def _party(self, contract: str, actor: str | None, role: str = "signataire") -> None:
        """Add a party row (the first role given wins)."""
        if actor and actor in self.actors:
            self.parties.setdefault((contract, actor), role)

    def _maybe(self, chance: float) -> bool:
        """True with probability ``chance``."""
        return self.rng.random() < chance

    def _day(self, low: dt.date, high: dt.date) -> dt.date:
        """A random day between two dates."""
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def _term(self, years: tuple[int, int]) -> tuple[dt.date, dt.date]:
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

    def _site_contracts(self, site: _Site) -> None:
        """Contrat de ville, TFPB, régie contracts, NPNRU and neighbourhood conventions."""
        self._contrat_de_ville(site)
        self._tfpb(site)
        for q in site.qpv:
            for regie in self.in_qpv[q]["regie"]:
                self._regie_contracts(regie, q, site)
            if self._maybe(0.4):
                self._gusp(q, site)
            for association in self.in_qpv[q]["association"]:
                self._subsidies(association, q, site)
        if self._maybe(self.scope.npnru_rate if len(site.qpv) > 1 else 0.12):
            self._npnru(site)
        self._adultes_relais(site)

    def _state(self, site: _Site) -> str:
        """The préfecture id of a site's département."""
        return f"prefecture-{self._dep_of(site.epci).split(':')[1]}"

    def _communes(self, site: _Site) -> list[str]:
        """Actor ids of the communes hosting a site's QPV."""
        towns = sorted({self.qpv[q]["parent"] for q in site.qpv})
        return [self.geo.territories[t]["siren"] for t in towns]

    def _contrat_de_ville(self, site: _Site) -> None:
        """The contrat de ville 2024-2030 and its signatories (some landlords missing)."""
        cv = site.cv
        covers = [site.epci] if cv["carrier_level"] == "epci" else site.communes
        start = self._day(dt.date(2024, 3, 1), dt.date(2025, 3, 31))
        amount = int(cv["population"] or 1000) * self.rng.uniform(15, 45)
        cid = self._contract(f"cdv-{cv['code_cv']}", f"Contrat de ville 2024-2030 – {cv['name']}",
                             "contrat_de_ville", start, dt.date(2030, 12, 31), amount,
                             ("cohésion sociale", "cadre de vie", "emploi et insertion",
                              "transition écologique"), covers)
        dep = self._dep_of(site.epci).split(":")[1]
        region = self._region_of(site.epci)
        for actor in [self._state(site), self.geo.territories[site.epci]["siren"],
                      *self._communes(site)]:
            self._party(cid, actor)
        for landlord in sorted({lid for q in site.qpv for lid in self.housed[q]}):
            if self._maybe(0.88):
                self._party(cid, landlord)
        optional = ((f"conseil-departemental-{dep}", "signataire", 0.7),
                    (f"conseil-regional-{region}", "signataire", 0.5),
                    (f"caf-{dep}", "financeur", 0.8), ("action-logement", "signataire", 0.4),
                    (f"bdt-{region}", "financeur", 0.6), (f"ar-hlm-{region}", "partenaire", 0.3),
                    (f"france-travail-{cv['epci']}", "signataire", 0.8),
                    (f"ml-{cv['epci']}", "partenaire", 0.7),
                    (f"plie-{cv['epci']}", "partenaire", 0.7))
        for actor, role, chance in optional:
            if self._maybe(chance):
                self._party(cid, actor, role)
        for q in site.qpv:
            for atype, chance in (("regie", 0.6), ("centre_social", 0.6),
                                  ("association", 0.4), ("habitants", 0.7)):
                for actor in self.in_qpv[q][atype]:
                    if self._maybe(chance) and actor not in self.isolated:
                        self._party(cid, actor, "partenaire")

    def _tfpb(self, site: _Site) -> None:
        """Abattement-TFPB conventions per landlord of the site (some expired or missing)."""
        by_landlord: dict[str, list[str]] = defaultdict(list)
        for q in site.qpv:
            for landlord in self.housed[q]:
                by_landlord[landlord].append(q)
        code = site.cv["code_cv"]
        for landlord, quartiers in sorted(by_landlord.items()):
            draw = self.rng.random()
            if draw < 0.05:
                continue
            if draw < 0.17:
                start, end = dt.date(2016, 1, 1), dt.date(2023, 12, 31)
            else:
                start, end = self._day(dt.date(2024, 1, 1), dt.date(2025, 6, 30)), \
                    dt.date(2030, 12, 31)
            homes = sum(self.housed[q][landlord] for q in quartiers)
            cid = self._contract(
                f"tfpb-{code}-{landlord}", f"Convention d'abattement de TFPB – "
                f"{self.actors[landlord]['name']} – {site.cv['name']}", "abattement_tfpb",
                start, end, homes * self.rng.uniform(180, 320),
                ("gestion urbaine de proximité", "tranquillité résidentielle"), quartiers)
            for actor in [landlord, self._state(site), self.geo.territories[site.epci]["siren"],
                          *self._communes(site)]:
                self._party(cid, actor)
            for q in quartiers:
                self._party(cid, self.tenants.get((q, landlord)), "partenaire")

    def _regie_contracts(self, regie: str, q: str, site: _Site) -> None:
        """Prestations for landlords and insertion partnerships of a régie in one QPV."""
        for landlord in sorted(self.housed[q]):
            if self._maybe(0.85):
                key = f"prestation-{regie}-{landlord}"
                if key in self.contracts:
                    self.coverage.add((key, q))
                    continue
                work = self.rng.choice(_PRESTATIONS)
                start, end = self._term((1, 3))
                self._contract(key, f"Prestation {work} – {self.actors[landlord]['name']}",
                               "prestation", start, end, self.rng.uniform(15000, 250000),
                               (work, "insertion"), [q])
                self._party(key, landlord, "signataire")
                self._party(key, regie, "operateur")
                if self._maybe(0.4):
                    self.memberships[(landlord, regie)] = "membre du conseil d'administration"
        epci = site.cv["epci"]
        if regie in self.isolated:
            return
        for partner, chance in ((f"plie-{epci}", 0.7), (f"ml-{epci}", 0.7),
                                (f"france-travail-{epci}", 0.3)):
            key = f"partenariat-{regie}-{partner}"
            if partner in self.actors and key not in self.contracts and self._maybe(chance):
                start, end = self._term((2, 4))
                self._contract(key, f"Partenariat insertion – {self.actors[partner]['name']}",
                               "partenariat", start, end, None,
                               ("insertion", "emploi", "accompagnement"), [site.epci])
                self._party(key, regie, "partenaire")
                self._party(key, partner, "partenaire")

    def _gusp(self, q: str, site: _Site) -> None:
        """A convention de gestion urbaine et sociale de proximité for one QPV."""
        qpv = self.qpv[q]
        start = self._day(dt.date(2022, 1, 1), dt.date(2025, 12, 31))
        end = start + dt.timedelta(days=365 * self.rng.randint(3, 6))
        cid = self._contract(f"gusp-{qpv['code']}", f"Convention GUSP – {qpv['name']}", "autre",
                             start, end, self.rng.uniform(20000, 200000),
                             ("gestion urbaine de proximité", "cadre de vie"), [q])
        self._party(cid, self.geo.territories[qpv["parent"]]["siren"])
        self._party(cid, self.geo.territories[site.epci]["siren"], "partenaire")
        for landlord in sorted(self.housed[q]):
            self._party(cid, landlord)
            self._party(cid, self.tenants.get((q, landlord)), "partenaire")
        for atype, role in (("regie", "operateur"), ("centre_social", "partenaire"),
                            ("habitants", "partenaire")):
            for actor in self.in_qpv[q][atype]:
                self._party(cid, actor, role)

    def _subsidies(self, association: str, q: str, site: _Site) -> None:
        """Politique-de-la-ville subsidies of an association: two past years, then a CPO."""
        town = self.geo.territories[self.qpv[q]["parent"]]["siren"]
        epci = self.geo.territories[site.epci]["siren"]
        year = self.as_of.year
        for first, last in ((year - 2, year - 2), (year - 1, year - 1), (year, year + 2)):
            if not self._maybe(0.4):
                continue
            label = f"Subvention politique de la ville {first}" if first == last else \
                f"Convention pluriannuelle d'objectifs {first}-{last}"
            cid = self._contract(f"subvention-{first}-{association}",
                                 f"{label} – {self.actors[association]['name']}", "autre",
                                 dt.date(first, 1, 1), dt.date(last, 12, 31),
                                 round(self.rng.uniform(1500, 40000) * (last - first + 1), -2),
                                 ("cohésion sociale",), [q])
            self._party(cid, association, "beneficiaire")
            self._party(cid, self._state(site), "financeur")
            if self._maybe(0.6):
                self._party(cid, town, "financeur")
            if self._maybe(0.3):
                self._party(cid, epci, "financeur")

    def _npnru(self, site: _Site) -> None:
        """An NPNRU convention on one to three QPV of the site."""
        quartiers = sorted(self.rng.sample(site.qpv, min(len(site.qpv), self.rng.randint(1, 4))))
        start = self._day(dt.date(2019, 1, 1), dt.date(2022, 12, 31))
        end = dt.date(self.rng.randint(2028, 2032), 12, 31)
        cid = self._contract(f"npnru-{site.cv['code_cv']}", f"Convention NPNRU – "
                             f"{site.cv['name']}", "npnru", start, end,
                             self.rng.uniform(5e6, 1.2e8), ("renouvellement urbain",), quartiers)
        region = self._region_of(site.epci)
        for actor, role in (("anru", "financeur"), (self._state(site), "signataire"),
                            (self.geo.territories[site.epci]["siren"], "signataire"),
                            ("action-logement", "financeur"), (f"bdt-{region}", "financeur")):
            self._party(cid, actor, role)
        for q in quartiers:
            self._party(cid, self.geo.territories[self.qpv[q]["parent"]]["siren"])
            for landlord in sorted(self.housed[q]):
                self._party(cid, landlord, "beneficiaire")
        self._insertion_charter(cid, quartiers, site, start, end)

    def _insertion_charter(self, cid: str, quartiers: list[str], site: _Site,
                           start: dt.date, end: dt.date) -> None:
        """The local insertion charter of an NPNRU: builders, PLIE, régies, France Travail."""
        dep = self._dep_of(site.epci)
        code = site.cv["code_cv"]
        charter = self._contract(f"charte-insertion-{code}", f"Charte locale d'insertion NPNRU – "
                                 f"{site.cv['name']}", "partenariat", start, end, None,
                                 ("clauses d'insertion", "emploi"), quartiers)
        self._party(charter, self.geo.territories[site.epci]["siren"])
        epci = site.cv["epci"]
        self._party(charter, f"plie-{epci}", "operateur")
        self._party(charter, f"france-travail-{epci}", "partenaire")
        for q in quartiers:
            for regie in self.in_qpv[q]["regie"]:
                if regie not in self.isolated:
                    self._party(charter, regie, "partenaire")
        for i in range(self.rng.randint(1, 3)):
            trade = self.rng.choice(("Bâtiment", "Travaux publics", "Menuiseries", "Peintures"))
            name = self._fictional(f"{trade} {_de(self._stem())} – "
                                   f"{self.geo.territories[dep]['name']}")
            company = self._actor(f"entreprise-{code}-{i + 1}", name, "entreprise", dep)
            self._party(charter, company)
            self._party(cid, company, "operateur")

    def _adultes_relais(self, site: _Site) -> None:
        """Adultes-relais conventions, as many posts as the real 2025 count (scaled to the QPV)."""
        real = int(site.cv.get("adultes_relais") or 0)
        wanted = max(1, round(int(site.cv["population"] or 0) / QPV_POPULATION))
        posts = round(real * len(site.qpv) / wanted)
        pools = {atype: sorted({a for q in site.qpv for a in self.in_qpv[q][atype]})
                 for atype in ("association", "centre_social", "regie", "bailleur")}
        pools["collectivite"] = self._communes(site)
        kinds = [k for k in ("association", "centre_social", "collectivite", "regie", "bailleur")
                 if pools[k]]
        weights = [{"association": 12, "centre_social": 4, "collectivite": 2, "regie": 1,
                    "bailleur": 1}[k] for k in kinds]
        held: dict[str, int] = defaultdict(int)
        for _ in range(posts if kinds else 0):
            kind = self.rng.choices(kinds, weights)[0]
            held[self.rng.choice(pools[kind])] += 1
        for employer, count in sorted(held.items()):
            start, end = self._term((3, 3))
            cid = self._contract(f"adultes-relais-{site.cv['code_cv']}-{employer}",
                                 f"Convention adultes-relais ({count} poste(s)) – "
                                 f"{self.actors[employer]['name']}", "autre", start, end,
                                 count * 7164.0 * 3, ("médiation sociale", "adultes-relais"),
                                 [self.actors[employer]["territory"] or site.epci])
            self._party(cid, employer, "beneficiaire")
            self._party(cid, "anct", "financeur")
            self._party(cid, self._state(site))

    def _iae(self, regie: str, site: _Site) -> None:
        """The State's insertion (IAE) agreement of a régie, through the DDETS."""
        if not self._maybe(0.85):
            return
        dep = self._dep_of(site.epci).split(":")[1]
        start, end = self._term((1, 3))
        cid = self._contract(f"iae-{regie}", f"Conventionnement IAE (atelier et chantier "
                             f"d'insertion) – {self.actors[regie]['name']}", "autre", start, end,
                             self.rng.uniform(60000, 600000), ("insertion", "emploi"),
                             [self.actors[regie]["territory"]])
        self._party(cid, regie, "beneficiaire")
        self._party(cid, f"ddets-{dep}", "financeur")
        if self._maybe(0.5):
            self._party(cid, f"conseil-departemental-{dep}", "financeur")

    def _cus(self, landlord: str, dep: str) -> None:
        """The convention d'utilité sociale of a landlord with the State."""
        if self._maybe(0.4):
            start, end = dt.date(2021, 1, 1), dt.date(2026, 12, 31)
        else:
            start = self._day(dt.date(2025, 1, 1), dt.date(2026, 6, 30))
            end = dt.date(start.year + 5, 12, 31)
        cid = self._contract(f"cus-{landlord}", f"CUS – {self.actors[landlord]['name']}", "cus",
                             start, end, None, ("patrimoine", "attributions", "qualité de service"),
                             [dep])
        self._party(cid, landlord)
        self._party(cid, f"prefecture-{dep.split(':')[1]}")
        if self._maybe(0.5):
            self._party(cid, f"conseil-departemental-{dep.split(':')[1]}", "partenaire")

    def _action_coeur_de_ville(self) -> None:
        """Action Cœur de Ville on some medium towns that are the centre of their EPCI."""
        epcis = sorted({s.epci for s in self.sites})
        for epci in epcis:
            towns = self.geo.communes_of.get(epci, [])
            if not towns:
                continue
            town = self.geo.territories[towns[0]]
            if not 10000 <= int(town["population"] or 0) <= 120000 or not self._maybe(self.scope.acv_rate):
                continue
            self.used.add(towns[0])
            actor = self._actor(town["siren"], f"Commune {_of(town)}", "collectivite",
                                towns[0], "commune", town["siren"])
            self._present(actor, towns[0])
            site = next(s for s in self.sites if s.epci == epci)
            start = self._day(dt.date(2018, 4, 1), dt.date(2018, 12, 31))
            cid = self._contract(f"acv-{town['code']}", f"Action Cœur de Ville – {town['name']}",
                                 "action_coeur_de_ville", start, dt.date(2026, 12, 31),
                                 self.rng.uniform(2e6, 4e7), ("centre-ville", "habitat",
                                                              "commerce"), [towns[0]])
            region = self._region_of(epci)
            for party, role in ((actor, "signataire"), (self._state(site), "signataire"),
                                (self.geo.territories[epci]["siren"], "signataire"),
                                ("action-logement", "financeur"), (f"bdt-{region}", "financeur")):
                self._party(cid, party, role)
            landlords = sorted({lid for q in site.qpv for lid in self.housed[q]})
            if landlords and self._maybe(0.6):
                self._party(cid, self.rng.choice(landlords), "partenaire")

    # ------------------------------------------------------------ deliberate gaps

    def _ensure_gaps(self) -> None:
        """Make sure each default gap rule finds something, even in a small scope."""
        pairs = sorted((s.cv["code_cv"], lid) for s in self.sites
                       for lid in {lid for q in s.qpv for lid in self.housed[q]})
        if pairs and all((f"cdv-{c}", lid) in self.parties for c, lid in pairs):
            code, landlord = self.rng.choice(pairs)
            del self.parties[(f"cdv-{code}", landlord)]
        if pairs and all(self._running(f"tfpb-{c}-{lid}") for c, lid in pairs):
            code, landlord = self.rng.choice(pairs)
            self._drop_contract(f"tfpb-{code}-{landlord}")
        self._ensure_unserved_landlord()
        regies = sorted(a for a, row in self.actors.items() if row["type"] == "regie")
        if regies and not self.isolated:
            self._isolate(self.rng.choice(regies))

    def _ensure_unserved_landlord(self) -> None:
        """Leave at least one landlord without a running contract with a régie of its QPV."""
        served = sorted((q, r, lid) for q in self.qpv for r in self.in_qpv[q]["regie"]
                        for lid in self.housed[q])
        if served and all(self._running(f"prestation-{r}-{lid}")
                          and (f"prestation-{r}-{lid}", q) in self.coverage
                          for q, r, lid in served):
            _, regie, landlord = self.rng.choice(served)
            self._drop_contract(f"prestation-{regie}-{landlord}")

    def _isolate(self, regie: str) -> None:
        """Cut a régie from every contract it shares with insertion actors."""
        self.isolated.add(regie)
        for cid, actor in sorted(self.parties):
            if actor != regie or cid not in self.contracts:
                continue
            if cid.startswith(f"partenariat-{regie}-"):
                self._drop_contract(cid)
            elif self.contracts[cid]["kind"] in ("partenariat", "contrat_de_ville"):
                del self.parties[(cid, actor)]

    def _ensure_qpv_without_regie(self) -> None:
        """Leave at least one housed QPV without a régie (régies keep another QPV)."""
        housed = sorted(q for q in self.qpv if self.housed[q])
        if not housed or any(not self.in_qpv[q]["regie"] for q in housed):
            return
        for q in housed:
            regies = self.in_qpv[q]["regie"]
            if all(sum(1 for (a, t) in self.presence if a == r and t.startswith("qpv:")) > 1
                   for r in regies):
                for regie in regies:
                    del self.presence[(regie, q)]
                self.in_qpv[q]["regie"] = []
                return

    def _running(self, cid: str) -> bool:
        """Whether contract ``cid`` exists and is in force on the reference day."""
        row = self.contracts.get(cid)
        return row is not None and row["start"] <= self.as_of.isoformat() <= row["end"]

    def _drop_contract(self, cid: str) -> None:
        """Remove a contract with its parties and coverage."""
        del self.contracts[cid]
        for key in [k for k in self.parties if k[0] == cid]:
            del self.parties[key]
        self.coverage = {(c, t) for c, t in self.coverage if c != cid}


# ---------------------------------------------------------------- helpers


def _de(stem: str) -> str:
    """``les Tilleuls`` -> ``des Tilleuls`` (French contraction of « de » + article)."""
    for article, contracted in (("les ", "des "), ("le ", "du "), ("la ", "de la "),
                                ("l'", "de l'")):
        if stem.startswith(article):
            return contracted + stem[len(article):]
    return "de " + stem


def _of(territory: dict[str, str]) -> str:
    """« du Nord », « de la Somme », « du Havre », « de Lille »: ``de`` + a territory name."""
    return fr.of_place(territory["name"], territory.get("liaison") or 0)


def _columns(name: str) -> list[str]:
    """The spec columns of a table."""
    return [c.name for c in TABLES[name]]


def _check_target(target: Path, force: bool) -> None:
    """Refuse a non-empty output folder unless ``force``."""
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} existe et n'est pas un dossier : choisissez un autre --out.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(
            f"Le dossier {target} n'est pas vide : choisissez un dossier vide ou ajoutez --force."
        )


def _write_folder(target: Path, texts: dict[str, str]) -> None:
    """Write all files into a temporary folder, then move them into ``target``."""
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        for name, text in texts.items():
            write_text(tmp / f"{name}.csv", text)
        target.mkdir(exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, target / path.name)
    except OSError as exc:
        raise OutputError(f"Impossible d'écrire dans {target} ({reason_fr(exc)}) : choisissez un "
                          "dossier accessible en écriture.") from exc
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
