"""Checklist point 8: credits available on the budget line (available = appropriations - committed).

An invoice covered by a known commitment already had its credits reserved: only an overcommitted line
(available < 0) is reported. An invoice without any commitment ("facture sans engagement") still needs its
TTC on the line: those are consumed in order of receipt against the line's available balance. Ordered,
paid, rejected and cancelled invoices are history and are not checked.
"""

from __future__ import annotations

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import ORDERED_OR_CLOSED
from gestadmin.rules.invoices.commitments import commitment_key
from gestadmin.rules.invoices.context import REG, ROW, InvoiceContext, InvoiceFrames, in_statuses, key_of, present


def pending(inv: pd.DataFrame) -> pd.Series:
    """Invoices not ordered yet (no mandat, not paid, not rejected or cancelled)."""
    ordered = present(inv, "ordering_date") | present(inv, "payment_date")
    return ~in_statuses(inv, ORDERED_OR_CLOSED) & ~ordered


def check_budget(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """IMPUTATION_INCONNUE, CREDITS_INSUFFISANTS (needs the budget workbook)."""
    inv = frames.invoices
    if inv.empty or ctx.budget is None:
        return []
    lines = ctx.budget.lines.assign(_key=commitment_key(ctx.budget.lines["budget_code"])).drop_duplicates("_key")
    available = lines.set_index("_key")["available"].astype("Int64")
    code = key_of(inv, "budget_code")
    coded = present(inv, "budget_code")
    line_available = pd.Series(available.reindex(code.to_numpy()).to_numpy(), index=inv.index, dtype="Int64")
    findings = ctx.emit(inv, coded & line_available.isna(), "budget_code", "IMPUTATION_INCONNUE",
                        value=inv["budget_code"])
    todo = pending(inv) & coded & line_available.notna()
    known = set(commitment_key(ctx.budget.commitments["commitment_number"]).dropna()) - {""}
    covered = key_of(inv, "commitment_number").isin(known).astype(bool)
    uncovered = todo & ~present(inv, "commitment_number")
    # invoices without commitment draw on the line in order of receipt (only they need a running total)
    mine = inv.loc[uncovered.to_numpy(dtype=bool)]
    order = pd.DataFrame({"code": code[mine.index], "received": mine["received_date"], REG: mine[REG], ROW: mine[ROW],
                          "need": mine["gross_amount"].astype("Int64").fillna(0)})
    cumulated = order.sort_values(["received", REG, ROW]).groupby("code")["need"].cumsum().reindex(inv.index)
    short = todo & ((covered & (line_available < 0)) | (uncovered & (line_available < cumulated))).fillna(False)
    return findings + ctx.emit(inv, short.astype(bool), "budget_code", "CREDITS_INSUFFISANTS", money=("available",
                               "needed"), value=inv["budget_code"], available=line_available,
                               needed=cumulated.where(uncovered, inv["gross_amount"].astype("Int64")))
