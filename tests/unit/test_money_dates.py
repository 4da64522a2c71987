"""Property tests: amounts and dates survive format -> parse; half-up rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gestadmin.dates import format_date, from_serial, parse_date, to_serial
from gestadmin.money import format_xpf, parse_amount, round_xpf

amounts = st.integers(min_value=-10**12, max_value=10**12)
days = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


@given(amounts)
def test_formatted_amount_parses_back(value: int) -> None:
    assert parse_amount(format_xpf(value)) == value
    assert parse_amount(format_xpf(value, unit=False)) == value


@given(amounts)
def test_plain_and_spaced_amounts(value: int) -> None:
    assert parse_amount(str(value)) == value
    assert parse_amount(format_xpf(value, unit=False, sep=" ")) == value


@given(days)
def test_formatted_date_parses_back(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day


@given(days)
def test_serial_round_trip(day: dt.date) -> None:
    assert from_serial(to_serial(day)) == day


@given(st.dates(min_value=dt.date(1904, 1, 2), max_value=dt.date(9999, 12, 31)))
def test_1904_serials_are_1462_days_apart(day: dt.date) -> None:
    assert from_serial(to_serial(day) - 1462, date1904=True) == day


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_half_up_away_from_zero(whole: int) -> None:
    half = Decimal(whole) + (Decimal("0.5") if whole >= 0 else Decimal("-0.5"))
    assert round_xpf(half) == (whole + 1 if whole >= 0 else whole - 1)


def test_half_up_cases() -> None:
    assert [round_xpf(v) for v in ("0.5", "1.5", "2.5", "-0.5", "-2.5", "2.4999")] == [1, 2, 3, -1, -3, 2]
    assert parse_amount("(1 500)") == -1500
    assert parse_amount("1.234") == 1234
    assert parse_amount("1 234,50") == Decimal("1234.50")
