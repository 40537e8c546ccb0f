"""Data step: the organisations of a generated dataset (State, collectivités, landlords, régies, associations)."""

from __future__ import annotations

from collections import defaultdict

from hlmgraph.generate import contracts, names
from hlmgraph.generate.draft import Draft, Site


def national_actors(d: Draft) -> None:
    """Federations, national funders and State agencies."""
    national = (
        ("ush", "Union sociale pour l'habitat (USH)", "federation", "ush"),
        ("federation-oph", "Fédération nationale des Offices Publics de l'Habitat",
         "federation", "federation_hlm"),
        ("federation-esh", "Fédération des entreprises sociales pour l'habitat",
         "federation", "federation_hlm"),
        ("federation-coop", "Fédération nationale des sociétés coopératives d'Hlm",
         "federation", "federation_hlm"),
        ("federation-epl", "Fédération des élus des Entreprises publiques locales",
         "federation", "federation_hlm"),
        ("mouvement-regies", "Mouvement des Régies (CNLRQ)", "federation", "reseau_regies"),
        ("action-logement", "Action Logement", "financeur", ""),
        ("anct", "Agence nationale de la cohésion des territoires (ANCT)", "etat", "anct"),
        ("anru", "Agence nationale pour la rénovation urbaine (ANRU)", "etat", "anru"),
    )
    for aid, name, atype, subtype in national:
        d.actor(aid, name, atype, "", subtype)
    for fed in ("federation-oph", "federation-esh", "federation-coop", "federation-epl"):
        d.memberships[(fed, "ush")] = "fédération membre"


def _regional(d: Draft, region: str) -> None:
    """AR Hlm, conseil régional and Banque des Territoires of a région (once)."""
    rid = f"region:{region}"
    if f"ar-hlm-{region}" in d.actors:
        return
    name = d.geo.territories[rid]["name"]
    d.present(d.actor(f"ar-hlm-{region}", f"Association régionale Hlm – {name}",
                      "federation", rid, "ar_hlm"), rid)
    d.memberships[(f"ar-hlm-{region}", "ush")] = "association régionale membre"
    d.present(d.actor(f"conseil-regional-{region}", f"Région {name}",
                      "collectivite", rid, "région"), rid)
    d.present(d.actor(f"bdt-{region}", f"Banque des Territoires – direction "
                      f"régionale {name}", "financeur", rid), rid)


def departement(d: Draft, dep: str, sites: list[Site]) -> None:
    """State services, council, CAF and landlords of one département."""
    code = dep.split(":")[1]
    region = d.geo.territories[dep]["parent"]
    _regional(d, region)
    de = names.of(d.geo.territories[dep])
    for aid, name, atype, sub in (
        (f"prefecture-{code}", f"Préfecture {de}", "etat", "préfecture"),
        (f"ddets-{code}", f"DDETS {de}", "etat", "DDETS"),
        (f"conseil-departemental-{code}", f"Département {de}", "collectivite", "département"),
        (f"caf-{code}", f"Caisse d'allocations familiales {de}", "financeur", ""),
    ):
        d.present(d.actor(aid, name, atype, dep, sub), dep)
    qpv = [q for s in sites for q in s.qpv]
    _landlords(d, dep, code, region, qpv, sites)


def _landlords(d: Draft, dep: str, code: str, region: str, qpv: list[str],
               sites: list[Site]) -> None:
    """Landlords of a département, housed in its QPV and some communes."""
    count = max(3, min(14, 2 + len(qpv) // 4))
    subtypes = ["OPH"] + [d.rng.choices(("ESH", "coop", "SEM"), (8, 1, 2))[0]
                          for _ in range(count - 1)]
    dep_name = d.geo.territories[dep]["name"]
    landlords: list[str] = []
    for i, sub in enumerate(subtypes, 1):
        form = d.rng.choice(names.LANDLORD_FORMS[sub])
        name = d.fictional(f"{form.format(names.de(d.stem()))} – {dep_name}")
        aid = d.actor(f"bailleur-{code}-{i:02d}", name, "bailleur", dep, sub)
        landlords.append(aid)
        fed = {"OPH": "federation-oph", "ESH": "federation-esh", "coop": "federation-coop",
               "SEM": "federation-epl"}[sub]
        d.memberships[(aid, fed)] = "adhérent"
        if d.rng.random() < 0.93:
            d.memberships[(aid, f"ar-hlm-{region}")] = "adhérent"
    for q in qpv:
        share = [lid for j, lid in enumerate(landlords)
                 if d.rng.random() < (0.6 if j == 0 else 0.3)]
        for lid in share or [d.rng.choice(landlords)]:
            d.present(lid, q, d.rng.randint(80, 1500))
    towns = sorted({c for s in sites for c in d.geo.communes_of.get(s.epci, [])})
    for lid in landlords:
        for town in d.rng.sample(towns, min(len(towns), d.rng.randint(1, 4))):
            d.present(lid, town, d.rng.randint(40, 3000))
        contracts.cus(d, lid, dep)


def regional_landlords(d: Draft) -> None:
    """Some ESH also house tenants in QPV of other départements of their région."""
    qpv_by_region: dict[str, list[str]] = defaultdict(list)
    for site in d.sites:
        qpv_by_region[d.region_of(site.epci)].extend(site.qpv)
    for aid, row in sorted(d.actors.items()):
        if row["subtype"] != "ESH" or not d.maybe(0.3):
            continue
        region = d.region_of(row["territory"])
        elsewhere = [q for q in qpv_by_region[region]
                     if d.dep_of(d.qpv[q]["parent"]) != row["territory"]]
        for q in d.rng.sample(elsewhere, min(len(elsewhere), d.rng.randint(1, 3))):
            d.present(aid, q, d.rng.randint(50, 600))


def site_actors(d: Draft, site: Site) -> None:
    """Collectivités, insertion actors, régies and neighbourhood bodies of one site."""
    epci = d.geo.territories[site.epci]
    d.present(d.actor(epci["siren"], epci["name"], "collectivite", site.epci,
                      "EPCI", epci["siren"]), site.epci)
    for commune in sorted({d.qpv[q]["parent"] for q in site.qpv}):
        town = d.geo.territories[commune]
        d.present(d.actor(town["siren"], f"Commune {names.of(town)}", "collectivite",
                          commune, "commune", town["siren"]), commune)
    _insertion(d, site, epci)
    expected = len(site.qpv) * d.scope.regie_rate
    regies = int(expected) + (d.rng.random() < expected - int(expected))
    for _ in range(regies):
        _regie(d, site)
    for q in site.qpv:
        _neighbourhood(d, q)


def _insertion(d: Draft, site: Site, epci: dict[str, str]) -> None:
    """PLIE, mission locale and France Travail agency of an EPCI (once)."""
    siren = epci["siren"]
    if f"ml-{siren}" in d.actors:
        return
    main_town = d.geo.territories[site.communes[0]]
    bodies = [(f"ml-{siren}", f"Mission locale – {epci['name']}", "mission_locale", 0.92),
              (f"plie-{siren}", f"PLIE – {epci['name']}", "plie", 0.5)]
    for aid, name, atype, chance in bodies:
        if d.rng.random() < chance or atype == "mission_locale":
            d.present(d.actor(aid, d.fictional(name), atype, site.epci),
                      site.epci)
    d.present(d.actor(f"france-travail-{siren}", f"France Travail – agence "
                      f"{names.of(main_town)}", "emploi", site.epci), site.epci)


def _regie(d: Draft, site: Site) -> None:
    """A régie de quartier present in one to four QPV of a site."""
    dep = d.dep_of(site.epci).split(":")[1]
    n = sum(1 for a in d.actors if a.startswith(f"regie-{dep}-")) + 1
    home = d.rng.choice(site.qpv)
    commune = d.qpv[home]["parent"]
    town = d.geo.territories[commune]["name"]
    name = d.fictional(f"Régie de quartier {names.de(d.stem())} – {town}")
    aid = d.actor(f"regie-{dep}-{n:02d}", name, "regie", commune)
    others = [q for q in site.qpv if q != home]
    for q in [home] + d.rng.sample(others, min(len(others), d.rng.randint(1, 4))):
        d.present(aid, q)
    if d.rng.random() < 0.9:
        d.memberships[(aid, "mouvement-regies")] = "adhérent"
    if d.rng.random() < 0.2:
        d.isolated.add(aid)
    if d.rng.random() < 0.6:
        d.memberships[(d.geo.territories[commune]["siren"], aid)] = \
            "membre du conseil d'administration"
    d.regie_sites[aid] = site


def _neighbourhood(d: Draft, q: str) -> None:
    """Centre social, associations and conseil citoyen of one QPV."""
    qpv = d.qpv[q]
    code = qpv["code"]
    town = d.geo.territories[qpv["parent"]]["name"]
    if d.rng.random() < 0.6:
        name = d.fictional(f"Centre social {names.de(d.stem())} – {town}")
        d.present(d.actor(f"centre-social-{code}", name, "centre_social", q), q)
    for i in range(d.rng.choice((1, 1, 1, 2, 2, 3))):
        label = d.rng.choice(names.ASSOCIATIONS)
        name = d.fictional(f"{label} {names.de(d.stem())} – {town}")
        d.present(d.actor(f"association-{code}-{i + 1}", name, "association", q), q)
    if d.rng.random() < 0.8:
        name = f"Conseil citoyen {names.de(qpv['stem'])} – {town} (nom fictif)"
        d.present(d.actor(f"conseil-citoyen-{code}", name, "habitants", q), q)
    for landlord in sorted(d.housed[q]):
        if d.rng.random() < 0.2:
            name = d.fictional(f"Amicale des locataires {names.de(d.stem())} – {town}")
            aid = d.actor(f"amicale-{code}-{landlord}", name, "habitants", q,
                          "amicale de locataires")
            d.present(aid, q)
            d.tenants[(q, landlord)] = aid
