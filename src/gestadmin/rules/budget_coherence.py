"""Coherence between the budget workbook and the supplier-invoice and revenue registers.

Every finding carries both sides: it is located on one side's cell and its message names the other side's
cell(s); for a pair of rows that disagree (a mandat and its invoice, a commitment and its invoices) one
finding is emitted on EACH side, so a ribbon script can highlight either file.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.budget import active_commitments, code_key
from gestadmin.model.budget_book import ROW, SRC, BudgetBook, RegisterSet, where_text
from gestadmin.model.budget_revenue import revenue_lines
from gestadmin.model.statuses import InvoiceStatus
from gestadmin.money import format_xpf
from gestadmin.rules.budget import COMMITMENTS, LINES, ORDERS, records

ORDERED = frozenset({InvoiceStatus.ORDERED.value, InvoiceStatus.SENT_TO_ACCOUNTANT.value, InvoiceStatus.PAID.value})
VOID = frozenset({InvoiceStatus.REJECTED.value, InvoiceStatus.CANCELLED.value})


def _status(frame: pd.DataFrame) -> pd.Series:
    return frame["status"].astype("string").str.strip().fillna("")


def _sheet(book: BudgetBook, key: str) -> Provenance:
    """A budget sheet as a location (file and sheet, no cell)."""
    located = book.where.get(key)
    return Provenance(book.file, located.sheet if located else key)


def check_imputations(book: BudgetBook, invoices: RegisterSet, titles: RegisterSet | None = None) -> list[Finding]:
    """Every invoice imputation and every revenue imputation exists in the budget (revenue: on a Recette line)."""
    inv = invoices.frame
    budget = _sheet(book, LINES).render()
    findings = []
    if not inv.empty:
        known = set(code_key(book.lines["budget_code"]).dropna())
        keys = code_key(inv["budget_code"])
        mask = keys.notna() & ~keys.isin(known) & ~_status(inv).isin(VOID)
        findings += [make_finding("COHERENCE_IMPUTATION_FACTURE_ABSENTE", invoices.at(r[SRC], r[ROW], "budget_code"),
                                  number=r["registration_number"] or r["invoice_number"],
                                  imputation=r["budget_code"], budget=budget) for r in records(inv, mask)]
    if titles is not None and not titles.frame.empty:
        frame = titles.frame
        known = set(code_key(revenue_lines(book.lines)["budget_code"]).dropna())
        keys = code_key(frame["budget_code"])
        findings += [make_finding("COHERENCE_IMPUTATION_RECETTE_ABSENTE", titles.at(r[SRC], r[ROW], "budget_code"),
                                  number=r["invoice_number"], imputation=r["budget_code"], budget=budget)
                     for r in records(frame, keys.notna() & ~keys.isin(known))]
    return findings


def check_invoiced_commitments(book: BudgetBook, invoices: RegisterSet) -> list[Finding]:
    """Invoice totals per commitment never exceed the commitment: one finding on the commitment's amount
    (naming the invoices' cells) and one on each of its invoices (naming the commitment's cell)."""
    inv = invoices.frame
    if inv.empty or book.commitments.empty:
        return []
    live = inv[~_status(inv).isin(VOID)].assign(_key=code_key(inv["commitment_number"]))
    live = live[live["_key"].notna()]
    gross = pd.to_numeric(live["gross_amount"], errors="coerce").fillna(0)
    totals = gross.groupby(live["_key"]).sum()
    findings: list[Finding] = []
    active = active_commitments(book.commitments)
    for c in records(active.assign(_key=code_key(active["commitment_number"]))):
        invoiced = int(totals.get(c["_key"], 0)) if c["_key"] is not None else 0
        if c["amount"] is None or invoiced <= int(c["amount"]):
            continue
        members = records(live, live["_key"] == c["_key"])
        cells = [invoices.at(m[SRC], m[ROW], "gross_amount") for m in members]
        commitment_cell = book.at(COMMITMENTS, c[ROW], "amount")
        params = {"commitment": c["commitment_number"], "amount": format_xpf(c["amount"]),
                  "invoiced": format_xpf(invoiced), "gap": format_xpf(invoiced - int(c["amount"]))}
        findings.append(make_finding("COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT", commitment_cell,
                                     where=where_text(cells), **params))
        findings += [make_finding("COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT", cell,
                                  where=commitment_cell.render(), **params) for cell in cells]
    return findings


def _pairs(book: BudgetBook, invoices: RegisterSet) -> pd.DataFrame:
    """Mandats joined to the invoice they name (by registration number), with both rows' positions."""
    orders = book.orders.assign(_key=code_key(book.orders["invoice_ref"]))
    inv = invoices.frame
    inv = inv.assign(_key=code_key(inv["registration_number"]))[~_status(inv).isin(VOID)]
    inv = inv.drop_duplicates("_key")[["_key", ROW, SRC, "gross_amount", "status", "registration_number"]]
    return orders.merge(inv.rename(columns={ROW: "_inv_row"}), on="_key", how="left", suffixes=("", "_inv"))


def check_orders_against_invoices(book: BudgetBook, invoices: RegisterSet) -> list[Finding]:
    """Mandats of the budget vs the registers' ordered invoices: per pair, per line, and the leftovers."""
    if book.orders.empty or invoices.frame.empty:
        return []
    pairs = _pairs(book, invoices)
    findings: list[Finding] = []
    details: dict[str, list[str]] = {}
    for p in records(pairs):
        order_cell = book.at(ORDERS, p[ROW], "amount")
        line = _key_of(p["budget_code"])
        if p["_inv_row"] is None:
            reason = f"facture {p['invoice_ref']} introuvable dans les registres" if p["invoice_ref"] else \
                "aucune facture indiquée"
            findings.append(make_finding("COHERENCE_MANDAT_SANS_FACTURE", order_cell, order=p["payment_order_number"],
                                         amount=format_xpf(p["amount"]), reason=reason,
                                         where=_sheet(book, ORDERS).render()))
            details.setdefault(line, []).append(f"mandat {p['payment_order_number']} sans facture")
            continue
        invoice_cell = invoices.at(p[SRC], p["_inv_row"], "gross_amount")
        findings += _pair_findings(p, order_cell, invoice_cell, details.setdefault(line, []))
    return findings + _line_findings(book, invoices, pairs, details) + _unordered(book, invoices, pairs)


def _key_of(value: Any) -> str:
    return "" if value is None else "".join(str(value).split()).upper()


def _pair_findings(p: dict[str, Any], order_cell: Provenance, invoice_cell: Provenance,
                   details: list[str]) -> list[Finding]:
    gross = p["gross_amount"]
    if gross is None or p["amount"] is None or int(gross) == int(p["amount"]):
        return []
    params = {"order": p["payment_order_number"], "amount": format_xpf(p["amount"]), "gross": format_xpf(gross),
              "invoice": p["registration_number"], "gap": format_xpf(int(p["amount"]) - int(gross))}
    details.append(f"mandat {p['payment_order_number']} {format_xpf(p['amount'])} ≠ facture "
                   f"{p['registration_number']} {format_xpf(gross)} ({invoice_cell.render()})")
    return [make_finding("COHERENCE_MANDAT_MONTANT", order_cell, where=invoice_cell.render(), **params),
            make_finding("COHERENCE_MANDAT_MONTANT", invoice_cell, where=order_cell.render(), **params)]


def _line_findings(book: BudgetBook, invoices: RegisterSet, pairs: pd.DataFrame,
                   details: dict[str, list[str]]) -> list[Finding]:
    """Per budget line: the Mandats total against the registers' ordered invoices (Mandatée/Transmise/Payée)."""
    inv = invoices.frame
    ordered = inv[_status(inv).isin(ORDERED)]
    invoiced = pd.to_numeric(ordered["gross_amount"], errors="coerce").fillna(0).groupby(
        code_key(ordered["budget_code"])).sum()
    mandated = pd.to_numeric(book.orders["amount"], errors="coerce").fillna(0).groupby(
        code_key(book.orders["budget_code"])).sum()
    findings = []
    for line in records(book.lines.assign(_key=code_key(book.lines["budget_code"]))):
        m, i = int(mandated.get(line["_key"], 0)), int(invoiced.get(line["_key"], 0))
        if m == i:
            continue
        detail = "; ".join(details.get(line["_key"] or "", [])) or "aucun écart de montant par mandat : " \
            "factures mandatées sans mandat ou mandats sans facture"
        findings.append(make_finding("COHERENCE_MANDATS_LIGNE", book.at(LINES, line[ROW], "mandated"),
                                     imputation=line["budget_code"], budget_amount=format_xpf(m),
                                     invoiced=format_xpf(i), gap=format_xpf(m - i), detail=detail))
    return findings


def _unordered(book: BudgetBook, invoices: RegisterSet, pairs: pd.DataFrame) -> list[Finding]:
    """Ordered invoices that no mandat of the budget names."""
    inv = invoices.frame
    named = set(pairs["_key"].dropna())
    keys = code_key(inv["registration_number"])
    mask = _status(inv).isin(ORDERED) & ~keys.isin(named).fillna(False)
    budget = _sheet(book, ORDERS).render()
    return [make_finding("COHERENCE_FACTURE_SANS_MANDAT", invoices.at(r[SRC], r[ROW], "status"),
                         invoice=r["registration_number"], status=r["status"], amount=format_xpf(r["gross_amount"]),
                         budget=budget) for r in records(inv, mask)]


def check_coherence(book: BudgetBook, invoices: RegisterSet, titles: RegisterSet | None = None) -> list[Finding]:
    """Every cross-register check."""
    return (check_imputations(book, invoices, titles) + check_invoiced_commitments(book, invoices)
            + check_orders_against_invoices(book, invoices))
