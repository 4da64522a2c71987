"""Checklist point 4: the mandatory mentions (settings list) are present on every invoice.

A rate may be missing on an invoice whose lines carry their own rates (several TGC rates on one invoice);
cells the reader could not type were already reported and are not reported again as missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.invoices import VOID
from gestadmin.rules.invoices.context import (
    REG,
    InvoiceContext,
    InvoiceFrames,
    by_value,
    in_statuses,
    not_unreadable,
    present,
)


def lines_with_rates(frames: InvoiceFrames) -> pd.Series:
    """True for invoices that have detail lines carrying a TGC rate."""
    inv, lines = frames.invoices, frames.lines
    if lines.empty or "tax_rate" not in lines:
        return pd.Series(False, index=inv.index)
    rated = lines.loc[lines["tax_rate"].notna(), [REG, "registration_number"]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(rated)
    probe = pd.MultiIndex.from_arrays([inv[REG], inv["registration_number"]])
    return pd.Series(probe.isin(keys), index=inv.index)


def _labeller(ctx: InvoiceContext, field: str) -> Callable[[Any], str]:
    return lambda src: ctx.label(int(src), field)


def check_mentions(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """MENTION_MANQUANTE on each empty mandatory cell."""
    inv = frames.invoices
    if inv.empty:
        return []
    live = ~in_statuses(inv, VOID).to_numpy(dtype=bool)  # masks as numpy arrays: cheap on 2k rows
    findings: list[Finding] = []
    for field in ctx.settings.invoice_checks.mandatory_mentions:
        readable = not_unreadable(inv, field, ctx).to_numpy(dtype=bool)
        missing = live & ~present(inv, field).to_numpy(dtype=bool) & readable
        if field == "tax_rate":
            missing &= ~lines_with_rates(frames).to_numpy(dtype=bool)
        labels = by_value(inv["_src"], _labeller(ctx, field)) if missing.any() else None
        findings += ctx.emit(inv, missing, field, "MENTION_MANQUANTE", label=labels)
    return findings
