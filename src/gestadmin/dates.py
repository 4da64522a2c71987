"""Dates as users type them: `31/12/2025`, `31-12-25`, `2025-12-31`, Excel serials, real dates."""

from __future__ import annotations

import datetime as dt
import re

EXCEL_EPOCH_1900 = dt.date(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)
MAX_SERIAL = 2_958_465  # 31/12/9999

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


class DateError(ValueError):
    """The value is not a date."""


def from_serial(serial: float, *, date1904: bool = False) -> dt.date:
    """Excel serial number -> date (1900 system by default, 1904 for old Mac workbooks)."""
    if not 1 <= serial <= MAX_SERIAL:
        raise DateError(str(serial))
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH_1900
    return epoch + dt.timedelta(days=int(serial))


def to_serial(day: dt.date) -> int:
    """Date -> Excel serial number (1900 system)."""
    return (day - EXCEL_EPOCH_1900).days


def _two_digit_year(year: int) -> int:
    # 00-69 -> 2000-2069, 70-99 -> 1970-1999 (Excel's own pivot is 29; 69 suits registers from 1970 on)
    return 2000 + year if year < 70 else 1900 + year


def parse_date(value: object, *, date1904: bool = False) -> dt.date | None:
    """Parse a cell value into a date; None for an empty cell. Raises DateError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateError(str(value))
    if isinstance(value, (int, float)):
        return from_serial(float(value), date1904=date1904)
    text = str(value).strip()
    if not text:
        return None
    match = _DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                year = _two_digit_year(year)
            return dt.date(year, month, day)
        match = _YMD.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(text) from exc
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return from_serial(float(text), date1904=date1904)
    raise DateError(text)


def format_date(day: dt.date | None) -> str:
    """JJ/MM/AAAA, or `` for None."""
    return day.strftime("%d/%m/%Y") if day else ""


MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)


def format_date_long(day: dt.date) -> str:
    """`1er janvier 2026`, `24 septembre 2026`: dates in letters for letters and invoices."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS_FR[day.month - 1]} {day.year}"
