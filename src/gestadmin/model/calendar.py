"""NC working-day calendar and the 30-day ordering deadline (délai de mandatement).

Working day = Monday to Friday, not an NC public holiday (`holidays` country NC) and not a closure day of
the public service (`settings.deadline.closure_days`, set each year by arrêté). The default deadline mode
(`calendaire`) equals the registers' Excel formula `WORKDAY(received + days - 1, 1, Feries)`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import lru_cache

import holidays

from gestadmin.settings import Settings, get_settings

_ONE_DAY = dt.timedelta(days=1)


class DeadlineState(StrEnum):
    """Where an invoice stands against its ordering deadline."""

    OK = "ok"
    WARNING = "warning"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """French label for sheets and messages."""
        return {"ok": "Dans les délais", "warning": "À surveiller", "overdue": "Délai dépassé"}[self.value]


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """NC public holidays of one year, French names."""
    return dict(holidays.country_holidays("NC", years=year, language="fr").items())


def holidays_between(start: dt.date, end: dt.date, settings: Settings | None = None) -> list[dt.date]:
    """Public holidays and closure days in [start, end], sorted (the template's Feries list)."""
    settings = settings or get_settings()
    days = {d for year in range(start.year, end.year + 1) for d in public_holidays(year)}
    days |= set(settings.deadline.closure_days)
    return sorted(d for d in days if start <= d <= end)


def is_working_day(day: dt.date, settings: Settings | None = None) -> bool:
    """True on a weekday that is neither an NC public holiday nor a configured closure day."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if day.weekday() >= 5 or day in public_holidays(day.year):
        return False
    return day not in (settings or get_settings()).deadline.closure_days


def add_working_days(start: dt.date, count: int, settings: Settings | None = None) -> dt.date:
    """Excel WORKDAY(start, count, Feries): the count-th working day after (or before, if negative) start."""
    settings = settings or get_settings()
    step = _ONE_DAY if count >= 0 else -_ONE_DAY
    day, remaining = start, abs(count)
    while remaining:
        day += step
        remaining -= is_working_day(day, settings)
    return day


def next_working_day(day: dt.date, settings: Settings | None = None) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    return add_working_days(day - _ONE_DAY, 1, settings)


def ordering_deadline(
    received: dt.date, days: int | None = None, settings: Settings | None = None, mode: str | None = None
) -> dt.date:
    """Last day to order an invoice received on `received`.

    `calendaire`: received + days calendar days, moved to the next working day when it falls on a weekend,
    holiday or closure day. `ouvre`: the days-th working day after receipt.
    """
    settings = settings or get_settings()
    days = settings.deadline.days if days is None else days
    if (mode or settings.deadline.mode) == "ouvre":
        return add_working_days(received, days, settings)
    return next_working_day(received + dt.timedelta(days=days), settings)


def days_remaining(
    received: dt.date, today: dt.date, settings: Settings | None = None, days: int | None = None
) -> int:
    """Calendar days from today to the deadline (negative once it is passed)."""
    return (ordering_deadline(received, days, settings) - today).days


def deadline_state(received: dt.date, today: dt.date, settings: Settings | None = None) -> DeadlineState:
    """OVERDUE after the deadline, WARNING from day `warning_day` after receipt, else OK."""
    settings = settings or get_settings()
    if today > ordering_deadline(received, None, settings):
        return DeadlineState.OVERDUE
    if (today - received).days >= settings.deadline.warning_day:
        return DeadlineState.WARNING
    return DeadlineState.OK
