"""Checklist point 10: the 30-day ordering deadline (délai de mandatement) from receipt, NC calendar
(`model.calendar.ordering_deadline`: NC public holidays + closure days from the settings).

Warning from day `warning_day` (20) of the delay, error once the due date is past. Only invoices still to
order are concerned. Due dates are computed once per distinct receipt date (a few hundred in a year), then
mapped over the frame: the rule stays vectorised on 100k rows.
"""

from __future__ import annotations

import numpy as np
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
    received = inv["received_date"]
    if isinstance(received.dtype, np.dtype) and received.dtype.kind == "M":  # the reader's dates: plain arrays
        elapsed, due, left = _deadline_arrays(frames, ctx)
    else:
        table = deadline_table(frames, ctx).reindex(inv.index)
        elapsed, due, left = table["elapsed"], table["due"], table["left"]
    late = (left < 0).fillna(False).astype(bool)
    near = ~late & (elapsed >= ctx.settings.deadline.warning_day).fillna(False).astype(bool)
    return (ctx.emit(inv, near, "received_date", "DELAI_PROCHE", elapsed=elapsed, due=due,
                     days=ctx.settings.deadline.days, left=left)
            + ctx.emit(inv, late, "received_date", "DELAI_DEPASSE", due=due, late=-left))


def _deadline_arrays(frames: InvoiceFrames, ctx: InvoiceContext) -> tuple[pd.Series, pd.Series, pd.Series]:
    """`deadline_table` aligned on every invoice (NA where not concerned), computed on numpy arrays."""
    inv = frames.invoices
    received = inv["received_date"].to_numpy()
    today = np.datetime64(ctx.today, "D").astype(received.dtype)
    todo = pending(inv).to_numpy(dtype=bool) & ~np.isnat(received) & (received <= today)
    days, position = np.unique(received[todo], return_inverse=True)  # due dates once per receipt day
    dues = np.array([np.datetime64(ordering_deadline(pd.Timestamp(day).date(), settings=ctx.settings), "ns")
                     for day in days], dtype="datetime64[ns]")
    due = np.full(len(inv), np.datetime64("NaT"), dtype="datetime64[ns]")
    due[todo] = dues[position.reshape(-1)]
    one_day = np.timedelta64(1, "D")
    elapsed = np.zeros(len(inv), dtype=np.int64)
    left = np.zeros(len(inv), dtype=np.int64)
    elapsed[todo] = (today - received[todo]) // one_day
    left[todo] = (due[todo] - np.datetime64(ctx.today, "ns")) // one_day
    index = inv.index
    return (pd.Series(pd.array(elapsed, dtype="Int64"), index=index).where(todo),
            pd.Series(due, index=index), pd.Series(pd.array(left, dtype="Int64"), index=index).where(todo))
