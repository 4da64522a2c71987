"""The revenue register as rows: typed frames (reader contract) -> invoices with their cell locations.

Rules and services work on `RegisteredInvoice`s, which keep the physical Excel row of the invoice and of
each of its lines, so that every finding points at a cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import pandas as pd

from gestadmin.findings import Provenance
from gestadmin.model.revenue import RevenueInvoice, RevenueLine
from gestadmin.model.statuses import RevenueStatus

ISSUED_SHEET = "revenue_invoices"
LINES_SHEET = "revenue_lines"
RECEIPTS_SHEET = "receipts"


class FrameSheet(Protocol):
    """What the reader gives per sheet (io.reader.SheetData): a typed frame and field -> column letter."""

    @property
    def frame(self) -> pd.DataFrame: ...  # noqa: D102

    @property
    def letters(self) -> dict[str, str]: ...  # noqa: D102

    @property
    def sheet_name(self) -> str: ...  # noqa: D102


@dataclass(slots=True)
class Located:
    """Where a sheet lives: file, sheet name and field -> column letter."""

    file: str
    sheet: str
    letters: dict[str, str]

    def at(self, row: int | None, field_name: str = "") -> Provenance:
        """Provenance of a cell (or of a row when no field is given)."""
        return Provenance(self.file, self.sheet, row, self.letters.get(field_name, ""), field_name)


@dataclass(slots=True)
class RegisteredInvoice:
    """One row of "Factures émises" with its lines and the cells they came from."""

    invoice: RevenueInvoice
    row: int
    status: str | None
    seal: str | None
    pdf_link: str | None
    where: Located
    line_rows: list[int] = field(default_factory=list)
    lines_where: Located | None = None

    @property
    def number(self) -> str:
        """The invoice number as typed ('' for a draft)."""
        return (self.invoice.invoice_number or "").strip()

    @property
    def is_draft(self) -> bool:
        """A draft has no number and the Brouillon status (or none)."""
        return not self.number and self.status in (None, "", RevenueStatus.DRAFT)

    def cell(self, field_name: str) -> Provenance:
        """Provenance of one of this row's cells."""
        return self.where.at(self.row, field_name)


def _value(value: Any) -> Any:
    return None if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)) else value


def _text(value: Any) -> str | None:
    value = _value(value)
    return None if value is None else str(value)


def _date(value: Any) -> dt.date | None:
    value = _value(value)
    if value is None:
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def _decimal(value: Any, default: str = "0") -> Decimal:
    value = _value(value)
    return Decimal(default) if value is None else Decimal(str(value)).normalize()


def _int(value: Any) -> int:
    value = _value(value)
    return 0 if value is None else int(value)


def lines_by_draft(lines: pd.DataFrame) -> dict[str, list[tuple[int, RevenueLine]]]:
    """Billing lines grouped by draft reference: (physical row, line), in sheet order."""
    grouped: dict[str, list[tuple[int, RevenueLine]]] = {}
    for rec in lines.to_dict("records"):
        ref = _text(rec.get("draft_ref"))
        if not ref:
            continue
        line = RevenueLine(
            designation=_text(rec.get("designation")) or "",
            quantity=_decimal(rec.get("quantity"), "0"),
            unit_price=_int(rec.get("unit_price")),
            tax_rate=_decimal(rec.get("tax_rate")),
        )
        grouped.setdefault(ref.strip(), []).append((int(rec["_row"]), line))
    return grouped


def registered_invoices(file: str, issued: FrameSheet, lines: FrameSheet | None) -> list[RegisteredInvoice]:
    """Every row of the issued-invoices sheet, joined to its lines by draft reference."""
    where = Located(file, issued.sheet_name, dict(issued.letters))
    lines_where = Located(file, lines.sheet_name, dict(lines.letters)) if lines is not None else None
    grouped = lines_by_draft(lines.frame) if lines is not None else {}
    result = []
    for rec in issued.frame.to_dict("records"):
        ref = (_text(rec.get("draft_ref")) or "").strip()
        own = grouped.get(ref, [])
        invoice = RevenueInvoice(
            draft_ref=ref, series=(_text(rec.get("series")) or "").strip(), fiscal_year=_int(rec.get("fiscal_year")),
            customer_name=_text(rec.get("customer_name")) or "", lines=[line for _, line in own],
            issue_date=_date(rec.get("issue_date")), invoice_number=_text(rec.get("invoice_number")),
            ridet=_text(rec.get("ridet")), subject=_text(rec.get("subject")), budget_code=_text(rec.get("budget_code")),
            due_date=_date(rec.get("due_date")), original_invoice=_text(rec.get("original_invoice")),
        )
        result.append(RegisteredInvoice(
            invoice=invoice, row=int(rec["_row"]), status=_text(rec.get("status")), seal=_text(rec.get("seal")),
            pdf_link=_text(rec.get("pdf_link")), where=where, line_rows=[row for row, _ in own],
            lines_where=lines_where,
        ))
    return result


@dataclass(frozen=True, slots=True)
class ReceiptRow:
    """One collection (encaissement) with its row."""

    invoice_number: str
    receipt_date: dt.date | None
    amount: int
    provenance: Provenance


def receipt_rows(file: str, receipts: FrameSheet) -> list[ReceiptRow]:
    """Rows of the Encaissements sheet."""
    where = Located(file, receipts.sheet_name, dict(receipts.letters))
    rows = []
    for rec in receipts.frame.to_dict("records"):
        number = (_text(rec.get("invoice_number")) or "").strip()
        if number:
            rows.append(ReceiptRow(number, _date(rec.get("receipt_date")), _int(rec.get("amount")),
                                   where.at(int(rec["_row"]), "invoice_number")))
    return rows
