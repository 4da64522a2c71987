"""The reader's quick paths (blank cells told by the column's type, texts without blanks or error tokens, absent
columns, dates mapped to ordinals, the frame built from its arrays) give exactly what the general paths give, on
any cells: the speed work of issue 7 must not change a typed value or a finding."""

from __future__ import annotations

import datetime as dt
import math
import pickle
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from gestadmin.io.layouts import Column, Kind
from gestadmin.io.raw import CellError
from gestadmin.io.reader import blank_cells, typed_frame
from gestadmin.io.typing_cells import ERROR_SET, TypingContext, split, type_absent, type_column
from gestadmin.settings import Settings

TEXTS = st.one_of(st.sampled_from(["", " ", "  \t", "#N/A", " #REF! ", "Err:502", "Payée", "payée ", "x"]),
                  st.text(st.sampled_from(list("aZ09 -/#!\t\u00a0é")), max_size=6))
DAYS = st.dates(dt.date(1600, 1, 1), dt.date(2300, 12, 31))
CELLS = st.one_of(
    st.none(), TEXTS, st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6), st.booleans(),
    DAYS, st.builds(lambda d, h: dt.datetime.combine(d, dt.time(h)), DAYS, st.integers(0, 23)),
    st.builds(pd.Timestamp, st.dates(dt.date(1700, 1, 1), dt.date(2200, 1, 1))),
    st.sampled_from([float("nan"), pd.NaT, CellError("#DIV/0!")]),  # (pd.NA: no reader gives one)
)
# a column holds one type of cell (the usual case, where the quick paths apply), or a mix of them
COLUMNS = st.one_of(st.lists(TEXTS, max_size=30), st.lists(st.floats(allow_nan=True), max_size=30),
                    st.lists(st.one_of(st.none(), DAYS), max_size=30), st.lists(DAYS, max_size=30),
                    st.lists(st.integers(-5, 5), max_size=30), st.lists(st.booleans(), max_size=30),
                    st.lists(CELLS, max_size=30))
CONTEXT = TypingContext(False, tuple(Settings(_env_file=None).rates_on(dt.date(2026, 1, 1))),
                        {"statuts": ("Reçue", "Payée")})


def _objects(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@given(COLUMNS)
@settings(max_examples=400, deadline=None)
def test_blank_cells_equals_missing_or_empty_text(values: list[Any]) -> None:
    column = _objects(values)
    assert blank_cells(column).tolist() == (pd.isna(column) | (column == "")).tolist()


def _reference_texts(values: list[str]) -> tuple[list[int], list[str], list[tuple[int, str]], list[int]]:
    """What splitting a column of texts means, written out cell by cell."""
    kept, texts, errors, blank = [], [], [], []
    for position, value in enumerate(values):
        text = value.strip()
        if not text:
            blank.append(position)
        elif text in ERROR_SET:
            errors.append((position, text))
        else:
            kept.append(position)
            texts.append(text)
    return kept, texts, errors, blank


@given(st.lists(TEXTS, max_size=30))
@settings(max_examples=400, deadline=None)
def test_text_cells_split_as_written_out(values: list[str]) -> None:
    kept, texts, errors, blank = _reference_texts(values)
    part = split(_objects(values), np.zeros(len(values), dtype=bool))
    assert (part.texts[0].tolist(), part.texts[1], part.errors) == (kept, texts, errors)
    assert np.flatnonzero(part.empty).tolist() == blank


def _typed_equal(left: Any, right: Any) -> None:
    assert type(left) is type(right)
    assert_frame_equal(pd.DataFrame({"c": left}), pd.DataFrame({"c": right}), check_exact=True)


KINDS_TO_TYPE = [Column("a", "A", kind) for kind in Kind] + [Column("s", "S", Kind.CHOICE, choices="statuts")]


@given(st.integers(0, 40))
@settings(max_examples=30, deadline=None)
def test_absent_column_typed_as_a_column_of_empty_cells(size: int) -> None:
    for column in KINDS_TO_TYPE:
        typed, issues, empty = type_absent(size, column, CONTEXT)
        expected, expected_issues, expected_empty = type_column(np.full(size, None, dtype=object), column, CONTEXT)
        _typed_equal(typed, expected)
        assert (issues, empty.tolist()) == (expected_issues, expected_empty.tolist())


@given(st.lists(st.one_of(DAYS, st.builds(lambda d, h: dt.datetime.combine(d, dt.time(h)), DAYS,
                                          st.integers(0, 23))), max_size=30))
@settings(max_examples=200, deadline=None)
def test_date_cells_typed_to_their_day(values: list[dt.date]) -> None:
    typed, issues, _empty = type_column(_objects(values), Column("d", "D", Kind.DATE), CONTEXT)
    inside = [dt.date(1678, 1, 1) <= (v.date() if isinstance(v, dt.datetime) else v) <= dt.date(2262, 4, 11)
              for v in values]
    days = [np.datetime64(v.date() if isinstance(v, dt.datetime) else v, "D") for v in values]
    expected = np.array([d if ok else np.datetime64("NaT") for d, ok in zip(days, inside, strict=True)],
                        dtype="datetime64[D]").astype("datetime64[ns]")
    assert typed.tolist() == expected.tolist()
    assert [pos for pos, code, _params in issues if code == "DATE_INVALIDE"] == [
        i for i, ok in enumerate(inside) if not ok]


def _column_arrays(draw: Any, size: int) -> dict[str, Any]:
    texts = draw(st.lists(st.one_of(st.none(), TEXTS), min_size=size, max_size=size))
    amounts = draw(st.lists(st.one_of(st.none(), st.integers(-10**9, 10**9)), min_size=size, max_size=size))
    rates = draw(st.lists(st.one_of(st.none(), st.sampled_from([0.0, 0.11, 0.22])), min_size=size, max_size=size))
    days = draw(st.lists(st.one_of(st.none(), DAYS.filter(lambda d: d.year > 1700 and d.year < 2200)),
                         min_size=size, max_size=size))
    return {
        "text": _objects(texts),
        "amount": pd.array(amounts, dtype="Int64"),
        "rate": pd.array(rates, dtype="Float64"),
        "day": np.array([np.datetime64(d, "D") if d else np.datetime64("NaT") for d in days],
                        dtype="datetime64[D]").astype("datetime64[ns]"),
        "other": _objects([None] * size),
        "_row": np.arange(2, size + 2, dtype=np.int64),
    }


@st.composite
def TYPED_COLUMNS(draw: Any) -> dict[str, Any]:  # noqa: N802 - a strategy, named like the others
    return _column_arrays(draw, draw(st.integers(0, 12)))


@given(TYPED_COLUMNS())
@settings(max_examples=200, deadline=None)
def test_typed_frame_equals_one_series_per_column(columns: dict[str, Any]) -> None:
    expected = pd.DataFrame({name: pd.Series(values, dtype=object) if values.dtype == object else values
                             for name, values in columns.items()})
    got = typed_frame(columns, len(columns["_row"]))
    assert_frame_equal(got, expected, check_exact=True, check_dtype=True, check_index_type=True,
                       check_column_type=True)
    assert [str(b.dtype) for b in got._mgr.blocks] == [str(b.dtype) for b in expected._mgr.blocks]
    assert pickle.dumps(got, protocol=5) == pickle.dumps(expected, protocol=5)  # what goes to the parent


def _reference_split(values: list[Any]) -> tuple[list[int], list[float], list[int], list[int], list[int], list[int]]:
    """Where each non-blank cell of a mixed column goes, by the isinstance rules (bool before int)."""
    numbers, floats, dates, errors, others, texts = [], [], [], [], [], []
    for position, value in enumerate(values):
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value == "":
            continue
        if isinstance(value, CellError):
            errors.append(position)
        elif isinstance(value, bool):
            others.append(position)
        elif isinstance(value, int | float):
            numbers.append(position)
            floats.append(float(value))
        elif isinstance(value, str):
            texts.append(position)
        elif isinstance(value, dt.date):
            dates.append(position)
        else:
            others.append(position)
    return numbers, floats, dates, errors, others, texts


@given(st.lists(CELLS, max_size=30))
@settings(max_examples=400, deadline=None)
def test_mixed_cells_classified_by_type(values: list[Any]) -> None:
    numbers, floats, dates, errors, others, texts = _reference_split(values)
    part = split(_objects(values))
    assert (part.numbers[0].tolist(), part.dates[0].tolist(), [p for p, _ in part.others]) == (numbers, dates, others)
    assert [repr(v) for v in part.numbers[1].tolist()] == [repr(v) for v in floats]
    in_texts = set(part.texts[0].tolist()) | {p for p, _ in part.errors} | set(np.flatnonzero(part.empty).tolist())
    assert set(texts) <= in_texts and set(errors) <= {p for p, _ in part.errors}
