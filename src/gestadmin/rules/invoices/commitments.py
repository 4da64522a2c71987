"""Checklist point 6: matching with a commitment (engagement / bon de commande) of the budget workbook.

The commitment must exist and not be cancelled, be in the invoice supplier's name, carry the same budget
line, and have enough balance left. The balance is consumed in order of receipt (then file, row): the invoice
that makes the commitment overflow is the one reported, not the earlier ones that fitted.
"""

from __future__ import annotations

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import VOID
from gestadmin.model.parties import name_key, ridet_key
from gestadmin.model.statuses import CommitmentStatus
from gestadmin.rules.invoices.context import (
    REG,
    ROW,
    InvoiceContext,
    InvoiceFrames,
    by_value,
    code_key,
    in_statuses,
    key_of,
    keyed,
    present,
)


def commitment_key(values: pd.Series) -> pd.Series:
    """Comparison form of commitment numbers and budget codes (trimmed, case-folded; NA stays NA)."""
    return by_value(values, code_key).astype("string")


def commitment_table(commitments: pd.DataFrame) -> pd.DataFrame:
    """The budget's commitments indexed by key, with their party keys, line key and cancellation computed on
    the small table (before it is aligned on 100k invoices)."""
    none = pd.Series(None, index=commitments.index, dtype=object)
    table = commitments.assign(
        _key=commitment_key(commitments["commitment_number"]), _kr=keyed(commitments.get("ridet", none), ridet_key),
        _kn=keyed(commitments["party_name"], name_key), _kb=commitment_key(commitments["budget_code"]),
        _cancelled=(commitment_key(commitments["status"]) == CommitmentStatus.CANCELLED.value.casefold())
        .fillna(False).astype(bool),
    )
    return table.drop_duplicates("_key").set_index("_key")


def _party_mismatch(inv: pd.DataFrame, com: pd.DataFrame) -> pd.Series:
    inv_r, com_r = key_of(inv, "ridet"), com["_kr"].fillna("")
    by_ridet = (inv_r != "") & (com_r != "")
    names_differ = key_of(inv, "supplier_name") != com["_kn"].fillna("")
    return (by_ridet & (inv_r != com_r)) | (~by_ridet & names_differ)


def check_commitment(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """ENGAGEMENT_ABSENT (warning), ENGAGEMENT_INCONNU, ENGAGEMENT_ANNULE, ENGAGEMENT_TIERS_DIFFERENT,
    ENGAGEMENT_IMPUTATION_DIFFERENTE, ENGAGEMENT_DEPASSE."""
    inv = frames.invoices
    if inv.empty:
        return []
    live = ~in_statuses(inv, VOID)
    has = present(inv, "commitment_number")
    findings = ctx.emit(inv, live & ~has, "commitment_number", "ENGAGEMENT_ABSENT")
    if ctx.budget is None:
        return findings
    key = key_of(inv, "commitment_number")
    com = commitment_table(ctx.budget.commitments).reindex(key.to_numpy()).set_index(inv.index)
    found = live & has & com["commitment_number"].notna()
    findings += ctx.emit(inv, live & has & ~found, "commitment_number", "ENGAGEMENT_INCONNU",
                         value=inv["commitment_number"])
    cancelled = found & com["_cancelled"].fillna(False).astype(bool)
    findings += ctx.emit(inv, cancelled, "commitment_number", "ENGAGEMENT_ANNULE", value=inv["commitment_number"])
    other_party = found & _party_mismatch(inv, com)
    # on the commitment number: the number typed is the one to correct (it belongs to another supplier)
    findings += ctx.emit(inv, other_party, "commitment_number", "ENGAGEMENT_TIERS_DIFFERENT",
                         value=inv["commitment_number"], expected=com["party_name"], name=inv["supplier_name"])
    other_line = found & present(inv, "budget_code") & (key_of(inv, "budget_code") != com["_kb"]).fillna(False)
    findings += ctx.emit(inv, other_line.astype(bool), "budget_code", "ENGAGEMENT_IMPUTATION_DIFFERENTE",
                         value=inv["budget_code"], number=inv["commitment_number"], expected=com["budget_code"])
    findings += _balance(inv, com, found & ~cancelled & ~other_party, key, ctx)
    return findings


def _balance(inv: pd.DataFrame, com: pd.DataFrame, counted: pd.Series, key: pd.Series,
             ctx: InvoiceContext) -> list[Finding]:
    gross = inv["gross_amount"].astype("Int64").fillna(0)
    order = pd.DataFrame({"key": key, "received": inv["received_date"], REG: inv[REG], ROW: inv[ROW],
                          "gross": gross.where(counted, 0)}).sort_values(["received", REG, ROW], na_position="last")
    consumed = order.groupby("key", dropna=False)["gross"].cumsum().reindex(inv.index)
    before = consumed - gross.where(counted, 0)
    amount = com["amount"].astype("Int64")
    over = counted & (consumed > amount).fillna(False) & inv["gross_amount"].notna()
    return ctx.emit(inv, over.astype(bool), "gross_amount", "ENGAGEMENT_DEPASSE",
                    money=("amount", "remaining", "total"), amount=gross, value=inv["commitment_number"],
                    remaining=(amount - before).clip(lower=0), total=amount)
