"""Exports to the finance directorate: CSV (French Excel friendly) and xlsx, both written atomically.

Text cells that a spreadsheet would run as a formula (starting with = + - @ tab CR) are neutralised with a
leading apostrophe (CSV injection); real formulas are never written from user text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from gestadmin.io.atomic import atomic_path, atomic_write_bytes
from gestadmin.io.layouts import SheetLayout
from gestadmin.model.export_mapping import (
    ExportColumn,
    ExportFormat,
    ExportMapping,
    ExportOptions,
    parse_mapping,
)

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a text that a spreadsheet would interpret as a formula with an apostrophe."""
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def load_mapping(path: Path | None = None) -> ExportMapping:
    """The mapping from a TOML file, or the shipped default when `path` is None."""
    if path is None:
        text = resources.files("gestadmin").joinpath("data/export_finances.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_mapping(text)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _csv_cell(value: Any, fmt: ExportFormat, mapping: ExportMapping) -> str:
    if _is_missing(value):
        return ""
    options = mapping.export
    if fmt is ExportFormat.DATE:
        day = value.date() if isinstance(value, (dt.datetime, pd.Timestamp)) else value
        return day.strftime(options.format_date) if isinstance(day, dt.date) else neutralise(str(day))
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT):
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return neutralise(str(value))
    if fmt is ExportFormat.RATE:
        try:
            text = format(Decimal(str(value)).normalize(), "f")
        except ArithmeticError:
            return neutralise(str(value))
        return text.replace(".", options.decimale)
    return neutralise(str(value))


def _csv_column(frame: pd.DataFrame, field: str, fmt: ExportFormat, mapping: ExportMapping) -> list[str]:
    """The CSV texts of one column: whole numbers in one numpy conversion, anything else each distinct value
    converted once (dates, rates, names repeat a lot)."""
    if field not in frame.columns:
        return [""] * len(frame)
    column = frame[field]
    if fmt in (ExportFormat.AMOUNT, ExportFormat.INT) and pd.api.types.is_integer_dtype(column.dtype):
        missing = column.isna().to_numpy()
        texts = column.to_numpy(dtype=np.int64, na_value=0).astype(str).astype(object)
        texts[missing] = ""
        return list(texts)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if fmt in (ExportFormat.TEXT, ExportFormat.ID):
        converted = [(("'" + u if u.startswith(DANGEROUS_PREFIXES) else u) if type(u) is str
                      else _csv_cell(u, fmt, mapping)) for u in uniques]
    else:
        converted = [_csv_cell(u, fmt, mapping) for u in uniques]
    texts = np.array([*converted, ""], dtype=object)
    return list(texts[codes])  # code -1 (missing) takes the trailing ""


def csv_bytes(frame: pd.DataFrame, mapping: ExportMapping) -> bytes:
    """The CSV export of a frame, as bytes in the mapping's encoding (UTF-8 with BOM by default)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=mapping.export.separateur, lineterminator="\r\n")
    writer.writerow([neutralise(c.entete) for c in mapping.colonnes])
    columns = [_csv_column(frame, c.champ, c.format, mapping) for c in mapping.colonnes]
    writer.writerows(zip(*columns, strict=True))
    return buffer.getvalue().encode(mapping.export.encodage)


def write_csv(frame: pd.DataFrame, path: Path, mapping: ExportMapping) -> str:
    """Write the CSV atomically; returns its sha256 content hash."""
    data = csv_bytes(frame, mapping)
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


def _xlsx_formats(book: Any) -> dict[ExportFormat, Any]:
    return {
        ExportFormat.AMOUNT: book.add_format({"num_format": '# ##0 "F"'}),
        ExportFormat.DATE: book.add_format({"num_format": "dd/mm/yyyy"}),
        ExportFormat.RATE: book.add_format({"num_format": "0%"}),
        ExportFormat.INT: book.add_format({"num_format": "0"}),
        ExportFormat.ID: book.add_format({"num_format": "@"}),
        ExportFormat.TEXT: book.add_format({}),
    }


def write_xlsx_tables(
    path: Path, tables: Sequence[tuple[str, pd.DataFrame, ExportMapping]]
) -> str:
    """Write one sheet per (sheet name, frame, mapping) atomically with xlsxwriter; returns the sha256."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
             "strings_to_urls": False},
        )
        book.set_properties({"created": dt.datetime(2026, 1, 1)})
        formats = _xlsx_formats(book)
        header = book.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"})
        for name, frame, mapping in tables:
            _write_sheet(book, name, frame, mapping, formats, header)
        book.close()
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
    return digest


_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_SERIAL_SAFE = pd.Timestamp("1900-03-01")  # before it, Excel's 1900 leap-year bug shifts serials: xlsxwriter decides


def _xlsx_cell(value: Any, fmt: ExportFormat) -> tuple[str, Any]:
    if _is_missing(value):
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


def _writers(sheet: Any) -> dict[str, Any]:
    """xlsxwriter's typed cell writers. Rows are written in order with valid coordinates, so the unchecked
    writers behind the public ones (xlsxwriter 3.3, pinned) are used when present: ~10 % of the time per cell."""
    return {name: getattr(sheet, "_" + name, getattr(sheet, name))
            for name in ("write_datetime", "write_number", "write_string")}


def _write_sheet(
    book: Any, name: str, frame: pd.DataFrame, mapping: ExportMapping, formats: dict[ExportFormat, Any],
    header: Any,
) -> None:
    sheet = book.add_worksheet(name[:31])
    for col, column in enumerate(mapping.colonnes):
        sheet.write_string(0, col, column.entete, header)
        sheet.set_column(col, col, max(10, min(40, len(column.entete) + 4)))
    sheet.freeze_panes(1, 0)
    writers = _writers(sheet)
    columns = []
    for col, column in enumerate(mapping.colonnes):
        names, values = _column_cells(frame, column.champ, column.format)
        style = formats[column.format]
        calls = [writers[n] if n else None for n in names]
        columns.append((col, calls, values, style))
    for row in range(len(frame)):  # constant_memory: rows must be written in order
        excel_row = row + 1
        for col, calls, values, style in columns:
            call = calls[row]
            if call is not None:
                call(excel_row, col, values[row], style)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), len(mapping.colonnes) - 1)


_KIND_FORMATS = {
    "identifiant": ExportFormat.ID,
    "montant": ExportFormat.AMOUNT,
    "date": ExportFormat.DATE,
    "taux": ExportFormat.RATE,
    "entier": ExportFormat.INT,
}


def mapping_from_layout(layout: SheetLayout, extra: Sequence[tuple[str, str, ExportFormat]] = ()) -> ExportMapping:
    """An export mapping with every input column of a register sheet, then `extra` (field, header, format)."""
    columns = [
        ExportColumn(champ=c.field, entete=c.header, format=_KIND_FORMATS.get(str(c.kind), ExportFormat.TEXT))
        for c in layout.columns
        if not c.is_formula
    ]
    columns += [ExportColumn(champ=f, entete=h, format=fmt) for f, h, fmt in extra]
    return ExportMapping(export=ExportOptions(nom=layout.sheet), colonnes=columns)
