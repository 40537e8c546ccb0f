"""French headers: accepted wherever a person types them, written by init, never refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hlmgraph import schema
from hlmgraph.read import detect_delimiter
from hlmgraph.validate import validate_path

VALID = Path(__file__).parent / "data" / "valid"
SPELLINGS: dict[str, str] = {
    "name": "Nom",
    "subtype": "Sous-type",
    "territory": "TERRITOIRE",
    "level": "Niveau",
    "kind": "nature",
    "start": "Début",
    "end": "fin",
    "amount_eur": "Montant",
    "themes": "THÈMES",
    "contract": "Contrat",
    "actor": "acteur",
    "role": "Rôle",
    "dwellings": "Logements",
    "member": "membre",
}
"""English column -> a French header as a person might type it (case and accents varied)."""


def _french_copy(tmp_path: Path, separator: str = ",") -> Path:
    """The small valid dataset with every header it can have in French."""
    target = tmp_path / "francais"
    shutil.copytree(VALID, target)
    for path in target.glob("*.csv"):
        header, rest = path.read_text(encoding="utf-8").split("\n", 1)
        french = [SPELLINGS.get(name, name) for name in header.split(",")]
        path.write_text(separator.join(french) + "\n" + rest, encoding="utf-8")
    return target


def test_french_headers_give_the_same_dataset(tmp_path: Path) -> None:
    """Every table read with French headers types exactly the rows of the English file."""
    english, report = validate_path(VALID)
    french, french_report = validate_path(_french_copy(tmp_path))
    assert report.valid and french_report.valid, [i.format() for i in french_report.issues]
    assert english is not None and french is not None
    for name in schema.TABLES:
        assert french.rows(name) == english.rows(name), name
        assert french.tables[name].extra_columns == []


def test_every_french_header_of_the_issue_is_known() -> None:
    """nom, sous_type/sous-type, niveau, nature, début, fin, montant, thèmes, rôle… name columns."""
    expected = {
        "actors": {"nom": "name", "sous_type": "subtype", "sous-type": "subtype",
                   "territoire": "territory", "siren": "siren", "source": "source"},
        "territories": {"niveau": "level", "code": "code", "parent": "parent",
                        "population": "population"},
        "contracts": {"nature": "kind", "début": "start", "DEBUT": "start", "fin": "end",
                      "montant": "amount_eur", "thèmes": "themes"},
        "parties": {"contrat": "contract", "acteur": "actor", "rôle": "role", "role": "role"},
        "presence": {"logements": "dwellings"},
        "memberships": {"membre": "member", "organisation": "organisation"},
    }
    for table, headers in expected.items():
        for header, column in headers.items():
            assert schema.column_name(table, header) == column, (table, header)


@pytest.mark.parametrize("header", ["Nom", "nom", "NOM", "Nom de la structure"])
def test_nom_is_never_refused_as_personal_data(tmp_path: Path, header: str) -> None:
    """« Nom » names the organisation; only contact columns are personal data."""
    folder = tmp_path / "data"
    folder.mkdir()
    name_column = header if header.lower() == "nom" else "name"
    extra = "" if header.lower() == "nom" else f";{header}"
    (folder / "actors.csv").write_text(
        f"id;{name_column};type{extra}\na1;Régie A;regie{';x' if extra else ''}\n", encoding="utf-8"
    )
    dataset, report = validate_path(folder)
    assert report.valid, [i.format() for i in report.issues]
    assert dataset is not None and dataset.rows("actors")[0]["name"] == "Régie A"


def test_contact_columns_are_still_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text("id;nom;type;nom_contact\na1;A;regie;Dupont\n", encoding="utf-8")
    _, report = validate_path(folder)
    assert [(i.code, i.column) for i in report.issues] == [("personal-data", "nom_contact")]


def test_issues_name_the_header_the_file_uses(tmp_path: Path) -> None:
    """A bad date under « Début » is reported at column « Début », in column order."""
    folder = _french_copy(tmp_path)
    path = folder / "contracts.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2], cells[3] = "inconnu", "2024-13-01"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, report = validate_path(folder)
    assert [(i.line, i.column, i.code) for i in report.issues] == [
        (2, "nature", "bad-vocabulary"), (2, "Début", "bad-date")
    ]


def test_missing_column_names_both_spellings(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text("id;type\na1;regie\n", encoding="utf-8")
    _, report = validate_path(folder)
    assert "colonne obligatoire « name » (ou « nom ») absente" in report.issues[0].message


def test_same_column_twice_in_two_languages_is_a_duplicate(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text("id;name;type;Nom\na1;A;regie;B\n", encoding="utf-8")
    _, report = validate_path(folder)
    assert [(i.code, i.column) for i in report.issues] == [("duplicate-column", "Nom")]
    assert "(« name » et « Nom »)" in report.issues[0].message


def test_delimiter_is_found_on_french_headers() -> None:
    assert detect_delimiter("id;nom;nature;début;fin;montant") == ";"
    assert detect_delimiter("contrat,acteur,rôle") == ","
