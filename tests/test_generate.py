"""Tests for the synthetic dataset generator (hlmgraph generate)."""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import RunCli

from hlmgraph.errors import ConfigError, OutputError
from hlmgraph.gaps import find_gaps, load_rules
from hlmgraph.generate import REFERENCE_DATE, build_tables, generate_dataset
from hlmgraph.pipeline import load_dataset, load_graph
from hlmgraph.schema import TABLES
from hlmgraph.validate import validate_path

FILES = [f"{name}.csv" for name in TABLES]
ROOT = Path(__file__).resolve().parents[1]


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    """Rows of one generated CSV file."""
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def regional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A regional dataset generated once for the module."""
    out = tmp_path_factory.mktemp("gen") / "regional"
    generate_dataset("regional", 11, out)
    return out


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    """Same scale and seed: byte-identical files; another seed: different files."""
    for scale in ("demo", "regional"):
        first, second, other = tmp_path / f"{scale}1", tmp_path / f"{scale}2", tmp_path / f"{scale}3"
        counts = generate_dataset(scale, 42, first)
        generate_dataset(scale, 42, second)
        generate_dataset(scale, 43, other)
        assert sorted(counts) == sorted(FILES)
        assert _bytes(first) == _bytes(second)
        assert _bytes(first)["actors.csv"] != _bytes(other)["actors.csv"]
        assert _bytes(first)["parties.csv"] != _bytes(other)["parties.csv"]


def test_identical_across_processes(run_cli: RunCli, tmp_path: Path) -> None:
    """Files do not depend on Python's string hashing: two processes, two hash seeds."""
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}"
        done = run_cli("generate", "--scale", "regional", "--seed", "9", "--out", out,
                       env={"PYTHONHASHSEED": hash_seed}, process=True)
        assert done.returncode == 0, done.stderr
        outputs.append(_bytes(out))
    assert outputs[0] == outputs[1]


def test_counts_match_files_and_spec_columns(regional: Path) -> None:
    """Returned counts are the data rows written; headers are the spec columns."""
    tables = build_tables("regional", 11)
    for name, columns in TABLES.items():
        with open(regional / f"{name}.csv", encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c.name for c in columns]
        assert len(_rows(regional, name)) == len(tables[name])


@pytest.mark.parametrize("scale", ["demo", "regional"])
def test_generated_dataset_is_valid(scale: str, tmp_path: Path) -> None:
    """The reader validates demo and regional datasets with zero issues."""
    generate_dataset(scale, 5, tmp_path / scale)
    dataset, report = validate_path(tmp_path / scale)
    assert report.issues == []
    assert dataset is not None
    assert len(load_dataset(tmp_path / scale).rows("actors")) > 0


def test_references_and_unique_ids(regional: Path) -> None:
    """Every reference resolves, ids are unique across tables, parents are coarser."""
    actors = {r["id"] for r in _rows(regional, "actors")}
    territories = {r["id"]: r for r in _rows(regional, "territories")}
    contracts = {r["id"] for r in _rows(regional, "contracts")}
    assert len(actors) + len(territories) + len(contracts) == len(actors | set(territories) | contracts)
    rank = {"region": 0, "departement": 1, "epci": 2, "commune": 3, "qpv": 4}
    for row in territories.values():
        if row["parent"]:
            assert rank[territories[row["parent"]]["level"]] < rank[row["level"]]
    for row in _rows(regional, "parties"):
        assert row["contract"] in contracts and row["actor"] in actors
    for row in _rows(regional, "coverage"):
        assert row["contract"] in contracts and row["territory"] in territories
    for row in _rows(regional, "presence"):
        assert row["actor"] in actors and row["territory"] in territories


def test_hierarchy_is_real(tmp_path: Path) -> None:
    """Real COG links: Maubeuge in the CA Maubeuge Val de Sambre, in the Nord, in Hauts-de-France."""
    generate_dataset("demo", 1, tmp_path / "d")
    parent = {r["id"]: r["parent"] for r in _rows(tmp_path / "d", "territories")}
    assert parent["commune:59392"] == "epci:200043396"
    assert parent["epci:200043396"] == "departement:59"
    assert parent["departement:59"] == "region:32"
    assert parent["epci:248400251"] == "departement:84"  # Grand Avignon, Vaucluse
    assert parent["departement:84"] == "region:93"
    qpv = [t for t in parent if t.startswith("qpv:")]
    assert qpv and all(parent[q].startswith("commune:") for q in qpv)
    assert all(q.startswith(("qpv:QN059", "qpv:QN084", "qpv:QN030")) for q in qpv)


def test_metropole_de_lille_under_nord() -> None:
    """The Métropole européenne de Lille (SIREN 200093201) carries its real contrat de ville."""
    tables = build_tables("national", 3)
    territories = {r["id"]: r for r in tables["territories"]}
    assert territories["epci:200093201"]["parent"] == "departement:59"
    assert territories["epci:200093201"]["name"] == "Métropole Européenne de Lille"
    contracts = {r["id"] for r in tables["contracts"]}
    assert "cdv-CN05911M" in contracts
    assert ("cdv-CN05911M", "epci:200093201") in {
        (r["contract"], r["territory"]) for r in tables["coverage"]}


def test_generated_names_are_marked_fictional(regional: Path) -> None:
    """Landlords, régies and associations carry fictional names and the generator source."""
    for row in _rows(regional, "actors"):
        assert row["source"] == "généré (hlmgraph generate, graine 11)"
        if row["type"] in ("bailleur", "regie", "association", "centre_social"):
            assert row["name"].endswith("(nom fictif)")
            assert row["siren"] == ""
    for row in _rows(regional, "territories"):
        if row["level"] == "qpv":
            assert row["name"].endswith("(QPV fictif)")


def test_every_default_gap_rule_fires(regional: Path, tmp_path: Path) -> None:
    """Deliberate gaps: each default rule finds at least one gap in demo and regional data."""
    generate_dataset("demo", 2, tmp_path / "demo")
    for folder in (regional, tmp_path / "demo"):
        rules = Counter(g.rule for g in find_gaps(load_graph(folder), as_of=REFERENCE_DATE))
        assert set(rules) == {r.id for r in load_rules()}


def test_contract_dates_expired_and_expiring(regional: Path) -> None:
    """Some contracts expired, some end within 12 months of the reference day."""
    ends = [dt.date.fromisoformat(r["end"]) for r in _rows(regional, "contracts") if r["end"]]
    soon = REFERENCE_DATE + dt.timedelta(days=365)
    assert any(end < REFERENCE_DATE for end in ends)
    assert any(REFERENCE_DATE <= end <= soon for end in ends)
    for row in _rows(regional, "contracts"):
        assert not row["start"] or not row["end"] or row["start"] <= row["end"]


def test_refuses_non_empty_folder_unless_forced(tmp_path: Path) -> None:
    """A non-empty --out is refused with a French message; --force writes anyway."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("garder", encoding="utf-8")
    with pytest.raises(OutputError, match="n'est pas vide"):
        generate_dataset("demo", 1, out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    generate_dataset("demo", 1, out, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES + ["notes.txt"])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_unknown_scale_writes_nothing(tmp_path: Path) -> None:
    """An unknown scale fails before anything is written."""
    with pytest.raises(ConfigError):
        generate_dataset("mondial", 1, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_cli_generate(run_cli: RunCli, tmp_path: Path) -> None:
    """The command prints a French summary, then refuses to overwrite (exit 1)."""
    command = ["generate", "--scale", "demo", "--seed", "4", "--out", str(tmp_path / "demo")]
    done = run_cli(*command)
    assert done.returncode == 0, done.stderr
    assert "actors.csv :" in done.stdout and "graine 4" in done.stdout
    again = run_cli(*command)
    assert again.returncode == 1
    assert "n'est pas vide" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.slow
def test_national_scale(tmp_path: Path) -> None:
    """National: at least 5,000 actors and 30,000 parties over many régions, quickly."""
    started = time.perf_counter()
    counts = generate_dataset("national", 7, tmp_path / "national")
    elapsed = time.perf_counter() - started
    assert counts["actors.csv"] >= 5000
    assert counts["parties.csv"] >= 30000
    assert elapsed < 30
    regions = {r["id"] for r in _rows(tmp_path / "national", "territories")
               if r["level"] == "region"}
    assert len(regions) >= 13
    regies = [r for r in _rows(tmp_path / "national", "actors") if r["type"] == "regie"]
    assert 100 <= len(regies) <= 180
