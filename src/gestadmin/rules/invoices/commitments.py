"""Checklist point 6: matching with a commitment (engagement / bon de commande) of the budget workbook.

The commitment must exist and not be cancelled, be in the invoice supplier's name, carry the same budget
line, and have enough balance left. The balance is consumed in order of receipt (then file, row): the invoice
that makes the commitment overflow is the one reported, not the earlier ones that fitted.
"""

from __future__ import annotations

import numpy as np
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


KEYED_FIELDS = ("commitment_number", "ridet", "supplier_name", "budget_code")


def _per_combination(inv: pd.DataFrame, table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series, np.ndarray]:
    """Per invoice: its commitment's row (all NA when unknown), whether the commitment's party and budget line
    differ from the invoice's, and an integer code of its commitment key. Evaluated once per distinct
    (commitment, RIDET, supplier, budget line) combination of keys: registers repeat them."""
    codes: list[np.ndarray] = []
    distinct: list[list[str]] = []
    for name in KEYED_FIELDS:
        code, uniques = pd.factorize(key_of(inv, name).to_numpy(dtype=object))
        codes.append(code.astype(np.int64))
        distinct.append(uniques.tolist() or [""])
    combo_codes = codes[0]
    for code, keys in zip(codes[1:], distinct[1:], strict=True):  # re-factorised at each step: no overflow
        combo_codes = pd.factorize(combo_codes * len(keys) + code)[0].astype(np.int64)
    _, first = np.unique(combo_codes, return_index=True)  # one row standing for each combination
    where = {key: i for i, key in enumerate(table.index) if isinstance(key, str)}
    kr, kn, kb = (table[c].tolist() for c in ("_kr", "_kn", "_kb"))
    outcome = []
    for row in first.tolist():
        commitment, ridet, supplier, line = (keys[code[row]] for keys, code in zip(distinct, codes, strict=True))
        position = where.get(commitment, -1)
        if position < 0:
            outcome.append((-1, False, False))
            continue
        com_ridet, com_line = kr[position] or "", kb[position]
        party = ridet != com_ridet if ridet and com_ridet else supplier != (kn[position] or "")
        other_line = isinstance(com_line, str) and line not in ("", com_line)
        outcome.append((position, party, other_line))
    per_combo = np.array(outcome, dtype=object).reshape(-1, 3)
    rows = per_combo[:, 0].astype(np.int64).take(combo_codes)
    com = table.reset_index(drop=True).reindex(rows).set_axis(inv.index)
    party = pd.Series(per_combo[:, 1].astype(bool).take(combo_codes), index=inv.index)
    line = pd.Series(per_combo[:, 2].astype(bool).take(combo_codes), index=inv.index)
    return com, party, line, codes[0]


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
    com, party_differs, line_differs, key = _per_combination(inv, commitment_table(ctx.budget.commitments))
    found = live & has & com["commitment_number"].notna()
    findings += ctx.emit(inv, live & has & ~found, "commitment_number", "ENGAGEMENT_INCONNU",
                         value=inv["commitment_number"])
    cancelled = found & com["_cancelled"].fillna(False).astype(bool)
    findings += ctx.emit(inv, cancelled, "commitment_number", "ENGAGEMENT_ANNULE", value=inv["commitment_number"])
    other_party = found & party_differs
    # on the commitment number: the number typed is the one to correct (it belongs to another supplier)
    findings += ctx.emit(inv, other_party, "commitment_number", "ENGAGEMENT_TIERS_DIFFERENT",
                         value=inv["commitment_number"], expected=com["party_name"], name=inv["supplier_name"])
    other_line = found & line_differs
    findings += ctx.emit(inv, other_line, "budget_code", "ENGAGEMENT_IMPUTATION_DIFFERENTE",
                         value=inv["budget_code"], number=inv["commitment_number"], expected=com["budget_code"])
    findings += _balance(inv, com, found & ~cancelled & ~other_party, key, ctx)
    return findings


def _balance(inv: pd.DataFrame, com: pd.DataFrame, counted: pd.Series, key: np.ndarray,
             ctx: InvoiceContext) -> list[Finding]:
    gross = inv["gross_amount"].astype("Int64").fillna(0)
    order = pd.DataFrame({"key": key, "received": inv["received_date"], REG: inv[REG], ROW: inv[ROW],
                          "gross": gross.where(counted, 0)}).sort_values(["received", REG, ROW], na_position="last")
    consumed = order.groupby("key")["gross"].cumsum().reindex(inv.index)  # key: integer code, never NA
    before = consumed - gross.where(counted, 0)
    amount = com["amount"].astype("Int64")
    over = counted & (consumed > amount).fillna(False) & inv["gross_amount"].notna()
    return ctx.emit(inv, over.astype(bool), "gross_amount", "ENGAGEMENT_DEPASSE",
                    money=("amount", "remaining", "total"), amount=gross, value=inv["commitment_number"],
                    remaining=(amount - before).clip(lower=0), total=amount)
