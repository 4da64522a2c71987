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
            frame[col.field] = pd.to_datetime(frame[col.field])
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
