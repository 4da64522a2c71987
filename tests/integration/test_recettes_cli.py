"""recettes end to end on real xlsx files: CLI commands, write-back with backup, demo story.

Registers are read by the project's reader (`io.reader.read_register`).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from gestadmin.demo import revenue as demo_revenue
from gestadmin.demo.revenue import revenue_rows
from gestadmin.io.demo_writer import write_register
from gestadmin.io.reader import read_register
from gestadmin.services.demo import DemoContext
from gestadmin.services.revenue_demo import run_revenue_demo
from gestadmin.settings import Settings, get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    get_settings.cache_clear()


def _app() -> object:
    import typer

    from gestadmin.cli import recettes

    app = typer.Typer()
    recettes.register(app)
    return app


def _register(tmp_path: Path) -> Path:
    return write_register("recettes", revenue_rows(2026, drafts=4), tmp_path / "Registre.xlsx", Settings())


def test_emettre_writes_a_numbered_copy_pdfs_and_leaves_the_source_untouched(tmp_path: Path) -> None:
    source = _register(tmp_path)
    before = source.read_bytes()
    result = runner.invoke(_app(), ["recettes", "emettre", str(source), "--brouillons", "B-001,B-002,B-404",
                                    "--sortie", str(tmp_path / "out"), "--json"])
    data = json.loads(result.stdout)
    assert [(f["brouillon"], f["numero"]) for f in data["factures"]] == [("B-001", "FR-2026-000001"),
                                                                        ("B-002", "FR-2026-000002")]
    assert [a["code"] for a in data["anomalies"]].count("BROUILLON_INTROUVABLE") == 1
    assert result.exit_code == 1  # the unknown draft is an error finding
    assert source.read_bytes() == before
    copy = read_register(tmp_path / "out" / "Registre.xlsx", kind="recettes")
    frame = copy.sheets["revenue_invoices"].frame
    numbers = [None if pd.isna(v) else v for v in frame["invoice_number"][:3]]
    assert numbers == ["FR-2026-000001", "FR-2026-000002", None]
    assert list(frame["status"][:3]) == ["Émise", "Émise", "Brouillon"]
    assert (tmp_path / "out" / "factures_pdf" / "Facture_FR-2026-000002.pdf").exists()


def test_in_place_issue_makes_a_backup_then_tampering_is_refused_with_its_cell(tmp_path: Path) -> None:
    source = _register(tmp_path)
    result = runner.invoke(_app(), ["recettes", "emettre", str(source), "--tous"])
    assert result.exit_code == 0, result.stdout
    assert len(list(tmp_path.glob("Registre.sauvegarde-*.xlsx"))) == 1
    from openpyxl import load_workbook

    wb = load_workbook(source)
    wb["Lignes de facturation"]["D2"] = 999_999  # amount changed after issue
    wb.save(source)
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    result = runner.invoke(_app(), ["recettes", "trous", str(source), "--base", url, "--json"])
    found = [(a["code"], a["sheet"], a["cell"]) for a in json.loads(result.stdout)["anomalies"]]
    assert ("EMPREINTE_INVALIDE", "Factures émises", "S2") in found
    assert ("CHAMP_MODIFIE", "Lignes de facturation", "D2") in found
    assert result.exit_code == 1


def test_trous_reports_gaps_and_duplicates_across_files(tmp_path: Path) -> None:
    rows = revenue_rows(2026, drafts=3)
    for number, row in zip(["FR-2026-000001", "FR-2026-000004", "FR-2026-000004"], rows["revenue_invoices"],
                           strict=True):
        row.update(invoice_number=number, status="Émise", seal="X")
    path = write_register("recettes", rows, tmp_path / "Main.xlsx", Settings())
    result = runner.invoke(_app(), ["recettes", "trous", str(path), "--json"])
    codes = [(a["code"], a["cell"]) for a in json.loads(result.stdout)["anomalies"]]
    assert ("NUMERO_TROU", "B3") in codes and ("NUMERO_DOUBLON", "B4") in codes
    assert result.exit_code == 1


def test_a_workbook_that_is_not_a_revenue_register_is_a_french_error(tmp_path: Path) -> None:
    other = Workbook()
    other.active["A1"] = "Liste de courses"
    other.save(tmp_path / "Autre.xlsx")
    result = runner.invoke(_app(), ["recettes", "emettre", str(tmp_path / "Autre.xlsx"), "--tous"])
    assert result.exit_code == 2
    assert "La feuille « Factures émises » est absente." in result.output


def test_a_draft_with_an_unreadable_cell_is_not_issued_and_the_cell_is_named(tmp_path: Path) -> None:
    source = _register(tmp_path)
    wb = load_workbook(source)
    wb["Lignes de facturation"]["D2"] = "douze mille"  # first line of B-001: price typed in words
    wb.save(source)
    result = runner.invoke(_app(), ["recettes", "emettre", str(source), "--tous", "--sortie", str(tmp_path / "out"),
                                    "--json"])
    data = json.loads(result.stdout)
    found = {(a["code"], a["sheet"], a["cell"]) for a in data["anomalies"]}
    assert ("MONTANT_INVALIDE", "Lignes de facturation", "D2") in found
    assert ("BROUILLON_ILLISIBLE", "Lignes de facturation", "D2") in found
    assert [f["brouillon"] for f in data["factures"]] == ["B-002", "B-003", "B-004"]  # B-001 never frozen at 0 F
    assert result.exit_code == 1


def test_trous_shows_the_unreadable_cell_of_an_issued_row_not_a_zero(tmp_path: Path) -> None:
    source = _register(tmp_path)
    assert runner.invoke(_app(), ["recettes", "emettre", str(source), "--tous"]).exit_code == 0
    wb = load_workbook(source)
    wb["Lignes de facturation"]["D2"] = "douze mille"
    wb.save(source)
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    result = runner.invoke(_app(), ["recettes", "trous", str(source), "--base", url, "--json"])
    found = [(a["code"], a["sheet"], a["cell"]) for a in json.loads(result.stdout)["anomalies"]]
    assert ("MONTANT_INVALIDE", "Lignes de facturation", "D2") in found
    assert ("EMPREINTE_INVALIDE", "Factures émises", "S2") in found
    assert ("CHAMP_MODIFIE", "Lignes de facturation", "D2") not in found  # would have said « 0 » was typed


def test_receipts_go_into_the_columns_found_in_the_file(tmp_path: Path) -> None:
    source = _register(tmp_path)
    assert runner.invoke(_app(), ["recettes", "emettre", str(source), "--tous"]).exit_code == 0
    wb = load_workbook(source)
    ws = wb["Encaissements"]
    ws.tables.clear()  # the agent rebuilt the sheet by hand: columns in another order, no table
    ws.delete_rows(1, ws.max_row)
    ws.append(["Mode de paiement", "Montant", "N° de facture", "Référence", "Date d'encaissement"])
    wb.save(source)
    result = runner.invoke(_app(), ["recettes", "encaisser", str(source), "--facture", "FR-2026-000001",
                                    "--montant", "1000", "--date", "02/10/2026", "--mode", "Virement"])
    assert result.exit_code == 0, result.output
    receipts = read_register(source, kind="recettes").sheets["receipts"]
    rows = receipts.frame.to_dict("records")
    assert [(r["invoice_number"], r["amount"], r["method"], r["receipt_date"].date().isoformat()) for r in rows] == [
        ("FR-2026-000001", 1000, "Virement", "2026-10-02")]


@pytest.mark.parametrize("seed", [2026, 1, 7])
def test_demo_story_issues_credits_collects_and_finds_the_staged_anomalies(tmp_path: Path, seed: int) -> None:
    """The register as `gestadmin demo --graine SEED` writes it (dataset plug-in), then the revenue step."""
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    ctx = DemoContext(demo_dir=tmp_path / "demo", output_dir=tmp_path / "sorties", seed=seed)
    rows = demo_revenue.build(random.Random(f"{seed}-gestadmin.demo.revenue"), ctx.today)
    ctx.files[demo_revenue.FILENAME] = write_register("recettes", rows, ctx.demo_dir / demo_revenue.FILENAME,
                                                      settings)
    lines = run_revenue_demo(ctx, settings)
    text = "\n".join(lines)
    assert "9 factures émises (FR-2026-000001 à FR-2026-000009)" in text and "avoir AV-2026-000001." in text
    assert "10 PDF Factur-X" in text
    assert "2 trou(s), 1 doublon(s)" in text and "modifié après émission : " in text
    assert "Registre_recettes_modifie_a_la_main.xlsx › Lignes de facturation!D" in text
    pdfs = sorted(p.name for p in (tmp_path / "sorties" / "recettes" / "factures_pdf").iterdir())
    assert len(pdfs) == 10 and "Avoir_AV-2026-000001.pdf" in pdfs
    assert list((tmp_path / "sorties" / "recettes").glob("*_page1.png"))
