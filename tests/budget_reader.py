"""A tolerant stand-in for io.reader.read_register (reader contract of COMMON.md), for the budget tests.

Reads gestadmin's own registers (header row 1, exact French headers) with openpyxl; bad cells become None
(the real reader also reports them as findings). Missing sheets are left out, as for an older workbook.
Used until `gestadmin.io.reader` lands; `reader()` returns the real one when it exists.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gestadmin.dates import from_serial, parse_date
from gestadmin.io.layouts import Kind, SheetLayout, register
from gestadmin.money import parse_amount


@dataclass
class SheetData:
    layout: Any
    sheet_name: str
    frame: pd.DataFrame
    letters: dict[str, str]


@dataclass
class RegisterData:
    path: Path
    layout: Any
    sheets: dict[str, SheetData]
    findings: list[Any] = field(default_factory=list)


def _int(value: Any) -> int | None:
    try:
        amount = parse_amount(value)
    except Exception:  # noqa: BLE001 - a stand-in: unreadable is empty
        return None
    return None if amount is None else int(amount)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_serial(float(value))
    try:
        return parse_date(value)
    except Exception:  # noqa: BLE001
        return None


def _typed(records: list[dict[str, Any]], sheet: SheetLayout) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for col in sheet.columns:
        values = [r.get(col.field) for r in records]
        if col.kind in (Kind.AMOUNT, Kind.INT):
            data[col.field] = pd.array([_int(v) for v in values], dtype="Int64")
        elif col.kind is Kind.DATE:
            data[col.field] = pd.to_datetime(pd.Series([_date(v) for v in values], dtype=object))
        elif col.kind in (Kind.RATE, Kind.NUMBER, Kind.PERCENT):
            data[col.field] = pd.array([v if isinstance(v, (int, float)) else None for v in values], dtype="Float64")
        else:
            data[col.field] = pd.Series([None if v in (None, "") else str(v) for v in values], dtype=object)
    frame = pd.DataFrame(data)
    frame["_row"] = [r["_row"] for r in records]
    return frame


def _sheet(rows: list[list[Any]], sheet: SheetLayout, name: str) -> SheetData:
    index = {h: i for i, h in enumerate(rows[0])} if rows else {}
    inputs = [c for c in sheet.columns if not c.is_formula and c.header in index]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if all(row[index[c.header]] in (None, "") for c in inputs):
            continue
        rec = {c.field: row[index[c.header]] for c in sheet.columns if c.header in index and not c.is_formula}
        rec["_row"] = number
        records.append(rec)
    letters = {c.field: get_column_letter(index[c.header] + 1) for c in sheet.columns if c.header in index}
    return SheetData(sheet, name, _typed(records, sheet), letters)


def read_register(path: Path, kind: str | None = None, settings: Any = None) -> RegisterData:
    layout = register(kind or "budget")
    workbook = load_workbook(path, data_only=True)
    sheets = {s.key: _sheet([list(r) for r in workbook[s.sheet].iter_rows(values_only=True)], s, s.sheet)
              for s in layout.sheets if s.sheet in workbook.sheetnames}
    return RegisterData(path, layout, sheets)


def read_frames(values: dict[str, list[list[Any]]], kind: str | None = None, settings: Any = None) -> RegisterData:
    """The same from an Office.js payload (sheet name -> 2-D values; dates as serial numbers)."""
    layout = register(kind or "budget")
    sheets = {s.key: _sheet(values[s.sheet], s, s.sheet) for s in layout.sheets if s.sheet in values}
    return RegisterData(Path("classeur"), layout, sheets)


def reader() -> Any:
    """The project's reader when it exists, else this stand-in."""
    try:
        return importlib.import_module("gestadmin.io.reader").read_register
    except ImportError:
        return read_register


def install_if_missing() -> None:
    """Register this stand-in as `gestadmin.io.reader` while the real reader has not landed (other modules of
    the CLI package import it at import time); a no-op once it exists."""
    import importlib.util
    import sys
    import types

    if importlib.util.find_spec("gestadmin.io.reader") is not None or "gestadmin.io.reader" in sys.modules:
        return
    module = types.ModuleType("gestadmin.io.reader")
    module.__dict__.update(read_register=read_register, read_frames=read_frames, RegisterData=RegisterData,
                           SheetData=SheetData)
    sys.modules["gestadmin.io.reader"] = module
