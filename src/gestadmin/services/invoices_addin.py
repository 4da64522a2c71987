"""« Contrôler les factures » (ribbon): the 10-point checklist on the open register's values, and what to write back.

The ribbon script sends the values of the register's sheets (Factures, Lignes de facture, Tiers); this service
reads them with the reader's in-memory entry point, runs the same checklist as `gestadmin factures controler`
(the register's own Tiers sheet as directory, RIB confirmations from the store, no budget workbook: the ribbon
sees one workbook), and returns the cells to highlight with their notes, the « Anomalies » rows and the French
summary (one count per checklist point, invoices at risk). The script only writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gestadmin.findings import Finding, Provenance, Severity, UnreadableInputError
from gestadmin.io.annotate import ANOMALIES_SHEET
from gestadmin.io.headers import column_letter
from gestadmin.io.layouts import INVOICE_REGISTER
from gestadmin.messages import make_finding
from gestadmin.rules.invoices import CHECKLIST
from gestadmin.services.invoice_report import summary_lines
from gestadmin.services.invoices import InvoiceCheck, check_registers, confirmations_of
from gestadmin.services.sheet_feedback import Feedback, feedback
from gestadmin.settings import Settings, get_settings

if TYPE_CHECKING:
    from gestadmin.io.reader import RegisterData

TITLE = "Contrôler les factures"
CONTROL_HEADER = "Contrôle"
MAX_AT_RISK_LINES = 5  # the alert lists the first ones; the Anomalies sheet has them all
Values = Mapping[str, Sequence[Sequence[object]]]


def invoice_sheet_names() -> list[str]:
    """Sheets the script reads (its `include=`): those of the invoice register's layout."""
    return [sheet.sheet for sheet in INVOICE_REGISTER.sheets]


@dataclass
class ControlColumn:
    """The « Contrôle » column of the Factures sheet: where it is and what each invoice row gets."""

    sheet: str
    column: str  # letter
    header_row: int
    add_header: bool  # the column did not exist yet: its header is written too
    values: list[str] = field(default_factory=list)  # rows header_row+1 ... in order


@dataclass
class InvoiceFeedback(Feedback):
    """Feedback plus the « Contrôle » column."""

    control: ControlColumn | None = None


def control_text(findings: Sequence[Finding]) -> str:
    """One invoice row's verdict: « OK », or the counts (and « BLOQUÉE » when bank details must be confirmed)."""
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity == Severity.WARNING)
    if not errors and not warnings:
        return "OK"
    parts = [f"{errors} erreur(s)"] if errors else []
    parts += [f"{warnings} avertissement(s)"] if warnings else []
    blocked = "BLOQUÉE (RIB à confirmer) : " if any(f.code == "RIB_DIFFERENT" for f in findings) else ""
    return blocked + ", ".join(parts)


def control_column(data: RegisterData, result: InvoiceCheck, values: Values) -> ControlColumn | None:
    """The verdict of every invoice row, in the existing « Contrôle » column or a new one after the last."""
    sheet = data.sheets.get("invoices")
    if sheet is None or sheet.frame.empty:
        return None
    letter = sheet.letters.get("control")
    header_cells = list(values.get(sheet.sheet_name, [[]])[sheet.header_row - 1]) if sheet.header_row else []
    add_header = letter is None
    if letter is None:
        used = max((i + 1 for i, v in enumerate(header_cells) if v not in (None, "")), default=0)
        letter = column_letter(used)  # 0-based index of the next column
    by_row: dict[int, list[Finding]] = {}
    for finding in result.report.findings:
        if finding.provenance.sheet == sheet.sheet_name and finding.provenance.row:
            by_row.setdefault(finding.provenance.row, []).append(finding)
    rows = [int(r) for r in sheet.frame["_row"].tolist()]
    texts = {row: control_text(by_row.get(row, [])) for row in rows}
    return ControlColumn(sheet.sheet_name, letter, sheet.header_row, add_header,
                         [texts.get(row, "") for row in range(sheet.header_row + 1, max(rows) + 1)])


def check_workbook(values: Values, book_name: str, *, today: dt.date | None = None,
                   settings: Settings | None = None) -> InvoiceFeedback:
    """Checklist on the workbook's values; UnreadableInputError (French) when it is not an invoice register."""
    from gestadmin.io.reader import read_frames

    settings = settings or get_settings()
    data = read_frames({name: [list(r) for r in rows] for name, rows in values.items()}, file_label=book_name,
                       settings=settings)
    if data.layout.kind != INVOICE_REGISTER.kind:
        raise UnreadableInputError(make_finding("FACTURES_REGISTRE_ATTENDU", Provenance(book_name), book=book_name,
                                                title=data.layout.title))
    result = check_registers([data], today=today, settings=settings, confirmations=confirmations_of(None, settings))
    base = feedback(result.report, values.keys(), book_name)
    plan = InvoiceFeedback(base.marks, base.anomalies, summary_text(book_name, result), base.errors, base.warnings,
                           control_column(data, result, values))
    return plan


def summary_text(book_name: str, result: InvoiceCheck) -> str:
    """The alert: counts, one line per checklist point, the invoices at risk, where the details are."""
    counts = result.report.counts()
    invoices = int(str(result.report.stats.get("factures", 0)))
    head = (f"Contrôle des factures de « {book_name} » : {invoices} facture(s), {counts['erreur']} erreur(s), "
            f"{counts['avertissement']} avertissement(s).")
    lines = summary_lines(result)
    points, risk = lines[:len(CHECKLIST)], lines[len(CHECKLIST):]
    if len(risk) > 1 + MAX_AT_RISK_LINES:
        risk = [*risk[:1 + MAX_AT_RISK_LINES], f"  … et {len(risk) - 1 - MAX_AT_RISK_LINES} autre(s)"]
    if counts["erreur"] or counts["avertissement"]:
        tail = (f"Les cellules concernées sont surlignées et commentées ; la liste complète est dans la feuille "
                f"« {ANOMALIES_SHEET} ».")
    else:
        tail = "Aucune anomalie : les factures du registre sont conformes."
    return "\n".join([head, *points, *risk, tail])
