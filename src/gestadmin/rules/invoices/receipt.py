"""Checklist point 1: the receipt date starts the ordering deadline; it must be there and not in the future."""

from __future__ import annotations

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.rules.invoices.context import InvoiceContext, InvoiceFrames, not_unreadable, present


def check_receipt(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """RECEPTION_ABSENTE when the date is missing, RECEPTION_FUTURE when it is after `ctx.today`."""
    inv = frames.invoices
    if inv.empty:
        return []
    has = present(inv, "received_date")
    missing = ~has & not_unreadable(inv, "received_date", ctx)
    future = has & (inv["received_date"] > pd.Timestamp(ctx.today))
    return (ctx.emit(inv, missing, "received_date", "RECEPTION_ABSENTE")
            + ctx.emit(inv, future, "received_date", "RECEPTION_FUTURE", value=inv["received_date"], today=ctx.today))
