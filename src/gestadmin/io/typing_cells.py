"""Typing one register column, vectorised: numbers and dates already typed by Excel take a numpy fast path;
only text cells are parsed one by one (money.parse_amount, money.parse_rate, dates.parse_date).

Each function returns the typed array and the issues `(position, code, params)` of the bad cells, which the
reader turns into Findings with provenance. A bad cell is NA in the array.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from gestadmin.dates import DateError, parse_date
from gestadmin.io.headers import header_key
from gestadmin.io.layouts import Column, Kind
from gestadmin.io.raw import ERROR_TOKENS, CellError, is_error_value
from gestadmin.money import AmountError, format_rate, parse_amount, parse_rate, round_xpf

Issue = tuple[int, str, dict[str, Any]]
_NUMERIC = frozenset({"floating", "integer", "mixed-integer-float"})
_MIN_TS, _MAX_TS = dt.date(1678, 1, 1), dt.date(2262, 4, 11)  # datetime64[ns] range
_MAX_EXACT = 2.0**53
_UNIX_ORDINAL = dt.date(1970, 1, 1).toordinal()
ERROR_SET = frozenset(ERROR_TOKENS | {f"Err:{n:03d}" for n in range(1000)})
ERROR_LIST = sorted(ERROR_SET)


@dataclass(frozen=True, slots=True)
class TypingContext:
    """What typing needs beyond the column: date system, TGC rates in force, reference lists."""

    date1904: bool = False
    rates: Sequence[Decimal] = ()
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(slots=True)
class Split:
    """A raw column split by cell type: positions of numbers, texts, dates, errors and others."""

    size: int
    numbers: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.int64), np.empty(0))
    texts: tuple[np.ndarray, list[str]] = (np.empty(0, np.int64), [])
    dates: tuple[np.ndarray, list[Any]] = (np.empty(0, np.int64), [])
    errors: list[tuple[int, str]] = field(default_factory=list)
    others: list[tuple[int, Any]] = field(default_factory=list)
    empty: np.ndarray = field(default_factory=lambda: np.empty(0, bool))


def split(values: np.ndarray, blank: np.ndarray | None = None) -> Split:
    """Classify cells; homogeneous columns (the usual case) are classified without a Python loop.

    `blank` is the mask of None/NaN/'' cells when the caller already has it (copied: typing extends it)."""
    size = len(values)
    empty = pd.isna(values) | (values == "") if blank is None else blank.copy()
    positions = np.flatnonzero(~empty)
    kept = values[positions]
    out = Split(size, empty=empty)
    kind = infer_dtype(kept, skipna=False) if len(kept) else "empty"
    if kind in _NUMERIC:
        out.numbers = (positions, kept.astype("float64"))
    elif kind == "string":
        _texts(out, positions, list(kept))
    elif kind in ("date", "datetime"):
        out.dates = (positions, list(kept))
    elif kind != "empty":
        _mixed(out, positions, kept)
    return out


def _texts(out: Split, positions: np.ndarray, texts: list[str]) -> None:
    trimmed = list(map(str.strip, texts))  # the C method mapped: no Python frame per cell
    # usual column: no blank text, no error token (both tests in C over the list): nothing to take out
    if "" not in trimmed and ERROR_SET.isdisjoint(trimmed):
        out.texts = (positions, trimmed)
        return
    stripped = np.empty(len(trimmed), dtype=object)
    stripped[:] = trimmed
    keep = stripped != ""
    if not keep.all():
        out.empty[positions[~keep]] = True
        positions, stripped = positions[keep], stripped[keep]
    # set lookups in C (map over a bound method): errors are rare, the check is not
    bad = np.fromiter(map(ERROR_SET.__contains__, stripped), dtype=bool, count=len(stripped))
    if bad.any():
        out.errors.extend(zip(positions[bad].tolist(), stripped[bad].tolist(), strict=True))
        positions, stripped = positions[~bad], stripped[~bad]
    out.texts = (positions, stripped.tolist())


_EXACT_KINDS: dict[type, str] = {float: "number", int: "number", str: "text", dt.date: "date", dt.datetime: "date",
                                 bool: "other", CellError: "error"}


def _mixed(out: Split, positions: np.ndarray, kept: np.ndarray) -> None:
    """Cells of several types: classified by exact type in C (`map(type)`), odd types one by one."""
    kinds = np.empty(len(kept), dtype=object)
    kinds[:] = list(map(_EXACT_KINDS.get, map(type, kept), repeat("odd")))
    odd = kinds == "odd"
    if odd.any():  # subclasses (numpy floats, pandas Timestamps...): the isinstance rules decide
        for index in np.flatnonzero(odd).tolist():
            kinds[index] = _kind_of(kept[index])
    numbers = kinds == "number"
    out.numbers = (positions[numbers], kept[numbers].astype("float64"))
    dates = kinds == "date"
    out.dates = (positions[dates], kept[dates].tolist())
    errors = kinds == "error"
    out.errors.extend(zip(positions[errors].tolist(), map(str, kept[errors].tolist()), strict=True))
    others = kinds == "other"
    out.others.extend(zip(positions[others].tolist(), kept[others].tolist(), strict=True))
    texts = kinds == "text"
    _texts(out, positions[texts], kept[texts].tolist())


def _kind_of(value: Any) -> str:
    if is_error_value(value) and not isinstance(value, str):
        return "error"
    if isinstance(value, bool):
        return "other"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "date"
    return "other"


def canonical_text(value: Any) -> str:
    """Text of a non-text cell: 12.0 -> `12`, 1234567.01 -> `1234567.01`, dates JJ/MM/AAAA, VRAI/FAUX."""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < _MAX_EXACT else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def type_text(part: Split, column: Column, ctx: TypingContext) -> tuple[np.ndarray, list[Issue]]:
    """ID / TEXT / CHOICE: text exactly as typed (trimmed); numbers become canonical text."""
    out = np.full(part.size, None, dtype=object)
    issues: list[Issue] = []
    positions, texts = part.texts
    out[positions] = texts
    numeric = [(int(p), float(v)) for p, v in zip(*part.numbers, strict=True)]
    for pos, value in [*numeric, *zip(part.dates[0].tolist(), part.dates[1], strict=True), *part.others]:
        text = canonical_text(value)
        out[pos] = text
        if column.kind is Kind.ID and isinstance(value, float):
            issues.append((pos, "IDENTIFIANT_NUMERIQUE", {"value": text}))
    if column.kind is Kind.CHOICE and column.choices and ctx.lists.get(column.choices):
        issues.extend(_check_choices(out, ctx.lists[column.choices]))
    return out, issues


def _check_choices(out: np.ndarray, allowed: tuple[str, ...]) -> list[Issue]:
    exact = set(allowed)
    tolerant = {header_key(a): a for a in allowed}
    issues: list[Issue] = []
    positions = np.flatnonzero(pd.notna(out))
    values = out[positions]
    inexact = ~pd.Series(values, dtype=object).isin(exact).to_numpy()  # hash lookups in C: most values are exact
    for pos, value in zip(positions[inexact].tolist(), values[inexact].tolist(), strict=True):
        canonical = tolerant.get(header_key(value))
        if canonical is not None:
            out[pos] = canonical  # `payée` for `Payée`: same value, typed differently
        else:
            out[pos] = None
            issues.append((pos, "VALEUR_HORS_LISTE", {"value": value, "allowed": ", ".join(allowed)}))
    return issues


def _slow(texts: tuple[np.ndarray, list[str]], parse: Callable[[str], Any], code: str) -> tuple[
        list[tuple[int, Any]], list[Issue]]:
    good: list[tuple[int, Any]] = []
    issues: list[Issue] = []
    for pos, text in zip(texts[0].tolist(), texts[1], strict=True):
        try:
            value = parse(text)
        except (AmountError, DateError, ValueError, ArithmeticError):
            issues.append((pos, code, {"value": text}))
            continue
        if value is not None:
            good.append((pos, value))
    return good, issues


def _rejected(part: Split, code: str) -> list[Issue]:
    return [(pos, code, {"value": canonical_text(v)}) for pos, v in part.others]


def type_amount(part: Split, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue]]:
    """AMOUNT -> Int64 francs; decimals are rounded half up with a MONTANT_DECIMALES warning."""
    values = np.zeros(part.size, np.int64)
    valid = np.zeros(part.size, bool)
    issues = _rejected(part, "MONTANT_INVALIDE")
    issues += [(int(p), "MONTANT_INVALIDE", {"value": canonical_text(v)}) for p, v in zip(*part.dates, strict=True)]
    positions, numbers = part.numbers
    finite = np.isfinite(numbers) & (np.abs(numbers) < _MAX_EXACT)
    for pos, value in zip(positions[~finite].tolist(), numbers[~finite].tolist(), strict=True):
        issues.append((pos, "MONTANT_INVALIDE", {"value": repr(value)}))
    positions, numbers = positions[finite], numbers[finite]
    whole = numbers == np.floor(numbers)
    values[positions[whole]] = numbers[whole].astype(np.int64)
    valid[positions[whole]] = True
    decimals = [(int(p), Decimal(repr(float(v)))) for p, v in zip(positions[~whole], numbers[~whole], strict=True)]
    parsed, bad = _slow(part.texts, parse_amount, "MONTANT_INVALIDE")
    issues += bad
    for pos, amount in [*decimals, *parsed]:
        rounded = round_xpf(amount)
        if amount != rounded:
            issues.append((pos, "MONTANT_DECIMALES", {"value": format(amount, "f"), "rounded": rounded}))
        values[pos], valid[pos] = rounded, True
    return pd.arrays.IntegerArray(values, ~valid), issues


def type_int(part: Split, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue]]:
    """INT -> Int64; non-integers are ENTIER_INVALIDE."""
    values = np.zeros(part.size, np.int64)
    valid = np.zeros(part.size, bool)
    issues = _rejected(part, "ENTIER_INVALIDE")
    issues += [(int(p), "ENTIER_INVALIDE", {"value": canonical_text(v)}) for p, v in zip(*part.dates, strict=True)]
    positions, numbers = part.numbers
    whole = np.isfinite(numbers) & (numbers == np.floor(numbers)) & (np.abs(numbers) < _MAX_EXACT)
    values[positions[whole]] = numbers[whole].astype(np.int64)
    valid[positions[whole]] = True
    issues += [(int(p), "ENTIER_INVALIDE", {"value": canonical_text(float(v))})
               for p, v in zip(positions[~whole], numbers[~whole], strict=True)]
    parsed, bad = _slow(part.texts, lambda t: int(t.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")),
                        "ENTIER_INVALIDE")
    for pos, number in parsed:
        values[pos], valid[pos] = number, True
    return pd.arrays.IntegerArray(values, ~valid), issues + bad


def _parse_number(text: str, percent: bool) -> float:
    clean = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
    if clean.endswith("%"):
        return float(clean[:-1]) / 100
    return float(clean)


def type_number(part: Split, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue]]:
    """NUMBER / PERCENT -> Float64 (`12,5`, `12,5 %` accepted as text)."""
    values = np.zeros(part.size, float)
    valid = np.zeros(part.size, bool)
    issues = _rejected(part, "NOMBRE_INVALIDE")
    issues += [(int(p), "NOMBRE_INVALIDE", {"value": canonical_text(v)}) for p, v in zip(*part.dates, strict=True)]
    positions, numbers = part.numbers
    values[positions], valid[positions] = numbers, np.isfinite(numbers)
    parsed, bad = _slow(part.texts, lambda t: _parse_number(t, column.kind is Kind.PERCENT), "NOMBRE_INVALIDE")
    for pos, number in parsed:
        values[pos], valid[pos] = number, True
    return pd.arrays.FloatingArray(values, ~valid), issues + bad


def type_rate(part: Split, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue]]:
    """RATE -> Float64 fraction (11 and `11 %` mean 0.11), checked against the rates in force."""
    values = np.zeros(part.size, float)
    valid = np.zeros(part.size, bool)
    issues = _rejected(part, "TAUX_INVALIDE")
    allowed = ", ".join(format_rate(r) for r in ctx.rates)
    positions, numbers = part.numbers
    fractions = np.where(numbers >= 1, numbers / 100, numbers)
    allowed_floats = np.array([float(r) for r in ctx.rates]) if ctx.rates else None
    known = (np.isclose(fractions[:, None], allowed_floats[None, :], rtol=0, atol=1e-12).any(axis=1)
             if allowed_floats is not None and len(positions) else np.ones(len(positions), bool))
    values[positions[known]], valid[positions[known]] = fractions[known], True
    candidates = [(int(p), Decimal(repr(float(v)))) for p, v in zip(positions[~known], numbers[~known], strict=True)]
    parsed, bad = _slow(part.texts, parse_rate, "TAUX_INVALIDE")
    for pos, rate in [*candidates, *parsed]:
        fraction = rate / 100 if rate >= 1 else rate
        if ctx.rates and not any(fraction == r for r in ctx.rates):
            issues.append((pos, "TAUX_INVALIDE", {"value": format(rate.normalize(), "f"), "allowed": allowed}))
            continue
        values[pos], valid[pos] = float(fraction), True
    issues += [(p, code, {**params, "allowed": allowed}) for p, code, params in bad]
    issues += [(int(p), "TAUX_INVALIDE", {"value": canonical_text(v), "allowed": allowed})
               for p, v in zip(*part.dates, strict=True)]
    return pd.arrays.FloatingArray(values, ~valid), issues


def type_date(part: Split, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue]]:
    """DATE -> datetime64[ns] at midnight; serial numbers honour the 1904 system."""
    days = np.full(part.size, np.datetime64("NaT"), dtype="datetime64[D]")
    issues = _rejected(part, "DATE_INVALIDE")
    positions, numbers = part.numbers
    ok = (numbers >= 1) & (numbers < 110_000)  # serials up to year 2201 stay inside datetime64[ns]
    epoch = np.datetime64("1904-01-01" if ctx.date1904 else "1899-12-30", "D")
    days[positions[ok]] = epoch + np.floor(numbers[ok]).astype("timedelta64[D]")
    issues += [(int(p), "DATE_INVALIDE", {"value": canonical_text(float(v))})
               for p, v in zip(positions[~ok], numbers[~ok], strict=True)]
    issues += _typed_dates(part, days)
    parsed, bad = _slow(part.texts, lambda t: parse_date(t, date1904=ctx.date1904), "DATE_INVALIDE")
    for pos, value in parsed:
        if not _MIN_TS <= value <= _MAX_TS:
            issues.append((pos, "DATE_INVALIDE", {"value": canonical_text(value)}))
            continue
        days[pos] = np.datetime64(value, "D")
    return days.astype("datetime64[ns]"), issues + bad


def _typed_dates(part: Split, days: np.ndarray) -> list[Issue]:
    """Cells Excel already typed as dates: converted in one numpy call, out-of-range ones reported."""
    positions, values = part.dates
    if not len(positions):
        return []
    # date.toordinal mapped in C (a datetime, a Timestamp keep their day): faster than numpy's date conversion
    ordinals = np.fromiter(map(dt.date.toordinal, values), np.int64, len(values))
    converted = (ordinals - _UNIX_ORDINAL).astype("datetime64[D]")
    inside = (converted >= np.datetime64(_MIN_TS, "D")) & (converted <= np.datetime64(_MAX_TS, "D"))
    days[positions[inside]] = converted[inside]
    return [(int(p), "DATE_INVALIDE", {"value": canonical_text(values[i])})
            for i, p in enumerate(positions.tolist()) if not inside[i]]


TYPERS: dict[Kind, Callable[[Split, Column, TypingContext], tuple[Any, list[Issue]]]] = {
    Kind.TEXT: type_text, Kind.ID: type_text, Kind.CHOICE: type_text, Kind.AMOUNT: type_amount,
    Kind.INT: type_int, Kind.NUMBER: type_number, Kind.PERCENT: type_number, Kind.RATE: type_rate,
    Kind.DATE: type_date,
}


def type_column(values: np.ndarray, column: Column, ctx: TypingContext,
                blank: np.ndarray | None = None) -> tuple[Any, list[Issue], np.ndarray]:
    """(typed array, issues incl. error cells, empty mask) for one raw column (object array); `blank` as in split."""
    part = split(values, blank)
    typed, issues = TYPERS[column.kind](part, column, ctx)
    issues = [(pos, "CELLULE_ERREUR", {"value": code}) for pos, code in part.errors] + issues
    return typed, issues, part.empty


def type_absent(size: int, column: Column, ctx: TypingContext) -> tuple[Any, list[Issue], np.ndarray]:
    """`type_column` of a column the sheet lacks (`size` empty cells), without classifying them one by one."""
    part = Split(size, empty=np.ones(size, dtype=bool))  # what `split` gives for cells that are all None
    typed, issues = TYPERS[column.kind](part, column, ctx)
    return typed, issues, part.empty
