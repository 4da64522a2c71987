"""A revenue workbook loaded for the use cases: invoices with their cells, receipts, customers, store view.

`load_book` reads a file with `io.reader.read_register`; the add-in builds the book from an Office.js payload
read by `io.reader.read_frames` (`book_from_data`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gestadmin.findings import Finding, Provenance, Severity, UnreadableInputError
from gestadmin.io.headers import column_letter
from gestadmin.io.layouts import REVENUE_REGISTER
from gestadmin.io.reader import RegisterData, read_register
from gestadmin.messages import make_finding
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


@dataclass(slots=True)
class RevenueBook:
    """One revenue register as the use cases see it."""

    path: Path
    invoices: list[RegisteredInvoice]
    receipts: list[ReceiptRow]
    customers: dict[str, Customer]
    findings: list[Finding] = field(default_factory=list)
    sheet_names: dict[str, str] = field(default_factory=dict)
    letters: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet key -> field -> column letter

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

    def columns(self, key: str) -> dict[str, str]:
        """Field -> column letter of a sheet as found in the file (the layout's order when the sheet is absent)."""
        if key in self.letters:
            return self.letters[key]
        return {name: column_letter(i) for i, name in enumerate(REVENUE_REGISTER.sheet(key).fields)}


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


def book_from_data(path: Path, data: RegisterData) -> RevenueBook:
    """Build the book from a RegisterData (reader contract).

    A workbook without a readable « Factures émises » sheet is not a revenue register: UnreadableInputError
    with the reader's own finding (sheet missing, header not found).
    """
    sheets = data.sheets
    if ISSUED_SHEET not in sheets:
        errors = [f for f in data.findings if f.severity is Severity.ERROR]
        name = REVENUE_REGISTER.sheet(ISSUED_SHEET).sheet
        raise UnreadableInputError(errors[0] if errors else make_finding(
            "FEUILLE_ABSENTE", Provenance(file=path.name), sheet=name))
    issued = sheets[ISSUED_SHEET]
    invoices = registered_invoices(path.name, issued, sheets.get(LINES_SHEET))
    receipts = receipt_rows(path.name, sheets[RECEIPTS_SHEET]) if RECEIPTS_SHEET in sheets else []
    customers = _customers(sheets["customers"].frame if "customers" in sheets else None)
    names = {key: sheet.sheet_name for key, sheet in sheets.items()}
    letters = {key: dict(sheet.letters) for key, sheet in sheets.items()}
    return RevenueBook(path, invoices, receipts, customers, list(data.findings), names, letters)


def load_book(path: Path, settings: Settings) -> RevenueBook:
    """Read a revenue workbook (raises UnreadableInputError for a file that cannot be read)."""
    return book_from_data(path, read_register(path, kind="recettes", settings=settings))


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


def _cell_key(finding: Finding) -> tuple[str, str, int | None, str]:
    where = finding.provenance or Provenance()
    return where.file, where.sheet, where.row, where.column


def without_unreadable_cells(findings: list[Finding], read: list[Finding]) -> list[Finding]:
    """Drop « modified after issue » findings on cells the reader could not type: the reader's own finding
    says what was typed there, where the comparison could only show an empty value."""
    unreadable = {_cell_key(f) for f in read if f.provenance is not None and f.provenance.row is not None}
    return [f for f in findings if f.code != "CHAMP_MODIFIE" or _cell_key(f) not in unreadable]
