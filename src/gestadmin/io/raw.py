"""Raw workbook reading: every sheet as rows of Python values, before any typing.

Spreadsheets go through python-calamine (xlsx, xlsm, xlsb, xls, ods); CSV through the stdlib. This module
runs inside the sandbox worker for untrusted files: it trusts `guard.precheck` to have refused bombs.
Row index i of `RawSheet.rows` is physical Excel row i + 1 (rows are never trimmed at the top).

The typed read asks for a columnar sheet instead (`RawSheet.grid`: blocks of rows as 2-D object arrays, the
same values as `rows` would hold): no list per row, and a big xlsx sheet is parsed by calamine in slices of
rows (io.sheet_slices), so calamine never holds a million-row range at once.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from gestadmin.io.cell_grid import CellGrid, add_range
from gestadmin.io.csv_text import parse_csv
from gestadmin.io.ooxml_extras import ErrorCells, ooxml_extras
from gestadmin.io.sheet_slices import sliced_grid
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
    """One worksheet: rows of values (None or '' when empty), physical row = index + 1; or, read columnar,
    an empty `rows` and the same cells in `grid`."""

    name: str
    rows: list[list[Any]]
    grid: CellGrid | None = None

    @property
    def height(self) -> int:
        """Number of rows (the last physical row)."""
        return self.grid.height if self.grid is not None else len(self.rows)

    def row(self, index: int) -> list[Any]:
        """The cells of physical row index + 1."""
        return self.grid.row(index) if self.grid is not None else self.rows[index]

    def head(self, count: int) -> list[list[Any]]:
        """The first `count` rows (fewer when the sheet is shorter)."""
        if self.grid is None:
            return self.rows[:count]
        return [self.grid.row(index) for index in range(min(count, self.grid.height))]


@dataclass(slots=True)
class RawWorkbook:
    """A whole file before typing: sheets in workbook order, date system, Excel tables, template version."""

    sheets: list[RawSheet]
    date1904: bool = False
    tables: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # name -> (sheet, header row0, col0)
    table_ends: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (last row0, last col0)
    version: str | None = None
    format: str = ""


def read_raw_unguarded(path: Path, fmt: Format, columnar: bool = False) -> RawWorkbook:
    """Parse a file already accepted by `guard.precheck` (no limits here: call through the sandbox).

    `columnar`: calamine sheets come as `RawSheet.grid` (same cells, see CellGrid) instead of `rows`."""
    if fmt is Format.CSV:
        rows: list[list[Any]] = list(parse_csv(path.read_bytes()))
        return RawWorkbook([RawSheet(path.stem, rows)], format=fmt.value)
    book, plain = _open(path, fmt)
    scanned: dict[str, ErrorCells] = {}
    if columnar:
        sliced = fmt is Format.XLSX and plain
        raw = RawWorkbook([_grid_sheet(book, index, meta.name, path if sliced else None, scanned)
                           for index, meta in _worksheets(book)])
    else:
        raw = _calamine_sheets(book)
    raw.format = fmt.value
    if fmt is Format.XLSX:
        _add_tables(book, raw)
        extras = ooxml_extras(path, [s.name for s in raw.sheets], scanned)
        raw.date1904, raw.version = extras.date1904, extras.version
        for sheet in raw.sheets:
            errors = scanned[sheet.name] if sheet.name in scanned else extras.errors.get(sheet.name, {})
            for (row, col), code in errors.items():
                if sheet.grid is not None and sheet.grid.put(row, col, CellError(code)):
                    continue
                if sheet.grid is not None:  # an error cell outside calamine's range: back to plain rows
                    sheet.rows, sheet.grid = [sheet.grid.row(i) for i in range(sheet.grid.height)], None
                _put(sheet.rows, row, col, CellError(code))
    return raw


def _open(path: Path, fmt: Format) -> tuple[Any, bool]:
    """The calamine workbook, and whether it reads the file as it is (not a rewritten copy)."""
    tables = fmt is Format.XLSX
    try:
        return pc.CalamineWorkbook.from_path(str(path), load_tables=tables), True
    except pc.CalamineError as exc:
        if "Unrecognized" not in str(exc) or fmt not in (Format.XLSX, Format.XLSB):
            raise
        return pc.CalamineWorkbook.from_filelike(_without_macrosheets(path), load_tables=tables), False
    except BaseException as exc:  # a pyo3 PanicException (BaseException) while loading the table parts
        if not tables or type(exc).__name__ != "PanicException":
            raise
        return pc.CalamineWorkbook.from_path(str(path), load_tables=False), True


def _worksheets(book: Any) -> list[tuple[int, Any]]:
    # chartsheets, dialog and macro sheets hold no register data
    return [(index, meta) for index, meta in enumerate(book.sheets_metadata) if meta.typ == pc.SheetTypeEnum.WorkSheet]


def _calamine_sheets(book: Any) -> RawWorkbook:
    return RawWorkbook([RawSheet(meta.name, book.get_sheet_by_index(index).to_python(skip_empty_area=False))
                        for index, meta in _worksheets(book)])


def _grid_sheet(book: Any, index: int, name: str, path: Path | None, scanned: dict[str, ErrorCells]) -> RawSheet:
    """One worksheet as a CellGrid: in row slices when `path` is an xlsx whose sheet XML is big, else whole."""
    if path is not None:
        grid = sliced_grid(path, index, name, scanned)
        if grid is not None:
            return RawSheet(name, [], grid)
    grid = CellGrid([])
    add_range(grid, book.get_sheet_by_index(index))
    return RawSheet(name, [], grid)


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
