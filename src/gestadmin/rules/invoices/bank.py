"""Checklist point 9: bank details valid (RIB key, IBAN mod 97) and equal to the directory's.

Different bank details on a known supplier are the classic invoice fraud: the invoice is BLOCKED (an error)
until an out-of-band confirmation (call-back) of that exact account for that supplier is recorded in the
store; once confirmed, an information finding says who confirmed it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gestadmin.distinct import per_distinct
from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.invoices import VOID
from gestadmin.model.parties import name_key, ridet_key
from gestadmin.rules.common import bank_account_problem
from gestadmin.rules.invoices.context import (
    ROW,
    SRC,
    DirectoryMatch,
    InvoiceContext,
    InvoiceFrames,
    directory_match,
    in_statuses,
    key_of,
    present,
)


def party_key(ridet: object, name: object) -> str:
    """Key of a supplier in RIB confirmations: its RIDET when known, else its name."""
    return ridet_key(ridet) or f"nom:{name_key(name)}"


def confirmation_of(ctx: InvoiceContext, ridet: object, name: object, bank: str) -> tuple[str, str, str] | None:
    """(who, when, how) of a confirmation of `bank` for this supplier, recorded under its RIDET or its name."""
    for key in (ridet_key(ridet), f"nom:{name_key(name)}"):
        if key and (key, bank) in ctx.confirmations:
            return ctx.confirmations[(key, bank)]
    return None


def check_bank_details(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """RIB_INVALIDE / IBAN_INVALIDE / IBAN_HORS_SEPA, RIB_DIFFERENT (blocked), RIB_CONFIRME (information)."""
    inv = frames.invoices
    if inv.empty or "bank_account" not in inv:
        return []
    has = present(inv, "bank_account")
    # (code, detail) per distinct value, then only the flagged rows are read, from plain arrays
    problems = per_distinct(inv["bank_account"], lambda v: bank_account_problem(str(v)), None)
    flagged = np.flatnonzero(has.to_numpy(dtype=bool) & pd.notna(problems)).tolist()
    sources, rows, values = (inv[c].to_numpy(dtype=object) for c in (SRC, ROW, "bank_account"))
    findings = [
        make_finding(problems[i][0], ctx.at(int(sources[i]), int(rows[i]), "bank_account"),
                     label=ctx.label(int(sources[i]), "bank_account"), value=values[i], detail=problems[i][1])
        for i in flagged
    ]
    if ctx.directory is None:
        return findings
    match = directory_match(inv, ctx)
    keys = key_of(inv, "bank_account")
    differs = has & ~in_statuses(inv, VOID) & match["known"] & match["bank_differs"]
    confirmed = pd.Series(False, index=inv.index)
    if differs.any() and ctx.confirmations:
        pairs = zip(match["dir_ridet"][differs], match["dir_name"][differs], keys[differs], strict=True)
        confirmed.loc[differs] = np.array([confirmation_of(ctx, r, n, k) is not None for r, n, k in pairs])
    findings += ctx.emit(inv, differs & ~confirmed, "bank_account", "RIB_DIFFERENT", value=inv["bank_account"],
                         expected=match["dir_account"])
    if confirmed.any():
        findings += _confirmed(inv, confirmed, match, keys, ctx)
    return findings


def _confirmed(inv: pd.DataFrame, mask: pd.Series, match: DirectoryMatch, keys: pd.Series,
               ctx: InvoiceContext) -> list[Finding]:
    info = [confirmation_of(ctx, r, n, k) or ("?", "?", "?")
            for r, n, k in zip(match["dir_ridet"][mask], match["dir_name"][mask], keys[mask], strict=True)]
    who = pd.Series([i[0] for i in info], index=inv.index[mask])
    when = pd.Series([i[1] for i in info], index=inv.index[mask])
    how = pd.Series([i[2] for i in info], index=inv.index[mask])
    return ctx.emit(inv, mask, "bank_account", "RIB_CONFIRME", who=who.reindex(inv.index),
                    when=when.reindex(inv.index), how=how.reindex(inv.index))
