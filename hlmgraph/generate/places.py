"""Data step: the contrats de ville of a scope and their generated QPV."""

from __future__ import annotations

from hlmgraph.generate.draft import Draft, Site
from hlmgraph.generate.scope import QPV_POPULATION


def sites(d: Draft) -> None:
    """Pick the contrats de ville of the scope and generate their QPV."""
    for cv in d.geo.contracts:
        epci = f"epci:{cv['epci']}"
        if epci not in d.geo.territories or not _in_scope(d, cv, epci):
            continue
        if cv["communes"]:
            communes = [f"commune:{c}" for c in cv["communes"].split("|")]
        else:
            communes = d.geo.communes_of.get(epci, [])[:6]
        site = Site(cv, epci, communes)
        _make_qpv(d, site)
        d.sites.append(site)


def _in_scope(d: Draft, cv: dict[str, str], epci: str) -> bool:
    """Whether a contrat de ville belongs to the scale's scope."""
    if d.scope.contracts:
        return cv["code_cv"] in d.scope.contracts
    if d.scope.regions:
        return d.region_of(epci) in d.scope.regions
    return True


def _make_qpv(d: Draft, site: Site) -> None:
    """Generate the QPV of one contrat de ville under its real communes."""
    pop = int(site.cv["population"] or 0)
    count = max(1, min(d.scope.max_qpv, round(pop / QPV_POPULATION)))
    base = pop / max(1, round(pop / QPV_POPULATION))
    weights = [max(1, int(d.geo.territories[c]["population"] or 1)) ** 0.7
               for c in site.communes]
    letter = site.cv["code_cv"][-1] if site.cv["code_cv"][-1].isalpha() else "M"
    room = {c: int(int(d.geo.territories[c]["population"] or 0) * 0.7) - d.housing[c]
            for c in site.communes}
    for _ in range(count):
        open_ = [(c, w) for c, w in zip(site.communes, weights, strict=True) if room[c] >= 1000]
        if not open_ and site.qpv:
            break
        open_ = open_ or [(max(site.communes, key=lambda c: (room[c], c)), 1.0)]
        commune = d.rng.choices([c for c, _ in open_], [w for _, w in open_])[0]
        dep = d.geo.territories[commune]["departement"]
        d.qpv_seq[dep] += 1
        code = f"QN{dep.zfill(3)}{d.qpv_seq[dep]:02d}{letter}"
        stem = d.stem()
        town = d.geo.territories[commune]
        population = max(100, min(max(1000, int(base * d.rng.uniform(0.5, 1.5))),
                                  room[commune]))
        room[commune] -= population
        d.housing[commune] += population
        qpv_id = f"qpv:{code}"
        d.qpv[qpv_id] = {"id": qpv_id, "name": f"{stem[0].upper()}{stem[1:]} – "
                         f"{town['name']} (QPV fictif)", "level": "qpv", "code": code,
                         "parent": commune, "population": str(population), "stem": stem}
        site.qpv.append(qpv_id)
        d.used.add(commune)
