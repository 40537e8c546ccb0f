"""Command line of public data: import anct, init --territory, validate --strict, diff, report --compare."""

from __future__ import annotations

import json
from pathlib import Path

from hlmgraph import fr

DATA = Path(__file__).parent / "data" / "anct"
AR_2024 = DATA / "anct_adultes_relais_2024.csv"
AR_2025 = DATA / "anct_adultes_relais_2025.csv"
FONJEP_2025 = DATA / "anct_postes_fonjep_2025.csv"


def test_import_anct_summary_and_validate(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """import anct prints the French summary; the dataset validates without reference warning."""
    out = tmp_path / "ar"
    run = run_cli("import", "anct", str(AR_2025), str(FONJEP_2025), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "adultes-relais 2025 (anct_adultes_relais_2025.csv)" in run.stdout
    assert fr.typography("2 lignes sans code de contrat de ville") in run.stdout
    assert fr.typography("Employeurs : ") in run.stdout
    check = run_cli("validate", str(out), "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Jeu de données valide" in check.stdout


def test_import_anct_bad_input(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Wrong columns: missing ones named, exit 1, nothing written; existing --out: exit 1."""
    other = tmp_path / "autre.csv"
    other.write_text("id;nom\n1;x\n", encoding="utf-8")
    run = run_cli("import", "anct", str(other), "--out", str(tmp_path / "out"))
    assert run.returncode == 1
    assert "autre.csv:1:code_cv: colonne « code_cv » absente" in run.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "actors.csv").write_text("x", encoding="utf-8")
    run = run_cli("import", "anct", str(AR_2025), "--out", str(tmp_path / "plein"))
    assert run.returncode == 1 and "--force" in run.stderr
    assert (tmp_path / "plein" / "actors.csv").read_text(encoding="utf-8") == "x"
    run = run_cli("import", "anct", str(AR_2025), "--out", str(tmp_path / "t"),
                  "--territory", "region:99")
    assert run.returncode == 2


def test_init_territory(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """init --territory writes pre-filled templates that validate."""
    run = run_cli("init", str(tmp_path / "hdf"), "--territory", "departement:80")
    assert run.returncode == 0, run.stderr
    check = run_cli("validate", str(tmp_path / "hdf"))
    assert check.returncode == 0 and "Commune" in check.stdout


def test_validate_warnings_and_strict(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A commune unknown to the COG: a warning line, exit 0; with --strict, exit 1."""
    (tmp_path / "actors.csv").write_text("id,name,type,territory\na,Régie,regie,commune:59998\n",
                                         encoding="utf-8")
    (tmp_path / "territories.csv").write_text(
        "id,name,level,code\ncommune:59998,Nulle part,commune,59998\n", encoding="utf-8")
    run = run_cli("validate", str(tmp_path))
    assert run.returncode == 0
    assert "territories.csv:2:id: avertissement : code « 59998 » inconnu du COG 2026" in run.stderr
    strict = run_cli("validate", str(tmp_path), "--strict")
    assert strict.returncode == 1
    assert "territories.csv:2:id: code « 59998 »" in strict.stderr
    data = json.loads(run_cli("validate", str(tmp_path), "--json").stdout)
    assert data["warnings"][0]["code"] == "unknown-cog-code"


def test_diff_and_report_compare(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """diff prints the summary and writes JSON of the issue's shape; report --compare adds a section."""
    for year, source in (("2024", AR_2024), ("2025", AR_2025)):
        assert run_cli("import", "anct", str(source), "--out", str(tmp_path / year)).returncode == 0
    old, new = str(tmp_path / "2024"), str(tmp_path / "2025")
    run = run_cli("diff", old, new, "--as-of-old", "2026-06-01", "--as-of-new", "2026-06-01")
    assert run.returncode == 0 and fr.typography("Organisations : ") in run.stdout
    out = tmp_path / "changes.json"
    run = run_cli("diff", old, new, "--format", "json", "--out", str(out))
    assert run.returncode == 0
    data = json.loads(out.read_text("utf-8"))
    assert set(data) == {"actors", "partnerships", "contracts", "gaps"}
    assert run_cli("diff", old, new, "--format", "xlsx").returncode == 2
    assert run_cli("diff", old).returncode == 2
    page = tmp_path / "rapport.html"
    run = run_cli("report", new, "--out", str(page), "--compare", old)
    assert run.returncode == 0, run.stderr
    assert "Ce qui a changé" in page.read_text("utf-8")
