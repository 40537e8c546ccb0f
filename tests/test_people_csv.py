"""People's CSV files read back by pandas as French Excel would: ';', BOM, French headers, decimal comma."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from conftest import RunCli

from hlmgraph import analysis
from hlmgraph.columns import GAP, MEASURE, RECOMMENDATION, TABLES, headers
from hlmgraph.gaps import GAP_COLUMNS
from hlmgraph.output import BOM, EXCEL_FR, RFC4180, write_records
from hlmgraph.recommend import COLUMNS as RECOMMENDATION_COLUMNS

RECORDS = [
    {"rule": "regie-bailleur", "territory_name": "Quartier des Pinèdes; nord", "actors": ["b1", "r1"],
     "actor_names": ["Mistral Habitat", "Régie « Étang »"], "end": "2026-12-31", "dwellings": 1470,
     "message": "Ligne 1\nligne 2"},
    {"rule": "echeance", "territory_name": "", "actors": [], "actor_names": [], "end": None,
     "dwellings": None, "message": "="},
]
COLUMNS = ["rule", "territory_name", "actors", "actor_names", "end", "dwellings", "message"]
MEASURES = [{"id": "a", "name": "A", "type": "regie", "degree": 3, "pagerank": 0.125,
             "betweenness": 1e-05, "articulation": True}]


def test_excel_fr_csv_reads_back_in_pandas(tmp_path: Path) -> None:
    """';', UTF-8 BOM, French headers, dates dd/mm/yyyy, lists with commas; pandas gets the values."""
    out = tmp_path / "manques.csv"
    write_records(RECORDS, COLUMNS, "csv", out, record_type="gap", dialect=EXCEL_FR)
    raw = out.read_bytes()
    assert raw.startswith(BOM.encode("utf-8")) and b"\r\n" in raw
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == headers("gap", COLUMNS)
    assert list(frame.columns)[:2] == ["Règle", "Territoire"]
    first = frame.iloc[0]
    assert first["Territoire"] == "Quartier des Pinèdes; nord"
    assert first["Organisations"] == "Mistral Habitat, Régie « Étang »"
    assert first["Fin"] == "31/12/2026" and first["Logements"] == "1470"
    assert first["Action proposée"] == "Ligne 1\nligne 2"
    assert frame.iloc[1]["Fin"] == "" and frame.iloc[1]["Action proposée"] == "'="  # never a formula


def test_excel_fr_decimal_comma(tmp_path: Path) -> None:
    """Decimals with a comma and no thousands separator: pandas reads numbers with decimal=','."""
    out = tmp_path / "mesures.csv"
    columns = ["id", "name", "degree", "pagerank", "betweenness", "articulation"]
    write_records(MEASURES, columns, "csv", out, record_type="measure", dialect=EXCEL_FR)
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", decimal=",")
    names = headers("measure", columns)
    assert list(frame.columns) == names and names[2:4] == ["Partenaires", "Influence"]
    row = frame.iloc[0]
    assert row["Influence"] == 0.125 and row[names[4]] == 1e-05
    assert row["Partenaires"] == 3 and row[names[5]] == "oui"


def test_rfc4180_dialect(tmp_path: Path) -> None:
    """``rfc4180``: ',', no BOM, the field names, dot decimals, ISO dates, lists with '|'."""
    out = tmp_path / "manques.csv"
    write_records(RECORDS, COLUMNS, "csv", out, record_type="gap", dialect=RFC4180)
    raw = out.read_bytes()
    assert not raw.startswith(BOM.encode("utf-8"))
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    assert frame.iloc[0]["end"] == "2026-12-31" and frame.iloc[0]["actors"] == "b1|r1"
    measures = tmp_path / "m.csv"
    write_records(MEASURES, ["id", "pagerank"], "csv", measures, record_type="measure", dialect=RFC4180)
    assert measures.read_text(encoding="utf-8").splitlines()[1] == "a,0.125"


def test_terminal_csv_has_no_bom() -> None:
    """Printed to the terminal, the French CSV has no BOM."""
    text = write_records(RECORDS, COLUMNS, "csv", None, record_type="gap", dialect=EXCEL_FR)
    assert text is not None and text.startswith("Règle;")


def test_every_written_column_has_a_french_header() -> None:
    """Each field the library writes for people has a French header and a meaning."""
    for table, fields in ((GAP, GAP_COLUMNS), (MEASURE, analysis.COLUMNS),
                          (RECOMMENDATION, RECOMMENDATION_COLUMNS)):
        missing = [f for f in fields if f not in table]
        assert missing == [], missing
    for table in TABLES.values():
        assert all(c.header and c.meaning for c in table.values())
        assert len({c.header for c in table.values()}) == len(table)


def test_people_workbook_is_typed(tmp_path: Path) -> None:
    """--format xlsx: French headers, real dates from ISO text, joined lists, a Lisez-moi sheet."""
    from openpyxl import load_workbook

    out = tmp_path / "manques.xlsx"
    write_records(RECORDS, COLUMNS, "xlsx", out, sheet="manques", record_type="gap")
    book = load_workbook(out)
    assert book.sheetnames == ["Lisez-moi", "manques"]
    sheet = book["manques"]
    assert [c.value for c in sheet[1]] == headers("gap", COLUMNS)
    assert sheet["E2"].value == dt.datetime(2026, 12, 31) and sheet["F2"].value == 1470
    assert sheet["D2"].value == "Mistral Habitat, Régie « Étang »"
    readme = [c.value for row in book["Lisez-moi"].iter_rows() for c in row if c.value]
    assert "Action proposée" in readme


def test_cli_csv_defaults_to_french_excel(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    """gaps, analyse and recommend write French Excel CSV by default; --csv-dialect rfc4180 the tools' one."""
    for command, record_type, extra in (("gaps", "gap", ["--as-of", "2026-11-23"]),
                                        ("analyse", "measure", []), ("recommend", "recommendation", [])):
        out = tmp_path / f"{command}.csv"
        done = run_cli(command, demo_path, *extra, "--format", "csv", "--out", out)
        assert done.returncode == 0, done.stderr
        frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", decimal=",")
        assert list(frame.columns)[0] == headers(record_type, [frame_first_field(command)])[0]
        assert len(frame) > 0 and out.read_bytes().startswith(BOM.encode("utf-8"))
        plain = tmp_path / f"{command}-rfc.csv"
        assert run_cli(command, demo_path, *extra, "--format", "csv", "--out", plain,
                       "--csv-dialect", "rfc4180").returncode == 0
        assert list(pd.read_csv(plain).columns)[0] == frame_first_field(command)
        assert len(pd.read_csv(plain)) == len(frame)
    measures = pd.read_csv(tmp_path / "analyse.csv", sep=";", encoding="utf-8-sig", decimal=",")
    assert measures["Influence"].dtype == float and abs(measures["Influence"].sum() - 1) < 1e-6
    # vocabularies in words for people, codes for tools
    assert {"Régie de quartier", "Mission locale"} <= set(measures["Type"])
    assert "société civile" in set(measures["Famille"]) and "regie" not in set(measures["Type"])
    tools = pd.read_csv(tmp_path / "analyse-rfc.csv")
    assert {"regie", "mission_locale"} <= set(tools["type"]) and "societe_civile" in set(tools["family"])
    found = pd.read_csv(tmp_path / "gaps.csv", sep=";", encoding="utf-8-sig")
    assert not found["Types"].str.contains("bailleur|mission_locale", regex=True).any()


def frame_first_field(command: str) -> str:
    """The first field of each command's records."""
    return {"gaps": GAP_COLUMNS[0], "analyse": analysis.COLUMNS[0],
            "recommend": RECOMMENDATION_COLUMNS[0]}[command]


def test_cli_report_territory(run_cli: RunCli, demo_path: Path, tmp_path: Path) -> None:
    """report --territory cuts the report; an unknown territory is a usage error (exit 2)."""
    out = tmp_path / "nord.html"
    done = run_cli("report", demo_path, "--territory", "region:32", "--as-of", "2026-11-23", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "Hauts-de-France (région)" in out.read_text(encoding="utf-8")
    bad = run_cli("report", demo_path, "--territory", "region:99", "--out", tmp_path / "x.html")
    assert bad.returncode == 2 and "introuvable" in bad.stderr and not (tmp_path / "x.html").exists()
