"""Credit notes (avoirs): the only way to correct an issued invoice. Full (copies the lines) or partial.

The credit note is added as a draft row referencing the original, then issued like any draft: its number
comes from the credit-note series and the store refuses it if it would take the invoice below zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from gestadmin.findings import Report
from gestadmin.io.revenue_writeback import RowAppend, apply_edits
from gestadmin.messages import make_finding
from gestadmin.model.revenue import RevenueLine, compute_totals
from gestadmin.model.revenue_register import ISSUED_SHEET, LINES_SHEET
from gestadmin.model.statuses import RevenueStatus
from gestadmin.money import format_xpf
from gestadmin.services.revenue import IssueOutcome, issue_drafts, open_store
from gestadmin.services.revenue_book import RevenueBook, load_book
from gestadmin.settings import Settings


def _next_ref(book: RevenueBook) -> str:
    taken = {inv.invoice.draft_ref for inv in book.invoices}
    index = 1
    while f"AVB-{index:03d}" in taken:
        index += 1
    return f"AVB-{index:03d}"


def credit_lines(original: list[RevenueLine], amount: int | None, reason: str) -> list[RevenueLine]:
    """Full credit: the original lines; partial: one line of `amount` HT at the original's first rate."""
    if amount is None:
        return list(original)
    rate = original[0].tax_rate if original else Decimal(0)
    return [RevenueLine(reason, Decimal(1), amount, rate)]


def create_credit_note(path: Path, settings: Settings, number: str, amount: int | None, reason: str,
                       day: dt.date, url: str | None = None, out_dir: Path | None = None) -> IssueOutcome:
    """`recettes avoir`: add a credit-note draft on `number` and issue it at once."""
    book = load_book(path, settings)
    original = book.by_number(number)
    if original is None or original.invoice.original_invoice:
        return IssueOutcome(Report(findings=[make_finding("AVOIR_ORIGINE_INCONNUE", None, original=number)]))
    ref = _next_ref(book)
    inv = original.invoice
    lines = credit_lines(inv.lines, amount, reason)
    store = open_store(settings, url)
    record = store.record(number)
    gross = compute_totals(lines).gross
    headroom = (record.gross if record else inv.totals.gross) - store.credited(number)
    if gross > headroom:  # refused before anything is written: no stray draft row left behind
        return IssueOutcome(Report(findings=[make_finding(
            "AVOIR_DEPASSE", original.cell("invoice_number"), original=number,
            amount=format_xpf(gross, unit=False), headroom=format_xpf(max(headroom, 0), unit=False))]))
    row = {"draft_ref": ref, "series": settings.revenue.credit_note_series, "fiscal_year": day.year,
           "issue_date": day, "customer_name": inv.customer_name, "ridet": inv.ridet,
           "subject": f"{reason} – facture {number}", "budget_code": inv.budget_code,
           "status": str(RevenueStatus.DRAFT), "original_invoice": number}
    issued_letters, line_letters = book.columns(ISSUED_SHEET), book.columns(LINES_SHEET)
    appends = [RowAppend(book.sheet_names.get(ISSUED_SHEET, "Factures émises"),
                         {issued_letters[k]: v for k, v in row.items() if v is not None and k in issued_letters})]
    for line in lines:
        values = {"draft_ref": ref, "designation": line.designation, "quantity": float(line.quantity),
                  "unit_price": line.unit_price, "tax_rate": float(line.tax_rate)}
        appends.append(RowAppend(book.sheet_names.get(LINES_SHEET, "Lignes de facturation"),
                                 {line_letters[k]: v for k, v in values.items() if k in line_letters}))
    target = out_dir / path.name if out_dir is not None else path
    apply_edits(path, target, [], appends)
    return issue_drafts(target, settings, [ref], url, None, day)
