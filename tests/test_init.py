"""Tests of the dataset templates (templates.py) and of the ``init`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RunCli

from hlmgraph import schema
from hlmgraph.cli import cli
from hlmgraph.errors import OutputError
from hlmgraph.read import read_tables
from hlmgraph.templates import WORKBOOK_NAME, readme_rows, readme_text, write_templates
from hlmgraph.validate import validate_path


def test_csv_templates_have_the_headers_bom_and_semicolons(tmp_path: Path) -> None:
    paths = write_templates(tmp_path / "modeles")
    assert [p.name for p in paths] == [f"{t}.csv" for t in schema.TABLES] + ["lisez-moi.txt"]
    data = (tmp_path / "modeles" / "actors.csv").read_bytes()
    assert data == "\ufeffid;nom;type;sous_type;siren;territoire;source\r\n".encode()
    tables = read_tables(tmp_path / "modeles")
    for name, columns in schema.TABLES.items():
        assert tables[name].header == [c.french or c.name for c in columns]
    assert tables["contracts"].header[3:7] == ["début", "fin", "montant", "thèmes"]


def test_templates_validate_as_an_empty_dataset(tmp_path: Path) -> None:
    write_templates(tmp_path / "csv")
    write_templates(tmp_path / "xlsx", xlsx=True)
    for path in (tmp_path / "csv", tmp_path / "xlsx" / WORKBOOK_NAME):
        dataset, report = validate_path(path)
        assert report.valid and dataset is not None
        assert set(dataset.tables) == set(schema.TABLES)


def test_workbook_has_readme_sheet_and_drop_down_lists(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (path,) = write_templates(tmp_path, xlsx=True)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["lisez-moi", *schema.TABLES]
    readme = [row for row in workbook["lisez-moi"].iter_rows(values_only=True)]
    assert ("actors", "type", "oui", "Type d'acteur",
            readme_rows()[2]["valeurs"]) in readme
    assert "regie (Régie de quartier)" in readme_rows()[2]["valeurs"]
    assert ("Feuille actors : une ligne par organisation (obligatoire).",) in [r[:1] for r in readme]
    lists = {
        name: sorted((str(dv.sqref), dv.formula1) for dv in workbook[name].data_validations.dataValidation)
        for name in ("actors", "territories", "contracts", "parties")
    }
    assert lists["actors"] == [("C2:C5000", '"' + ",".join(schema.ACTOR_TYPES) + '"')]
    assert lists["territories"] == [("C2:C5000", '"region,departement,epci,commune,qpv"')]
    assert lists["contracts"][0][0] == "C2:C5000"
    assert lists["parties"] == [("C2:C5000", '"' + ",".join(schema.ROLES) + '"')]
    assert not workbook["memberships"].data_validations.dataValidation


def test_readme_explains_every_column_in_french() -> None:
    text = readme_text()
    for name, columns in schema.TABLES.items():
        assert f"{name}.csv" in text
        for column in columns:
            assert column.description_fr in text
    assert "données personnelles" in text
    assert "contrat_de_ville (Contrat de ville)" in text


def test_output_is_byte_identical(tmp_path: Path) -> None:
    for xlsx in (False, True):
        first = write_templates(tmp_path / f"a{xlsx}", xlsx=xlsx)
        second = write_templates(tmp_path / f"b{xlsx}", xlsx=xlsx)
        for one, two in zip(first, second, strict=True):
            assert one.read_bytes() == two.read_bytes(), one.name


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "actors.csv").write_text("mes données")
    with pytest.raises(OutputError, match="existe déjà"):
        write_templates(tmp_path)
    assert (tmp_path / "actors.csv").read_text() == "mes données"
    assert not (tmp_path / "territories.csv").exists()


def test_init_command_writes_csv_templates(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "Écrit :" in result.output and "hlmgraph validate" in result.output
    assert (tmp_path / "d" / "memberships.csv").exists()


def test_init_command_exit_codes(run_cli: RunCli, tmp_path: Path) -> None:
    first = run_cli("init", str(tmp_path), "--xlsx")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / WORKBOOK_NAME).exists()
    again = run_cli("init", str(tmp_path), "--xlsx")
    assert again.returncode == 1
    assert again.stderr.startswith("Erreur : ") and "existe déjà" in again.stderr
    assert "Traceback" not in again.stderr
    assert run_cli("init").returncode == 2


def test_filled_workbook_template_validates(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (path,) = write_templates(tmp_path, xlsx=True)
    workbook = load_workbook(path)
    workbook["actors"].append(["mel", "Métropole Européenne de Lille", "Collectivité", "EPCI",
                               200093201, "epci:200093201", None])
    workbook["territories"].append(["epci:200093201", "MEL", "epci", "200093201", None, 1179000])
    workbook.save(path)
    dataset, report = validate_path(path)
    assert report.valid and dataset is not None
    assert dataset.rows("actors")[0]["type"] == "collectivite"
    assert dataset.rows("actors")[0]["siren"] == "200093201"
