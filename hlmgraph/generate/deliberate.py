"""Data step: the partnership gaps every generated dataset keeps on purpose (spec gap rules)."""

from __future__ import annotations

import datetime as dt

from hlmgraph.generate.draft import Draft


def ensure_gaps(d: Draft) -> None:
    """Make sure each default gap rule finds something, even in a small scope."""
    pairs = sorted((s.cv["code_cv"], lid) for s in d.sites
                   for lid in {lid for q in s.qpv for lid in d.housed[q]})
    if pairs and all((f"cdv-{c}", lid) in d.parties for c, lid in pairs):
        code, landlord = d.rng.choice(pairs)
        del d.parties[(f"cdv-{code}", landlord)]
    if pairs and all(d.running(f"tfpb-{c}-{lid}") for c, lid in pairs):
        code, landlord = d.rng.choice(pairs)
        d.drop_contract(f"tfpb-{code}-{landlord}")
    _ensure_unserved_landlord(d)
    _ensure_lapsed(d)
    ensure_membership_gap(d)
    regies = sorted(a for a, row in d.actors.items() if row["type"] == "regie")
    if regies and not d.isolated:
        _isolate(d, d.rng.choice(regies))


def _ensure_unserved_landlord(d: Draft) -> None:
    """Leave at least one landlord without a running contract with a régie of its QPV."""
    served = sorted((q, r, lid) for q in d.qpv for r in d.in_qpv[q]["regie"]
                    for lid in d.housed[q])
    if served and all(d.running(f"prestation-{r}-{lid}")
                      and (f"prestation-{r}-{lid}", q) in d.coverage
                      for q, r, lid in served):
        _, regie, landlord = d.rng.choice(served)
        d.drop_contract(f"prestation-{regie}-{landlord}")


def _ensure_lapsed(d: Draft) -> None:
    """Let one landlord's partnership end two months ago with nothing after it (rule lapsed)."""
    start, end = d.as_of - dt.timedelta(days=730), d.as_of - dt.timedelta(days=60)
    latest = end + dt.timedelta(days=183)
    busy: set[str] = set()
    for cid, actor in d.parties:
        row = d.contracts.get(cid)
        if row and row["kind"] == "partenariat" and (
                not row["start"] or start.isoformat() < row["start"] <= latest.isoformat()):
            busy.add(actor)
    for q in sorted(d.qpv):
        partners = sorted(a for kind in ("regie", "centre_social", "association", "entreprise")
                          for a in d.in_qpv[q].get(kind, []))
        for landlord in sorted(set(d.housed[q]) - busy):
            for partner in (p for p in partners if p not in busy):
                cid = d.contract(f"partenariat-echu-{partner}-{landlord}",
                                 d.fictional("Animation des pieds d'immeubles – action échue"),
                                 "partenariat", start, end, None, ["lien social"], [q])
                d.party(cid, landlord)
                d.party(cid, partner)
                return


def ensure_membership_gap(d: Draft) -> None:
    """Leave at least one régie outside the Mouvement des Régies (rule regie-mouvement)."""
    members = sorted(m for m, o in d.memberships if o == "mouvement-regies")
    regies = sorted(a for a, row in d.actors.items() if row["type"] == "regie")
    if regies and len(members) == len(regies):
        del d.memberships[(d.rng.choice(members), "mouvement-regies")]


def _isolate(d: Draft, regie: str) -> None:
    """Cut a régie from every contract it shares with insertion actors."""
    d.isolated.add(regie)
    for cid, actor in sorted(d.parties):
        if actor != regie or cid not in d.contracts:
            continue
        if cid.startswith(f"partenariat-{regie}-"):
            d.drop_contract(cid)
        elif d.contracts[cid]["kind"] in ("partenariat", "contrat_de_ville"):
            del d.parties[(cid, actor)]


def ensure_qpv_without_regie(d: Draft) -> None:
    """Leave at least one housed QPV without a régie (régies keep another QPV)."""
    housed = sorted(q for q in d.qpv if d.housed[q])
    if not housed or any(not d.in_qpv[q]["regie"] for q in housed):
        return
    for q in housed:
        regies = d.in_qpv[q]["regie"]
        if all(sum(1 for (a, t) in d.presence if a == r and t.startswith("qpv:")) > 1
               for r in regies):
            for regie in regies:
                del d.presence[(regie, q)]
            d.in_qpv[q]["regie"] = []
            return
