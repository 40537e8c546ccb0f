"""Data step (offline): derive the geography tables shipped with hlmgraph (COG 2026, ANCT).

Run once from the raw public files (never edited):

    python hlmgraph/data/geo/derive.py /work/shared/data/raw hlmgraph/data/geo

It writes ``territoires.csv.gz`` (régions, départements, EPCI and EPT, every
commune, with the selection ``generate`` uses flagged in ``sample``) and
``contrats_de_ville.csv`` (the 2024-2030 contrats de ville resolved to their
carrier's territory). See SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import Counter, defaultdict
from pathlib import Path

TOP_COMMUNES_CV = 10
"""Communes kept per EPCI carrying a contrat de ville (largest first)."""
TOP_COMMUNES_OTHER = 3
"""Communes kept per other EPCI."""
TOP_COMMUNES_EPT = 6
"""Communes kept per établissement public territorial carrying a contrat de ville."""
TERRITORY_COLUMNS = ("level", "code", "name", "parent", "population", "siren", "departement",
                     "liaison", "kind", "ept", "sample")
CV_COLUMNS = ("code_cv", "name", "carrier_level", "carrier", "epci", "communes", "departement",
              "population", "adultes_relais")


def _read(raw: Path, name: str) -> list[dict[str, str]]:
    """Rows of one raw CSV file."""
    with open(raw / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def derive(raw: Path, out: Path) -> tuple[int, int]:
    """Write the two derived tables into ``out``; return their row counts."""
    communes = {r["code"]: r for r in _read(raw, "cog2026_communes.csv")
                if r["type"] == "commune-actuelle"}
    by_siren = {r["siren"]: r["code"] for r in communes.values() if r["siren"]}
    epcis = {r["code"]: r for r in _read(raw, "cog2026_epci.csv")}
    members: dict[str, list[dict[str, str]]] = defaultdict(list)
    commune_epci: dict[str, str] = {}
    for row in _read(raw, "cog2026_epci_membres.csv"):
        if row["commune_code"] in communes:
            members[row["epci_code"]].append(row)
            commune_epci[row["commune_code"]] = row["epci_code"]
    ept_members: dict[str, list[dict[str, str]]] = defaultdict(list)
    commune_ept: dict[str, str] = {}
    for row in _read(raw, "cog2026_ept_membres.csv"):
        if row["commune_code"] in commune_epci:
            ept_members[row["ept_code"]].append(row)
            commune_ept[row["commune_code"]] = row["ept_code"]
    contracts, kept = _contracts(raw, epcis, ept_members, by_siren, communes, commune_epci)
    cv_epcis = {c["epci"] for c in contracts}
    for epci, rows in members.items():
        top = TOP_COMMUNES_CV if epci in cv_epcis else TOP_COMMUNES_OTHER
        ranked = sorted(rows, key=lambda r: (-int(r["populationMunicipale"] or 0), r["commune_code"]))
        kept.update(r["commune_code"] for r in ranked[:top])
    eps = {r["code"]: r for r in _read(raw, "cog2026_ept.csv")}
    territories = _territories(raw, {**epcis, **eps}, {**members, **ept_members}, communes,
                               (commune_epci, commune_ept), kept)
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "territoires.csv.gz", TERRITORY_COLUMNS, territories, gz=True)
    _write(out / "contrats_de_ville.csv", CV_COLUMNS, contracts, gz=False)
    return len(territories), len(contracts)


def _contracts(
    raw: Path,
    epcis: dict[str, dict[str, str]],
    ept_members: dict[str, list[dict[str, str]]],
    by_siren: dict[str, str],
    communes: dict[str, dict[str, str]],
    commune_epci: dict[str, str],
) -> tuple[list[dict[str, str]], set[str]]:
    """Contrats de ville resolved to their EPCI; also the communes they name."""
    rows: list[dict[str, str]] = []
    named: set[str] = set()
    posts = Counter(r["code_cv"] for r in _read(raw, "anct_adultes_relais_2025.csv"))
    seen: set[str] = set()
    for cv in _read(raw, "anct_contrats_de_ville_2024.csv"):
        if cv["code_cv"] in seen:
            continue  # CV428 is listed twice (EPCI and commune): keep the first
        seen.add(cv["code_cv"])
        code = cv["codgeo"]
        if code in epcis:
            level, epci, covered = "epci", code, []
        elif code in ept_members:
            ranked = sorted(ept_members[code],
                            key=lambda r: (-int(r["populationMunicipale"] or 0), r["commune_code"]))
            covered = [r["commune_code"] for r in ranked[:TOP_COMMUNES_EPT]]
            level, epci = "ept", commune_epci[covered[0]]
        else:
            commune = code if code in communes else by_siren.get(code, "")
            if commune in communes:
                level, epci, covered = "commune", commune_epci.get(commune, ""), [commune]
            else:  # no COG commune (Saint-Martin, Polynésie): the collectivité carries it
                level, code, epci, covered = "departement", cv["insee_dep"], "", []
        if epci:
            named.update(covered)
        name = cv["lib_cv"].split(" - ", 1)[-1]
        rows.append({
            "code_cv": cv["code_cv"], "name": name, "carrier_level": level, "carrier": code,
            "epci": epci, "communes": "|".join(covered), "departement": cv["insee_dep"],
            "population": str(round(float(cv["pop"] or 0))),
            "adultes_relais": str(posts[cv["code_cv"]]),
        })
    rows.sort(key=lambda r: r["code_cv"])
    return rows, named


def _territories(
    raw: Path,
    groups: dict[str, dict[str, str]],
    members: dict[str, list[dict[str, str]]],
    communes: dict[str, dict[str, str]],
    belongs: tuple[dict[str, str], dict[str, str]],
    kept: set[str],
) -> list[dict[str, str]]:
    """Régions, départements, EPCI and EPT (département of most members), every commune."""
    commune_epci, commune_ept = belongs
    out: list[dict[str, str]] = []
    for row in _read(raw, "cog2026_regions.csv"):
        out.append({"level": "region", "code": row["code"], "name": row["nom"],
                    "liaison": row["typeLiaison"]})
    for row in _read(raw, "cog2026_departements.csv"):
        out.append({"level": "departement", "code": row["code"], "name": row["nom"],
                    "parent": row["region"], "liaison": row["typeLiaison"]})
    for code, row in sorted(groups.items()):
        if not members.get(code):
            continue
        counts = Counter(communes[m["commune_code"]]["departement"] for m in members[code])
        dep = min(counts, key=lambda d: (-counts[d], d))
        out.append({"level": "epci", "code": code, "name": row["nom"], "parent": dep,
                    "population": row["populationMunicipale"], "siren": code, "kind": row["type"]})
    for code in sorted(communes):
        row = communes[code]
        out.append({"level": "commune", "code": code, "name": row["nom"],
                    "parent": commune_epci.get(code, ""), "population": row["population"],
                    "siren": row["siren"], "departement": row["departement"],
                    "liaison": row["typeLiaison"], "ept": commune_ept.get(code, ""),
                    "sample": "1" if code in kept else ""})
    return out


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]], gz: bool) -> None:
    """Write rows as CSV (gzip with a fixed timestamp when ``gz``) for byte-identical output."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if gz:
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)


if __name__ == "__main__":
    print(derive(Path(sys.argv[1]), Path(sys.argv[2])))
