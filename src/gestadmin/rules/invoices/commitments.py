"""Checklist point 6: matching with a commitment (engagement / bon de commande) of the budget workbook.

The commitment must exist and not be cancelled, be in the invoice supplier's name, carry the same budget
line, and have enough balance left. The balance is consumed in order of receipt (then file, row): the invoice
that makes the commitment overflow is the one reported, not the earlier ones that fitted.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import VOID
from gestadmin.model.parties import name_key, ridet_key
from gestadmin.model.statuses import CommitmentStatus
from gestadmin.rules.invoices.context import REG, ROW, InvoiceContext, InvoiceFrames, by_value, in_statuses, present


def commitment_key(values: pd.Series) -> pd.Series:
    """Comparison form of commitment numbers and budget codes (trimmed, case-folded; NA stays NA)."""
    return by_value(values, lambda v: str(v).strip().casefold()).astype("string")


def keyed(values: pd.Series, key: Callable[[object], str]) -> pd.Series:
    """`key` applied once per distinct value, then mapped (suppliers repeat: fast on 100k rows)."""
    mapping = {v: key(v) for v in pd.unique(values.dropna())}
    return values.map(mapping).fillna("").astype(object)


def _party_mismatch(inv: pd.DataFrame, com: pd.DataFrame) -> pd.Series:
    inv_r = keyed(inv.get("ridet", pd.Series(None, index=inv.index, dtype=object)), ridet_key)
    com_r = keyed(com.get("ridet", pd.Series(None, index=com.index, dtype=object)), ridet_key)
    by_ridet = (inv_r != "") & (com_r != "")
    names_differ = keyed(inv["supplier_name"], name_key) != keyed(com["party_name"], name_key)
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
    commitments = ctx.budget.commitments.assign(_key=commitment_key(ctx.budget.commitments["commitment_number"]))
    commitments = commitments.drop_duplicates("_key").set_index("_key")
    key = commitment_key(inv["commitment_number"])
    com = commitments.reindex(key.fillna("").to_numpy()).set_index(inv.index)
    found = live & has & com["commitment_number"].notna()
    findings += ctx.emit(inv, live & has & ~found, "commitment_number", "ENGAGEMENT_INCONNU",
                         value=inv["commitment_number"])
    cancelled = found & (commitment_key(com["status"]) == CommitmentStatus.CANCELLED.value.casefold()).fillna(False)
    findings += ctx.emit(inv, cancelled, "commitment_number", "ENGAGEMENT_ANNULE", value=inv["commitment_number"])
    other_party = found & _party_mismatch(inv, com)
    # on the commitment number: the number typed is the one to correct (it belongs to another supplier)
    findings += ctx.emit(inv, other_party, "commitment_number", "ENGAGEMENT_TIERS_DIFFERENT",
                         value=inv["commitment_number"], expected=com["party_name"], name=inv["supplier_name"])
    other_line = found & present(inv, "budget_code") & (
        commitment_key(inv["budget_code"]) != commitment_key(com["budget_code"])).fillna(False)
    findings += ctx.emit(inv, other_line, "budget_code", "ENGAGEMENT_IMPUTATION_DIFFERENTE",
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
