"""io.xml_cells (the vectorised XML reader) against calamine: the same CellGrid rows, types included, and the
same error cells, on the corpus, the demo workbooks, synthetic registers and random sheets; which reader was
taken is asserted, so that the fast path is really exercised on plain files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gestadmin.io import raw as raw_module
from gestadmin.io import sheet_slices
from gestadmin.io.raw import read_raw_unguarded
from gestadmin.io.sniff import sniff
from gestadmin.io.xml_styles import DATETIME, OTHER, TIMEDELTA, detect_format
from tests.corpus_path import corpus_dir

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(p for p in (corpus_dir() / "real").rglob("*.xls[xm]") if p.stat().st_size < 2_000_000)
DEMO = sorted((ROOT / "workbooks" / "demo").glob("*.xlsx"))
Typed = list[list[tuple[type, Any]]]


def _read(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, str, Typed]], Any]:
    """(name, reader, typed rows) per sheet, and the error cells, or the exception type when unreadable."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(raw_module, "open_book", lambda _path: None)
        try:
            book = read_raw_unguarded(path, sniff(path), columnar=True)
        except BaseException as exc:  # calamine's panics are BaseException
            return [], type(exc).__name__
    sheets = [(s.name, s.reader, [[(type(v), v) for v in s.row(i)] for i in range(s.height)]) for s in book.sheets]
    return sheets, (book.date1904, book.tables)


def assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The fast reader's sheets equal calamine's (rows, types, error cells); the readers taken, per sheet."""
    fast, fast_extra = _read(path, True, monkeypatch)
    slow, slow_extra = _read(path, False, monkeypatch)
    assert fast_extra == slow_extra
    assert [(n, rows) for n, _r, rows in fast] == [(n, rows) for n, _r, rows in slow]
    assert all(reader != "xml" for _n, reader, _rows in slow)
    return [reader for _n, reader, _rows in fast]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_reads_like_calamine(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same(path, monkeypatch)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_reads_like_calamine_in_tiny_slices(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_slices, "SLICE_BYTES", 3_000)
    assert_same(path, monkeypatch)


def test_corpus_plain_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    readers = {p.name: assert_same(p, monkeypatch) for p in CORPUS if p.name in {
        "date_1904.xlsx", "encoded_entities.xlsx", "has_x000D_.xlsx", "whitespace_trim.xlsx", "errors.xlsx",
        "single-sheet-skip-rows-durations.xlsx", "fixture-type-errors.xlsx", "right-to-left.xlsx"}}
    assert len(readers) == 8 and all("xml" in found for found in readers.values()), readers


@pytest.mark.parametrize("path", DEMO, ids=lambda p: p.name)
def test_demo_workbooks_read_alike_on_the_fast_path(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(assert_same(path, monkeypatch)) == {"xml"}


def test_synthetic_registers_read_alike_on_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synthetic
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for path in synthetic.generate(tmp_path, files=2, rows=300, duplicates=20).files:
        assert set(assert_same(path, monkeypatch)) == {"xml"}
        monkeypatch.setattr(sheet_slices, "SLICE_BYTES", 5_000)
        assert set(assert_same(path, monkeypatch)) == {"xml"}
        monkeypatch.undo()


def test_number_formats_are_classified_as_calamine_does() -> None:
    cases = {"dd/mm/yyyy": DATETIME, "[h]:mm:ss": TIMEDELTA, "0.00": OTHER, '"x"yyyy': DATETIME, "#,##0*y": OTHER,
             "#,##0_)y": DATETIME, "[Red]y": DATETIME, "@;y": OTHER, "[mm]:ss": TIMEDELTA, "[=0]h": DATETIME,
             "h AM/PM": DATETIME, "\\y0": OTHER, "General": OTHER, "[$-40C]d mmmm yyyy": DATETIME}
    assert {code: detect_format(code) for code in cases} == cases


FORMATS = ["General", "0.00", "dd/mm/yyyy", "d/m/yy h:mm", "hh:mm:ss", "[h]:mm:ss", "[mm]:ss", "mm:ss",
           '[$-40C]d mmmm yyyy;@', '"le "d"/"m', "#,##0*y", "[Red]0.00;[Blue]-0.00", "yyyy-mm-dd hh:mm:ss.000",
           '_-* #,##0.00\\ "€"_-', "h AM/PM", "[ss].00"]
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12) | st.sampled_from(
    [" lead", "trail ", " ", "", "a&b<c>\"'", "_x0041_", "ligne\nsuite", "tab\t", "\r\n", "é€漢字🙂", "#N/A"])
NUMBER = (st.floats(allow_nan=False, allow_infinity=False, width=64) | st.integers(-2**53 - 8, 2**53 + 8)
          | st.floats(-10, 2_958_000) | st.sampled_from([0.0, -0.0, 0.5, 59.0, 60.0, 61.0, 1e-300, 1e300]))
MOMENT = st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9998, 1, 1)) | st.dates(dt.date(1900, 3, 1)) | st.times()
VALUE = st.one_of(TEXT, NUMBER, st.booleans(), MOMENT, st.sampled_from(["=1/0", "=NA()"]))
CELLS = st.dictionaries(st.tuples(st.integers(0, 60), st.integers(0, 40) | st.just(16_383)),
                        st.tuples(VALUE, st.sampled_from(FORMATS)), max_size=40)


def _write_xlsxwriter(path: Path, cells: dict[tuple[int, int], tuple[Any, str]], constant: bool) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Feuille")
    formats = {code: book.add_format({"num_format": code}) for code in FORMATS}
    for (row, col), (value, code) in sorted(cells.items()):
        fmt = formats[code]
        if isinstance(value, str) and value.startswith("="):
            sheet.write_formula(row, col, value, fmt, "#DIV/0!" if value == "=1/0" else "#N/A")
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, fmt)
        elif isinstance(value, (dt.datetime, dt.date, dt.time)):
            sheet.write_datetime(row, col, value, fmt)
        elif isinstance(value, str):
            sheet.write_string(row, col, value, fmt)
        else:
            sheet.write_number(row, col, value, fmt)
    book.close()


def _write_openpyxl(path: Path, cells: dict[tuple[int, int], tuple[Any, str]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for (row, col), (value, code) in cells.items():
        if isinstance(value, str) and (value.startswith("=") or any(ord(c) < 32 and c not in "\t\n\r" for c in value)):
            continue  # openpyxl refuses control characters; its formulas carry no cached value
        cell = sheet.cell(row + 1, col + 1, value)
        cell.number_format = code
    book.save(path)


def _in_range(cells: dict[tuple[int, int], tuple[Any, str]]) -> bool:
    """Whether every date- or duration-formatted number is one the fast reader converts (not left to calamine)."""
    for value, code in cells.values():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            kind = detect_format(code)
            if (kind == DATETIME and not -693_000 <= value < 2_958_465) or (kind == TIMEDELTA and abs(value) >= 1e8):
                return False
    return True


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=CELLS, writer=st.sampled_from(["xlsxwriter", "xlsxwriter-constant", "openpyxl"]))
def test_random_sheets_read_alike_on_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    cells: dict[tuple[int, int], tuple[Any, str]], writer: str) -> None:
    path = tmp_path / f"{writer}.xlsx"
    if writer == "openpyxl":
        _write_openpyxl(path, cells)
    else:
        _write_xlsxwriter(path, cells, writer.endswith("constant"))
    readers = assert_same(path, monkeypatch)
    assert readers == ["xml"] or not cells or not _in_range(cells)  # else left to calamine, on purpose
