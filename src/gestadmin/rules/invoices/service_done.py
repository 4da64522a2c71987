"""Checklist point 7: service done is certified before liquidation, ordering or payment."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import AFTER_SERVICE_DONE
from gestadmin.rules.invoices.context import (
    InvoiceContext,
    InvoiceFrames,
    by_value,
    in_statuses,
    not_unreadable,
    present,
)

STAGES = (("liquidation_date", "liquidation"), ("ordering_date", "mandatement"), ("payment_date", "mise en paiement"))
_STAGE_WORD = {"Liquidée": "liquidée", "Mandatée": "mandatée", "Transmise au comptable": "transmise au comptable",
               "Payée": "payée"}


def check_service_done(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """SERVICE_FAIT_MANQUANT when a later step is recorded without it, SERVICE_FAIT_TARDIF when it is dated after."""
    inv = frames.invoices
    if inv.empty:
        return []
    # masks as numpy arrays (cheap on 2k rows); copies, as they are updated in place
    later = in_statuses(inv, AFTER_SERVICE_DONE).to_numpy(dtype=bool, copy=True)
    words = by_value(inv["status"], lambda v: _STAGE_WORD.get(str(v).strip())).to_numpy(dtype=object)
    unset = pd.isna(words)
    for column, word in reversed(STAGES):  # the status word, else the latest dated step
        dated = present(inv, column).to_numpy(dtype=bool)
        later |= dated
        words = np.where(unset & dated, word, words)
        unset &= ~dated
    stage = pd.Series(words, index=inv.index, dtype=object)
    done = present(inv, "service_done_date").to_numpy(dtype=bool, copy=True)
    missing = later & ~done & not_unreadable(inv, "service_done_date", ctx).to_numpy(dtype=bool)
    findings = ctx.emit(inv, missing, "service_done_date", "SERVICE_FAIT_MANQUANT", stage=stage)
    for column, word in STAGES:
        if column not in inv:
            continue
        late = done & present(inv, column).to_numpy(dtype=bool) & _after(inv["service_done_date"], inv[column])
        findings += ctx.emit(inv, late, "service_done_date", "SERVICE_FAIT_TARDIF",
                             value=inv["service_done_date"], stage=word, other=inv[column])
        done &= ~late  # one finding per invoice: the earliest step it came after
    return findings


def _after(first: pd.Series, second: pd.Series) -> np.ndarray[Any, Any]:
    """True where `first` is after `second` (False where either is missing)."""
    if all(isinstance(c.dtype, np.dtype) and c.dtype.kind == "M" for c in (first, second)):
        return first.to_numpy() > second.to_numpy()  # NaT compares False
    return (first > second).fillna(False).to_numpy(dtype=bool)
