"""What an issued invoice document shows: the frozen invoice, its customer, dates and payment terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gestadmin.model.revenue import DocumentKind, RevenueInvoice, Totals


@dataclass(frozen=True, slots=True)
class Customer:
    """The debtor as the Clients sheet describes it (only the name is required)."""

    name: str
    ridet: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    email: str | None = None

    @property
    def ridet_digits(self) -> str:
        """RIDET without separators (the Factur-X identifier, ICD scheme 0228)."""
        return "".join(ch for ch in (self.ridet or "") if ch.isdigit())


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    """An issued invoice or credit note ready to print."""

    number: str
    invoice: RevenueInvoice
    customer: Customer
    issue_date: dt.date
    due_date: dt.date
    seal: str
    original_issue_date: dt.date | None = None

    @property
    def kind(self) -> DocumentKind:
        """Invoice or credit note."""
        return self.invoice.kind

    @property
    def totals(self) -> Totals:
        """HT, TGC per rate, TTC."""
        return self.invoice.totals

    @property
    def title(self) -> str:
        """French document title."""
        return "AVOIR" if self.kind is DocumentKind.CREDIT_NOTE else "FACTURE"

    @property
    def file_name(self) -> str:
        """`Facture_FR-2026-000001.pdf` / `Avoir_AV-2026-000001.pdf`."""
        prefix = "Avoir" if self.kind is DocumentKind.CREDIT_NOTE else "Facture"
        return f"{prefix}_{self.number}.pdf"
