"""Demo step of the revenue area: issue the demo drafts into a demo store, collect, credit, stage anomalies.

Writes under `<output>/recettes/`: the numbered register, the invoice PDFs (Factur-X PDF/A-3), a PNG of the
first page of one invoice, a hand-edited copy with a numbering gap, a duplicate number and an amount changed
after issue, and returns a French summary of what was found.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from gestadmin.demo import revenue as demo
from gestadmin.findings import Severity
from gestadmin.io.demo_writer import write_register
from gestadmin.io.revenue_writeback import CellEdit, apply_edits
from gestadmin.io.revenue_xlsx import delete_row, render_first_page
from gestadmin.services.demo import STEPS, DemoContext
from gestadmin.services.revenue import issue_drafts
from gestadmin.services.revenue_book import load_book
from gestadmin.services.revenue_credit import create_credit_note
from gestadmin.services.revenue_reports import follow_up, gap_report, record_receipt
from gestadmin.settings import Settings, get_settings

EDITED_NAME = "Registre_recettes_modifie_a_la_main.xlsx"


def _collect(path: Path, settings: Settings, today: dt.date) -> None:
    book = load_book(path, settings)
    for number in demo.FULL_RECEIPTS:
        inv = book.by_number(number)
        if inv is not None:
            record_receipt(path, settings, number, inv.invoice.totals.gross, (inv.invoice.due_date or today)
                           - dt.timedelta(days=5), "Virement", f"VIR-{number[-3:]}")
    for number, share in demo.PARTIAL_RECEIPTS.items():
        inv = book.by_number(number)
        if inv is not None:
            record_receipt(path, settings, number, int(inv.invoice.totals.gross * share), today
                           - dt.timedelta(days=20), "Chèque")


def _stage_anomalies(path: Path, edited: Path, settings: Settings) -> None:
    """Copy the register and edit it "by hand": amount changed, number duplicated, an issued row deleted."""
    book = load_book(path, settings)
    edits = []
    tampered = book.by_number(demo.TAMPERED)
    if tampered is not None and tampered.lines_where is not None and tampered.line_rows:
        letter = tampered.lines_where.letters["unit_price"]
        price = tampered.invoice.lines[0].unit_price
        edits.append(CellEdit(tampered.lines_where.sheet, tampered.line_rows[0], letter, price + 1000))
    duplicated = book.by_number(demo.DUPLICATE_OF[0])
    if duplicated is not None:
        edits.append(CellEdit(duplicated.where.sheet, duplicated.row, duplicated.where.letters["invoice_number"],
                              demo.DUPLICATE_OF[1]))
    apply_edits(path, edited, edits)
    deleted = book.by_number(demo.DELETED)
    if deleted is not None:
        delete_row(edited, edited, deleted.where.sheet, deleted.row)


def run_revenue_demo(ctx: DemoContext, settings: Settings | None = None) -> list[str]:
    """The whole revenue story on demo data; returns French summary lines."""
    settings = settings or get_settings()
    out = ctx.output_dir / "recettes"
    today = ctx.today if isinstance(ctx.today, dt.date) else demo.TODAY
    rows = demo.revenue_rows(ctx.seed, ref_date=today)
    drafts = ctx.files.get(demo.FILENAME) or write_register(demo.KIND, rows, ctx.demo_dir / demo.FILENAME, settings)
    url = f"sqlite:///{out / 'numerotation_demo.sqlite3'}"
    out.mkdir(parents=True, exist_ok=True)
    to_issue = [f"B-{i:03d}" for i in range(1, 13) if f"B-{i:03d}" not in demo.KEEP_AS_DRAFTS]
    issued = issue_drafts(drafts, settings, to_issue, url, out, today)
    register = issued.workbook or drafts
    credited = load_book(register, settings).by_number(demo.CREDITED)
    amount = min(demo.CREDIT_AMOUNT, credited.invoice.totals.net // 2) if credited else demo.CREDIT_AMOUNT
    credit = create_credit_note(register, settings, demo.CREDITED, amount, "Réduction : prestation incomplète",
                                today - dt.timedelta(days=10), url)
    refused = [f.message for f in credit.report.findings if f.severity is Severity.ERROR]
    _collect(register, settings, today)
    pdfs = sorted((out / "factures_pdf").glob("Facture_*.pdf"))
    png = render_first_page(pdfs[0], out / f"{pdfs[0].stem}_page1.png") if pdfs else None
    followed = follow_up(register, settings, today, url)
    edited = out / EDITED_NAME
    _stage_anomalies(register, edited, settings)
    gaps = gap_report([edited], settings, url)
    codes = Counter(f.code for f in gaps.findings)
    overdue = sum(1 for b in followed.balances if b.outstanding and b.days_past_due > 0)
    tampered = [f.provenance.render() for f in gaps.findings
                if f.code == "CHAMP_MODIFIE" and demo.TAMPERED in f.message]
    return [
        f"Recettes : {len(issued.issued)} factures émises ({issued.issued[0].number} à {issued.issued[-1].number}), "
        f"{len(demo.KEEP_AS_DRAFTS)} brouillons conservés, "
        + (f"avoir {', '.join(i.number for i in credit.issued)}." if credit.issued
           else f"avoir refusé : {' '.join(refused)}"),
        f"Recettes : {len(pdfs) + len(credit.issued)} PDF Factur-X dans {out / 'factures_pdf'}"
        + (f", aperçu {png.name}." if png else "."),
        f"Recettes : {overdue} facture(s) échue(s) non soldée(s), "
        f"{sum(1 for f in followed.report.findings if f.code == 'RELANCE_DUE')} relance(s) à envoyer.",
        f"Recettes : registre modifié à la main : {codes['NUMERO_TROU'] + codes['NUMERO_TROU_BASE']} trou(s), "
        f"{codes['NUMERO_DOUBLON']} doublon(s), {codes['EMPREINTE_INVALIDE']} ligne(s) émise(s) modifiée(s) ; "
        f"montant de {demo.TAMPERED} modifié après émission : {'; '.join(tampered)}.",
    ]


def revenue_step(ctx: DemoContext) -> list[str]:
    """Entry of services.demo.STEPS."""
    return run_revenue_demo(ctx)


STEPS.append(("Facturation des recettes", revenue_step))
