"""Checks of the budget workbook itself: overcommitted lines, high commitment rates, transfers across
chapters, commitments and mandats on unknown lines, mandats outside the fiscal year or beyond their commitment.

Every rule takes the BudgetBook (and the per-line figures when it needs them) and returns findings located
on the cell that shows the problem.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from gestadmin.dates import format_date
from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.budget import active_commitments, code_key, counted_orders
from gestadmin.model.budget_book import ROW, BudgetBook
from gestadmin.money import format_xpf

LINES, COMMITMENTS, ORDERS = "budget_lines", "commitments", "payment_orders"


def format_percent(value: object) -> str:
    """0.9234 -> `92,3 %` (half up, French decimal comma)."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    percent = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format(percent, 'f').replace('.', ',')}\u00a0%"


def records(frame: pd.DataFrame, mask: pd.Series | None = None) -> list[dict[str, Any]]:
    chosen = frame if mask is None else frame[mask.fillna(False).astype(bool)]
    return [{str(k): (None if _missing(v) else v) for k, v in rec.items()} for rec in chosen.to_dict("records")]


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and bool(pd.isna(value)))


def check_lines(book: BudgetBook, figures: pd.DataFrame, alert_rate: Decimal) -> list[Finding]:
    """LIGNE_SURENGAGEE (available < 0), TAUX_ENGAGEMENT_ELEVE (rate above the alert), duplicated codes."""
    findings = []
    for rec in records(figures):
        if rec["available"] < 0:
            findings.append(make_finding(
                "LIGNE_SURENGAGEE", book.at(LINES, rec[ROW], "available"), imputation=rec["budget_code"],
                committed=format_xpf(rec["committed"]), credits=format_xpf(rec["appropriations"]),
                available=format_xpf(rec["available"])))
        elif rec["commitment_rate"] is not None and Decimal(str(rec["commitment_rate"])) > alert_rate:
            findings.append(make_finding(
                "TAUX_ENGAGEMENT_ELEVE", book.at(LINES, rec[ROW], "commitment_rate"), imputation=rec["budget_code"],
                rate=format_percent(rec["commitment_rate"]), threshold=format_percent(alert_rate)))
    return findings + _duplicates(book)


def _duplicates(book: BudgetBook) -> list[Finding]:
    keys = code_key(book.lines["budget_code"])
    first_rows = book.lines[ROW].groupby(keys).first()
    repeated = keys.duplicated(keep="first") & keys.notna()
    return [make_finding("IMPUTATION_BUDGET_EN_DOUBLE", book.at(LINES, rec[ROW], "budget_code"),
                         imputation=rec["budget_code"], first=first_rows[rec["_key"]])
            for rec in records(book.lines.assign(_key=keys), repeated)]


def check_transfers(book: BudgetBook) -> list[Finding]:
    """VIREMENT_ENTRE_CHAPITRES: a chapter whose transfers do not sum to 0 received or gave credits across
    chapters; flagged on each of its lines carrying a transfer."""
    lines = book.lines
    if "credit_transfer" not in lines or lines.empty:
        return []
    amount = pd.to_numeric(lines["credit_transfer"], errors="coerce").astype("Int64").fillna(0)
    group = [lines["section"].astype("string").fillna(""), lines["chapter"].astype("string").fillna("")]
    balance = amount.groupby(group).transform("sum")
    return [make_finding("VIREMENT_ENTRE_CHAPITRES", book.at(LINES, rec[ROW], "credit_transfer"),
                         chapter=rec["chapter"], section=rec["section"], balance=format_xpf(rec["_balance"]))
            for rec in records(lines.assign(_balance=balance), (amount != 0) & (balance != 0))]


def _unknown_code(frame: pd.DataFrame, book: BudgetBook) -> pd.Series:
    known = set(code_key(book.lines["budget_code"]).dropna())
    keys = code_key(frame["budget_code"])
    return (keys.notna() & ~keys.isin(known)).fillna(False).astype(bool)


def check_commitments(book: BudgetBook) -> list[Finding]:
    """ENGAGEMENT_IMPUTATION_ABSENTE; MANDATS_DEPASSENT_ENGAGEMENT (mandats of a commitment above it)."""
    frame = book.commitments
    if frame.empty:
        return []
    findings = [make_finding("ENGAGEMENT_IMPUTATION_ABSENTE", book.at(COMMITMENTS, rec[ROW], "budget_code"),
                             number=rec["commitment_number"], imputation=rec["budget_code"])
                for rec in records(frame, _unknown_code(frame, book))]
    orders = book.orders
    if orders.empty:
        return findings
    mandated = pd.to_numeric(orders["amount"], errors="coerce").fillna(0).groupby(
        code_key(orders["commitment_number"])).sum()
    active = active_commitments(frame)
    for rec in records(active.assign(_key=code_key(active["commitment_number"]))):
        total = int(mandated.get(rec["_key"], 0)) if rec["_key"] is not None else 0
        if rec["amount"] is not None and total > int(rec["amount"]):
            findings.append(make_finding(
                "MANDATS_DEPASSENT_ENGAGEMENT", book.at(COMMITMENTS, rec[ROW], "amount"),
                number=rec["commitment_number"], mandated=format_xpf(total), amount=format_xpf(rec["amount"])))
    return findings


def check_orders(book: BudgetBook) -> list[Finding]:
    """MANDAT_IMPUTATION_ABSENTE, MANDAT_ENGAGEMENT_INCONNU, MANDAT_HORS_EXERCICE."""
    orders = book.orders
    if orders.empty:
        return []
    findings = [make_finding("MANDAT_IMPUTATION_ABSENTE", book.at(ORDERS, rec[ROW], "budget_code"),
                             number=rec["payment_order_number"], imputation=rec["budget_code"])
                for rec in records(orders, _unknown_code(orders, book))]
    known = set(code_key(book.commitments["commitment_number"]).dropna()) if not book.commitments.empty else set()
    refs = code_key(orders["commitment_number"])
    findings += [make_finding("MANDAT_ENGAGEMENT_INCONNU", book.at(ORDERS, rec[ROW], "commitment_number"),
                              number=rec["payment_order_number"], commitment=rec["commitment_number"])
                 for rec in records(orders, refs.notna() & ~refs.isin(known))]
    sections = pd.Series(book.lines["section"].to_numpy(), index=code_key(book.lines["budget_code"]).to_numpy())
    outside = ~counted_orders(orders, code_key(orders["budget_code"]).map(sections.groupby(level=0).first()),
                              book.period)
    period = book.period
    findings += [make_finding("MANDAT_HORS_EXERCICE", book.at(ORDERS, rec[ROW], "order_date"),
                              number=rec["payment_order_number"], year=period.fiscal_year,
                              date=format_date(pd.Timestamp(rec["order_date"]).date()),
                              end=format_date(period.complementary_end))
                 for rec in records(orders, outside)]
    return findings


def check_budget(book: BudgetBook, figures: pd.DataFrame, alert_rate: Decimal) -> list[Finding]:
    """Every check of the budget workbook itself."""
    return (check_lines(book, figures, alert_rate) + check_transfers(book) + check_commitments(book)
            + check_orders(book))
