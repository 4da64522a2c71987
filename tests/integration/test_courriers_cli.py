"""courriers / dossiers / classer end to end on real xlsx files, with real LibreOffice for the PDFs.

Registers are read by the project's reader (`io.reader.read_register`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
import typer
from pypdf import PdfReader
from typer.testing import CliRunner

from gestadmin.cli import courriers
from gestadmin.demo import cases as demo_cases
from gestadmin.io.demo_writer import write_register
from gestadmin.settings import Settings, get_settings
from tests.unit.letter_data import INVOICES

runner = CliRunner()
TODAY = dt.date(2026, 10, 30)


@pytest.fixture(autouse=True)
def _seams(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_LETTERS__TEMPLATES_DIR", str(tmp_path / "modeles"))
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "sorties"))
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    get_settings.cache_clear()


def _app() -> typer.Typer:
    app = typer.Typer()
    courriers.register(app)
    return app


def _invoices(tmp_path: Path) -> Path:
    rows = [dict(row) for row in INVOICES]
    rows[1]["bank_account"] = "14158 01000 00000000000 18"  # wrong RIB key
    rows[1]["status"] = "Enregistrée"
    return write_register("factures", {"invoices": rows}, tmp_path / "Registre_factures.xlsx", Settings())


def test_generer_supplier_reminders_with_pdfs_from_the_invoice_checks(tmp_path: Path) -> None:
    source = _invoices(tmp_path)
    result = runner.invoke(_app(), ["courriers", "generer", "relance_fournisseur", str(source), "--lignes", "2-3",
                                    "--pdf", "--sortie", str(tmp_path / "out"), "--aujourdhui", "30/10/2026",
                                    "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 0, result.stdout
    assert [(c["ligne"], Path(c["docx"]).name) for c in data["courriers"]] == [
        (2, "Relance_fournisseur_LT-2026-0001.docx"), (3, "Relance_fournisseur_LT-2026-0002.docx")]
    pdf_text = PdfReader(data["courriers"][1]["pdf"]).pages[0].extract_text()
    flat = " ".join(pdf_text.replace("\u202f", " ").replace("\u00a0", " ").split())
    assert "Calédonie Mobilier" in flat and "244 000 F CFP" in flat and "1er septembre 2026" in flat
    assert "RIB « 14158 01000 00000000000 18 » invalide" in flat


def test_unknown_template_and_bad_rows_are_french_errors(tmp_path: Path) -> None:
    source = _invoices(tmp_path)
    unknown = runner.invoke(_app(), ["courriers", "generer", "lettre_damour", str(source)])
    assert unknown.exit_code == 2 and "Modèle de courrier « lettre_damour » inconnu" in unknown.stderr
    rows = runner.invoke(_app(), ["courriers", "generer", "rejet_facture", str(source), "--lignes", "1-3"])
    assert rows.exit_code == 2 and "plage « 1-3 » invalide" in rows.stderr  # usage error, before any work


def test_modeles_regenerates_the_word_templates(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["courriers", "modeles", "--dossier", str(tmp_path / "m")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == sorted(
        ["relance_fournisseur.docx", "rejet_facture.docx", "avis_sommes_a_payer.docx", "relance_recette.docx",
         "note.docx", "compte_rendu.docx"])


def test_echeances_on_the_demo_workbook_lists_exactly_the_planted_items(tmp_path: Path) -> None:
    path = write_register("dossiers", demo_cases.build(random.Random(1), TODAY), tmp_path / "Dossiers.xlsx",
                          Settings())
    result = runner.invoke(_app(), ["dossiers", "echeances", str(path), "--aujourdhui", "30/10/2026", "--json",
                                    "--sortie", str(tmp_path / "digest")])
    data = json.loads(result.stdout)
    keys = {"Dossiers": "cases", "Jalons": "milestones"}
    listed = sorted((keys[e["feuille"]], e["ligne"], "en retard" if e["jours"] < 0 else "à échéance")
                    for e in data["echeances"])
    assert listed == sorted(demo_cases.expected_due())
    assert result.exit_code == 1  # overdue items and unfollowed files are findings
    assert sorted(Path(p).suffix for p in data["fichiers"]) == [".txt", ".xlsx"]
    text = runner.invoke(_app(), ["dossiers", "echeances", str(path), "--aujourdhui", "30/10/2026"]).stdout
    assert "3 en retard, 5 à échéance." in text and "DOSSIER_SANS_RESPONSABLE" in text


def test_classer_files_once_and_records_in_a_copy_of_the_register(tmp_path: Path) -> None:
    source = _invoices(tmp_path)
    before = source.read_bytes()
    scan = tmp_path / "Facture CM-77.pdf"
    scan.write_bytes(b"%PDF-1.4 CM-77")
    args = ["classer", str(scan), "--registre", str(source), "--type", "factures", "--racine",
            str(tmp_path / "classement"), "--sortie", str(tmp_path / "copie"), "--json"]
    first = json.loads(runner.invoke(_app(), args).stdout)
    second = json.loads(runner.invoke(_app(), args).stdout)
    assert [p["etat"] for p in first["pieces"]] == ["classe"] and [p["etat"] for p in second["pieces"]] == [
        "deja_classe"]
    assert Path(first["pieces"][0]["chemin"]).relative_to(tmp_path / "classement").as_posix() == (
        "2026/Factures fournisseurs/LT-2026-0002/Facture CM-77.pdf")
    assert source.read_bytes() == before and Path(first["registre"]).parent == tmp_path / "copie"


def test_demo_step_prints_the_digest_and_writes_letters_with_pdfs(tmp_path: Path) -> None:
    from gestadmin.services.demo import STEPS, DemoContext, write_demo
    from gestadmin.services.letters_demo import run_letters_demo

    assert ("Courriers et dossiers", run_letters_demo) in STEPS
    files = write_demo(tmp_path / "demo")
    lines = run_letters_demo(DemoContext(tmp_path / "demo", tmp_path / "out", files=files))
    assert lines[0].startswith("Dossiers.xlsx : 3 en retard, 5 à échéance sous 14 jours")
    assert lines[2:4] == ["Note : 2 courrier(s) Word, 2 PDF", "Compte rendu : 2 courrier(s) Word, 2 PDF"]
    assert len(list((tmp_path / "out" / "courriers" / "pdf").glob("*.pdf"))) >= 4
