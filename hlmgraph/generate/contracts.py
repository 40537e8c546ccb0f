"""Data step: the contracts of a generated dataset and their parties."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hlmgraph import fr
from hlmgraph.generate import names
from hlmgraph.generate.draft import Draft, Site
from hlmgraph.generate.scope import QPV_POPULATION


def site_contracts(d: Draft, site: Site) -> None:
    """Contrat de ville, TFPB, régie contracts, NPNRU and neighbourhood conventions."""
    _contrat_de_ville(d, site)
    _tfpb(d, site)
    for q in site.qpv:
        for regie in d.in_qpv[q]["regie"]:
            _regie_contracts(d, regie, q, site)
        if d.maybe(0.4):
            _gusp(d, q, site)
        for association in d.in_qpv[q]["association"]:
            _subsidies(d, association, q, site)
    if d.maybe(d.scope.npnru_rate if len(site.qpv) > 1 else 0.12):
        _npnru(d, site)
    _adultes_relais(d, site)


def _contrat_de_ville(d: Draft, site: Site) -> None:
    """The contrat de ville 2024-2030 and its signatories (some landlords missing)."""
    cv = site.cv
    covers = [site.epci] if cv["carrier_level"] == "epci" else site.communes
    start = d.day(dt.date(2024, 3, 1), dt.date(2025, 3, 31))
    amount = int(cv["population"] or 1000) * d.rng.uniform(15, 45)
    cid = d.contract(f"cdv-{cv['code_cv']}", f"Contrat de ville 2024-2030 – {cv['name']}",
                     "contrat_de_ville", start, dt.date(2030, 12, 31), amount,
                     ("cohésion sociale", "cadre de vie", "emploi et insertion",
                      "transition écologique"), covers)
    dep = d.dep_of(site.epci).split(":")[1]
    region = d.region_of(site.epci)
    for actor in [d.state(site), d.geo.territories[site.epci]["siren"],
                  *d.communes(site)]:
        d.party(cid, actor)
    for landlord in sorted({lid for q in site.qpv for lid in d.housed[q]}):
        if d.maybe(0.88):
            d.party(cid, landlord)
    optional = ((f"conseil-departemental-{dep}", "signataire", 0.7),
                (f"conseil-regional-{region}", "signataire", 0.5),
                (f"caf-{dep}", "financeur", 0.8), ("action-logement", "signataire", 0.4),
                (f"bdt-{region}", "financeur", 0.6), (f"ar-hlm-{region}", "partenaire", 0.3),
                (f"france-travail-{cv['epci']}", "signataire", 0.8),
                (f"ml-{cv['epci']}", "partenaire", 0.7),
                (f"plie-{cv['epci']}", "partenaire", 0.7))
    for actor, role, chance in optional:
        if d.maybe(chance):
            d.party(cid, actor, role)
    for q in site.qpv:
        for atype, chance in (("regie", 0.6), ("centre_social", 0.6),
                              ("association", 0.4), ("habitants", 0.7)):
            for actor in d.in_qpv[q][atype]:
                if d.maybe(chance) and actor not in d.isolated:
                    d.party(cid, actor, "partenaire")


def _tfpb(d: Draft, site: Site) -> None:
    """Abattement-TFPB conventions per landlord of the site (some expired or missing)."""
    by_landlord: dict[str, list[str]] = defaultdict(list)
    for q in site.qpv:
        for landlord in d.housed[q]:
            by_landlord[landlord].append(q)
    code = site.cv["code_cv"]
    for landlord, quartiers in sorted(by_landlord.items()):
        draw = d.rng.random()
        if draw < 0.05:
            continue
        if draw < 0.17:
            start, end = dt.date(2016, 1, 1), dt.date(2023, 12, 31)
        else:
            start, end = d.day(dt.date(2024, 1, 1), dt.date(2025, 6, 30)), \
                dt.date(2030, 12, 31)
        homes = sum(d.housed[q][landlord] for q in quartiers)
        cid = d.contract(
            f"tfpb-{code}-{landlord}", f"Convention d'abattement de TFPB – "
            f"{d.actors[landlord]['name']} – {site.cv['name']}", "abattement_tfpb",
            start, end, homes * d.rng.uniform(180, 320),
            ("gestion urbaine de proximité", "tranquillité résidentielle"), quartiers)
        for actor in [landlord, d.state(site), d.geo.territories[site.epci]["siren"],
                      *d.communes(site)]:
            d.party(cid, actor)
        for q in quartiers:
            d.party(cid, d.tenants.get((q, landlord)), "partenaire")


def _regie_contracts(d: Draft, regie: str, q: str, site: Site) -> None:
    """Prestations for landlords and insertion partnerships of a régie in one QPV."""
    for landlord in sorted(d.housed[q]):
        if d.maybe(0.85):
            key = f"prestation-{regie}-{landlord}"
            if key in d.contracts:
                d.coverage.add((key, q))
                continue
            work = d.rng.choice(names.PRESTATIONS)
            start, end = d.term((1, 3))
            d.contract(key, f"Prestation {work} – {d.actors[landlord]['name']}",
                       "prestation", start, end, d.rng.uniform(15000, 250000),
                       (work, "insertion"), [q])
            d.party(key, landlord, "signataire")
            d.party(key, regie, "operateur")
            if d.maybe(0.4):
                d.memberships[(landlord, regie)] = "membre du conseil d'administration"
    epci = site.cv["epci"]
    if regie in d.isolated:
        return
    for partner, chance in ((f"plie-{epci}", 0.7), (f"ml-{epci}", 0.7),
                            (f"france-travail-{epci}", 0.3)):
        key = f"partenariat-{regie}-{partner}"
        if partner in d.actors and key not in d.contracts and d.maybe(chance):
            start, end = d.term((2, 4))
            d.contract(key, f"Partenariat insertion – {d.actors[partner]['name']}",
                       "partenariat", start, end, None,
                       ("insertion", "emploi", "accompagnement"), [site.epci])
            d.party(key, regie, "partenaire")
            d.party(key, partner, "partenaire")


def _gusp(d: Draft, q: str, site: Site) -> None:
    """A convention de gestion urbaine et sociale de proximité for one QPV."""
    qpv = d.qpv[q]
    start = d.day(dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    end = start + dt.timedelta(days=365 * d.rng.randint(3, 6))
    cid = d.contract(f"gusp-{qpv['code']}", f"Convention GUSP – {qpv['name']}", "autre",
                     start, end, d.rng.uniform(20000, 200000),
                     ("gestion urbaine de proximité", "cadre de vie"), [q])
    d.party(cid, d.geo.territories[qpv["parent"]]["siren"])
    d.party(cid, d.geo.territories[site.epci]["siren"], "partenaire")
    for landlord in sorted(d.housed[q]):
        d.party(cid, landlord)
        d.party(cid, d.tenants.get((q, landlord)), "partenaire")
    for atype, role in (("regie", "operateur"), ("centre_social", "partenaire"),
                        ("habitants", "partenaire")):
        for actor in d.in_qpv[q][atype]:
            d.party(cid, actor, role)


def _subsidies(d: Draft, association: str, q: str, site: Site) -> None:
    """Politique-de-la-ville subsidies of an association: two past years, then a CPO."""
    town = d.geo.territories[d.qpv[q]["parent"]]["siren"]
    epci = d.geo.territories[site.epci]["siren"]
    year = d.as_of.year
    for first, last in ((year - 2, year - 2), (year - 1, year - 1), (year, year + 2)):
        if not d.maybe(0.4):
            continue
        label = f"Subvention politique de la ville {first}" if first == last else \
            f"Convention pluriannuelle d'objectifs {first}-{last}"
        cid = d.contract(f"subvention-{first}-{association}",
                         f"{label} – {d.actors[association]['name']}", "autre",
                         dt.date(first, 1, 1), dt.date(last, 12, 31),
                         round(d.rng.uniform(1500, 40000) * (last - first + 1), -2),
                         ("cohésion sociale",), [q])
        d.party(cid, association, "beneficiaire")
        d.party(cid, d.state(site), "financeur")
        if d.maybe(0.6):
            d.party(cid, town, "financeur")
        if d.maybe(0.3):
            d.party(cid, epci, "financeur")


def _npnru(d: Draft, site: Site) -> None:
    """An NPNRU convention on one to three QPV of the site."""
    quartiers = sorted(d.rng.sample(site.qpv, min(len(site.qpv), d.rng.randint(1, 4))))
    start = d.day(dt.date(2019, 1, 1), dt.date(2022, 12, 31))
    end = dt.date(d.rng.randint(2028, 2032), 12, 31)
    cid = d.contract(f"npnru-{site.cv['code_cv']}", f"Convention NPNRU – "
                     f"{site.cv['name']}", "npnru", start, end,
                     d.rng.uniform(5e6, 1.2e8), ("renouvellement urbain",), quartiers)
    region = d.region_of(site.epci)
    for actor, role in (("anru", "financeur"), (d.state(site), "signataire"),
                        (d.geo.territories[site.epci]["siren"], "signataire"),
                        ("action-logement", "financeur"), (f"bdt-{region}", "financeur")):
        d.party(cid, actor, role)
    for q in quartiers:
        d.party(cid, d.geo.territories[d.qpv[q]["parent"]]["siren"])
        for landlord in sorted(d.housed[q]):
            d.party(cid, landlord, "beneficiaire")
    _insertion_charter(d, cid, quartiers, site, start, end)


def _insertion_charter(d: Draft, cid: str, quartiers: list[str], site: Site,
                       start: dt.date, end: dt.date) -> None:
    """The local insertion charter of an NPNRU: builders, PLIE, régies, France Travail."""
    dep = d.dep_of(site.epci)
    code = site.cv["code_cv"]
    charter = d.contract(f"charte-insertion-{code}", f"Charte locale d'insertion NPNRU – "
                         f"{site.cv['name']}", "partenariat", start, end, None,
                         ("clauses d'insertion", "emploi"), quartiers)
    d.party(charter, d.geo.territories[site.epci]["siren"])
    epci = site.cv["epci"]
    d.party(charter, f"plie-{epci}", "operateur")
    d.party(charter, f"france-travail-{epci}", "partenaire")
    for q in quartiers:
        for regie in d.in_qpv[q]["regie"]:
            if regie not in d.isolated:
                d.party(charter, regie, "partenaire")
    for i in range(d.rng.randint(1, 3)):
        trade = d.rng.choice(("Bâtiment", "Travaux publics", "Menuiseries", "Peintures"))
        name = d.fictional(f"{trade} {names.de(d.stem())} – "
                           f"{d.geo.territories[dep]['name']}")
        company = d.actor(f"entreprise-{code}-{i + 1}", name, "entreprise", dep)
        d.party(charter, company)
        d.party(cid, company, "operateur")


def _adultes_relais(d: Draft, site: Site) -> None:
    """Adultes-relais conventions, as many posts as the real 2025 count (scaled to the QPV)."""
    real = int(site.cv.get("adultes_relais") or 0)
    wanted = max(1, round(int(site.cv["population"] or 0) / QPV_POPULATION))
    posts = round(real * len(site.qpv) / wanted)
    pools = {atype: sorted({a for q in site.qpv for a in d.in_qpv[q][atype]})
             for atype in ("association", "centre_social", "regie", "bailleur")}
    pools["collectivite"] = d.communes(site)
    kinds = [k for k in ("association", "centre_social", "collectivite", "regie", "bailleur")
             if pools[k]]
    weights = [{"association": 12, "centre_social": 4, "collectivite": 2, "regie": 1,
                "bailleur": 1}[k] for k in kinds]
    held: dict[str, int] = defaultdict(int)
    for _ in range(posts if kinds else 0):
        kind = d.rng.choices(kinds, weights)[0]
        held[d.rng.choice(pools[kind])] += 1
    for employer, count in sorted(held.items()):
        start, end = d.term((3, 3))
        cid = d.contract(f"adultes-relais-{site.cv['code_cv']}-{employer}",
                         f"Convention adultes-relais ({fr.count(count, 'poste')}) – "
                         f"{d.actors[employer]['name']}", "autre", start, end,
                         count * 7164.0 * 3, ("médiation sociale", "adultes-relais"),
                         [d.actors[employer]["territory"] or site.epci])
        d.party(cid, employer, "beneficiaire")
        d.party(cid, "anct", "financeur")
        d.party(cid, d.state(site))


def iae(d: Draft, regie: str, site: Site) -> None:
    """The State's insertion (IAE) agreement of a régie, through the DDETS."""
    if not d.maybe(0.85):
        return
    dep = d.dep_of(site.epci).split(":")[1]
    start, end = d.term((1, 3))
    cid = d.contract(f"iae-{regie}", f"Conventionnement IAE (atelier et chantier "
                     f"d'insertion) – {d.actors[regie]['name']}", "autre", start, end,
                     d.rng.uniform(60000, 600000), ("insertion", "emploi"),
                     [d.actors[regie]["territory"]])
    d.party(cid, regie, "beneficiaire")
    d.party(cid, f"ddets-{dep}", "financeur")
    if d.maybe(0.5):
        d.party(cid, f"conseil-departemental-{dep}", "financeur")


def cus(d: Draft, landlord: str, dep: str) -> None:
    """The convention d'utilité sociale of a landlord with the State."""
    if d.maybe(0.4):
        start, end = dt.date(2021, 1, 1), dt.date(2026, 12, 31)
    else:
        start = d.day(dt.date(2025, 1, 1), dt.date(2026, 6, 30))
        end = dt.date(start.year + 5, 12, 31)
    cid = d.contract(f"cus-{landlord}", f"CUS – {d.actors[landlord]['name']}", "cus",
                     start, end, None, ("patrimoine", "attributions", "qualité de service"),
                     [dep])
    d.party(cid, landlord)
    d.party(cid, f"prefecture-{dep.split(':')[1]}")
    if d.maybe(0.5):
        d.party(cid, f"conseil-departemental-{dep.split(':')[1]}", "partenaire")


def action_coeur_de_ville(d: Draft) -> None:
    """Action Cœur de Ville on some medium towns that are the centre of their EPCI."""
    epcis = sorted({s.epci for s in d.sites})
    for epci in epcis:
        towns = d.geo.communes_of.get(epci, [])
        if not towns:
            continue
        town = d.geo.territories[towns[0]]
        if not 10000 <= int(town["population"] or 0) <= 120000 or not d.maybe(d.scope.acv_rate):
            continue
        d.used.add(towns[0])
        actor = d.actor(town["siren"], f"Commune {names.of(town)}", "collectivite",
                        towns[0], "commune", town["siren"])
        d.present(actor, towns[0])
        site = next(s for s in d.sites if s.epci == epci)
        start = d.day(dt.date(2018, 4, 1), dt.date(2018, 12, 31))
        cid = d.contract(f"acv-{town['code']}", f"Action Cœur de Ville – {town['name']}",
                         "action_coeur_de_ville", start, dt.date(2026, 12, 31),
                         d.rng.uniform(2e6, 4e7), ("centre-ville", "habitat",
                                                   "commerce"), [towns[0]])
        region = d.region_of(epci)
        for party, role in ((actor, "signataire"), (d.state(site), "signataire"),
                            (d.geo.territories[epci]["siren"], "signataire"),
                            ("action-logement", "financeur"), (f"bdt-{region}", "financeur")):
            d.party(cid, party, role)
        landlords = sorted({lid for q in site.qpv for lid in d.housed[q]})
        if landlords and d.maybe(0.6):
            d.party(cid, d.rng.choice(landlords), "partenaire")
