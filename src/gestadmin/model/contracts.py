"""Contracts and agreements (marchés, contrats, conventions): consumption, balance, expiry, threshold cumulation.

- per contract: total = initial + amendments; committed = its active commitments (Engagements whose
  `contract_ref` names it); invoiced = invoices of those commitments (not rejected/cancelled);
  balance = total - committed; days left until the end date;
- cumulation: commitments of the fiscal year OUTSIDE any known contract, per supplier (RIDET, else name) and
  kind of purchase (the budget line's nature account), on purchase chapters only (payroll and subsidies are
  not purchases), compared with the procurement thresholds (settings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from gestadmin.model.budget import ROW, active_commitments, code_key


def _amount(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(0, index=frame.index, dtype="Int64")
    return pd.to_numeric(frame[name], errors="coerce").astype("Int64").fillna(0)


def contract_figures(contracts: pd.DataFrame, commitments: pd.DataFrame, invoices: pd.DataFrame,
                     today: dt.date) -> pd.DataFrame:
    """One row per contract: number, holder, type, total, committed, invoiced, balance, days_left, `_row`."""
    out = contracts[[c for c in ("contract_number", "subject", "lot", "holder", "contract_type", "start_date",
                                 "end_date", ROW) if c in contracts]].copy()
    keys = code_key(contracts["contract_number"])
    out["total"] = _amount(contracts, "initial_amount") + _amount(contracts, "amendments")
    active = active_commitments(commitments)
    refs = code_key(active["contract_ref"]) if "contract_ref" in active else pd.Series(pd.NA, index=active.index)
    committed = _amount(active, "amount").groupby(refs).sum()
    out["committed"] = _lookup(keys, committed)
    out["invoiced"] = _lookup(keys, _invoiced(active, refs, invoices))
    out["balance"] = out["total"] - out["committed"]
    ends = pd.to_datetime(contracts["end_date"], errors="coerce")
    out["days_left"] = (ends - pd.Timestamp(today)).dt.days.astype("Int64")
    return out


def _invoiced(active: pd.DataFrame, refs: pd.Series, invoices: pd.DataFrame) -> pd.Series:
    if invoices.empty or active.empty:
        return pd.Series(dtype="Int64")
    contract_of = pd.Series(refs.to_numpy(), index=code_key(active["commitment_number"]).to_numpy())
    contract_of = contract_of[contract_of.notna()].groupby(level=0).first()
    status = invoices["status"].astype("string").fillna("")
    live = invoices[~status.isin(("Rejetée", "Annulée"))]
    contract = code_key(live["commitment_number"]).map(contract_of)
    return _amount(live, "gross_amount").groupby(contract).sum()


def _lookup(keys: pd.Series, totals: pd.Series) -> pd.Series:
    if totals.empty:
        return pd.Series(0, index=keys.index, dtype="Int64")
    return pd.Series(totals.reindex(keys.to_numpy()).to_numpy(), index=keys.index, dtype="Int64").fillna(0)


@dataclass(frozen=True, slots=True)
class Expiry:
    """An expiry alert: the tightest alert threshold reached (None when already expired)."""

    days_left: int
    threshold: int | None


def expiry(days_left: int | None, alert_days: Sequence[int]) -> Expiry | None:
    """Alert for a contract ending in `days_left` days (negative: expired); None when no alert applies."""
    if days_left is None:
        return None
    if days_left < 0:
        return Expiry(days_left, None)
    reached = [d for d in sorted(alert_days) if days_left <= d]
    return Expiry(days_left, reached[0]) if reached else None


@dataclass(frozen=True, slots=True)
class Cumulation:
    """Cumulated purchases of one kind from one supplier over the fiscal year, against the thresholds."""

    supplier: str
    nature: str
    amount: int
    commitments: tuple[str, ...]
    last_row: int
    exceeded: int | None  # highest threshold reached
    approached: int | None  # next threshold, when amount >= ratio x threshold


def threshold_position(amount: int, thresholds: Sequence[int], ratio: Decimal) -> tuple[int | None, int | None]:
    """(highest threshold reached, next threshold approached) for an amount."""
    ordered = sorted(thresholds)
    exceeded = max((t for t in ordered if amount >= t), default=None)
    following = min((t for t in ordered if amount < t), default=None)
    approached = following if following is not None and Decimal(amount) >= ratio * following else None
    return exceeded, approached


def cumulations(commitments: pd.DataFrame, lines: pd.DataFrame, contracts: pd.DataFrame, fiscal_year: int,
                thresholds: Sequence[int], ratio: Decimal, chapters: Sequence[str]) -> list[Cumulation]:
    """Supplier x nature groups outside contracts that reach or approach a threshold."""
    active = active_commitments(commitments)
    if active.empty:
        return []
    codes = code_key(lines["budget_code"]).to_numpy()
    nature = pd.Series(lines["nature_account"].astype("string").to_numpy(), index=codes).groupby(level=0).first()
    chapter = pd.Series(lines["chapter"].astype("string").to_numpy(), index=codes).groupby(level=0).first()
    keys = code_key(active["budget_code"])
    known = set(code_key(contracts["contract_number"]).dropna()) if not contracts.empty else set()
    refs = code_key(active["contract_ref"]) if "contract_ref" in active else pd.Series(pd.NA, index=active.index)
    dates = pd.to_datetime(active["commitment_date"], errors="coerce")
    keep = (keys.map(chapter).isin(list(chapters)) & ~refs.isin(known) & (dates.dt.year == fiscal_year))
    chosen = active[keep.fillna(False).astype(bool)].assign(
        _nature=keys.map(nature), _supplier=_supplier_key(active), _amount=_amount(active, "amount"))
    out = []
    for (supplier, kind), group in chosen.groupby(["_supplier", "_nature"], sort=True):
        amount = int(group["_amount"].sum())
        exceeded, approached = threshold_position(amount, thresholds, ratio)
        if exceeded is None and approached is None:
            continue
        ordered = group.sort_values([c for c in ("commitment_date", ROW) if c in group])
        out.append(Cumulation(str(ordered["party_name"].iloc[-1] or supplier), str(kind), amount,
                              tuple(str(n) for n in ordered["commitment_number"]), int(ordered[ROW].iloc[-1]),
                              exceeded, approached))
    return out


def _supplier_key(frame: pd.DataFrame) -> pd.Series:
    ridet = frame["ridet"].astype("string").str.replace(r"\D", "", regex=True) if "ridet" in frame else None
    name = frame["party_name"].astype("string").str.casefold().str.split().str.join(" ")
    return name if ridet is None else ridet.mask(ridet.fillna("").str.len() < 6, name).fillna(name)
