"""Tables written as xlsx sheets with xlsxwriter (constant memory), atomically: exports and consolidated workbooks.

Ids stay text, amounts and dates are typed cells under French number formats, user text is never interpreted as
a formula, a number or a link. A big table is written by two processes: this one writes the header and the first
half of the rows, a child writes the second half's row XML with the same xlsxwriter code and the same style
indices, and its rows are appended to this sheet's row stream before xlsxwriter assembles the file. The result is
byte for byte the file one process writes (tested); if the child fails, this process writes those rows itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import multiprocessing as mp
import os
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from gestadmin.io.atomic import atomic_path
from gestadmin.model.export_mapping import ExportFormat, ExportMapping

PARALLEL_ROWS = 50_000  # below this, starting the child costs more than it saves
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_SERIAL_SAFE = pd.Timestamp("1900-03-01")  # before it, Excel's 1900 leap-year bug shifts serials: xlsxwriter decides
Dims = tuple[int, int, int, int]  # first row, last row, first column, last column written


def is_missing(value: Any) -> bool:
    """None, NA, NaT or NaN: an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def write_xlsx_tables(
    path: Path, tables: Sequence[tuple[str, pd.DataFrame, ExportMapping]], parallel: bool | None = None
) -> str:
    """Write one sheet per (sheet name, frame, mapping) atomically with xlsxwriter; returns the sha256.

    `parallel`: None = a second process for tables of PARALLEL_ROWS rows or more when the machine has two
    processors; True/False force it (tests)."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), _OPTIONS)
        book.set_properties({"created": dt.datetime(2026, 1, 1)})
        formats, header = _styles(book)
        for name, frame, mapping in tables:
            split = parallel if parallel is not None else len(frame) >= PARALLEL_ROWS and (os.cpu_count() or 1) > 1
            _write_sheet(book, name, frame, mapping, formats, header, split and len(frame) >= 2)
        book.close()
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    return digest


def _styles(book: Any) -> tuple[dict[ExportFormat, Any], Any]:
    """The cell formats and the header format, their style indices fixed in this order (xlsxwriter gives them on
    first use otherwise): both processes of a split sheet then write the same `s=` attributes."""
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


def _xlsx_cell(value: Any, fmt: ExportFormat) -> tuple[str, Any]:
    if is_missing(value):
        return ("", None)
    if fmt is ExportFormat.DATE and isinstance(value, (dt.date, pd.Timestamp)):
        return ("write_datetime", value.to_pydatetime() if isinstance(value, pd.Timestamp) else value)
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT, ExportFormat.RATE) and not isinstance(value, str):
        return ("write_number", float(value))
    return ("write_string", str(value))  # user text is never interpreted as a formula or a number


def _column_cells(frame: pd.DataFrame, field: str, fmt: ExportFormat) -> tuple[list[str], list[Any]]:
    """(xlsxwriter method name, value) of each row of one column ("" = empty cell): whole numbers and dates in
    one numpy conversion (dates as Excel serial numbers, shown by the date format), anything else each distinct
    value typed once."""
    size = len(frame)
    if field not in frame.columns:
        return [""] * size, [None] * size
    column = frame[field]
    number_like = fmt in (ExportFormat.AMOUNT, ExportFormat.INT, ExportFormat.RATE)
    if (number_like and pd.api.types.is_integer_dtype(column.dtype)) or (
            fmt is ExportFormat.DATE and pd.api.types.is_datetime64_dtype(column.dtype)
            and not (column < _SERIAL_SAFE).any()):
        missing = column.isna().to_numpy()
        if fmt is ExportFormat.DATE:  # 1900 date system, as xlsxwriter writes dates
            stamps = column.to_numpy(dtype="datetime64[us]")
            values = ((stamps - _EXCEL_EPOCH) / np.timedelta64(1, "D")).astype(float)
        else:
            values = column.to_numpy(dtype=np.int64, na_value=0).astype(float)
        methods = np.where(missing, "", "write_number").astype(object)
        return list(methods), values.tolist()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    cells = [*(_xlsx_cell(u, fmt) for u in uniques), ("", None)]
    names = np.array([c[0] for c in cells], dtype=object)
    values_by_code = np.empty(len(cells), dtype=object)
    values_by_code[:] = [c[1] for c in cells]
    return list(names[codes]), list(values_by_code[codes])


def _write_rows(sheet: Any, frame: pd.DataFrame, mapping: ExportMapping, formats: dict[ExportFormat, Any],
                first_row: int) -> None:
    """The frame's rows from sheet row `first_row` on (constant_memory: rows must be written in order). Rows are
    in order with valid coordinates, so the unchecked writers behind the public ones (xlsxwriter 3.3, pinned)
    are used when present: ~10 % of the time per cell."""
    writers = {name: getattr(sheet, "_" + name, getattr(sheet, name))
               for name in ("write_datetime", "write_number", "write_string")}
    columns = []
    for col, column in enumerate(mapping.colonnes):
        names, values = _column_cells(frame, column.champ, column.format)
        columns.append((col, [writers[n] if n else None for n in names], values, formats[column.format]))
    for row in range(len(frame)):
        excel_row = first_row + row
        for col, calls, values, style in columns:
            call = calls[row]
            if call is not None:
                call(excel_row, col, values[row], style)


def _write_sheet(
    book: Any, name: str, frame: pd.DataFrame, mapping: ExportMapping, formats: dict[ExportFormat, Any],
    header: Any, split: bool = False,
) -> None:
    sheet = book.add_worksheet(name[:31])
    for col, column in enumerate(mapping.colonnes):
        sheet.write_string(0, col, column.entete, header)
        sheet.set_column(col, col, max(10, min(40, len(column.entete) + 4)))
    sheet.freeze_panes(1, 0)
    half = len(frame) // 2 if split else len(frame)
    pending = None
    if split:
        fields = [c.champ for c in mapping.colonnes if c.champ in frame.columns]
        pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("forkserver"))
        pending = pool.submit(_rows_xml, name, frame.iloc[half:][fields], mapping, half + 1)
        pool.shutdown(wait=False)
    _write_rows(sheet, frame.iloc[:half], mapping, formats, 1)
    if pending is not None:
        _append_rows(sheet, pending, frame.iloc[half:], mapping, formats, half + 1)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), len(mapping.colonnes) - 1)


def _append_rows(sheet: Any, pending: Any, rest: pd.DataFrame, mapping: ExportMapping,
                 formats: dict[ExportFormat, Any], first_row: int) -> None:
    """The child's rows after ours in the sheet's row stream (xlsxwriter's constant_memory temp file), its
    written range merged into ours; if the child failed, the rows written here instead."""
    try:
        xml_path, dims = pending.result()
    except Exception:  # noqa: BLE001 - a dead or failing child only costs time: the rows are written here
        _write_rows(sheet, rest, mapping, formats, first_row)
        return
    try:
        sheet._write_single_row(first_row)  # flush our last row before appending the child's
        with open(xml_path, encoding="utf-8") as rows_xml:
            shutil.copyfileobj(rows_xml, sheet.row_data_fh)
        if dims[0] >= 0:
            _merge_dims(sheet, dims)
    finally:
        os.unlink(xml_path)


def _merge_dims(sheet: Any, dims: Dims) -> None:
    first_row, last_row, first_col, last_col = dims
    sheet.dim_rowmin = first_row if sheet.dim_rowmin is None else min(sheet.dim_rowmin, first_row)
    sheet.dim_rowmax = last_row if sheet.dim_rowmax is None else max(sheet.dim_rowmax, last_row)
    sheet.dim_colmin = first_col if sheet.dim_colmin is None else min(sheet.dim_colmin, first_col)
    sheet.dim_colmax = last_col if sheet.dim_colmax is None else max(sheet.dim_colmax, last_col)


def _rows_xml(name: str, frame: pd.DataFrame, mapping: ExportMapping, first_row: int) -> tuple[str, Dims]:
    """Child side: the row XML of `frame` from sheet row `first_row` on, written by xlsxwriter into a scratch
    workbook that is never assembled; returns the file holding it and the range written ((-1,)*4 when empty)."""
    with tempfile.TemporaryDirectory(prefix="gestadmin-xlsx-") as scratch:
        book = xlsxwriter.Workbook(str(Path(scratch) / "moitie.xlsx"), _OPTIONS)
        formats, _header = _styles(book)
        sheet = book.add_worksheet(name[:31])
        _write_rows(sheet, frame, mapping, formats, first_row)
        sheet._write_single_row(first_row + len(frame))  # flush the last row
        sheet.row_data_fh.close()
        fd, out = tempfile.mkstemp(prefix="gestadmin-lignes-", suffix=".xml")
        os.close(fd)
        shutil.move(sheet.row_data_filename, out)
        dims = (sheet.dim_rowmin, sheet.dim_rowmax, sheet.dim_colmin, sheet.dim_colmax)
    return out, (-1, -1, -1, -1) if dims[0] is None else dims
