"""Contract tests of the revenue ribbon scripts on an Office.js-shaped payload, with xlwings' own engine.

The payload is made from a real register file; the in-memory register reader of the reader area is swapped
for the stand-in of tests/integration/revenue_reader.py until `io.reader.read_frames` is available.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import xlwings as xw  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from xlwings.server import custom_scripts_call  # noqa: E402

from gestadmin.dates import to_serial  # noqa: E402
from gestadmin.demo.revenue import revenue_rows  # noqa: E402
from gestadmin.io.layouts import REVENUE_REGISTER  # noqa: E402
from gestadmin.io.revenue_xlsx import write_register  # noqa: E402
from gestadmin.services import revenue_addin  # noqa: E402
from gestadmin.settings import get_settings  # noqa: E402
from macros import recettes  # noqa: E402
from tests.integration import revenue_reader  # noqa: E402


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # Office.js sends dates as serial numbers
        return to_serial(value.date())
    return "" if value is None else value


def _payload(path: Path, selection: str) -> dict[str, Any]:
    wb = load_workbook(path)
    sheets = [{"name": ws.title, "values": [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)],
               "pictures": [], "tables": []} for ws in wb.worksheets]
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": selection},
            "names": [], "sheets": sheets}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(revenue_addin, "default_frames_reader", lambda: revenue_reader.read_frames)
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("GESTADMIN_OUTPUT_DIR", str(tmp_path / "serveur"))
    monkeypatch.setenv("GESTADMIN_REVENUE__PDF_BASE_URL", "https://gestadmin.local/telechargements")
    get_settings.cache_clear()


def _run(script: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    book = xw.Book(json=payload)
    asyncio.run(custom_scripts_call(recettes, script, typehint_to_value={xw.Book: book}))
    actions: list[dict[str, Any]] = book.json()["actions"]
    return actions


def test_emettre_writes_numbers_statuses_seals_and_links_for_the_selected_drafts(tmp_path: Path) -> None:
    path = write_register(tmp_path / "Registre.xlsx", REVENUE_REGISTER, revenue_rows(2026, drafts=4))
    actions = _run("emettre_factures", _payload(path, "A2:A3"))
    writes = {(a["sheet_position"], a["start_row"], a["start_column"]): a["values"][0][0]
              for a in actions if a["func"] == "setValues"}
    assert writes[(0, 1, 1)] == "FR-2026-000001" and writes[(0, 2, 1)] == "FR-2026-000002"
    assert writes[(0, 1, 13)] == "Émise" and len(writes[(0, 1, 18)]) == 16
    assert writes[(0, 1, 17)] == "https://gestadmin.local/telechargements/Facture_FR-2026-000001.pdf"
    assert (0, 3, 1) not in writes  # B-003 was not selected
    assert (tmp_path / "serveur" / "factures_pdf" / "Facture_FR-2026-000002.pdf").exists()
    alerts = [a for a in actions if a["func"] == "alert"]
    assert "FR-2026-000001" in alerts[0]["args"][0]


def test_nothing_selected_is_a_french_error(tmp_path: Path) -> None:
    path = write_register(tmp_path / "Registre.xlsx", REVENUE_REGISTER, revenue_rows(2026, drafts=2))
    with pytest.raises(xw.XlwingsError, match="Sélectionnez"):
        _run("emettre_factures", _payload(path, "A1"))
