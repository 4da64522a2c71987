"""Budget execution figures, per line and rolled up per chapter and section (DOMAIN.md section 1).

Pure computations over the reader's typed frames (`Lignes budgétaires`, `Engagements`, `Mandats`):

- appropriations = BP + BS + DM + transfers + carried forward (empty cells count as 0);
- committed = commitments not cancelled; mandated = mandats of the fiscal year, where operating-section
  mandats dated up to the end of NC's complementary period (31 January N+1) still count for year N;
- paid = counted mandats with a payment date; available = appropriations - committed;
- remaining to mandate = committed - mandated; carry-forward (RAR) at year end = max(committed - mandated, 0);
- commitment rate = committed / appropriations, spend rate = mandated / appropriations, payment rate =
  paid / mandated (None when the denominator is 0).

Figures are recomputed from the input columns, never taken from the workbook's formula columns, so a
workbook never recalculated (written by openpyxl, or edited in LibreOffice) gives the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from gestadmin.model.statuses import CommitmentStatus, Direction, Section

CREDIT_PARTS = ("initial_budget", "supplementary_budget", "budget_amendment", "credit_transfer", "carried_forward")
AMOUNTS = ("appropriations", "committed", "mandated", "paid", "available", "to_mandate", "carry_forward")
RATES = ("commitment_rate", "spend_rate", "payment_rate")
LINE_KEYS = ("budget_code", "direction", "section", "chapter", "nature_account", "function_code", "label")
ROW = "_row"


@dataclass(frozen=True, slots=True)
class FiscalPeriod:
    """The fiscal year and the end of its complementary period (operating section only)."""

    fiscal_year: int
    complementary_end: dt.date

    @classmethod
    def of(cls, fiscal_year: int, complementary_end: tuple[int, int] = (1, 31)) -> FiscalPeriod:
        """Period of year N; `complementary_end` is (month, day) in N+1 (settings.budget)."""
        month, day = complementary_end
        return cls(fiscal_year, dt.date(fiscal_year + 1, month, day))

    @property
    def year_end(self) -> dt.date:
        """31 December of the fiscal year."""
        return dt.date(self.fiscal_year, 12, 31)


def code_key(values: pd.Series) -> pd.Series:
    """Comparable budget codes / numbers: text, no spaces, upper case (NA stays NA)."""
    text = values.astype("string").str.replace(r"\s+", "", regex=True).str.upper()
    return text.mask(text == "")


def _amount(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(0, index=frame.index, dtype="Int64")
    return pd.to_numeric(frame[name], errors="coerce").astype("Int64").fillna(0)


def appropriations(lines: pd.DataFrame) -> pd.Series:
    """Crédits ouverts of each line (Int64, empty parts count as 0)."""
    total = pd.Series(0, index=lines.index, dtype="Int64")
    for part in CREDIT_PARTS:
        total = total + _amount(lines, part)
    return total


def active_commitments(commitments: pd.DataFrame) -> pd.DataFrame:
    """Commitments that reserve credits (every status but cancelled, as the workbook's SUMIFS)."""
    status = commitments.get("status", pd.Series(None, index=commitments.index, dtype=object))
    return commitments[status.astype("string").fillna("").str.strip() != CommitmentStatus.CANCELLED.value]


def counted_orders(orders: pd.DataFrame, sections: pd.Series, period: FiscalPeriod) -> pd.Series:
    """Mask of the mandats that count for the fiscal year.

    `sections` maps each order's index to its line's section. Year N dates count; operating-section
    mandats dated from 1 January N+1 to the complementary end count for N too. Undated mandats count
    (the reader reports the missing date); anything else belongs to another year.
    """
    dates = pd.to_datetime(orders["order_date"], errors="coerce")
    year = dates.dt.year
    in_year = year == period.fiscal_year
    operating = sections.reindex(orders.index).astype("string") == Section.OPERATING.value
    complementary = (year == period.fiscal_year + 1) & (dates <= pd.Timestamp(period.complementary_end))
    return (dates.isna() | in_year | (operating & complementary)).fillna(False).astype(bool)


def _sum_by_code(frame: pd.DataFrame, amount: pd.Series) -> pd.Series:
    if frame.empty:
        return pd.Series(dtype="Int64")
    keys = code_key(frame["budget_code"])
    return amount.groupby(keys).sum().astype("Int64")


def rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as Float64, NA where the denominator is 0 or missing."""
    num = numerator.astype("Float64")
    den = denominator.astype("Float64")
    return (num / den.where(den != 0)).astype("Float64")


def line_figures(lines: pd.DataFrame, commitments: pd.DataFrame, orders: pd.DataFrame,
                 period: FiscalPeriod) -> pd.DataFrame:
    """One row per budget line: identity columns, `_row`, every amount of AMOUNTS and every rate of RATES."""
    out = pd.DataFrame({k: lines[k] if k in lines else None for k in LINE_KEYS}, index=lines.index)
    out[ROW] = lines[ROW] if ROW in lines else pd.NA
    keys = code_key(lines["budget_code"])
    out["appropriations"] = appropriations(lines)
    active = active_commitments(commitments)
    committed = _sum_by_code(active, _amount(active, "amount"))
    sections = pd.Series(lines["section"].to_numpy(), index=keys.to_numpy()).groupby(level=0).first()
    counted = orders
    if not orders.empty:
        counted = orders[counted_orders(orders, code_key(orders["budget_code"]).map(sections), period)]
    mandated = _sum_by_code(counted, _amount(counted, "amount"))
    paid_mask = pd.to_datetime(counted["payment_date"], errors="coerce").notna() if not counted.empty else None
    paid = _sum_by_code(counted, _amount(counted, "amount").where(paid_mask, 0)) if paid_mask is not None else None
    out["committed"] = _lookup(keys, committed)
    out["mandated"] = _lookup(keys, mandated)
    out["paid"] = _lookup(keys, paid)
    return with_derived(out)


def _lookup(keys: pd.Series, totals: pd.Series | None) -> pd.Series:
    if totals is None or totals.empty:
        return pd.Series(0, index=keys.index, dtype="Int64")
    return pd.Series(totals.reindex(keys.to_numpy()).to_numpy(), index=keys.index, dtype="Int64").fillna(0)


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Add available, to_mandate, carry_forward and the rates from the four base amounts."""
    out = frame.copy()
    out["available"] = out["appropriations"] - out["committed"]
    out["to_mandate"] = out["committed"] - out["mandated"]
    if "carry_forward" not in out:  # rolled-up RAR is the sum of the lines' RAR, never clipped on totals
        out["carry_forward"] = out["to_mandate"].clip(lower=0)
    out["commitment_rate"] = rate(out["committed"], out["appropriations"])
    out["spend_rate"] = rate(out["mandated"], out["appropriations"])
    out["payment_rate"] = rate(out["paid"], out["mandated"])
    return out


def expenditure(figures: pd.DataFrame) -> pd.DataFrame:
    """Expenditure lines only (an empty direction means expenditure, the template's default)."""
    direction = figures["direction"].astype("string").fillna(Direction.EXPENDITURE.value)
    return figures[direction != Direction.REVENUE.value]


def rollup(figures: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Totals per group (e.g. ["section"] or ["section", "chapter"]); rates recomputed on the totals."""
    base = ["appropriations", "committed", "mandated", "paid", "carry_forward"]
    if figures.empty:
        return with_derived(pd.DataFrame(columns=[*by, *base]).astype(dict.fromkeys(base, "Int64")))
    groups = figures.assign(**{k: figures[k].astype("string").fillna("") for k in by})
    totals = groups.groupby(by, sort=True)[base].sum().reset_index()
    totals[base] = totals[base].astype("Int64")
    return with_derived(totals)


def total(figures: pd.DataFrame) -> dict[str, object]:
    """Grand total of some lines as a mapping of AMOUNTS and RATES."""
    frame = rollup(figures.assign(_all=""), ["_all"])
    if frame.empty:
        return dict.fromkeys((*AMOUNTS, *RATES), 0)
    row = frame.iloc[0]
    return {k: (None if pd.isna(row[k]) else row[k]) for k in (*AMOUNTS, *RATES)}


def available_for(code: str, lines: pd.DataFrame, commitments: pd.DataFrame) -> int | None:
    """Available balance (appropriations - committed) of one budget code; None when the budget lacks it.

    This is the computation behind the worksheet formula DISPONIBLE and the commitment control.
    """
    keys = code_key(lines["budget_code"])
    wanted = code_key(pd.Series([code])).iloc[0]
    mask = (keys == wanted).fillna(False).astype(bool)
    if pd.isna(wanted) or not mask.any():
        return None
    credits = int(appropriations(lines[mask]).sum())
    active = active_commitments(commitments)
    reserved = (code_key(active["budget_code"]) == wanted).fillna(False).astype(bool) if not active.empty else None
    committed = int(_amount(active, "amount")[reserved].sum()) if reserved is not None else 0
    return credits - committed


MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
COMPLEMENTARY_LABEL = "compl."


def monthly_consumption(figures: pd.DataFrame, orders: pd.DataFrame, period: FiscalPeriod) -> pd.DataFrame:
    """Mandated per month of the fiscal year (expenditure lines), cumulated, and the cumulated spend rate.

    Operating mandats of the complementary period form a 13th point labelled `compl.`; the rate is the
    cumulated mandated amount over the expenditure appropriations.
    """
    spend = expenditure(figures)
    keys = code_key(spend["budget_code"])
    sections = pd.Series(spend["section"].to_numpy(), index=keys.to_numpy()).groupby(level=0).first()
    months = pd.Series(0, index=range(1, 14), dtype="Int64")
    if not orders.empty:
        order_keys = code_key(orders["budget_code"])
        known = order_keys.isin(set(keys.dropna())).fillna(False).astype(bool)
        mine = orders[known & counted_orders(orders, order_keys.map(sections), period)]
        dates = pd.to_datetime(mine["order_date"], errors="coerce")
        month = dates.dt.month.where(dates.dt.year == period.fiscal_year, 13).fillna(12).astype(int)
        months = months.add(_amount(mine, "amount").groupby(month).sum(), fill_value=0).astype("Int64")
    credits = int(spend["appropriations"].sum())
    out = pd.DataFrame({"month": range(1, 14), "label": [*MONTHS_FR, COMPLEMENTARY_LABEL],
                        "mandated": months.to_numpy()})
    out["mandated"] = out["mandated"].astype("Int64")
    out["cumulated"] = out["mandated"].cumsum().astype("Int64")
    out["cumulated_rate"] = rate(out["cumulated"], pd.Series(credits, index=out.index))
    return out
