"""Budget test frames made by the real reader (`io.reader.read_frames`) from rows typed as a user would:
header on row 1, data from row 2, dates as dates, amounts as integers, ids as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from gestadmin.io.layouts import BUDGET_REGISTER, INVOICES, REGISTERS, SheetLayout
from gestadmin.io.reader import read_frames
from gestadmin.settings import Settings


def _grid(layout: SheetLayout, rows: list[dict[str, Any]]) -> list[list[Any]]:
    inputs = [c for c in layout.columns if not c.is_formula]
    return [[c.header for c in inputs], *[[row.get(c.field) for c in inputs] for row in rows]]


def frame(layout: SheetLayout, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The reader's frame of one sheet holding `rows` (every input column of `layout`, `_row` from 2); the
    register's other sheets are sent with their headers only, as in a real workbook."""
    register = next(r for r in REGISTERS if layout in r.sheets)
    sheets = {s.sheet: _grid(s, rows if s is layout else []) for s in register.sheets}
    data = read_frames(sheets, kind=register.kind, settings=Settings(_env_file=None))
    problems = [f.render() for f in data.findings
                if f.provenance.sheet == layout.sheet and f.code != "VALEUR_OBLIGATOIRE"]
    assert problems == [], problems  # test rows type cleanly (partial invoice rows leave required cells empty)
    return data.sheets[layout.key].frame


def d(text: str) -> dt.date:
    """ISO date."""
    return dt.date.fromisoformat(text)


LINES = BUDGET_REGISTER.sheet("budget_lines")
COMMITMENTS = BUDGET_REGISTER.sheet("commitments")
ORDERS = BUDGET_REGISTER.sheet("payment_orders")


def line(code: str, section: str, chapter: str, article: str, direction: str = "Dépense",
         **amounts: int) -> dict[str, Any]:
    """One Lignes budgétaires row."""
    return {"fiscal_year": 2026, "direction": direction, "section": section, "chapter": chapter,
            "nature_account": article, "budget_code": code, "label": f"Ligne {code}", **amounts}


def golden_budget() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The hand-computed budget of test_budget_model.py (see the figures there)."""
    lines = frame(LINES, [
        line("F-011-6064", "Fonctionnement", "011", "6064", initial_budget=1_000_000, budget_amendment=200_000),
        line("F-011-6068", "Fonctionnement", "011", "6068", initial_budget=500_000, credit_transfer=-100_000),
        line("F-012-6411", "Fonctionnement", "012", "6411", initial_budget=3_000_000, supplementary_budget=500_000),
        line("I-21-2183", "Investissement", "21", "2183", initial_budget=2_000_000, carried_forward=300_000),
        line("F-65-6574", "Fonctionnement", "65", "6574", initial_budget=100_000),
        line("R-70-7088", "Fonctionnement", "70", "7088", "Recette", initial_budget=800_000),
    ])
    commitments = frame(COMMITMENTS, [
        {"commitment_number": "EJ-1", "budget_code": "F-011-6064", "amount": 600_000, "status": "Validé",
         "commitment_date": d("2026-02-01"), "party_name": "A"},
        {"commitment_number": "EJ-2", "budget_code": "F-011-6064", "amount": 300_000, "status": "Validé",
         "commitment_date": d("2026-02-02"), "party_name": "B"},
        {"commitment_number": "EJ-3", "budget_code": "F-011-6064", "amount": 50_000, "status": "Annulé",
         "commitment_date": d("2026-02-03"), "party_name": "C"},
        {"commitment_number": "EJ-4", "budget_code": "F-011-6068", "amount": 450_000, "status": "Validé",
         "commitment_date": d("2026-02-04"), "party_name": "D"},
        {"commitment_number": "EJ-5", "budget_code": "F-012-6411", "amount": 2_800_000, "status": "Validé",
         "commitment_date": d("2026-01-15"), "party_name": "Agents"},
        {"commitment_number": "EJ-6", "budget_code": "I-21-2183", "amount": 1_500_000, "status": "Provisoire",
         "commitment_date": d("2026-03-01"), "party_name": "E"},
        {"commitment_number": "EJ-7", "budget_code": " f-011-6064", "amount": 100_000, "status": "Soldé",
         "commitment_date": d("2026-03-02"), "party_name": "F"},
    ])
    orders = frame(ORDERS, [
        {"payment_order_number": "M-1", "budget_code": "F-011-6064", "order_date": d("2026-03-10"),
         "amount": 400_000, "payment_date": d("2026-03-20"), "commitment_number": "EJ-1"},
        {"payment_order_number": "M-2", "budget_code": "F-011-6064", "order_date": d("2027-01-20"),
         "amount": 200_000, "commitment_number": "EJ-2"},
        {"payment_order_number": "M-3", "budget_code": "F-011-6068", "order_date": d("2026-12-15"),
         "amount": 300_000, "payment_date": d("2027-01-05"), "commitment_number": "EJ-4"},
        {"payment_order_number": "M-4", "budget_code": "F-012-6411", "order_date": d("2026-06-30"),
         "amount": 2_100_000, "payment_date": d("2026-07-05"), "commitment_number": "EJ-5"},
        {"payment_order_number": "M-5", "budget_code": "I-21-2183", "order_date": d("2026-11-02"),
         "amount": 900_000, "commitment_number": "EJ-6"},
        {"payment_order_number": "M-6", "budget_code": "I-21-2183", "order_date": d("2027-01-10"),
         "amount": 250_000, "commitment_number": "EJ-6"},
        {"payment_order_number": "M-7", "budget_code": "F-012-6411", "order_date": d("2027-02-05"),
         "amount": 100_000, "commitment_number": "EJ-5"},
        {"payment_order_number": "M-8", "budget_code": "F-65-6574", "order_date": d("2026-05-05"),
         "amount": 50_000, "payment_date": d("2026-05-10")},
    ])
    return lines, commitments, orders


def invoices(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A Factures frame."""
    return frame(INVOICES, rows)
