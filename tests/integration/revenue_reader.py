"""A minimal stand-in for io.reader.read_register (reader contract of COMMON.md), for revenue tests only.

It reads gestadmin's own plain registers (header row 1, exact French headers) with openpyxl and types the
columns as the contract says. The real reader (synonyms, bad cells as findings, limits) replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gestadmin.dates import from_serial
from gestadmin.io.layouts import Kind, register


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


def _typed(frame: pd.DataFrame, columns: Any) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    for col in columns:
        if col.kind in (Kind.AMOUNT, Kind.INT):
            frame[col.field] = pd.array([None if v is None else int(round(float(v))) for v in frame[col.field]],
                                        dtype="Int64")
        elif col.kind is Kind.DATE:
            frame[col.field] = pd.to_datetime(
                [from_serial(float(v)) if isinstance(v, (int, float)) else v for v in frame[col.field]])
        elif col.kind in (Kind.RATE, Kind.NUMBER, Kind.PERCENT):
            frame[col.field] = pd.array([None if v is None else float(v) for v in frame[col.field]], dtype="Float64")
        else:
            frame[col.field] = [None if v is None else str(v) for v in frame[col.field]]
    return frame


def read_register(path: Path, kind: str | None = None, settings: Any = None) -> RegisterData:
    layout = register(kind or "recettes")
    workbook = load_workbook(path, data_only=True)
    sheets = {}
    for sheet in layout.sheets:
        ws = workbook[sheet.sheet]
        headers = [c.value for c in ws[1]]
        index = {h: i for i, h in enumerate(headers)}
        records = []
        for row_number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if all(v is None for v in row):
                continue
            rec = {col.field: row[index[col.header]] if col.header in index else None for col in sheet.columns}
            rec["_row"] = row_number
            records.append(rec)
        frame = pd.DataFrame(records, columns=[*sheet.fields, "_row"])
        letters = {col.field: get_column_letter(index[col.header] + 1) for col in sheet.columns if col.header in index}
        sheets[sheet.key] = SheetData(sheet, sheet.sheet, _typed(frame, sheet.columns), letters)
    return RegisterData(path, layout, sheets)


def read_frames(sheets: dict[str, list[list[Any]]], kind: str | None = None, settings: Any = None) -> RegisterData:
    """The same from in-memory values (Office.js payload), header on the first row of each sheet."""
    layout = register(kind or "recettes")
    result = {}
    for sheet in layout.sheets:
        rows = sheets.get(sheet.sheet) or [[]]
        index = {h: i for i, h in enumerate(rows[0])}
        records = []
        for row_number, row in enumerate(rows[1:], start=2):
            if all(v in (None, "") for v in row):
                continue
            rec = {c.field: (row[index[c.header]] if c.header in index and row[index[c.header]] != "" else None)
                   for c in sheet.columns}
            rec["_row"] = row_number
            records.append(rec)
        frame = pd.DataFrame(records, columns=[*sheet.fields, "_row"])
        letters = {c.field: get_column_letter(index[c.header] + 1) for c in sheet.columns if c.header in index}
        result[sheet.key] = SheetData(sheet, sheet.sheet, _typed(frame, sheet.columns), letters)
    return RegisterData(Path("payload"), layout, result)
