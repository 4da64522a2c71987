"""Invoice registers built inline for the CLI and ribbon tests: one correct invoice, its supplier in Tiers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from gestadmin.io.layouts import INVOICE_REGISTER


def rib(bank: str, branch: str, account: str) -> str:
    """A RIB with its key computed by the French formula (digits-only account)."""
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97)
    return f"{bank} {branch} {account} {key:02d}"


GOOD_RIB = rib("14889", "00010", "12345678901")


def clean_register(path: Path, received: dt.date = dt.date(2026, 10, 20)) -> Path:
    """A register whose only invoice passes the whole checklist when checked within 19 days of `received`."""
    values = {
        "invoices": {"registration_number": "2026-001", "received_date": received,
                     "supplier_name": "Bureau Vallée Nouméa", "ridet": "1234567.001",
                     "invoice_number": "FA-2026/0012", "invoice_date": received - dt.timedelta(days=4),
                     "subject": "Fournitures", "commitment_number": "EJ-2026-0001", "budget_code": "F-011-6064",
                     "net_amount": 10_000, "tax_rate": 0.11, "tax_amount": 1_100, "gross_amount": 11_100,
                     "bank_account": GOOD_RIB, "status": "Enregistrée"},
        "parties": {"name": "Bureau Vallée Nouméa", "ridet": "1234567.001", "bank_account": GOOD_RIB,
                    "party_type": "Fournisseur"},
    }
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for layout in INVOICE_REGISTER.sheets:
        sheet = workbook.create_sheet(layout.sheet)
        columns = [c for c in layout.columns if not c.is_formula]
        sheet.append([c.header for c in columns])
        if layout.key in values:
            sheet.append([values[layout.key].get(c.field) for c in columns])
            for cell in sheet[2]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # ids typed as text, as the templates do
    workbook.save(path)
    return path
