"""Checklist point 3: the same invoice registered twice, across every register checked together.

Exact duplicates: same supplier and same normalised invoice number. Near-duplicates: same supplier, same
TTC, invoice dates at most `near_duplicate_days` apart, different numbers. Both rows are reported, each
message naming the other one (file, sheet, row), because either could be the wrong one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.invoices import VOID, normalize_invoice_numbers
from gestadmin.money import format_xpf
from gestadmin.rules.invoices.context import ROW, SRC, InvoiceContext, InvoiceFrames, in_statuses, key_of


def _keyed(inv: pd.DataFrame) -> pd.DataFrame:
    work = pd.DataFrame({
        "supplier": key_of(inv, "supplier_name"), "number": normalize_invoice_numbers(inv["invoice_number"]),
        SRC: inv[SRC], ROW: inv[ROW],
    }, index=inv.index)
    return work[~in_statuses(inv, VOID) & (work["supplier"] != "")]  # keys are "" (never NA) when blank


def check_duplicates(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """FACTURE_DOUBLON on every copy of an invoice, FACTURE_QUASI_DOUBLON on both rows of a near pair."""
    inv = frames.invoices
    if inv.empty:
        return []
    work = _keyed(inv)
    exact = work[work["number"].notna()]
    exact = exact[exact["number"].duplicated(keep=False)]  # cheap pre-filter on one column: few rows remain
    exact = exact[exact.duplicated(["supplier", "number"], keep=False)]
    findings: list[Finding] = []
    for _key, group in exact.groupby(["supplier", "number"], sort=False):
        findings += _pairwise(inv, group.index, ctx, "FACTURE_DOUBLON", "invoice_number")
    findings += _near(inv, work, ctx)
    return findings


def _near(inv: pd.DataFrame, work: pd.DataFrame, ctx: InvoiceContext) -> list[Finding]:
    days = ctx.settings.invoice_checks.near_duplicate_days
    base = work.assign(gross=inv["gross_amount"], date=inv["invoice_date"]).dropna(subset=["gross", "date"])
    base = base[base["gross"].duplicated(keep=False)]  # integer pre-filter before the text one
    base = base[base.duplicated(["supplier", "gross"], keep=False)].reset_index(names="idx")
    pairs = base.merge(base, on=["supplier", "gross"], suffixes=("", "_o"))
    pairs = pairs[(pairs["idx"] < pairs["idx_o"]) & ((pairs["date"] - pairs["date_o"]).abs().dt.days <= days)]
    pairs = pairs[pairs["number"].isna() | pairs["number_o"].isna() | (pairs["number"] != pairs["number_o"])]
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in zip(pairs["idx"], pairs["idx_o"], strict=True):
        partners[a].append(b)
        partners[b].append(a)
    return [
        make_finding("FACTURE_QUASI_DOUBLON", ctx.at(_int(inv.at[i, SRC]), _int(inv.at[i, ROW]), "invoice_number"),
                     name=inv.at[i, "supplier_name"], amount=format_xpf(_int(inv.at[i, "gross_amount"])), days=days,
                     other=_others(inv, others, ctx))
        for i, others in sorted(partners.items())
    ]


def _pairwise(inv: pd.DataFrame, index: pd.Index, ctx: InvoiceContext, code: str, field: str) -> list[Finding]:
    return [
        make_finding(code, ctx.at(_int(inv.at[i, SRC]), _int(inv.at[i, ROW]), field),
                     number=inv.at[i, "invoice_number"], name=inv.at[i, "supplier_name"],
                     other=_others(inv, [j for j in index if j != i], ctx))
        for i in index
    ]


def _others(inv: pd.DataFrame, index: list[int] | pd.Index, ctx: InvoiceContext) -> str:
    return ", ".join(ctx.where(_int(inv.at[j, SRC]), _int(inv.at[j, ROW])) for j in index)


def _int(value: Any) -> int:
    return int(value)
