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

from gestadmin.findings import Provenance, UnreadableInputError
from gestadmin.io.annotate import ANOMALIES_SHEET
from gestadmin.io.layouts import INVOICE_REGISTER
from gestadmin.messages import make_finding
from gestadmin.rules.invoices import CHECKLIST
from gestadmin.services.invoice_report import summary_lines
from gestadmin.services.invoices import InvoiceCheck, check_registers, confirmations_of
from gestadmin.services.sheet_feedback import Feedback, feedback
from gestadmin.settings import Settings, get_settings

TITLE = "Contrôler les factures"
MAX_AT_RISK_LINES = 5  # the alert lists the first ones; the Anomalies sheet has them all
Values = Mapping[str, Sequence[Sequence[object]]]


def invoice_sheet_names() -> list[str]:
    """Sheets the script reads (its `include=`): those of the invoice register's layout."""
    return [sheet.sheet for sheet in INVOICE_REGISTER.sheets]


def check_workbook(values: Values, book_name: str, *, today: dt.date | None = None,
                   settings: Settings | None = None) -> Feedback:
    """Checklist on the workbook's values; UnreadableInputError (French) when it is not an invoice register."""
    from gestadmin.io.reader import read_frames

    settings = settings or get_settings()
    data = read_frames({name: [list(r) for r in rows] for name, rows in values.items()}, file_label=book_name,
                       settings=settings)
    if data.layout.kind != INVOICE_REGISTER.kind:
        raise UnreadableInputError(make_finding("FACTURES_REGISTRE_ATTENDU", Provenance(book_name), book=book_name,
                                                title=data.layout.title))
    result = check_registers([data], today=today, settings=settings, confirmations=confirmations_of(None, settings))
    plan = feedback(result.report, values.keys(), book_name)
    plan.summary = summary_text(book_name, result)
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
