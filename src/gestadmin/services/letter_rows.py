"""From one register row to one letter context, per letter kind, with the findings of rows that get no letter.

`RowSource` gathers what a letter may need besides its row: the directory (Tiers / Clients), invoice lines,
receipts, milestones, and the invoice checks' findings at that row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from gestadmin.findings import Finding, Severity
from gestadmin.messages import make_finding
from gestadmin.model import letter_context as lc
from gestadmin.model.letters import LetterKind, LetterSpec
from gestadmin.model.statuses import InvoiceStatus, RevenueStatus
from gestadmin.rules.common import SheetRef
from gestadmin.settings import Settings

Record = dict[str, Any]
Built = tuple[lc.Context | None, list[Finding]]
REMINDER_CODES = frozenset({"MENTION_MANQUANTE", "RIB_INVALIDE", "IBAN_INVALIDE", "RIDET_INVALIDE"})
CLOSED_REVENUE = frozenset({RevenueStatus.DRAFT.value, RevenueStatus.CANCELLED.value})


def sheet_ref(data: Any, key: str) -> SheetRef:
    """Provenance helper of one sheet of a RegisterData."""
    sheet = data.sheets.get(key)
    if sheet is None:
        return SheetRef(Path(str(data.path)).name, key)
    return SheetRef(Path(str(data.path)).name, sheet.sheet_name, dict(sheet.letters),
                    {c.field: c.header for c in sheet.layout.columns})


def frame_of(data: Any, key: str) -> pd.DataFrame:
    """A sheet's frame, empty when the sheet is absent."""
    sheet = data.sheets.get(key)
    return sheet.frame if sheet is not None else pd.DataFrame(columns=["_row"])


def records_of(frame: pd.DataFrame) -> list[Record]:
    """Frame rows as plain Python dicts (NA -> None, Timestamp -> date)."""
    return [{str(k): lc.plain(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


def _key(value: Any) -> str:
    return " ".join(str(lc.plain(value) or "").split()).casefold()


class RowSource:
    """One register read for letters: rows by physical row number and their related data."""

    def __init__(self, data: Any, spec: LetterSpec, findings: Sequence[Finding], today: dt.date,
                 settings: Settings) -> None:
        self.spec, self.today, self.settings = spec, today, settings
        self.ref = sheet_ref(data, spec.sheet_key)
        self.rows = {int(r["_row"]): r for r in records_of(frame_of(data, spec.sheet_key))}
        self.findings = [f for f in findings if f.provenance.sheet == self.ref.sheet]
        self.data = data

    def all_rows(self) -> list[int]:
        """Every data row, in sheet order."""
        return sorted(self.rows)

    def row(self, row: int) -> Record:
        """The row's values (empty when there is no data at that row)."""
        return self.rows.get(row, {})

    def findings_at(self, row: int) -> list[Finding]:
        """Findings of the invoice checks at that row."""
        return [f for f in self.findings if f.provenance.row == row]

    def party(self, sheet_key: str, name: Any) -> Record | None:
        """Directory row of a supplier or customer, matched on the name (case and blanks ignored)."""
        wanted = _key(name)
        return next((r for r in records_of(frame_of(self.data, sheet_key)) if _key(r.get("name")) == wanted), None)

    def related(self, sheet_key: str, field: str, value: Any) -> list[Record]:
        """Rows of another sheet whose `field` equals `value` (lines of an invoice, milestones of a file)."""
        wanted = _key(value)
        return [r for r in records_of(frame_of(self.data, sheet_key)) if wanted and _key(r.get(field)) == wanted]

    def skip(self, row: int, reason: str, explicit: bool) -> Built:
        """No letter for this row; a warning only when the user picked the row."""
        finding = make_finding("COURRIER_NON_CONCERNE", self.ref.at("", row), row=row, reason=reason,
                               letter=self.spec.title)
        return None, [finding] if explicit else []


def build_context(source: RowSource, row: int, explicit: bool) -> Built:
    """Context of the letter for one row, or the findings explaining why there is none."""
    record = source.row(row)
    if not record:
        return None, [make_finding("COURRIER_LIGNE_INTROUVABLE", source.ref.at("", row), row=row,
                                   sheet=source.ref.sheet)]
    missing = [f for f in source.spec.required if lc.plain(record.get(f)) is None]
    if missing:
        return None, [make_finding("COURRIER_DONNEE_MANQUANTE", source.ref.at(f, row), label=source.ref.label(f),
                                   letter=source.spec.title) for f in missing]
    return BUILDERS[source.spec.kind](source, row, record, explicit)


def _supplier_reminder(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    reasons = [f.message for f in source.findings_at(row) if f.code in REMINDER_CODES]
    if not reasons:
        return source.skip(row, "aucune mention manquante ni RIB invalide relevés par les contrôles", explicit)
    party = source.party("parties", record.get("supplier_name"))
    return lc.supplier_letter(record, party, list(dict.fromkeys(reasons)), "anomalies"), []


def _rejection(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    status = lc.text(record.get("status"))
    if status != InvoiceStatus.REJECTED.value:
        return source.skip(row, f"facture non rejetée (statut « {status or 'vide'} »)", explicit)
    reasons = [lc.text(record.get("notes"))] if lc.text(record.get("notes")) else []
    reasons += [f.message for f in source.findings_at(row) if f.severity is Severity.ERROR]
    if not reasons:
        return None, [make_finding("COURRIER_DONNEE_MANQUANTE", source.ref.at("notes", row),
                                   label=f"{source.ref.label('notes')} (motif du rejet)", letter=source.spec.title)]
    party = source.party("parties", record.get("supplier_name"))
    return lc.supplier_letter(record, party, list(dict.fromkeys(reasons)), "motifs"), []


def _due(source: RowSource, record: Record) -> dt.date:
    due = lc.plain(record.get("due_date"))
    if isinstance(due, dt.date):
        return due
    issued: dt.date = record["issue_date"]
    return issued + dt.timedelta(days=source.settings.issuer.payment_terms_days)


def _gross(source: RowSource, record: Record) -> tuple[list[Record], int]:
    lines = source.related("revenue_lines", "draft_ref", record.get("draft_ref"))
    if lines:
        return lines, lc.revenue_lines(lines)[3]
    return lines, int(lc.plain(record.get("gross_total")) or 0)


def _payment_notice(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    if lc.text(record.get("status")) in CLOSED_REVENUE:
        return source.skip(row, f"facture au statut « {lc.text(record.get('status'))} »", explicit)
    lines, _ = _gross(source, record)
    party = source.party("customers", record.get("customer_name"))
    return lc.payment_notice(record, party, lines, _due(source, record)), []


def _revenue_reminder(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    status = lc.text(record.get("status"))
    if status in CLOSED_REVENUE or status == RevenueStatus.COLLECTED.value:
        return source.skip(row, f"facture au statut « {status} »", explicit)
    due = _due(source, record)
    _, gross = _gross(source, record)
    paid = sum(int(r.get("amount") or 0) for r in source.related("receipts", "invoice_number",
                                                                   record.get("invoice_number")))
    if due >= source.today or gross - paid <= 0:
        why = "facture soldée" if gross - paid <= 0 else f"échéance du {lc.long_date(due)} non dépassée"
        return source.skip(row, why, explicit)
    party = source.party("customers", record.get("customer_name"))
    return lc.revenue_reminder(record, party, gross, gross - paid, due, source.today), []


def _memo(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    return lc.memo(record, source.related("milestones", "case_number", record.get("case_number"))), []


def _minutes(source: RowSource, row: int, record: Record, explicit: bool) -> Built:
    milestones = source.related("milestones", "case_number", record.get("case_number"))
    return lc.minutes(record, milestones, source.today), []


BUILDERS: dict[LetterKind, Callable[[RowSource, int, Record, bool], Built]] = {
    LetterKind.SUPPLIER_REMINDER: _supplier_reminder,
    LetterKind.REJECTION: _rejection,
    LetterKind.PAYMENT_NOTICE: _payment_notice,
    LetterKind.REVENUE_REMINDER: _revenue_reminder,
    LetterKind.MEMO: _memo,
    LetterKind.MINUTES: _minutes,
}
