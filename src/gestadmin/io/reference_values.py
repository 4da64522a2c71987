"""Values of the Référentiels sheet that come from settings and the NC calendar, not from the layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays

from gestadmin.io.layouts import Kind, ReferenceList
from gestadmin.money import parse_rate
from gestadmin.settings import Settings

HOLIDAY_YEARS = range(2024, 2029)


def holiday_dates(settings: Settings, years: Iterable[int] = HOLIDAY_YEARS) -> list[dt.date]:
    """NC public holidays of `years` plus the configured closure days, sorted, without duplicates."""
    public = holidays.country_holidays("NC", years=list(years))
    days = set(public.keys()) | set(settings.deadline.closure_days)
    return sorted(days)


def list_values(reference: ReferenceList, settings: Settings, imputations: Iterable[str] = ()) -> list[object]:
    """Typed cell values of one reference list (rates as numbers, holidays as dates)."""
    if reference.kind is Kind.RATE:
        return [float(parse_rate(v) or 0) for v in reference.values]
    if reference.kind is Kind.DATE:
        return list(holiday_dates(settings))
    if reference.name == "Imputations":
        return list(imputations)
    return list(reference.values)
