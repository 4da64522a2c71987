"""A revenue workbook loaded for the use cases: invoices with their cells, receipts, customers, store view.

`load_book` takes the reader as an argument (seam): the CLI passes `io.reader.read_register`, the add-in a
reader over an Office.js payload, tests an in-memory one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.revenue_document import Customer
from gestadmin.model.revenue_register import (
    ISSUED_SHEET,
    LINES_SHEET,
    RECEIPTS_SHEET,
    ReceiptRow,
    RegisteredInvoice,
    receipt_rows,
    registered_invoices,
)
from gestadmin.rules.revenue import StoredInvoice
from gestadmin.settings import Settings
from gestadmin.store.numbering import NumberingStore

Reader = Callable[..., Any]  # read_register(path, kind=..., settings=...) -> RegisterData


def default_reader() -> Reader:
    """The project's register reader (imported late: the CLI needs it, pure services do not)."""
    reader: Reader = importlib.import_module("gestadmin.io.reader").read_register
    return reader


@dataclass(slots=True)
class RevenueBook:
    """One revenue register as the use cases see it."""

    path: Path
    invoices: list[RegisteredInvoice]
    receipts: list[ReceiptRow]
    customers: dict[str, Customer]
    findings: list[Finding] = field(default_factory=list)
    sheet_names: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """The workbook's identity in the store (its file name: copies written by `emettre` keep it)."""
        return self.path.name

    def by_draft(self, draft_ref: str) -> RegisteredInvoice | None:
        """The row of a draft reference."""
        return next((inv for inv in self.invoices if inv.invoice.draft_ref == draft_ref), None)

    def by_number(self, number: str) -> RegisteredInvoice | None:
        """The row of an invoice number."""
        return next((inv for inv in self.invoices if inv.number == number), None)


def _customers(frame: pd.DataFrame | None) -> dict[str, Customer]:
    if frame is None:
        return {}
    result = {}
    def text(rec: Mapping[Any, Any], name: str) -> str | None:
        value = rec.get(name)
        return None if value is None or pd.isna(value) else str(value)

    for rec in frame.to_dict("records"):
        name = text(rec, "name")
        if name:
            result[" ".join(name.split()).casefold()] = Customer(
                name, text(rec, "ridet"), text(rec, "address"), text(rec, "postcode"), text(rec, "city"),
                text(rec, "email"))
    return result


def book_from_data(path: Path, data: Any) -> RevenueBook:
    """Build the book from a RegisterData (reader contract)."""
    sheets = data.sheets
    issued = sheets[ISSUED_SHEET]
    invoices = registered_invoices(path.name, issued, sheets.get(LINES_SHEET))
    receipts = receipt_rows(path.name, sheets[RECEIPTS_SHEET]) if RECEIPTS_SHEET in sheets else []
    customers = _customers(sheets["customers"].frame if "customers" in sheets else None)
    names = {key: sheet.sheet_name for key, sheet in sheets.items()}
    return RevenueBook(path, invoices, receipts, customers, list(data.findings), names)


def load_book(path: Path, settings: Settings, reader: Reader | None = None) -> RevenueBook:
    """Read a revenue workbook (raises UnreadableInputError for a file that cannot be read)."""
    read = reader or default_reader()
    return book_from_data(path, read(path, kind="recettes", settings=settings))


def stored_view(store: NumberingStore) -> dict[str, StoredInvoice]:
    """What the store knows, as plain values for the rules."""
    return {
        r.invoice_number: StoredInvoice(r.invoice_number, r.seal, r.source, r.gross, r.kind, r.original_invoice,
                                        dict(r.payload))
        for r in store.records()
    }


def customer_of(book: RevenueBook, inv: RegisteredInvoice) -> Customer:
    """The customer record of an invoice (by name), or a minimal one from the row itself."""
    key = " ".join(inv.invoice.customer_name.split()).casefold()
    return book.customers.get(key) or Customer(inv.invoice.customer_name, inv.invoice.ridet)


def credited_by_number(invoices: list[RegisteredInvoice], stored: Mapping[str, StoredInvoice]) -> dict[str, int]:
    """Sum of issued credit notes per original invoice (store first, workbook rows otherwise)."""
    totals: dict[str, int] = {}
    if stored:
        for record in stored.values():
            if record.original_invoice:
                totals[record.original_invoice] = totals.get(record.original_invoice, 0) + record.gross
        return totals
    for inv in invoices:
        original = inv.invoice.original_invoice
        if original and inv.number:
            totals[original] = totals.get(original, 0) + inv.invoice.totals.gross
    return totals
