"""Revenue use cases: issue drafts (numbers, seals, PDFs, write-back), credit notes, receipts, gaps, reminders.

The numbering store is the authority: a number exists once its transaction committed. The workbook is then
updated (a copy, or the source after a backup); if that write fails, issuing again from the same workbook
finds the draft already recorded and writes the same number back, never a new one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from gestadmin.dates import format_date
from gestadmin.findings import Finding, Report, Severity
from gestadmin.io.atomic import atomic_write_bytes
from gestadmin.io.invoice_pdf import build_invoice_pdf
from gestadmin.io.layouts import REVENUE_REGISTER
from gestadmin.io.revenue_writeback import CellEdit, apply_edits
from gestadmin.messages import make_finding
from gestadmin.model.revenue import RevenueInvoice, canonical_payload, compute_seal
from gestadmin.model.revenue_collection import collection_status
from gestadmin.model.revenue_document import InvoiceDocument
from gestadmin.model.revenue_register import ISSUED_SHEET, LINES_SHEET, RegisteredInvoice
from gestadmin.model.statuses import RevenueStatus
from gestadmin.money import format_xpf
from gestadmin.rules.revenue import check_register
from gestadmin.services.download_links import LinkServer, server_link
from gestadmin.services.revenue_book import (
    RevenueBook,
    credited_by_number,
    customer_of,
    load_book,
    stored_view,
    without_unreadable_cells,
)
from gestadmin.settings import Settings
from gestadmin.store.db import init_db, make_engine
from gestadmin.store.journal import Journal
from gestadmin.store.numbering import IssueRequest, JournalHook, NumberingError, NumberingStore


@dataclass(slots=True)
class Issued:
    """One draft turned into a numbered invoice."""

    draft_ref: str
    number: str
    gross: int
    pdf: Path | None
    already_issued: bool = False


@dataclass(slots=True)
class IssueOutcome:
    """What `issue_drafts` did: the report, the invoices issued, where the workbook was written."""

    report: Report
    issued: list[Issued] = field(default_factory=list)
    workbook: Path | None = None
    backup: Path | None = None


def open_store(settings: Settings, url: str | None = None, engine: Engine | None = None) -> NumberingStore:
    """The numbering store of a database URL (created if needed), journaling each issue when possible."""
    engine = engine or make_engine(url or settings.database_url)
    init_db(engine)
    return NumberingStore(engine, width=settings.revenue.number_width, journal=_journal_hook(engine, settings))


def _journal_hook(engine: Engine, settings: Settings) -> JournalHook:
    """Journal each issue inside the numbering transaction (the number and its audit entry commit together)."""
    journal = Journal(engine)

    def hook(conn: Connection, event: str, payload: dict[str, Any]) -> None:
        journal.append(actor=settings.user, action=event, entity="facture_emise", entity_id=str(payload["numero"]),
                       after=payload, reason="émission d'un brouillon", connection=conn)

    return hook


def _prepare(inv: RegisteredInvoice, settings: Settings, today: dt.date) -> RevenueInvoice:
    """The invoice as it will be frozen: defaults filled (date, year, series, due date)."""
    src = inv.invoice
    issue_date = src.issue_date or today
    series = settings.revenue.credit_note_series if src.original_invoice else (src.series or
                                                                                settings.revenue.default_series)
    due = src.due_date or issue_date + dt.timedelta(days=settings.issuer.payment_terms_days)
    return dataclasses.replace(src, issue_date=issue_date, series=series, fiscal_year=issue_date.year, due_date=due)


INPUT_FIELDS = frozenset(c.field for key in (ISSUED_SHEET, LINES_SHEET)
                         for c in REVENUE_REGISTER.sheet(key).columns if not c.is_formula)


def _draft_problems(inv: RegisteredInvoice, read: Sequence[Finding]) -> list[Finding]:
    ref = inv.invoice.draft_ref
    cells = {(inv.where.sheet, inv.row)}
    if inv.lines_where is not None:
        cells |= {(inv.lines_where.sheet, row) for row in inv.line_rows}
    for finding in read:  # an input cell the reader could not type would be frozen as empty: refuse the draft
        where = finding.provenance
        if (finding.severity is Severity.ERROR and where is not None and (where.sheet, where.row) in cells
                and where.field in INPUT_FIELDS):
            return [make_finding("BROUILLON_ILLISIBLE", where, draft=ref)]
    if not inv.invoice.lines:
        return [make_finding("BROUILLON_SANS_LIGNE", inv.cell("draft_ref"), draft=ref)]
    if not inv.invoice.customer_name.strip():
        return [make_finding("BROUILLON_INCOMPLET", inv.cell("customer_name"), draft=ref, label="le client")]
    return []


def _french(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters in French form: amounts grouped, dates JJ/MM/AAAA."""
    return {k: format_xpf(v, unit=False) if isinstance(v, int) else format_date(v) if isinstance(v, dt.date) else v
            for k, v in params.items()}


def terms_text(settings: Settings) -> str:
    """Payment terms printed on invoices."""
    return f"{settings.issuer.payment_terms_days} jours à compter de la date d'émission"


def _pdf(book: RevenueBook, inv: RegisteredInvoice, invoice: RevenueInvoice, number: str, seal: str,
         out_dir: Path, settings: Settings) -> Path:
    original = book.by_number(invoice.original_invoice or "") if invoice.original_invoice else None
    doc = InvoiceDocument(number, invoice, customer_of(book, inv), invoice.issue_date or dt.date.today(),
                          invoice.due_date or dt.date.today(), seal,
                          original.invoice.issue_date if original is not None else None)
    pdf = build_invoice_pdf(doc, settings.issuer, terms_text(settings), settings.revenue.exemption_reason)
    return atomic_write_bytes(out_dir / doc.file_name, pdf)


def pdf_link(path: Path, settings: Settings, server: LinkServer | None = None) -> str:
    """What the workbook's PDF column shows: the add-in's signed download link when issued from the ribbon
    (`server`), else `revenue.pdf_base_url` + the file name when configured, else the file path."""
    if server is not None:
        return server_link(path, settings.output_dir, server) or str(path)
    base = settings.revenue.pdf_base_url.rstrip("/")
    return f"{base}/{path.name}" if base else str(path)


def _row_edits(book: RevenueBook, inv: RegisteredInvoice, invoice: RevenueInvoice, number: str, seal: str,
               link: str) -> list[CellEdit]:
    sheet = book.sheet_names.get(ISSUED_SHEET, REVENUE_REGISTER.sheet(ISSUED_SHEET).sheet)
    values = {"invoice_number": number, "series": invoice.series, "fiscal_year": invoice.fiscal_year,
              "issue_date": invoice.issue_date, "due_date": invoice.due_date, "status": str(RevenueStatus.ISSUED),
              "seal": seal, "pdf_link": link}
    letters = inv.where.letters
    return [CellEdit(sheet, inv.row, letters[name], value) for name, value in values.items() if name in letters]


def select_drafts(book: RevenueBook, refs: Sequence[str] | None, report: Report) -> list[RegisteredInvoice]:
    """The drafts to issue: the named ones (unknown or non-draft refs reported), or every draft."""
    if refs is None:
        return [inv for inv in book.invoices if inv.is_draft and inv.invoice.draft_ref]
    chosen = []
    for ref in refs:
        inv = book.by_draft(ref)
        if inv is None:
            report.findings.append(make_finding("BROUILLON_INTROUVABLE", None, draft=ref))
        elif not inv.is_draft:
            report.findings.append(make_finding("BROUILLON_NON_EMETTABLE", inv.cell("status"), draft=ref,
                                                status=inv.status or ""))
        else:
            chosen.append(inv)
    return chosen


def issue_book(book: RevenueBook, store: NumberingStore, settings: Settings, refs: Sequence[str] | None,
               pdf_dir: Path, today: dt.date | None = None,
               server: LinkServer | None = None) -> tuple[IssueOutcome, list[CellEdit]]:
    """Issue the selected drafts of a loaded book; returns the outcome and the cell edits to write back."""
    stored = stored_view(store)
    checks = without_unreadable_cells(check_register(book.invoices, stored, book.source), book.findings)
    report = Report(findings=list(book.findings) + checks)
    outcome, edits = IssueOutcome(report), []
    for inv in sorted(select_drafts(book, refs, report), key=lambda i: (i.invoice.issue_date or dt.date.min, i.row)):
        problems = _draft_problems(inv, book.findings)
        if problems:
            report.findings.extend(problems)
            continue
        invoice = _prepare(inv, settings, today or dt.date.today())
        try:
            result = store.issue(_request(book, inv, invoice, settings))
        except NumberingError as exc:
            report.findings.append(make_finding(exc.code, inv.cell("issue_date"), **_french(exc.params)))
            continue
        invoice = dataclasses.replace(invoice, invoice_number=result.invoice_number)
        path = _pdf(book, inv, invoice, result.invoice_number, result.seal, pdf_dir, settings)
        edits += _row_edits(book, inv, invoice, result.invoice_number, result.seal, pdf_link(path, settings, server))
        code = "DEJA_EMISE" if result.already_issued else "EMISSION_EFFECTUEE"
        report.findings.append(make_finding(code, inv.cell("invoice_number"), draft=inv.invoice.draft_ref,
                                            number=result.invoice_number,
                                            gross=format_xpf(invoice.totals.gross, unit=False)))
        outcome.issued.append(Issued(inv.invoice.draft_ref, result.invoice_number, invoice.totals.gross, path,
                                     result.already_issued))
        book.invoices[book.invoices.index(inv)] = dataclasses.replace(
            inv, invoice=invoice, status=str(RevenueStatus.ISSUED), seal=result.seal)
    edits += status_edits(book, stored_view(store))
    report.stats = {"emises": sum(not i.already_issued for i in outcome.issued), "brouillons": len(outcome.issued)}
    return outcome, edits


def _request(book: RevenueBook, inv: RegisteredInvoice, invoice: RevenueInvoice, settings: Settings) -> IssueRequest:
    totals = invoice.totals

    def seal_for(number: str) -> tuple[str, dict[str, Any]]:
        numbered = dataclasses.replace(invoice, invoice_number=number)
        return compute_seal(numbered), canonical_payload(numbered)

    return IssueRequest(
        fiscal_year=invoice.fiscal_year, series=invoice.series, draft_ref=invoice.draft_ref, source=book.source,
        issue_date=invoice.issue_date or dt.date.today(), customer_name=invoice.customer_name, net=totals.net,
        tax=totals.tax, gross=totals.gross, seal_for=seal_for, original_invoice=invoice.original_invoice,
        user=settings.user,
    )


def status_edits(book: RevenueBook, stored: dict[str, Any]) -> list[CellEdit]:
    """Status cells to update from receipts and credit notes (statuses are not sealed: they may change)."""
    credited = credited_by_number(book.invoices, stored)
    collected: dict[str, int] = {}
    for receipt in book.receipts:
        collected[receipt.invoice_number] = collected.get(receipt.invoice_number, 0) + receipt.amount
    edits = []
    for inv in book.invoices:
        if not inv.number or inv.invoice.original_invoice or inv.status in (None, "", RevenueStatus.DRAFT):
            continue
        status = collection_status(inv.invoice.totals.gross, credited.get(inv.number, 0), collected.get(inv.number, 0))
        if status != inv.status and "status" in inv.where.letters:
            edits.append(CellEdit(inv.where.sheet, inv.row, inv.where.letters["status"], str(status)))
    return edits


def issue_drafts(path: Path, settings: Settings, refs: Sequence[str] | None = None, url: str | None = None,
                 out_dir: Path | None = None, today: dt.date | None = None) -> IssueOutcome:
    """`recettes emettre`: issue drafts of a workbook, write PDFs and the numbered copy (or the source + backup)."""
    book = load_book(path, settings)
    out = out_dir or path.parent
    outcome, edits = issue_book(book, open_store(settings, url), settings, refs, out / "factures_pdf", today)
    if edits:
        target = out / path.name if out_dir is not None else path
        outcome.backup = apply_edits(path, target, edits)
        outcome.workbook = target
    return outcome


def has_errors(findings: Sequence[Finding]) -> bool:
    """True when a finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)
