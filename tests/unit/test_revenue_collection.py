"""Collection: statuses from receipts and credit notes, ageing buckets, reminder levels."""

from __future__ import annotations

import datetime as dt

from gestadmin.model.revenue_collection import Balance, ageing, collection_status, reminders_due
from gestadmin.model.statuses import RevenueStatus

TODAY = dt.date(2026, 6, 30)


def _bal(number: str, due: dt.date, gross: int = 1000, credited: int = 0, collected: int = 0) -> Balance:
    return Balance(number, "Client", due, gross, credited, collected, TODAY)


def test_statuses_follow_receipts_and_credit_notes() -> None:
    assert collection_status(1000, 0, 0) is RevenueStatus.ISSUED
    assert collection_status(1000, 0, 400) is RevenueStatus.PARTLY_COLLECTED
    assert collection_status(1000, 0, 1000) is RevenueStatus.COLLECTED
    assert collection_status(1000, 300, 700) is RevenueStatus.COLLECTED
    assert collection_status(1000, 1000, 0) is RevenueStatus.CANCELLED


def test_ageing_buckets_on_their_boundaries() -> None:
    balances = [_bal("A", TODAY), _bal("B", TODAY - dt.timedelta(days=1)), _bal("C", TODAY - dt.timedelta(days=30)),
                _bal("D", TODAY - dt.timedelta(days=31), collected=400), _bal("E", TODAY - dt.timedelta(days=90)),
                _bal("F", TODAY - dt.timedelta(days=91)), _bal("G", TODAY - dt.timedelta(days=200), collected=1000)]
    assert ageing(balances) == {"Non échu": (1, 1000), "0-30 jours": (2, 2000), "31-60 jours": (1, 600),
                                "61-90 jours": (1, 1000), "> 90 jours": (1, 1000)}


def test_reminders_due_by_threshold_most_overdue_first() -> None:
    balances = [_bal("A", TODAY - dt.timedelta(days=14)), _bal("B", TODAY - dt.timedelta(days=15)),
                _bal("C", TODAY - dt.timedelta(days=61)), _bal("D", TODAY - dt.timedelta(days=61), collected=1000)]
    assert [(b.number, level) for b, level in reminders_due(balances, [15, 30, 60])] == [("C", 3), ("B", 1)]
