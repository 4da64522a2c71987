"""Contract test of the ribbon script « Situation budgétaire » on an Office.js payload made from the demo budget,
run by xlwings' own engine: the Situation sheet is added and filled from A1, the alert gives the totals."""

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
from gestadmin.services.demo import write_demo  # noqa: E402
from gestadmin.settings import get_settings  # noqa: E402
from macros import budget  # noqa: E402
from macros.ribbon import BUTTONS  # noqa: E402


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # Office.js sends dates as serial numbers, empty cells as ""
        return to_serial(value.date())
    return "" if value is None else value


def _payload(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    sheets = [{"name": ws.title, "values": [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)],
               "pictures": [], "tables": []} for ws in wb.worksheets]
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"}, "names": [], "sheets": sheets}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GESTADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    get_settings.cache_clear()


def test_situation_budgetaire_adds_and_fills_the_situation_sheet(tmp_path: Path) -> None:
    files = write_demo(tmp_path)
    book = xw.Book(json=_payload(files["Budget_2026.xlsx"]))
    asyncio.run(custom_scripts_call(budget, "situation_budgetaire", typehint_to_value={xw.Book: book}))
    actions = book.json()["actions"]
    added = [a for a in actions if a["func"] == "addSheet"]
    assert added and added[0]["args"][1] == "Situation"
    grid = next(a for a in actions if a["func"] == "setValues" and a["start_row"] == 0 and a["start_column"] == 0)
    values = grid["values"]
    assert values[0][0] == "Situation budgétaire 2026"
    assert values[4][:1] == ["Section"] and "Crédits ouverts" in values[4]
    totals = [row for row in values if row[0] == "Total"]
    assert totals and str(totals[0][7]).startswith("=")  # Disponible stays a live formula
    alert = next(a for a in actions if a["func"] == "alert")
    assert "Situation 2026 mise à jour" in alert["args"][0] and "F\u00a0CFP" in alert["args"][0]


def test_the_button_is_on_the_ribbon() -> None:
    button = next(b for b in BUTTONS if b.script == "situation_budgetaire")
    assert (button.label, button.module, button.group) == ("Situation budgétaire", "budget", "Budget")
