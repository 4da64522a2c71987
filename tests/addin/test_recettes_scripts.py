"""Contract tests of the revenue ribbon scripts on an Office.js-shaped payload, with xlwings' own engine.

The payload is made from a real register file and read by the project's reader (`io.reader.read_frames`).
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.addin import server_env

server_env.apply()  # the server's settings, as the add-in server reads them at its start

import xlwings as xw  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from xlwings_server.config import settings as server_settings  # noqa: E402

from gestadmin.demo.revenue import revenue_rows  # noqa: E402
from gestadmin.io.demo_writer import write_register  # noqa: E402
from gestadmin.services.download_links import is_valid  # noqa: E402
from gestadmin.services.revenue import issue_drafts  # noqa: E402
from gestadmin.settings import Settings, get_settings  # noqa: E402
from tests.officejs import alert_texts, run_script, workbook_payload  # noqa: E402

SECRET = "cle-secrete-du-serveur"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "serveur"))
    monkeypatch.setattr(server_settings, "hostname", "gestadmin.intranet.nc")  # XLWINGS_HOSTNAME
    monkeypatch.setattr(server_settings, "app_path", "")
    monkeypatch.setattr(server_settings, "secret_key", SECRET)  # XLWINGS_SECRET_KEY
    get_settings.cache_clear()


def test_emettre_writes_numbers_statuses_seals_and_links_for_the_selected_drafts(tmp_path: Path) -> None:
    path = write_register("recettes", revenue_rows(2026, drafts=4), tmp_path / "Registre.xlsx", Settings())
    actions = run_script("emettre_factures", workbook_payload(path, selection="A2:A3"))
    writes = {(a["sheet_position"], a["start_row"], a["start_column"]): a["values"][0][0]
              for a in actions if a["func"] == "setValues"}
    assert writes[(0, 1, 1)] == "FR-2026-000001" and writes[(0, 2, 1)] == "FR-2026-000002"
    assert writes[(0, 1, 13)] == "Émise" and len(writes[(0, 1, 18)]) == 16
    link = urlsplit(writes[(0, 1, 17)])  # signed link to the server's download route, for the browser
    assert (link.scheme, link.netloc, link.path) == (
        "https", "gestadmin.intranet.nc", "/telechargements/factures_pdf/Facture_FR-2026-000001.pdf")
    query = parse_qs(link.query)
    expire, signature = int(query["expire"][0]), query["signature"][0]
    assert 6 * 86_400 < expire - time.time() <= 7 * 86_400
    assert is_valid("factures_pdf/Facture_FR-2026-000001.pdf", expire, signature, SECRET)
    assert not is_valid("factures_pdf/Facture_FR-2026-000002.pdf", expire, signature, SECRET)
    assert (0, 3, 1) not in writes  # B-003 was not selected
    assert (tmp_path / "serveur" / "factures_pdf" / "Facture_FR-2026-000002.pdf").exists()
    alerts = [a for a in actions if a["func"] == "alert"]
    assert "FR-2026-000001" in alerts[0]["args"][0]


def test_nothing_selected_is_a_french_error(tmp_path: Path) -> None:
    path = write_register("recettes", revenue_rows(2026, drafts=2), tmp_path / "Registre.xlsx", Settings())
    with pytest.raises(xw.XlwingsError, match="Sélectionnez"):
        run_script("emettre_factures", workbook_payload(path, selection="A1"))


def test_creer_avoir_issues_the_selected_credit_note_draft_against_its_invoice(tmp_path: Path) -> None:
    path = write_register("recettes", revenue_rows(2026, drafts=2), tmp_path / "Registre.xlsx", Settings())
    issued = issue_drafts(path, get_settings(), None)  # in place: B-001 -> FR-2026-000001, B-002 -> ...000002
    assert [i.number for i in issued.issued] == ["FR-2026-000001", "FR-2026-000002"]
    wb = load_workbook(path)
    invoices, lines = wb["Factures émises"], wb["Lignes de facturation"]
    row = next(r for r in range(2, invoices.max_row + 2) if invoices.cell(r, 1).value in (None, ""))
    for column, value in {"A": "AVB-001", "C": "AV", "D": 2026, "F": invoices["F2"].value, "N": "Brouillon",
                          "Q": "FR-2026-000001"}.items():
        invoices[f"{column}{row}"] = value
    line = next(r for r in range(2, lines.max_row + 2) if lines.cell(r, 1).value in (None, ""))
    for column, value in {"A": "AVB-001", "B": "Remise commerciale", "C": 1, "D": 1000, "E": 0.11}.items():
        lines[f"{column}{line}"] = value
    wb.save(path)
    actions = run_script("creer_avoir", workbook_payload(path, selection=f"A{row}"))
    writes = {(a["start_row"] + 1, a["start_column"] + 1): a["values"][0][0]
              for a in actions if a["func"] == "setValues"}
    assert writes[(row, 2)] == "AV-2026-000001" and writes[(row, 14)] == "Émise"
    assert urlsplit(writes[(row, 18)]).path == "/telechargements/factures_pdf/Avoir_AV-2026-000001.pdf"
    assert (tmp_path / "serveur" / "factures_pdf" / "Avoir_AV-2026-000001.pdf").exists()
    assert "AV-2026-000001" in alert_texts(actions)[0]
    # a second credit note beyond what remains of the invoice is refused, with no number consumed
    wb = load_workbook(path)
    for column, value in {"A": "AVB-002", "C": "AV", "D": 2026, "F": invoices["F2"].value, "N": "Brouillon",
                          "Q": "FR-2026-000001"}.items():
        wb["Factures émises"][f"{column}{row + 1}"] = value
    for column, value in {"A": "AVB-002", "B": "Remise", "C": 1, "D": 10_000_000, "E": 0.11}.items():
        wb["Lignes de facturation"][f"{column}{line + 1}"] = value
    wb.save(path)
    refused = run_script("creer_avoir", workbook_payload(path, selection=f"A{row + 1}"))
    assert not [a for a in refused if a["func"] == "setValues" and a["start_row"] + 1 == row + 1]
    assert "dépasse le montant restant" in alert_texts(refused)[0]
