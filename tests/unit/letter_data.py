"""Inline register data for letter, case and filing tests: frames typed as the reader contract says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
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


def _typed(values: list[Any], kind: Kind) -> Any:
    if kind in (Kind.AMOUNT, Kind.INT):
        return pd.array(values, dtype="Int64")
    if kind is Kind.DATE:
        return pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
    if kind in (Kind.RATE, Kind.NUMBER, Kind.PERCENT):
        return pd.array(values, dtype="Float64")
    return pd.Series(values, dtype="object")


def register_data(kind: str, rows: dict[str, list[dict[str, Any]]], name: str = "Registre.xlsx") -> RegisterData:
    """RegisterData of `kind` with rows per sheet key; data rows start on physical row 2."""
    layout = register(kind)
    sheets = {}
    for sheet in layout.sheets:
        records = rows.get(sheet.key, [])
        frame = pd.DataFrame({c.field: _typed([r.get(c.field) for r in records], c.kind) for c in sheet.columns})
        frame["_row"] = list(range(2, len(records) + 2))
        letters = {c.field: get_column_letter(i) for i, c in enumerate(sheet.columns, start=1)}
        sheets[sheet.key] = SheetData(sheet, sheet.sheet, frame, letters)
    return RegisterData(Path(name), layout, sheets)


INVOICES = [
    {"registration_number": "LT-2026-0001", "received_date": dt.date(2026, 9, 3),
     "supplier_name": "Bureau Vallée Nouméa", "invoice_number": "F/2026/118", "invoice_date": dt.date(2026, 9, 24),
     "subject": "Ramettes de papier",
     "net_amount": 1_112_222, "tax_rate": 0.11, "tax_amount": 122_344, "gross_amount": 1_234_566,
     "status": "Enregistrée"},
    {"registration_number": "LT-2026-0002", "received_date": dt.date(2026, 9, 5), "supplier_name": "Calédonie Mobilier",
     "ridet": "1234567.001", "invoice_number": "CM-77", "invoice_date": dt.date(2026, 9, 1), "subject": "Chaises",
     "net_amount": 200_000, "tax_rate": 0.22, "tax_amount": 44_000, "gross_amount": 244_000,
     "status": "Rejetée", "notes": "Facture adressée à un autre service"},
]
SUPPLIERS = [{"name": "Bureau Vallée Nouméa", "ridet": "0987654.001", "address": "12 rue de Sébastopol",
              "postcode": "98800", "city": "Nouméa"}]
