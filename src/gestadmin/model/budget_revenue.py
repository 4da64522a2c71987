"""Revenue side of the budget: forecasts, titles issued, collected, outstanding, realisation rate.

`titles` is one row per issued title / revenue invoice (credit notes with a negative amount) with the
columns `budget_code`, `amount` (TTC issued) and `collected` (sum of its receipts). The service builds it
from the revenue register (or from `Mandats` rows on revenue lines when a workbook records titles there).
"""

from __future__ import annotations

import pandas as pd

from gestadmin.model.budget import LINE_KEYS, ROW, appropriations, code_key, rate
from gestadmin.model.statuses import Direction

REVENUE_AMOUNTS = ("forecast", "issued", "collected", "outstanding")
REVENUE_RATES = ("realisation_rate", "collection_rate")


def revenue_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Budget lines whose direction is Recette."""
    direction = lines["direction"].astype("string") if "direction" in lines else pd.Series(pd.NA, index=lines.index)
    return lines[(direction == Direction.REVENUE.value).fillna(False).astype(bool)]


def _by_code(titles: pd.DataFrame, column: str) -> pd.Series:
    if titles.empty:
        return pd.Series(dtype="Int64")
    amounts = pd.to_numeric(titles[column], errors="coerce").astype("Int64").fillna(0)
    return amounts.groupby(code_key(titles["budget_code"])).sum().astype("Int64")


def revenue_figures(lines: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """One row per revenue line: identity, forecast (crédits ouverts), issued, collected, outstanding, rates."""
    own = revenue_lines(lines)
    out = pd.DataFrame({k: own[k] if k in own else None for k in LINE_KEYS}, index=own.index)
    out[ROW] = own[ROW] if ROW in own else pd.NA
    keys = code_key(own["budget_code"])
    out["forecast"] = appropriations(own)
    for column, source in (("issued", "amount"), ("collected", "collected")):
        totals = _by_code(titles, source)
        values = totals.reindex(keys.to_numpy()).to_numpy() if not totals.empty else None
        out[column] = pd.Series(values if values is not None else 0, index=own.index, dtype="Int64").fillna(0)
    return with_revenue_derived(out)


def with_revenue_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Outstanding (reste à recouvrer) and the two rates from forecast, issued and collected."""
    out = frame.copy()
    out["outstanding"] = out["issued"] - out["collected"]
    out["realisation_rate"] = rate(out["issued"], out["forecast"])
    out["collection_rate"] = rate(out["collected"], out["issued"])
    return out


def revenue_rollup(figures: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Revenue totals per group, rates recomputed on the totals."""
    base = ["forecast", "issued", "collected"]
    if figures.empty:
        return with_revenue_derived(pd.DataFrame(columns=[*by, *base]).astype(dict.fromkeys(base, "Int64")))
    groups = figures.assign(**{k: figures[k].astype("string").fillna("") for k in by})
    totals = groups.groupby(by, sort=True)[base].sum().reset_index()
    totals[base] = totals[base].astype("Int64")
    return with_revenue_derived(totals)
