"""People's workbooks read back with openpyxl: frozen header, filters, widths, real dates, Lisez-moi."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
from openpyxl import load_workbook

from hlmgraph.output import write_workbook
from hlmgraph.report import write_report
from hlmgraph.xlsx import DATE_FORMAT, MAX_WIDTH, README_SHEET, Readme

LONG = "une action proposée très longue " * 6


def test_table_sheet_properties(tmp_path: Path) -> None:
    """Header frozen, autofilter over the table, widths fitted, dates and numbers typed."""
    records = [
        {"Nom": "Régie des Filatures", "Fin": dt.date(2026, 12, 31), "Logements": 1470,
         "Part": 0.125, "Action": LONG},
        {"Nom": "=1+1", "Fin": None, "Logements": 3, "Part": 1.0, "Action": "court"},
    ]
    columns = ["Nom", "Fin", "Logements", "Part", "Action"]
    out = tmp_path / "t.xlsx"
    write_workbook({"Manques": (records, columns)}, out,
                   Readme("Manques de partenariat", ["Une ligne par manque."], [("Nom", "le nom")]))
    book = load_workbook(out)
    assert book.sheetnames == [README_SHEET, "Manques"]
    sheet = book["Manques"]
    assert book.active is not None and book.active.title == "Manques"
    assert [s.sheet_view.tabSelected for s in book.worksheets] == [False, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert [c.value for c in sheet[1]] == columns and all(c.font.bold for c in sheet[1])
    assert isinstance(sheet["B2"].value, dt.datetime) and sheet["B2"].value.date() == dt.date(2026, 12, 31)
    assert sheet["B2"].number_format == DATE_FORMAT
    assert sheet["C2"].value == 1470 and isinstance(sheet["C2"].value, int)
    assert sheet["D2"].value == 0.125 and sheet["D2"].data_type == "n"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"
    widths = {k: sheet.column_dimensions[k].width for k in "ABCDE"}
    assert widths["A"] == len("Régie des Filatures") + 2
    assert widths["B"] == 12 and widths["E"] == MAX_WIDTH and sheet["E2"].alignment.wrap_text
    readme = book[README_SHEET]
    texts = [c.value for row in readme.iter_rows() for c in row if c.value]
    assert texts[0] == "Manques de partenariat" and "Une ligne par manque." in texts and "le nom" in texts


def test_report_workbook(demo_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """The report's workbook: Lisez-moi first, gaps with priority, stake and places, real dates."""
    write_report(demo_graph, tmp_path / "r.html", xlsx=tmp_path / "r.xlsx", as_of=dt.date(2026, 11, 23))
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames[0] == README_SHEET
    readme = " ".join(str(c.value) for row in book[README_SHEET].iter_rows() for c in row if c.value)
    assert "Données en partie fictives" in readme and "Feuille «\u202fManques\u202f»" in readme
    gaps = book["Manques"]
    header = [c.value for c in gaps[1]]
    assert {"Priorité", "Logements en jeu", "Région", "Département", "EPCI"} <= set(header)
    stake = header.index("Logements en jeu") + 1
    values = [gaps.cell(row=r, column=stake).value for r in range(2, gaps.max_row + 1)]
    assert all(isinstance(v, int) for v in values) and max(values) > 0
    region = header.index("Région") + 1
    assert all(gaps.cell(row=r, column=region).value for r in range(2, gaps.max_row + 1)
               if gaps.cell(row=r, column=header.index("Territoire") + 1).value)
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref, sheet.title
    end = book["Échéances"]["C2"]
    assert isinstance(end.value, dt.datetime) and end.number_format == DATE_FORMAT
