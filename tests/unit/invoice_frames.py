"""Inline builders for the invoice checklist tests: typed frames with the reader's dtypes, one clean default
invoice that every test alters in one way, and the directory / budget around it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.io.layouts import INVOICE_LINES, INVOICES, Kind, SheetLayout
from gestadmin.model.parties import Directory, Party
from gestadmin.rules.invoices import BudgetFrames, InvoiceContext, InvoiceFrames, Source
from gestadmin.settings import Settings

TODAY = dt.date(2026, 10, 15)


def rib(bank: str, branch: str, account: str) -> str:
    """A RIB with its key computed by the French formula (digits-only account)."""
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
    return f"{bank} {branch} {account} {key:02d}"


GOOD_RIB = rib("14889", "00010", "12345678901")
OTHER_RIB = rib("17499", "00020", "98765432109")


def letters(layout: SheetLayout) -> dict[str, str]:
    """Field -> column letter in layout order (A, B, ...)."""
    return {c.field: chr(ord("A") + i) for i, c in enumerate(layout.columns)}


def source(file: str = "Registre.xlsx", layout: SheetLayout = INVOICES) -> Source:
    return Source(file, layout.sheet, letters(layout), {c.field: c.header for c in layout.columns})


def clean_invoice(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "registration_number": "2026-001", "received_date": dt.date(2026, 10, 5),
        "supplier_name": "Bureau Vallée Nouméa", "ridet": "1234567.001", "invoice_number": "FA-2026/0012",
        "invoice_date": dt.date(2026, 10, 2), "subject": "Fournitures", "commitment_number": "EJ-2026-0001",
        "budget_code": "F-011-6064", "net_amount": 10_000, "tax_rate": 0.11, "tax_amount": 1_100,
        "gross_amount": 11_100, "bank_account": GOOD_RIB, "service_done_date": None, "status": "Enregistrée",
        "liquidation_date": None, "payment_order_number": None, "ordering_date": None, "payment_date": None,
    }
    row.update(overrides)
    return row


def typed(layout: SheetLayout, rows: list[dict[str, Any]], src: int = 0, reg: int = 0,
          first_row: int = 2) -> pd.DataFrame:
    """A frame with the reader's dtypes for the layout's input columns, plus `_row`, `_src`, `_reg`."""
    data: dict[str, Any] = {}
    for column in layout.columns:
        if column.is_formula:
            continue
        values = [r.get(column.field) for r in rows]
        if column.kind is Kind.DATE:
            data[column.field] = pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")
        elif column.kind in (Kind.AMOUNT, Kind.INT):
            data[column.field] = pd.array(values, dtype="Int64")
        elif column.kind in (Kind.RATE, Kind.NUMBER, Kind.PERCENT):
            data[column.field] = pd.array(values, dtype="Float64")
        else:
            data[column.field] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data)
    frame["_row"] = range(first_row, first_row + len(rows))
    frame["_src"], frame["_reg"] = src, reg
    return frame


def frames(*invoices: dict[str, Any], lines: list[dict[str, Any]] = ()) -> InvoiceFrames:  # type: ignore[assignment]
    return InvoiceFrames(typed(INVOICES, list(invoices)), typed(INVOICE_LINES, list(lines), src=1))


def directory(*extra: Party) -> Directory:
    return Directory([Party("Bureau Vallée Nouméa", "1234567.001", GOOD_RIB, "Repertoire_tiers.xlsx", "Tiers", 2),
                      *extra])


def budget(available: int = 1_000_000, amount: int = 50_000, **commitment: Any) -> BudgetFrames:
    com = {"commitment_number": "EJ-2026-0001", "party_name": "Bureau Vallée Nouméa", "ridet": "1234567.001",
           "budget_code": "F-011-6064", "amount": amount, "status": "Validé", "_row": 2}
    com.update(commitment)
    lines = pd.DataFrame({"budget_code": ["F-011-6064"], "available": pd.array([available], dtype="Int64")})
    return BudgetFrames(lines, pd.DataFrame([com]).astype({"amount": "Int64"}))


def context(**kwargs: Any) -> InvoiceContext:
    kwargs.setdefault("directory", directory())
    kwargs.setdefault("budget", budget())
    return InvoiceContext(today=TODAY, settings=Settings(), sources=[source(), source(layout=INVOICE_LINES)],
                          **kwargs)


def where(findings: list[Finding]) -> list[tuple[str, int | None, str, str]]:
    """Compact projection: (sheet, row, column, code)."""
    return [(f.provenance.sheet, f.provenance.row, f.provenance.column, f.code) for f in findings]
