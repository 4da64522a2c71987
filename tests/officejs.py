"""Office.js payloads from real workbook files, and ribbon scripts run through xlwings' own engine.

    from tests.officejs import workbook_payload, run_script, actions_named

    payload = workbook_payload(path, selection="A2:A3", include=["Factures"])
    actions = run_script("valider_feuille", payload)           # any script of macros/, by name
    writes = actions_named(actions, "setValues")

`workbook_payload` mimics what the add-in's JavaScript sends (xlwings 0.37.8 `getBookData`): client,
version, book {name, active_sheet_index, selection}, names, and per sheet name, values (anchored at A1,
formulas as their cached values, dates as Excel serial numbers, empty cells as ""), used_range_address,
tables, pictures.
Sheets left out by `include` are sent with empty values, as the client does; notes are sent as addresses
(ExcelApi 1.18). `run_script` runs
`xlwings.server.custom_scripts_call` on `xw.Book(json=payload)` and returns `book.json()["actions"]`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
os.environ.setdefault("XLWINGS_ON_SERVER", "true")

import xlwings as xw  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from openpyxl.utils import get_column_letter, range_boundaries  # noqa: E402
from xlwings.server import custom_scripts_call  # noqa: E402

from gestadmin.dates import to_serial  # noqa: E402

Action = dict[str, Any]


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return float(to_serial(value.date())) + (value - dt.datetime.combine(value.date(), dt.time())).seconds / 86400
    if isinstance(value, dt.date):
        return float(to_serial(value))
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return "" if value is None else value


def _table(name: str, ref: str, header_rows: int = 1) -> dict[str, Any]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    first, last = get_column_letter(min_col), get_column_letter(max_col)
    body = f"{first}{min_row + header_rows}:{last}{max_row}" if max_row > min_row else None
    return {
        "name": name, "range_address": ref, "header_row_range_address": f"{first}{min_row}:{last}{min_row}",
        "data_body_range_address": body, "total_row_range_address": None, "show_headers": True,
        "show_totals": False, "table_style": "TableStyleLight9", "show_autofilter": True,
        "show_table_style_first_column": False, "show_table_style_last_column": False,
        "show_table_style_row_stripes": True, "show_table_style_column_stripes": False,
        "row_count": max_row - min_row + 1, "column_count": max_col - min_col + 1,
    }


def _sheet(ws: Any, send_values: bool) -> dict[str, Any]:
    rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)] if send_values else []
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    values = [r + [""] * (width - len(r)) for r in rows] or [[""]]
    used = f"A1:{get_column_letter(width)}{len(rows)}" if rows and width else None
    return {"name": ws.title, "values": values, "used_range_address": used, "pictures": [], "shapes": [],
            "charts": [], "pivot_tables": [], "show_gridlines": True, "visibility": "Visible",
            "tables": [_table(name, ref) for name, ref in ws.tables.items()], "names": [],
            "notes": _notes(ws) if send_values else [], "notes_supported": True}


def _notes(ws: Any) -> list[dict[str, str]]:
    """Addresses of the cells holding a note (the client sends addresses only, never the text)."""
    return [{"address": cell.coordinate} for row in ws.iter_rows() for cell in row if cell.comment is not None]


def workbook_payload(path: Path, *, selection: str | None = "A1", active_sheet: int = 0,
                     include: Iterable[str] | None = None, book_name: str | None = None) -> dict[str, Any]:
    """The Office.js payload of a workbook file (cached values: formulas the file never computed are "")."""
    workbook = load_workbook(path, data_only=True)
    wanted = set(include) if include else None
    sheets = [_sheet(ws, wanted is None or ws.title in wanted) for ws in workbook.worksheets]
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": book_name or Path(path).name, "active_sheet_index": active_sheet,
                     "selection": selection, "calculation": "Automatic"},
            "names": [], "sheets": sheets}


def script_include(script: str) -> list[str] | None:
    """The sheets a script asks for (`@xw.script(include=...)`), as the ribbon's JavaScript sends them."""
    from macros import script_functions

    meta = getattr(script_functions()[script], "__xlscript__", {}) or {}
    include = meta.get("include")
    return list(include) if include else None


def run_script(script: str, payload: dict[str, Any]) -> list[Action]:
    """Run one ribbon script (any module of macros/) on a payload; the queued actions."""
    from macros import script_functions

    module = type("Scripts", (), script_functions())
    book = xw.Book(json=payload)
    asyncio.run(custom_scripts_call(module, script, typehint_to_value={xw.Book: book}))
    actions: list[Action] = book.json()["actions"]
    return actions


def run_on_file(script: str, path: Path, **options: Any) -> list[Action]:
    """Payload of `path` restricted to the script's include=, then `run_script`."""
    return run_script(script, workbook_payload(path, include=script_include(script), **options))


def actions_named(actions: Iterable[Action], func: str) -> list[Action]:
    """The actions of one kind (`setValues`, `addSheet`, `setRangeColor`, `addNote`, `alert`...)."""
    return [a for a in actions if a["func"] == func]


def alert_texts(actions: Iterable[Action]) -> list[str]:
    """Texts of the alerts shown to the user."""
    return [str(a["args"][0]) for a in actions_named(actions, "alert")]
