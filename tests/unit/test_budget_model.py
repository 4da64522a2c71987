"""Golden table: a small budget computed by hand, every figure asserted (model.budget, model.budget_revenue).

Lines (2026): F-011-6064 BP 1 000 000 + DM 200 000; F-011-6068 BP 500 000 - virement 100 000;
F-012-6411 BP 3 000 000 + BS 500 000; I-21-2183 BP 2 000 000 + reports 300 000; F-65-6574 BP 100 000;
R-70-7088 (recette) BP 800 000.
Commitments: 6064: 600 000 + 300 000 + 100 000 (typed " f-011-6064", Soldé) and 50 000 cancelled (ignored);
6068: 450 000; 6411: 2 800 000; 2183: 1 500 000 (Provisoire counts, as the workbook's SUMIFS).
Mandats: 6064: 400 000 (paid) + 200 000 dated 20/01/2027 (operating, complementary period: counts for 2026);
6068: 300 000 (paid in 2027: paid); 6411: 2 100 000 paid, 100 000 dated 05/02/2027 (after 31/01: not 2026);
2183: 900 000 + 250 000 dated 10/01/2027 (capital section: no complementary period, not 2026);
6574: 50 000 paid with no commitment (to mandate -50 000, RAR 0).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from gestadmin.io.layouts import BUDGET_REGISTER
from gestadmin.model.budget import (
    FiscalPeriod,
    available_for,
    expenditure,
    line_figures,
    monthly_consumption,
    rollup,
    total,
)
from gestadmin.model.budget_revenue import revenue_figures, revenue_rollup
from gestadmin.model.contracts import contract_figures
from tests.unit.budget_frames import d, frame, golden_budget, invoices

PERIOD = FiscalPeriod.of(2026)
AMOUNT_COLUMNS = ["appropriations", "committed", "mandated", "paid", "available", "to_mandate", "carry_forward"]

GOLDEN_LINES = {
    # code: appropriations, committed, mandated, paid, available, to_mandate, RAR, commit%, spend%, payment%
    "F-011-6064": (1_200_000, 1_000_000, 600_000, 400_000, 200_000, 400_000, 400_000, 1 / 1.2, 0.5, 4 / 6),
    "F-011-6068": (400_000, 450_000, 300_000, 300_000, -50_000, 150_000, 150_000, 1.125, 0.75, 1.0),
    "F-012-6411": (3_500_000, 2_800_000, 2_100_000, 2_100_000, 700_000, 700_000, 700_000, 0.8, 0.6, 1.0),
    "I-21-2183": (2_300_000, 1_500_000, 900_000, 0, 800_000, 600_000, 600_000, 15 / 23, 9 / 23, 0.0),
    "F-65-6574": (100_000, 0, 50_000, 50_000, 100_000, -50_000, 0, 0.0, 0.5, 1.0),
    "R-70-7088": (800_000, 0, 0, 0, 800_000, 0, 0, 0.0, 0.0, None),
}


def _figures() -> pd.DataFrame:
    lines, commitments, orders = golden_budget()
    return line_figures(lines, commitments, orders, PERIOD)


def _row(frame: pd.DataFrame, **keys: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for key, value in keys.items():
        mask &= frame[key] == value
    assert mask.sum() == 1
    return frame[mask].iloc[0]


def _assert(row: pd.Series, expected: tuple[object, ...]) -> None:
    assert [int(row[c]) for c in AMOUNT_COLUMNS] == list(expected[:7])
    for column, value in zip(("commitment_rate", "spend_rate", "payment_rate"), expected[7:], strict=True):
        if value is None:
            assert pd.isna(row[column])
        else:
            assert float(row[column]) == pytest.approx(value)


@pytest.mark.parametrize("code", list(GOLDEN_LINES))
def test_every_figure_of_every_line(code: str) -> None:
    _assert(_row(_figures(), budget_code=code), GOLDEN_LINES[code])


@pytest.mark.parametrize(("section", "chapter", "expected"), [
    ("Fonctionnement", "011", (1_600_000, 1_450_000, 900_000, 700_000, 150_000, 550_000, 550_000,
                               1.45 / 1.6, 0.9 / 1.6, 7 / 9)),
    ("Fonctionnement", "012", (3_500_000, 2_800_000, 2_100_000, 2_100_000, 700_000, 700_000, 700_000, 0.8, 0.6, 1.0)),
    ("Fonctionnement", "65", (100_000, 0, 50_000, 50_000, 100_000, -50_000, 0, 0.0, 0.5, 1.0)),
    ("Investissement", "21", (2_300_000, 1_500_000, 900_000, 0, 800_000, 600_000, 600_000, 15 / 23, 9 / 23, 0.0)),
])
def test_chapter_rollup(section: str, chapter: str, expected: tuple[object, ...]) -> None:
    chapters = rollup(expenditure(_figures()), ["section", "chapter"])
    assert len(chapters) == 4  # the revenue chapter 70 is not an expenditure chapter
    _assert(_row(chapters, section=section, chapter=chapter), expected)


def test_section_rollup_sums_line_carry_forward_without_clipping_totals() -> None:
    sections = rollup(expenditure(_figures()), ["section"])
    _assert(_row(sections, section="Fonctionnement"), (
        5_200_000, 4_250_000, 3_050_000, 2_850_000, 950_000, 1_200_000, 1_250_000, 4.25 / 5.2, 3.05 / 5.2, 2.85 / 3.05))
    _assert(_row(sections, section="Investissement"), GOLDEN_LINES["I-21-2183"])


def test_grand_total_of_expenditure() -> None:
    grand = total(expenditure(_figures()))
    assert [grand[c] for c in AMOUNT_COLUMNS] == [7_500_000, 5_750_000, 3_950_000, 2_850_000, 1_750_000,
                                                  1_800_000, 1_850_000]
    assert float(grand["commitment_rate"]) == pytest.approx(5.75 / 7.5)


def test_monthly_consumption_with_the_complementary_period_as_a_13th_point() -> None:
    lines, _commitments, orders = golden_budget()
    months = monthly_consumption(_figures(), orders, PERIOD)
    assert list(months["mandated"]) == [0, 0, 400_000, 0, 50_000, 2_100_000, 0, 0, 0, 0, 900_000, 300_000, 200_000]
    assert list(months["cumulated"])[-1] == 3_950_000
    assert list(months["label"])[-1] == "compl."
    assert float(months["cumulated_rate"].iloc[-1]) == pytest.approx(3_950_000 / 7_500_000)


def test_available_for_is_the_formula_disponible() -> None:
    lines, commitments, _orders = golden_budget()
    assert available_for("F-011-6064", lines, commitments) == 200_000
    assert available_for(" f-011-6068 ", lines, commitments) == -50_000
    assert available_for("F-011-9999", lines, commitments) is None
    assert available_for("", lines, commitments) is None


def test_complementary_period_end_is_a_setting() -> None:
    lines, commitments, orders = golden_budget()
    short = line_figures(lines, commitments, orders, FiscalPeriod.of(2026, (1, 15)))
    assert int(_row(short, budget_code="F-011-6064")["mandated"]) == 400_000  # 20/01/2027 is now too late


def test_revenue_side() -> None:
    lines, _c, _o = golden_budget()
    titles = pd.DataFrame({"budget_code": ["R-70-7088", "r-70-7088", "R-75-752"],
                           "amount": pd.array([500_000, -50_000, 100_000], dtype="Int64"),
                           "collected": pd.array([300_000, 0, 100_000], dtype="Int64")})
    figures = revenue_figures(lines, titles)
    row = _row(figures, budget_code="R-70-7088")
    assert len(figures) == 1
    assert [int(row[c]) for c in ("forecast", "issued", "collected", "outstanding")] == [800_000, 450_000, 300_000,
                                                                                        150_000]
    assert float(row["realisation_rate"]) == pytest.approx(0.5625)
    assert float(row["collection_rate"]) == pytest.approx(2 / 3)
    chapter = revenue_rollup(figures, ["chapter"]).iloc[0]
    assert int(chapter["outstanding"]) == 150_000


def test_contract_figures() -> None:
    """MAR-1: 500 000 + amendment 50 000; EJ-1 600 000 under it (EJ-3, cancelled, too: ignored); invoices of EJ-1
    250 000 + 120 000 (a rejected one of 99 000 ignored). CONV-2: 100 000; EJ-4 450 000; one invoice of 80 000."""
    contracts = frame(BUDGET_REGISTER.sheet("contracts"), [
        {"contract_number": "MAR-1", "holder": "A", "initial_amount": 500_000, "amendments": 50_000,
         "start_date": d("2026-01-01"), "end_date": d("2026-11-20"), "contract_type": "Marché"},
        {"contract_number": "conv-2", "holder": "D", "initial_amount": 100_000, "end_date": d("2026-06-30"),
         "contract_type": "Convention"},
    ])
    _lines, commitments, _orders = golden_budget()
    commitments["contract_ref"] = pd.Series(["MAR-1", None, " mar-1", "CONV-2", None, None, None], dtype=object)
    bills = invoices([
        {"commitment_number": "EJ-1", "gross_amount": 250_000, "status": "Payée"},
        {"commitment_number": "ej-1", "gross_amount": 120_000, "status": "Service fait"},
        {"commitment_number": "EJ-1", "gross_amount": 99_000, "status": "Rejetée"},
        {"commitment_number": "EJ-4", "gross_amount": 80_000, "status": "Mandatée"},
    ])
    figures = contract_figures(contracts, commitments, bills, dt.date(2026, 10, 30))
    columns = ["total", "committed", "invoiced", "balance", "days_left"]
    assert figures[columns].astype(int).values.tolist() == [[550_000, 600_000, 370_000, -50_000, 21],
                                                            [100_000, 450_000, 80_000, -350_000, -122]]
    assert figures["_row"].tolist() == [2, 3]
