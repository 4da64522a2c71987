"""Checklist point 10: the 30-day ordering deadline (délai de mandatement) from receipt, NC calendar
(`model.calendar.ordering_deadline`: NC public holidays + closure days from the settings).

Warning from day `warning_day` (20) of the delay, error once the due date is past. Only invoices still to
order are concerned. Due dates are computed once per distinct receipt date (a few hundred in a year), then
mapped over the frame: the rule stays vectorised on 100k rows.
"""

from __future__ import annotations

import pandas as pd

from gestadmin.findings import Finding
from gestadmin.model.calendar import ordering_deadline
from gestadmin.rules.invoices.budget import pending
from gestadmin.rules.invoices.context import InvoiceContext, InvoiceFrames


def deadline_table(frames: InvoiceFrames, ctx: InvoiceContext) -> pd.DataFrame:
    """Per pending invoice with a receipt date not in the future: due date, days elapsed, days left."""
    inv = frames.invoices
    today = pd.Timestamp(ctx.today)
    todo = pending(inv) & inv["received_date"].notna() & (inv["received_date"] <= today)
    received = inv.loc[todo, "received_date"]
    dues = {day: pd.Timestamp(ordering_deadline(day.date(), settings=ctx.settings))
            for day in map(pd.Timestamp, pd.unique(received))}
    due = received.map(dues).astype("datetime64[ns]")
    return pd.DataFrame({
        "received": received, "due": due,
        "elapsed": (today - received).dt.days.astype("Int64"), "left": (due - today).dt.days.astype("Int64"),
    }, index=received.index)


def check_deadline(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """DELAI_PROCHE (warning from day 20), DELAI_DEPASSE (error past the due date), on the receipt date."""
    inv = frames.invoices
    if inv.empty:
        return []
    table = deadline_table(frames, ctx).reindex(inv.index)
    late = (table["left"] < 0).fillna(False).astype(bool)
    near = ~late & (table["elapsed"] >= ctx.settings.deadline.warning_day).fillna(False).astype(bool)
    return (ctx.emit(inv, near, "received_date", "DELAI_PROCHE", elapsed=table["elapsed"], due=table["due"],
                     days=ctx.settings.deadline.days, left=table["left"])
            + ctx.emit(inv, late, "received_date", "DELAI_DEPASSE", due=table["due"], late=-table["left"]))
