"""Numbering store: chronology within a series, separate series, idempotent re-issue, refused credit notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gestadmin.store.db import init_db, make_engine
from gestadmin.store.numbering import IssueRequest, NumberingError, NumberingStore


def _store(tmp_path: Path) -> NumberingStore:
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}")
    init_db(engine)
    return NumberingStore(engine, width=6)


def _req(ref: str, day: dt.date, series: str = "FR", gross: int = 1000, original: str | None = None,
         source: str = "a.xlsx") -> IssueRequest:
    return IssueRequest(fiscal_year=day.year, series=series, draft_ref=ref, source=source, issue_date=day,
                        customer_name="C", net=gross, tax=0, gross=gross, original_invoice=original,
                        seal_for=lambda n: (f"S{n}", {"invoice_number": n}))


def test_issue_date_never_goes_backwards_within_a_series(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.issue(_req("B-1", dt.date(2026, 3, 2)))
    with pytest.raises(NumberingError) as err:
        store.issue(_req("B-2", dt.date(2026, 3, 1)))
    assert err.value.code == "EMISSION_ANTIDATEE"
    assert store.issue(_req("B-3", dt.date(2026, 3, 1), series="AV", original="FR-2026-000001")).invoice_number \
        == "AV-2026-000001"
    assert store.issue(_req("B-2", dt.date(2026, 3, 2))).invoice_number == "FR-2026-000002"


def test_each_fiscal_year_and_series_has_its_own_sequence(tmp_path: Path) -> None:
    store = _store(tmp_path)
    numbers = [store.issue(_req(f"B-{i}", day, source=src)).invoice_number for i, (day, src) in enumerate(
        [(dt.date(2025, 12, 30), "a"), (dt.date(2026, 1, 2), "b"), (dt.date(2026, 1, 2), "a")])]
    assert numbers == ["FR-2025-000001", "FR-2026-000001", "FR-2026-000002"]


def test_same_draft_of_two_workbooks_gets_two_numbers_same_workbook_keeps_its_number(tmp_path: Path) -> None:
    store = _store(tmp_path)
    day = dt.date(2026, 3, 2)
    first = store.issue(_req("B-1", day, source="agent1.xlsx"))
    other = store.issue(_req("B-1", day, source="agent2.xlsx"))
    again = store.issue(_req("B-1", day, source="agent1.xlsx"))
    assert [first.invoice_number, other.invoice_number, again.invoice_number] == [
        "FR-2026-000001", "FR-2026-000002", "FR-2026-000001"]
    assert again.already_issued and not first.already_issued


def test_refused_credit_notes_consume_no_number(tmp_path: Path) -> None:
    store = _store(tmp_path)
    day = dt.date(2026, 3, 2)
    store.issue(_req("B-1", day, gross=1000))
    for ref, gross, original, code in [("A-1", 1001, "FR-2026-000001", "AVOIR_DEPASSE"),
                                       ("A-2", 10, "FR-2026-000042", "AVOIR_ORIGINE_INCONNUE")]:
        with pytest.raises(NumberingError) as err:
            store.issue(_req(ref, day, "AV", gross, original))
        assert err.value.code == code
    assert store.issue(_req("A-3", day, "AV", 600, "FR-2026-000001")).invoice_number == "AV-2026-000001"
    with pytest.raises(NumberingError):
        store.issue(_req("A-4", day, "AV", 401, "FR-2026-000001"))
    with pytest.raises(NumberingError) as err:
        store.issue(_req("A-5", day, "AV", 1, "AV-2026-000001"))
    assert err.value.code == "AVOIR_ORIGINE_INCONNUE"
    assert store.issue(_req("A-6", day, "AV", 400, "FR-2026-000001")).invoice_number == "AV-2026-000002"
    assert store.credited("FR-2026-000001") == 1000
