"""Revenue invoices (factures émises / titres de recette): lines, totals per TGC rate, seal, credit notes.

Pure calculations only. An issued invoice is frozen by its *seal*: a stable hash of its canonical fields and
lines. Anything that changes the seal after issue is a tampering; corrections go through a credit note
(avoir) that references the original and never takes the invoice's running total below zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gestadmin.money import round_xpf, tgc_by_rate

SEAL_LENGTH = 16  # hex characters shown in the "Empreinte" column; the store keeps the full record
NUMBER_PATTERN = re.compile(r"^(?P<series>[A-Z][A-Z0-9]*)-(?P<year>\d{4})-(?P<seq>\d+)$")


class DocumentKind(StrEnum):
    """Invoice or credit note (avoir)."""

    INVOICE = "facture"
    CREDIT_NOTE = "avoir"


@dataclass(frozen=True, slots=True)
class RevenueLine:
    """One billed line: quantity x unit price HT at a TGC rate."""

    designation: str
    quantity: Decimal
    unit_price: int
    tax_rate: Decimal

    @property
    def net_amount(self) -> int:
        """Line HT, rounded half up to the franc (same as the template's ROUND(qty*pu,0))."""
        return round_xpf(self.quantity * self.unit_price)


@dataclass(frozen=True, slots=True)
class Totals:
    """HT, TGC per rate (rounded once per rate, at invoice level), TGC and TTC."""

    net: int
    tax_by_rate: dict[Decimal, int]
    base_by_rate: dict[Decimal, int]
    tax: int
    gross: int


def compute_totals(lines: list[RevenueLine]) -> Totals:
    """Invoice totals: HT summed per rate first, TGC rounded half up once per rate."""
    pairs = [(Decimal(line.net_amount), line.tax_rate) for line in lines]
    tax_by_rate = tgc_by_rate(pairs)
    base_by_rate: dict[Decimal, int] = {}
    for net, rate in pairs:
        base_by_rate[rate] = base_by_rate.get(rate, 0) + int(net)
    net_total = sum(base_by_rate.values())
    tax = sum(tax_by_rate.values())
    return Totals(net_total, tax_by_rate, dict(sorted(base_by_rate.items())), tax, net_total + tax)


@dataclass(slots=True)
class RevenueInvoice:
    """A revenue invoice or credit note as the register holds it."""

    draft_ref: str
    series: str
    fiscal_year: int
    customer_name: str
    lines: list[RevenueLine] = field(default_factory=list)
    issue_date: dt.date | None = None
    invoice_number: str | None = None
    ridet: str | None = None
    subject: str | None = None
    budget_code: str | None = None
    due_date: dt.date | None = None
    original_invoice: str | None = None

    @property
    def kind(self) -> DocumentKind:
        """A row that references an original invoice is a credit note."""
        return DocumentKind.CREDIT_NOTE if self.original_invoice else DocumentKind.INVOICE

    @property
    def totals(self) -> Totals:
        """Totals from the lines."""
        return compute_totals(self.lines)


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def canonical_payload(invoice: RevenueInvoice) -> dict[str, object]:
    """The fields an issue freezes, in a stable, JSON-ready form (whitespace-normalised texts)."""
    totals = invoice.totals
    return {
        "invoice_number": _text(invoice.invoice_number),
        "series": _text(invoice.series),
        "fiscal_year": invoice.fiscal_year,
        "issue_date": invoice.issue_date.isoformat() if invoice.issue_date else "",
        "customer_name": _text(invoice.customer_name),
        "ridet": _text(invoice.ridet),
        "subject": _text(invoice.subject),
        "budget_code": _text(invoice.budget_code),
        "due_date": invoice.due_date.isoformat() if invoice.due_date else "",
        "original_invoice": _text(invoice.original_invoice),
        "lines": [
            [_text(line.designation), _decimal(line.quantity), line.unit_price, _decimal(line.tax_rate)]
            for line in invoice.lines
        ],
        "totals": [totals.net, totals.tax, totals.gross],
    }


def compute_seal(invoice: RevenueInvoice) -> str:
    """Stable short hash of the canonical payload (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(canonical_payload(invoice), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SEAL_LENGTH].upper()


def format_number(series: str, fiscal_year: int, sequence: int, width: int) -> str:
    """`FR-2026-000123`."""
    return f"{series}-{fiscal_year}-{sequence:0{width}d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """(series, fiscal year, sequence) of a well-formed number, else None."""
    match = NUMBER_PATTERN.match(number.strip())
    if not match:
        return None
    return match["series"], int(match["year"]), int(match["seq"])


def credit_headroom(original_gross: int, credited: int) -> int:
    """What can still be credited on an invoice: its TTC minus the credit notes already issued."""
    return max(original_gross - credited, 0)


def credit_allowed(original_gross: int, credited: int, new_credit: int) -> bool:
    """A credit note is allowed when the invoice plus all its credit notes stays at or above zero."""
    return 0 < new_credit <= credit_headroom(original_gross, credited)
