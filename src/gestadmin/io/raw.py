"""Raw workbook reading: every sheet as rows of Python values, before any typing.

Spreadsheets go through python-calamine (xlsx, xlsm, xlsb, xls, ods); CSV through the stdlib. This module
runs inside the sandbox worker for untrusted files: it trusts `guard.precheck` to have refused bombs.
Row index i of `RawSheet.rows` is physical Excel row i + 1 (rows are never trimmed at the top).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from gestadmin.io.csv_text import parse_csv
from gestadmin.io.ooxml_extras import ooxml_extras
from gestadmin.io.sniff import Format

ERROR_TOKENS = frozenset({"#N/A", "#DIV/0!", "#REF!", "#NAME?", "#NULL!", "#NUM!", "#VALUE!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA", "#N/D", "#DIV/0", "#NOM?", "#VALEUR!", "#NOMBRE!", "#NUL!", "#REF"})
_LIBREOFFICE_ERROR = re.compile(r"^Err:\d{3}$")
_MACROSHEET_TYPE = b"http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
_DIALOG_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet"


@dataclass(frozen=True, slots=True)
class CellError:
    """An Excel error value (`#N/A`, `#DIV/0!`...) found in a cell."""

    code: str

    def __str__(self) -> str:
        return self.code


def is_error_value(value: object) -> bool:
    """True for a CellError or a text that is an Excel/LibreOffice error literal."""
    if isinstance(value, CellError):
        return True
    return isinstance(value, str) and (value in ERROR_TOKENS or bool(_LIBREOFFICE_ERROR.match(value)))


@dataclass(slots=True)
class RawSheet:
    """One worksheet: rows of values (None or '' when empty), physical row = index + 1."""

    name: str
    rows: list[list[Any]]


@dataclass(slots=True)
class RawWorkbook:
    """A whole file before typing: sheets in workbook order, date system, Excel tables, template version."""

    sheets: list[RawSheet]
    date1904: bool = False
    tables: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # name -> (sheet, header row0, col0)
    table_ends: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (last row0, last col0)
    version: str | None = None
    format: str = ""


def read_raw_unguarded(path: Path, fmt: Format) -> RawWorkbook:
    """Parse a file already accepted by `guard.precheck` (no limits here: call through the sandbox)."""
    if fmt is Format.CSV:
        rows: list[list[Any]] = list(parse_csv(path.read_bytes()))
        return RawWorkbook([RawSheet(path.stem, rows)], format=fmt.value)
    book = _open(path, fmt)
    raw = _calamine_sheets(book)
    raw.format = fmt.value
    if fmt is Format.XLSX:
        _add_tables(book, raw)
        extras = ooxml_extras(path, [s.name for s in raw.sheets])
        raw.date1904, raw.version = extras.date1904, extras.version
        for sheet in raw.sheets:
            for (row, col), code in extras.errors.get(sheet.name, {}).items():
                _put(sheet.rows, row, col, CellError(code))
    return raw


def _open(path: Path, fmt: Format) -> Any:
    tables = fmt is Format.XLSX
    try:
        return pc.CalamineWorkbook.from_path(str(path), load_tables=tables)
    except pc.CalamineError as exc:
        if "Unrecognized" not in str(exc) or fmt not in (Format.XLSX, Format.XLSB):
            raise
        return pc.CalamineWorkbook.from_filelike(_without_macrosheets(path), load_tables=tables)
    except BaseException as exc:  # a pyo3 PanicException (BaseException) while loading the table parts
        if not tables or type(exc).__name__ != "PanicException":
            raise
        return pc.CalamineWorkbook.from_path(str(path), load_tables=False)


def _calamine_sheets(book: Any) -> RawWorkbook:
    sheets = []
    for index, meta in enumerate(book.sheets_metadata):
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue  # chartsheets, dialog and macro sheets hold no register data
        rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
        sheets.append(RawSheet(meta.name, rows))
    return RawWorkbook(sheets)


def _add_tables(book: Any, raw: RawWorkbook) -> None:
    try:
        names = list(book.table_names)
    except (pc.CalamineError, ValueError):
        return
    for name in names:
        try:
            table = book.get_table_by_name(name)
        except (pc.CalamineError, ValueError):
            continue
        (row, col), (end_row, end_col) = table.start, table.end
        raw.tables[name] = (table.sheet, int(row), int(col))
        raw.table_ends[name] = (int(end_row), int(end_col))


def _put(rows: list[list[Any]], row: int, col: int, value: Any) -> None:
    while len(rows) <= row:
        rows.append([])
    line = rows[row]
    if len(line) <= col:
        line.extend([""] * (col + 1 - len(line)))
    line[col] = value


def _without_macrosheets(path: Path) -> io.BytesIO:
    """The package with Excel 4 macro sheets declared as dialog sheets (calamine refuses their type)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if re.fullmatch(r"xl/_rels/workbook\.(xml|bin)\.rels", info.filename):
                data = data.replace(_MACROSHEET_TYPE, _DIALOG_TYPE).replace(b'Target="macrosheets/',
                                                                            b'Target="dialogsheets/')
            dst.writestr(info.filename, data)
    out.seek(0)
    return out
