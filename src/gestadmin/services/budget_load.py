"""Loading the budget workbook and the registers of a folder into the budget model (io.reader).

Files go through `io.reader.read_register` (sandboxed, typed frames with cell findings); the add-in builds
the book from `io.reader.read_frames` over the Office.js values (book_from_register). Registers of a folder
are classified by name, then read with that kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gestadmin.findings import Finding, UnreadableInputError
from gestadmin.io.discover import discover
from gestadmin.io.layouts import BUDGET_REGISTER
from gestadmin.io.reader import RegisterData, read_register
from gestadmin.model.budget import FiscalPeriod
from gestadmin.model.budget_book import ROW, SRC, BudgetBook, Located, RegisterSet
from gestadmin.model.revenue_register import RegisteredInvoice
from gestadmin.services.revenue_book import book_from_data
from gestadmin.settings import Settings

SHEET_KEYS = tuple(s.key for s in BUDGET_REGISTER.sheets)


def _frame(data: RegisterData, key: str, file: str) -> tuple[pd.DataFrame, Located | None]:
    sheet = data.sheets.get(key)
    if sheet is None:  # an older workbook without this sheet (e.g. no Marchés): an empty frame
        layout = BUDGET_REGISTER.sheet(key)
        return pd.DataFrame(columns=[*layout.fields, ROW]), None
    return sheet.frame, Located(file, sheet.sheet_name, dict(sheet.letters))


def fiscal_year_of(lines: pd.DataFrame, today: dt.date) -> int:
    """The most frequent Exercice of the lines (today's year for an empty budget)."""
    if "fiscal_year" not in lines:
        return today.year
    years = pd.to_numeric(lines["fiscal_year"], errors="coerce").dropna()
    return int(years.mode().iloc[0]) if not years.empty else today.year


def book_from_register(data: RegisterData, settings: Settings, today: dt.date | None = None,
                       file: str | None = None) -> BudgetBook:
    """Build the BudgetBook from a RegisterData of kind `budget` (reader contract); `file` names it."""
    file = file or Path(str(data.path)).name
    frames, where = {}, {}
    for key in SHEET_KEYS:
        frames[key], located = _frame(data, key, file)
        if located is not None:
            where[key] = located
    year = fiscal_year_of(frames["budget_lines"], today or dt.date.today())
    period = FiscalPeriod.of(year, settings.budget.complementary_period_end)
    return BudgetBook(file, frames["budget_lines"], frames["commitments"],
                      frames["payment_orders"], period, frames.get("contracts", pd.DataFrame(columns=[ROW])), where)


def load_budget(path: Path, settings: Settings, today: dt.date | None = None) -> tuple[BudgetBook, list[Finding]]:
    """Read a budget workbook (raises UnreadableInputError when it cannot be read at all)."""
    data = read_register(path, kind="budget", settings=settings)
    return book_from_register(data, settings, today), list(data.findings)


@dataclass(slots=True)
class Registers:
    """Supplier invoices and revenue titles gathered from a folder."""

    invoices: RegisterSet = field(default_factory=lambda: RegisterSet.gather([]))
    titles: RegisterSet = field(default_factory=lambda: RegisterSet.gather([]))
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def kind_by_name(path: Path) -> str | None:
    """`factures` / `recettes` from a register's file name (gestadmin's own names and common variants)."""
    name = path.stem.casefold()
    if "recette" in name or "facturation" in name:
        return "recettes"
    if "facture" in name:
        return "factures"
    return None


def load_registers(folder: Path, settings: Settings, exclude: Path | None = None) -> Registers:
    """Every supplier-invoice and revenue register of a folder tree (backups and the budget itself excluded)."""
    found, _locks = discover(folder)
    return read_registers([(item.path, item.relative) for item in found], settings, exclude)


def read_registers(files: Sequence[tuple[Path, str]], settings: Settings, exclude: Path | None = None) -> Registers:
    """Read the registers among (path, label) pairs: kind by file name, others and backups skipped."""
    invoices: list[tuple[pd.DataFrame, Located]] = []
    titles: list[tuple[pd.DataFrame, Located]] = []
    out = Registers()
    for path, label in files:
        kind = kind_by_name(path)
        if kind is None or ".sauvegarde-" in path.name or (exclude and path.resolve() == exclude.resolve()):
            continue
        try:
            data = read_register(path, kind=kind, settings=settings)
        except UnreadableInputError as exc:  # one unreadable register must not hide the others
            out.findings.append(exc.finding)
            continue
        out.files.append(label)
        out.findings.extend(data.findings)
        if kind == "factures" and "invoices" in data.sheets:
            sheet = data.sheets["invoices"]
            invoices.append((sheet.frame, Located(path.name, sheet.sheet_name, dict(sheet.letters))))
        elif kind == "recettes":
            titles.append(_titles(path, data))
    out.invoices, out.titles = RegisterSet.gather(invoices), RegisterSet.gather(titles)
    return out


def _titles(path: Path, data: RegisterData) -> tuple[pd.DataFrame, Located]:
    """Issued revenue invoices as titles: TTC (credit notes negative) and collected amount, per row."""
    book = book_from_data(path, data)
    collected: dict[str, int] = {}
    for receipt in book.receipts:
        collected[receipt.invoice_number] = collected.get(receipt.invoice_number, 0) + receipt.amount
    rows = [_title(inv, collected) for inv in book.invoices if not inv.is_draft]
    columns = ["invoice_number", "budget_code", "amount", "collected", ROW]
    frame = pd.DataFrame(rows, columns=columns).astype({"amount": "Int64", "collected": "Int64"})
    issued = data.sheets.get("revenue_invoices")
    letters = dict(issued.letters) if issued is not None else {}
    sheet_name = issued.sheet_name if issued is not None else "Factures émises"
    return frame.drop(columns=[SRC], errors="ignore"), Located(path.name, sheet_name, letters)


def _title(inv: RegisteredInvoice, collected: dict[str, int]) -> dict[str, Any]:
    gross = int(inv.invoice.totals.gross)
    sign = -1 if inv.invoice.original_invoice and gross > 0 else 1
    cancelled = (inv.status or "").startswith("Annulée")
    return {"invoice_number": inv.number, "budget_code": inv.invoice.budget_code,
            "amount": 0 if cancelled else sign * gross, "collected": collected.get(inv.number, 0), ROW: inv.row}
