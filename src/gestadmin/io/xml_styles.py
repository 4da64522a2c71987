"""Which cell styles of an xlsx make calamine read a number as a date or a duration (styles.xml), decided as
calamine 0.37 decides it (formats.rs `detect_custom_number_format`, `builtin_format_by_id`; xlsx `read_styles`),
and those numbers converted as python-calamine converts them (datatype.rs `as_datetime`, `as_duration`).

Anything this module does not read with certainty (prefixed tags, CDATA, several `<cellXfs>`) gives None: the
caller then leaves the workbook to calamine."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np

from gestadmin.io.xml_shared_strings import Unsure, unescape_attribute

OTHER, DATETIME, TIMEDELTA = 0, 1, 2
_BUILTIN = {**{str(code): DATETIME for code in (*range(14, 23), 45, 47)}, "46": TIMEDELTA}
_NUM_FMT = re.compile(rb"<numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)>")
_ATTR = re.compile(rb'\s([\w:]+)="([^"]*)"')
_PREFIXED = re.compile(rb"</?\w+:(?:numFmts?|cellXfs|xf|styleSheet)\b")
_DATE_CHARS = frozenset("dmhysDMHYS")
_EPOCH = np.datetime64("1899-12-30T00:00:00", "ms")
_DAY_MS = 86_400_000.0


def detect_format(code: str) -> int:
    """OTHER, DATETIME or TIMEDELTA for a custom number format, scanning its first section as calamine does."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return OTHER
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return TIMEDELTA
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif char in "pmPM/" and ampm and brackets == 0:
            return DATETIME
        elif char in _DATE_CHARS and not ampm and brackets == 0:
            return DATETIME
        elif not (hms and char.lower() == prev.lower()):
            hms = prev == "[" and char in "mhsMHS"
        prev = char
    return OTHER


def _attributes(raw: bytes) -> dict[bytes, bytes] | None:
    attrs = dict(_ATTR.findall(raw))
    return None if b"='" in raw else attrs


def cell_formats(styles: bytes | None) -> np.ndarray | None:
    """The kind (OTHER/DATETIME/TIMEDELTA) of each `<cellXfs>` entry, in `s=` order; None when unsure."""
    if styles is None:
        return np.zeros(0, dtype=np.int8)
    if b"<!" in styles or _PREFIXED.search(styles):
        return None
    formats: dict[bytes, str] = {}
    for match in _NUM_FMT.finditer(styles):
        attrs = _attributes(match.group(1))
        if attrs is None:
            return None
        code = unescape_attribute(attrs.get(b"formatCode", b""))
        if code is None:
            return None
        if code:
            formats[attrs.get(b"numFmtId", b"")] = code
    sections = _CELL_XFS.findall(styles)
    if len(sections) > 1 or (not sections and b"<cellXfs" in styles):
        return None
    kinds = []
    for match in _XF.finditer(sections[0] if sections else b""):
        attrs = _attributes(match.group(1))
        if attrs is None:
            return None
        number = attrs.get(b"numFmtId")
        if number is None:
            kinds.append(OTHER)
        elif number in formats:
            kinds.append(detect_format(formats[number]))
        else:
            kinds.append(_BUILTIN.get(number.decode("latin-1"), OTHER))
    return np.array(kinds, dtype=np.int8)


def _milliseconds(days: np.ndarray) -> np.ndarray:
    """round(days * 86,400,000) half away from zero, as Rust's f64::round (exact: no + 0.5 trick)."""
    scaled = days * _DAY_MS
    whole = np.trunc(scaled)
    return (whole + np.where(np.abs(scaled - whole) >= 0.5, np.sign(scaled), 0.0)).astype(np.int64)


def datetimes(values: np.ndarray, date1904: bool) -> np.ndarray:
    """python-calamine's conversion of a date-formatted number: a time below 1, a date when whole, else a
    datetime (calamine's as_datetime: 1899-12-30 epoch, +1 day below 60, milliseconds rounded)."""
    days = values + 1462.0 if date1904 else values
    if not np.isfinite(days).all() or (days < -693_000).any() or (days >= 2_958_465).any():
        raise Unsure("date hors limites")
    days = np.where(days >= 60.0, days, days + 1.0)
    stamps = _EPOCH + _milliseconds(days).astype("timedelta64[ms]")
    out = np.empty(len(values), dtype=object)
    time, whole = values < 1.0, values == np.trunc(values)
    when = ~time & whole
    out[when] = stamps[when].astype("datetime64[D]").astype(object)
    out[~time & ~whole] = stamps[~time & ~whole].astype(object)
    clock: Callable[[dt.datetime], dt.time] = dt.datetime.time
    out[time] = [clock(moment) for moment in stamps[time].astype(object)] if time.any() else []
    return out


def durations(values: np.ndarray, _date1904: bool) -> np.ndarray:
    """A duration-formatted number (`[h]:mm`): a timedelta of the rounded milliseconds."""
    if not np.isfinite(values).all() or (np.abs(values) >= 1e8).any():
        raise Unsure("durée hors limites")
    out = np.empty(len(values), dtype=object)
    out[:] = _milliseconds(values).astype("timedelta64[ms]").astype(object)
    return out

