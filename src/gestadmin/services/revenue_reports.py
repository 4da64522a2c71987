"""Revenue reports and follow-up: numbering gaps across registers, locked-row checks, receipts, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gestadmin.findings import Provenance, Report, Severity, UnreadableInputError
from gestadmin.io.layouts import REVENUE_REGISTER
from gestadmin.io.revenue_writeback import CellEdit, RowAppend, apply_edits
from gestadmin.messages import make_finding
from gestadmin.model.revenue_collection import Balance, ageing, reminders_due
from gestadmin.model.revenue_register import RECEIPTS_SHEET
from gestadmin.model.statuses import RevenueStatus
from gestadmin.rules.revenue import check_locked, check_numbering, check_row_states, number_entries
from gestadmin.services.revenue import open_store, status_edits
from gestadmin.services.revenue_book import (
    RevenueBook,
    credited_by_number,
    load_book,
    stored_view,
    without_unreadable_cells,
)
from gestadmin.settings import Settings


def gap_report(paths: Sequence[Path], settings: Settings, url: str | None = None) -> Report:
    """`recettes trous`: gaps and duplicates over the union of registers, plus tampered issued rows."""
    report = Report()
    books = []
    for path in paths:
        try:
            books.append(load_book(path, settings))
        except UnreadableInputError as exc:
            report.findings.append(exc.finding)
    stored = stored_view(open_store(settings, url)) if url else None
    invoices = [inv for book in books for inv in book.invoices]
    read = [f for book in books for f in book.findings]
    report.findings += read
    report.findings += check_numbering(number_entries(invoices), stored)
    report.findings += check_row_states(invoices) + without_unreadable_cells(check_locked(invoices, stored), read)
    report.stats = {"fichiers": len(books), "numeros": len(number_entries(invoices))}
    return report


def balances(book: RevenueBook, today: dt.date, url: str | None, settings: Settings) -> list[Balance]:
    """Where every issued invoice of a register stands on `today`."""
    stored = stored_view(open_store(settings, url)) if url else {}
    credited = credited_by_number(book.invoices, stored)
    collected: dict[str, int] = {}
    for receipt in book.receipts:
        collected[receipt.invoice_number] = collected.get(receipt.invoice_number, 0) + receipt.amount
    return [
        Balance(inv.number, inv.invoice.customer_name, inv.invoice.due_date, inv.invoice.totals.gross,
                credited.get(inv.number, 0), collected.get(inv.number, 0), today)
        for inv in book.invoices
        if inv.number and not inv.invoice.original_invoice and inv.status not in (None, "", RevenueStatus.DRAFT)
    ]


@dataclass(slots=True)
class FollowUp:
    """Ageing table and reminders due."""

    report: Report
    ageing: dict[str, tuple[int, int]] = field(default_factory=dict)
    balances: list[Balance] = field(default_factory=list)


def follow_up(path: Path, settings: Settings, today: dt.date | None = None, url: str | None = None) -> FollowUp:
    """`recettes relances`: outstanding balances by age and the reminders to send."""
    book = load_book(path, settings)
    day = today or dt.date.today()
    current = balances(book, day, url, settings)
    report = Report(findings=list(book.findings))
    for balance, level in reminders_due(current, settings.revenue.reminder_days):
        row = book.by_number(balance.number)
        report.findings.append(make_finding(
            "RELANCE_DUE", row.cell("due_date") if row else None, number=balance.number, customer=balance.customer,
            days=balance.days_past_due, outstanding=f"{balance.outstanding:,}".replace(",", "\u202f"), level=level))
    report.stats = {"factures_suivies": len(current), "reste_a_recouvrer": sum(b.outstanding for b in current)}
    return FollowUp(report, ageing(current), current)


def record_receipt(path: Path, settings: Settings, number: str, amount: int, day: dt.date, method: str = "",
                   reference: str = "", out: Path | None = None) -> Report:
    """`recettes encaisser`: append a receipt, update the invoice's status (copy, or source after a backup)."""
    book = load_book(path, settings)
    inv = book.by_number(number)
    report = Report(findings=list(book.findings))
    if inv is None or inv.invoice.original_invoice:
        report.findings.append(make_finding("ENCAISSEMENT_FACTURE_INCONNUE", None, number=number))
        return report
    if RECEIPTS_SHEET not in book.sheet_names:  # nowhere to record it (the reader's warning is an error here)
        report.findings.append(make_finding("FEUILLE_ABSENTE", Provenance(file=path.name), Severity.ERROR,
                                            sheet=REVENUE_REGISTER.sheet(RECEIPTS_SHEET).sheet))
        return report
    letters = book.columns(RECEIPTS_SHEET)
    values = {"invoice_number": number, "receipt_date": day, "amount": amount, "method": method or None,
              "reference": reference or None}
    append = RowAppend(book.sheet_names.get(RECEIPTS_SHEET, "Encaissements"),
                       {letters[k]: v for k, v in values.items() if k in letters and v is not None})
    from gestadmin.model.revenue_register import ReceiptRow

    book.receipts.append(ReceiptRow(number, day, amount, inv.cell("invoice_number")))
    edits: list[CellEdit] = status_edits(book, {})
    collected = sum(r.amount for r in book.receipts if r.invoice_number == number)
    due = inv.invoice.totals.gross - credited_by_number(book.invoices, {}).get(number, 0)
    if collected > due:
        report.findings.append(make_finding("ENCAISSEMENT_EXCEDENT", inv.cell("invoice_number"), number=number,
                                            collected=collected, due=due))
    target = (out / path.name) if out is not None else path
    apply_edits(path, target, edits, [append])
    report.stats = {"encaisse": collected, "reste": max(due - collected, 0)}
    return report

