"""Tables written as xlsx sheets with xlsxwriter (constant memory), atomically: exports and consolidated workbooks.

Ids stay text, amounts and dates are typed cells under French number formats, user text is never interpreted as
a formula, a number or a link. xlsxwriter assembles the package (styles, shared parts, autofilter, panes); the
rows' XML, which xlsxwriter would write one cell call at a time (~5 µs a cell), is written here a column at a
time: each distinct value of a column is turned into its cell XML once, by xlsxwriter's own conversion and
escaping functions, and rows are joined from those pieces. The file is byte for byte the one xlsxwriter's cell
calls write (tested), except that a text shaped like xlsxwriter's rich-string marker (`<r>…</r>`) is escaped as
any text instead of being copied into the XML raw (xlsxwriter's behaviour, which corrupts the file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import numbers
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name

from gestadmin.io import parallel_zip
from gestadmin.io.atomic import atomic_path
from gestadmin.model.export_mapping import ExportFormat, ExportMapping

_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_SERIAL_SAFE = pd.Timestamp("1900-03-01")  # before it, Excel's 1900 leap-year bug shifts serials: xlsxwriter decides
_CHUNK = 20_000  # rows joined and written at a time: the pieces of one chunk only are held
# a text xlsxwriter changes: XML specials, control characters and `_xHHHH_` escapes, non-characters, or a
# leading/trailing white space (preserved by an attribute)
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")
_NUMBER_FORMATS = (ExportFormat.AMOUNT, ExportFormat.INT, ExportFormat.RATE)
Pieces = tuple[str, list[str | None], np.ndarray]  # cell head `<c r="B`, tail per distinct value, code per row
parallel_zip.install()  # big sheets deflated on every core (same package format and contents)


def is_missing(value: Any) -> bool:
    """None, NA, NaT or NaN: an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def write_xlsx_tables(path: Path, tables: Sequence[tuple[str, pd.DataFrame, ExportMapping]]) -> str:
    """Write one sheet per (sheet name, frame, mapping) atomically with xlsxwriter; returns the sha256."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), _OPTIONS)
        book.set_properties({"created": dt.datetime(2026, 1, 1)})
        formats, header = _styles(book)
        for name, frame, mapping in tables:
            _write_sheet(book, name, frame, mapping, formats, header)
        book.close()
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    return digest


def _styles(book: Any) -> tuple[dict[ExportFormat, Any], Any]:
    """The cell formats and the header format, their style indices fixed in this order (xlsxwriter gives them on
    first use otherwise), so that the rows' `s=` attributes are known before any cell is written."""
    formats = {
        ExportFormat.AMOUNT: book.add_format({"num_format": '# ##0 "F"'}),
        ExportFormat.DATE: book.add_format({"num_format": "dd/mm/yyyy"}),
        ExportFormat.RATE: book.add_format({"num_format": "0%"}),
        ExportFormat.INT: book.add_format({"num_format": "0"}),
        ExportFormat.ID: book.add_format({"num_format": "@"}),
        ExportFormat.TEXT: book.add_format({}),
    }
    header = book.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"})
    for style in [*formats.values(), header]:
        style._get_xf_index()  # xlsxwriter 3.3 (pinned): assigns the index now
    return formats, header


def _write_sheet(book: Any, name: str, frame: pd.DataFrame, mapping: ExportMapping,
                 formats: dict[ExportFormat, Any], header: Any) -> None:
    sheet = book.add_worksheet(name[:31])
    for col, column in enumerate(mapping.colonnes):
        sheet.write_string(0, col, column.entete, header)
        sheet.set_column(col, col, max(10, min(40, len(column.entete) + 4)))
    sheet.freeze_panes(1, 0)
    if len(frame):
        _write_rows(sheet, frame, mapping, formats)
        sheet.autofilter(0, 0, len(frame), len(mapping.colonnes) - 1)


def _write_rows(sheet: Any, frame: pd.DataFrame, mapping: ExportMapping, formats: dict[ExportFormat, Any]) -> None:
    """The frame's rows under the header, into xlsxwriter's row stream (constant_memory: its temporary file of
    row XML, xlsxwriter 3.3, pinned), and the written range into the sheet's dimensions as its cell calls do."""
    sheet._write_single_row(1)  # flush the header row: the stream is now at row 2
    pieces = [_column_pieces(sheet, frame, column.champ, column.format, col, formats[column.format]._get_xf_index())
              for col, column in enumerate(mapping.colonnes)]
    last_written = -1
    for start in range(0, len(frame), _CHUNK):
        stop = min(start + _CHUNK, len(frame))
        text, last = _rows_xml(pieces, start, stop)
        sheet.row_data_fh.write(text)
        last_written = max(last_written, last)
    sheet.previous_row = len(frame) + 1
    if last_written >= 0:  # a sheet row index (0 = the header); rows after it were all empty
        sheet.dim_rowmax = max(sheet.dim_rowmax, last_written + 1)


def _rows_xml(pieces: list[Pieces], start: int, stop: int) -> tuple[str, int]:
    """Rows start..stop-1 of the frame as xlsxwriter writes them (`<row r="n">` then each non-empty cell in
    column order; a row without any cell is not written); returns the XML and the last frame row written (-1)."""
    numbers = [str(n) for n in range(start + 2, stop + 2)]
    cells = [[f"{head}{n}{tails[code]}" if code >= 0 else ""
              for n, code in zip(numbers, codes[start:stop].tolist(), strict=True)]
             for head, tails, codes in pieces]
    present = np.zeros(stop - start, dtype=bool)
    for _, _, codes in pieces:
        present |= codes[start:stop] >= 0
    heads = [f'<row r="{n}">' if keep else "" for n, keep in zip(numbers, present.tolist(), strict=True)]
    ends = ["</row>" if keep else "" for keep in present.tolist()]
    written = np.flatnonzero(present)
    last = int(start + written[-1]) if len(written) else -1
    return "".join(map("".join, zip(heads, *cells, ends, strict=True))), last


def _column_pieces(sheet: Any, frame: pd.DataFrame, field: str, fmt: ExportFormat, col: int, style: int) -> Pieces:
    """One column as (cell head, cell tail of each distinct value, code of each row, -1 = no cell); a tail is
    the XML after the row number: `" s="3"><v>12</v></c>`."""
    head = f'<c r="{xl_col_to_name(col)}'
    if field not in frame.columns:
        return head, [], np.full(len(frame), -1, dtype=np.intp)
    column = frame[field]
    numbers = _as_numbers(column, fmt)
    if numbers is not None:
        number_codes, distinct_numbers = pd.factorize(numbers)
        number_codes[column.isna().to_numpy()] = -1
        return head, _number_tails(distinct_numbers, style), number_codes.astype(np.intp, copy=False)
    if pd.api.types.infer_dtype(column, skipna=True) in ("mixed", "mixed-integer", "mixed-integer-float"):
        column = column.map(_typed, na_action="ignore")  # 1, 1.0 and True are equal keys: keep them apart
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    tails = [_cell_tail(sheet, value[1] if isinstance(value, _Typed) else value, fmt, style) for value in uniques]
    if any(tail is None for tail in tails):
        missing = np.array([tail is None for tail in tails] + [True], dtype=bool)
        codes = np.where(missing[codes], -1, codes)  # code -1 reads the appended True
    return head, tails, codes.astype(np.intp, copy=False)


def _as_numbers(column: pd.Series, fmt: ExportFormat) -> np.ndarray | None:
    """Whole-number and date columns as the floats xlsxwriter would write (dates as Excel serial numbers, 1900
    date system) in one numpy conversion; None for any other column (converted value by value)."""
    if fmt in _NUMBER_FORMATS and pd.api.types.is_integer_dtype(column.dtype):
        return column.to_numpy(dtype=np.int64, na_value=0).astype(float)
    if (fmt is ExportFormat.DATE and pd.api.types.is_datetime64_dtype(column.dtype)
            and not (column < _SERIAL_SAFE).any()):
        stamps = column.to_numpy(dtype="datetime64[us]")
        return ((stamps - _EXCEL_EPOCH) / np.timedelta64(1, "D")).astype(float)
    return None


class _Typed(tuple[type, Any]):
    """A value with its type, so that values equal across types (1, 1.0, True) stay distinct."""


def _typed(value: Any) -> _Typed:
    return _Typed((type(value), value))


def _number_tails(numbers: np.ndarray, style: int) -> list[str | None]:
    """The tails of distinct finite floats: `%.16G`, which is the integer's digits for a whole non-zero number
    under 10**15 (converted by numpy at once); any other number formatted by Python."""
    texts = np.empty(len(numbers), dtype=object)
    whole = (numbers == np.trunc(numbers)) & (np.abs(numbers) < 1e15) & (numbers != 0)
    texts[whole] = numbers[whole].astype(np.int64).astype(str)
    texts[~whole] = [f"{n:.16G}" for n in numbers[~whole].tolist()]
    return [f'" s="{style}"><v>{text}</v></c>' for text in texts.tolist()]


def _cell_tail(sheet: Any, value: Any, fmt: ExportFormat, style: int) -> str | None:
    """The cell XML after its reference for one value (None = no cell), as xlsxwriter 3.3 writes it in
    constant_memory mode: numbers `%.16G`, dates through its own serial conversion, texts truncated, escaped
    and whitespace-preserved by its own functions, as inline strings."""
    if is_missing(value):
        return None
    if fmt is ExportFormat.DATE and isinstance(value, (dt.date, pd.Timestamp)):
        day = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        return _number_tail(sheet._convert_date_time(day), style)
    if fmt in _NUMBER_FORMATS and is_number(value):
        return _number_tail(float(value), style)
    return _text_tail(sheet, str(value), style)  # user text is never interpreted as a formula or a number


def is_number(value: Any) -> bool:
    """A value written as a number cell: a finite real number (a date or an infinity in an amount column is
    written as its text, as anything else that is not a number)."""
    return isinstance(value, (numbers.Real, Decimal)) and math.isfinite(value)


def _number_tail(number: float, style: int) -> str:
    return f'" s="{style}"><v>{number:.16G}</v></c>'


def _text_tail(sheet: Any, text: str, style: int) -> str:
    if not _NEEDS_WORK.search(text) and len(text) <= sheet.xls_strmax // 2:  # as is, by xlsxwriter's rules too
        return f'" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
    if len(text) > sheet.xls_strmax // 2 and _utf16_len(text) > sheet.xls_strmax:
        text = _utf16_truncate(text, sheet.xls_strmax)
    text = sheet._escape_control_characters(text)
    preserve = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'" s="{style}" t="inlineStr"><is><t{preserve}>{sheet._escape_data(text)}</t></is></c>'

