"""NC working days and the 30-day ordering deadline, against a hand-computed table.

2026: 1 Jan (Thu) holiday, 2 Jan (Fri) closure day of the public service, Easter Monday 6 Apr,
Fête de la Citoyenneté 24 Sep (Thu), Christmas 25 Dec (Fri). Good Friday is not a holiday in NC.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gestadmin.model.calendar import (
    DeadlineState,
    add_working_days,
    days_remaining,
    deadline_state,
    holidays_between,
    is_working_day,
    ordering_deadline,
)
from gestadmin.settings import DeadlineSettings, Settings

D = dt.date
SETTINGS = Settings(deadline=DeadlineSettings(closure_days=[D(2026, 1, 2)]))
OUVRE = Settings(deadline=DeadlineSettings(closure_days=[D(2026, 1, 2)], mode="ouvre"))


@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 1, 1), False),   # Jour de l'an
    (D(2026, 1, 2), False),   # closure day (arrêté)
    (D(2026, 1, 5), True),
    (D(2026, 4, 3), True),    # Good Friday: worked in NC
    (D(2026, 4, 6), False),   # Lundi de Pâques
    (D(2026, 9, 24), False),  # Fête de la Citoyenneté
    (D(2026, 9, 26), False),  # Saturday
    (D(2026, 12, 24), True),
    (D(2026, 12, 25), False),
])
def test_is_working_day(day: dt.date, working: bool) -> None:
    assert is_working_day(day, SETTINGS) is working


def test_closure_days_come_from_settings() -> None:
    assert is_working_day(D(2026, 1, 2), Settings(deadline=DeadlineSettings(closure_days=[])))


@pytest.mark.parametrize(("received", "deadline"), [
    (D(2025, 12, 2), D(2026, 1, 5)),   # +30 = Thu 1 Jan (holiday) -> Fri 2 (closure) -> weekend -> Mon 5
    (D(2025, 12, 3), D(2026, 1, 5)),   # +30 = Fri 2 Jan (closure) -> Mon 5
    (D(2025, 12, 1), D(2025, 12, 31)),  # +30 = Wed 31 Dec, working
    (D(2026, 11, 24), D(2026, 12, 24)),  # Thu 24 Dec, working
    (D(2026, 11, 25), D(2026, 12, 28)),  # Fri 25 Dec (Noël) -> weekend -> Mon 28
    (D(2026, 11, 26), D(2026, 12, 28)),  # Sat 26 Dec -> Mon 28
    (D(2026, 8, 25), D(2026, 9, 25)),  # Thu 24 Sep (Citoyenneté) -> Fri 25
    (D(2026, 8, 26), D(2026, 9, 25)),  # Fri 25 Sep, working
    (D(2026, 3, 4), D(2026, 4, 3)),    # Good Friday, working in NC
    (D(2026, 3, 5), D(2026, 4, 7)),    # Sat 4 Apr -> Sun -> Mon 6 (Pâques) -> Tue 7
    (D(2026, 3, 7), D(2026, 4, 7)),    # Mon 6 Apr (Pâques) -> Tue 7
])
def test_ordering_deadline_calendar_days(received: dt.date, deadline: dt.date) -> None:
    assert ordering_deadline(received, settings=SETTINGS) == deadline


def test_calendar_mode_equals_the_template_formula() -> None:
    """WORKDAY(received + days - 1, 1, Feries) for every receipt of 2026 and several delays."""
    for offset in range(365):
        received = D(2026, 1, 1) + dt.timedelta(days=offset)
        for days in (1, 15, 30, 45):
            formula = add_working_days(received + dt.timedelta(days=days - 1), 1, SETTINGS)
            assert ordering_deadline(received, days, SETTINGS) == formula


@pytest.mark.parametrize(("start", "count", "expected"), [
    (D(2025, 12, 31), 1, D(2026, 1, 5)),   # 1 Jan holiday, 2 Jan closure, weekend
    (D(2026, 1, 5), -1, D(2025, 12, 31)),
    (D(2026, 4, 3), 1, D(2026, 4, 7)),
    (D(2026, 9, 21), 5, D(2026, 9, 29)),   # Tue 22, Wed 23, Fri 25, Mon 28, Tue 29
    (D(2026, 9, 24), 0, D(2026, 9, 24)),   # WORKDAY(d, 0) = d, even on a holiday
])
def test_add_working_days(start: dt.date, count: int, expected: dt.date) -> None:
    assert add_working_days(start, count, SETTINGS) == expected


def test_ordering_deadline_in_working_days() -> None:
    assert ordering_deadline(D(2026, 9, 21), 5, OUVRE) == D(2026, 9, 29)
    # 30 working days from Mon 23 Nov 2026: Nov 24-30 = 5; Dec = 23 weekdays - Noël = 22 (27 by Thu 31 Dec);
    # Jan 2027: Fri 1 holiday,
    # Mon 4, Tue 5, Wed 6 -> 30th = Wed 6 Jan 2027.
    assert ordering_deadline(D(2026, 11, 23), 30, OUVRE) == D(2027, 1, 6)
    assert ordering_deadline(D(2026, 9, 21), 5, SETTINGS, mode="ouvre") == D(2026, 9, 29)


def test_days_remaining() -> None:
    assert days_remaining(D(2026, 11, 25), D(2026, 12, 20), SETTINGS) == 8
    assert days_remaining(D(2026, 11, 25), D(2026, 12, 30), SETTINGS) == -2


@pytest.mark.parametrize(("today", "state"), [
    (D(2026, 9, 13), DeadlineState.OK),        # day 19 after receipt
    (D(2026, 9, 14), DeadlineState.WARNING),   # day 20 = warning_day
    (D(2026, 9, 25), DeadlineState.WARNING),   # deadline day itself
    (D(2026, 9, 26), DeadlineState.OVERDUE),
])
def test_deadline_state(today: dt.date, state: DeadlineState) -> None:
    assert deadline_state(D(2026, 8, 25), today, SETTINGS) is state


def test_holidays_between_lists_holidays_and_closures() -> None:
    listed = holidays_between(D(2025, 12, 20), D(2026, 1, 10), SETTINGS)
    assert listed == [D(2025, 12, 25), D(2026, 1, 1), D(2026, 1, 2)]
    assert DeadlineState.OVERDUE.label == "Délai dépassé"
