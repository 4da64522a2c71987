"""Budget rules on the golden budget: located findings (sheet, row, column, code) for every check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from gestadmin.io.layouts import BUDGET_REGISTER
from gestadmin.model.budget import FiscalPeriod
from gestadmin.model.budget_book import BudgetBook, Located, RegisterSet
from gestadmin.model.contracts import expiry, threshold_position
from gestadmin.rules.budget import check_budget
from gestadmin.rules.budget_coherence import check_coherence
from gestadmin.rules.budget_contracts import check_contracts, check_thresholds
from gestadmin.settings import ProcurementSettings
from tests.unit.budget_frames import d, frame, golden_budget, invoices

LETTERS = {s.key: Located("B.xlsx", s.sheet, {c.field: chr(65 + i) for i, c in enumerate(s.columns)})
           for s in BUDGET_REGISTER.sheets}


def _book(**changes: pd.DataFrame) -> BudgetBook:
    lines, commitments, orders = golden_budget()
    parts = {"lines": lines, "commitments": commitments, "orders": orders} | changes
    return BudgetBook("B.xlsx", parts["lines"], parts["commitments"], parts["orders"], FiscalPeriod.of(2026),
                      parts.get("contracts", pd.DataFrame(columns=["_row"])), LETTERS)


def _where(findings: list) -> list[tuple[str, str, int | None, str, str]]:  # type: ignore[type-arg]
    return sorted((f.provenance.file, f.provenance.sheet, f.provenance.row, f.provenance.column, f.code)
                  for f in findings)


def test_budget_checks_on_the_golden_budget() -> None:
    book = _book()
    assert _where(check_budget(book, book.figures(), Decimal("0.90"))) == [
        ("B.xlsx", "Lignes budgétaires", 3, "L", "VIREMENT_ENTRE_CHAPITRES"),  # -100 000 leaves chapter 011
        ("B.xlsx", "Lignes budgétaires", 3, "R", "LIGNE_SURENGAGEE"),  # F-011-6068 available -50 000
        ("B.xlsx", "Mandats", 7, "C", "MANDAT_HORS_EXERCICE"),  # capital mandat of 10/01/2027
        ("B.xlsx", "Mandats", 8, "C", "MANDAT_HORS_EXERCICE"),  # operating mandat after 31/01/2027
    ]


def test_transfers_within_one_chapter_are_free() -> None:
    lines, _c, _o = golden_budget()
    lines.loc[0, "credit_transfer"] = 100_000  # 6064 +100 000, 6068 -100 000: same chapter 011
    book = _book(lines=lines)
    assert "VIREMENT_ENTRE_CHAPITRES" not in [f.code for f in check_budget(book, book.figures(), Decimal("0.9"))]


def test_high_commitment_rate_is_a_warning_on_the_rate_cell() -> None:
    book = _book()
    found = _where(check_budget(book, book.figures(), Decimal("0.80")))
    assert ("B.xlsx", "Lignes budgétaires", 2, "T", "TAUX_ENGAGEMENT_ELEVE") in found  # 83,3 % > 80 %


def test_coherence_reports_both_sides() -> None:
    _l, _c, orders = golden_budget()
    orders.loc[0, "invoice_ref"] = "R-1"  # mandat M-1 (400 000) names invoice R-1
    book = _book(orders=orders)
    inv = invoices([
        {"registration_number": "R-1", "budget_code": "F-011-6064", "commitment_number": "EJ-1",
         "gross_amount": 390_000, "status": "Payée"},  # mandat M-1 is 400 000
        {"registration_number": "R-9", "budget_code": "F-099-0000", "commitment_number": "EJ-4",
         "gross_amount": 500_000, "status": "Service fait"},  # unknown line; 500 000 > EJ-4 450 000
    ])
    found = _where(check_coherence(book, RegisterSet.gather([(inv, Located("F.xlsx", "Factures", {
        "budget_code": "O", "gross_amount": "S", "status": "T"}))])))
    assert ("B.xlsx", "Mandats", 2, "H", "COHERENCE_MANDAT_MONTANT") in found
    assert ("F.xlsx", "Factures", 2, "S", "COHERENCE_MANDAT_MONTANT") in found
    assert ("B.xlsx", "Lignes budgétaires", 2, "P", "COHERENCE_MANDATS_LIGNE") in found
    assert ("F.xlsx", "Factures", 3, "O", "COHERENCE_IMPUTATION_FACTURE_ABSENTE") in found
    assert ("B.xlsx", "Engagements", 5, "G", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT") in found
    assert ("F.xlsx", "Factures", 3, "S", "COHERENCE_FACTURES_DEPASSENT_ENGAGEMENT") in found
    assert ("B.xlsx", "Mandats", 3, "H", "COHERENCE_MANDAT_SANS_FACTURE") in found  # M-2 names no invoice


def test_contracts_expiry_overrun_and_thresholds() -> None:
    contracts = frame(BUDGET_REGISTER.sheet("contracts"), [
        {"contract_number": "MAR-1", "holder": "A", "initial_amount": 500_000, "amendments": 50_000,
         "end_date": d("2026-11-20"), "contract_type": "Marché"},
        {"contract_number": "CONV-2", "holder": "B", "initial_amount": 100_000, "end_date": d("2026-06-30"),
         "contract_type": "Convention"},
    ])
    _l, commitments, _o = golden_budget()
    commitments.loc[0, "contract_ref"] = "MAR-1"  # EJ-1 600 000 > 550 000
    book = _book(contracts=contracts, commitments=commitments)
    found = _where(check_contracts(book, invoices([]), dt.date(2026, 10, 30), ProcurementSettings()))
    assert found == [("B.xlsx", "Marchés", 2, "H", "MARCHE_DEPASSE"),
                     ("B.xlsx", "Marchés", 2, "J", "MARCHE_ECHEANCE_PROCHE"),  # 21 days: the 30-day alert
                     ("B.xlsx", "Marchés", 3, "J", "MARCHE_EXPIRE")]
    settings = ProcurementSettings(thresholds=[400_000, 1_000_000])
    thresholds = _where(check_thresholds(book, settings))
    # outside contracts, chapter 011: B 300 000 (75 % of 400 000: below 80 %), D 450 000 (> 400 000 and 45 %),
    # F 100 000; I-21-2183 1 500 000 (> 1 000 000); chapter 012 (payroll) is not a purchase; EJ-1 is under MAR-1
    assert thresholds == [("B.xlsx", "Engagements", 5, "G", "SEUIL_DEPASSE"),
                          ("B.xlsx", "Engagements", 7, "G", "SEUIL_DEPASSE")]


def test_threshold_position_and_expiry_helpers() -> None:
    assert threshold_position(2_500_000, [3_000_000, 10_000_000], Decimal("0.8")) == (None, 3_000_000)
    assert threshold_position(2_300_000, [3_000_000], Decimal("0.8")) == (None, None)
    assert threshold_position(9_000_000, [3_000_000, 10_000_000], Decimal("0.8")) == (3_000_000, 10_000_000)
    assert expiry(95, [90, 30]) is None
    assert expiry(60, [90, 30]).threshold == 90  # type: ignore[union-attr]
    assert expiry(0, [90, 30]).threshold == 30  # type: ignore[union-attr]
    assert expiry(-1, [90, 30]).threshold is None  # type: ignore[union-attr]
