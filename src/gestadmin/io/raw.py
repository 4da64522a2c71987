"""Raw workbook reading: every sheet as rows of Python values, before any typing.

Spreadsheets go through python-calamine (xlsx, xlsm, xlsb, xls, ods); CSV through the stdlib. This module
runs inside the sandbox worker for untrusted files: it trusts `guard.precheck` to have refused bombs.
Row index i of `RawSheet.rows` is physical Excel row i + 1 (rows are never trimmed at the top).

The typed read asks for a columnar sheet instead (`RawSheet.grid`: blocks of rows as 2-D object arrays, the
same values as `rows` would hold): no list per row, and a big xlsx sheet is parsed by calamine in slices of
rows (each slice a small package of its own), so calamine never holds a million-row range at once.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine as pc

from gestadmin.io.csv_text import parse_csv
from gestadmin.io.ooxml_extras import ErrorCells, collect_errors, ooxml_extras, sheet_parts
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
class CellGrid:
    """A calamine sheet as blocks of rows: (first row, first column, 2-D object array), in row order.

    Cells inside the sheet's used range that no block holds are '' (as calamine pads them); outside, None."""

    blocks: list[tuple[int, int, np.ndarray]]
    height: int = 0
    width: int = 0

    def add(self, row0: int, col0: int, cells: np.ndarray) -> None:
        """Append a block (its rows come after every block already added)."""
        self.blocks.append((row0, col0, cells))
        self.height = max(self.height, row0 + cells.shape[0])
        self.width = max(self.width, col0 + cells.shape[1])

    def row(self, index: int) -> list[Any]:
        """Physical row index + 1 as calamine's padded `to_python` gives it (width cells)."""
        out: list[Any] = [""] * self.width
        for row0, col0, cells in self.blocks:
            if row0 <= index < row0 + cells.shape[0]:
                out[col0:col0 + cells.shape[1]] = cells[index - row0].tolist()
        return out

    def columns(self, first: int, count: int, start: int, stop: int, release: bool = False) -> list[np.ndarray]:
        """Columns first..first+count-1, rows start..stop-1 (stop clipped to the height), as object arrays.

        `release`: the grid hands its blocks over on the way (it holds no cell afterwards), so that a
        million-row sheet's cells are not held twice while they are typed."""
        stop = min(stop, self.height)
        size = max(stop - start, 0)
        out = [np.full(size, "" if first + k < self.width else None, dtype=object) for k in range(count)]
        pending = self.blocks[::-1]  # popped from the end: first block first
        if release:
            self.blocks = []
        while pending:
            row0, col0, cells = pending.pop()
            low, high = max(start, row0), min(stop, row0 + cells.shape[0])
            for k in range(count) if low < high else ():
                if col0 <= first + k < col0 + cells.shape[1]:
                    out[k][low - start:high - start] = cells[low - row0:high - row0, first + k - col0]
            del cells  # with `release`, the last reference to the block
        return out

    def put(self, row: int, col: int, value: Any) -> bool:
        """Overwrite one cell held by a block (False when no block holds it)."""
        for row0, col0, cells in self.blocks:
            if row0 <= row < row0 + cells.shape[0] and col0 <= col < col0 + cells.shape[1]:
                cells[row - row0, col - col0] = value
                return True
        return False


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
        grid = _sliced(path, index, name, scanned)
        if grid is not None:
            return RawSheet(name, [], grid)
    grid = CellGrid([])
    _add_range(grid, book.get_sheet_by_index(index))
    return RawSheet(name, [], grid)


class _Texts:
    """Equal texts of a column made one str object (registers repeat suppliers, statuses, budget codes...):
    a million-row sheet then holds each distinct text once. Columns of mostly distinct texts are left alone."""

    def __init__(self) -> None:
        self.seen: dict[int, dict[str, str] | None] = {}

    def share(self, col: int, values: np.ndarray) -> None:
        seen = self.seen.get(col, {})
        if seen is None or not len(values) or type(values[0]) is not str:
            return
        codes, uniques = pd.factorize(values)  # hashing in C; equal values get one code
        if (codes < 0).any() or not all(type(u) is str for u in uniques):
            return  # not only texts (1 == 1.0 == True: numbers of different types would be merged)
        before = len(seen)
        canonical = np.empty(len(uniques), dtype=object)
        canonical[:] = [seen.setdefault(u, u) for u in uniques]
        values[:] = canonical[codes]
        self.seen[col] = None if len(seen) - before > len(values) // 2 else seen


def _add_range(grid: CellGrid, sheet: Any, texts: _Texts | None = None) -> bool:
    """Add a calamine sheet's used range as one block; False when it starts above rows the grid already has."""
    rows = sheet.to_python(skip_empty_area=True)
    if not rows:
        return True
    row0, col0 = sheet.start
    if row0 < grid.height:
        return False
    cells = np.empty((len(rows), max(map(len, rows))), dtype=object)
    try:
        cells[:] = rows  # one C loop (calamine ranges are rectangular)
    except ValueError:
        cells[:] = ""
        for at, row in enumerate(rows):
            cells[at, :len(row)] = row
    if texts is not None:
        for offset in range(cells.shape[1]):
            texts.share(int(col0) + offset, cells[:, offset])
    grid.add(int(row0), int(col0), cells)
    return True


SLICE_BYTES = 32 * 1024 * 1024  # uncompressed sheet XML per calamine call, for sheets bigger than this
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_WORKSHEET = re.compile(rb"<((?:\w+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*>")
_NOT_SPACE = re.compile(rb"\S")
_EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')


def _sliced(path: Path, index: int, name: str, scanned: dict[str, ErrorCells]) -> CellGrid | None:
    """A big sheet parsed by calamine slice by slice (each slice: whole rows, in a package of its own, with the
    workbook's styles and shared strings), its error cells found on the way; None when the sheet is small or
    its XML is not plain enough to cut at row boundaries (the caller then parses it whole)."""
    with zipfile.ZipFile(path) as package:
        parts = sheet_parts(package)
        part = parts.get(name)
        if part is None or package.getinfo(part).file_size <= SLICE_BYTES:
            return None
        others = set(parts.values())
        base = [(info.filename, _EMPTY_SHEET if info.filename in others else package.read(info))
                for info in package.infolist() if info.filename != part]
        grid, errors, texts = CellGrid([]), ErrorCells(), _Texts()

        def parse(head: bytes, rows: bytearray, stop: int, tail: bytes) -> bool:
            if rows.find(b't="e"', 0, stop) >= 0:
                collect_errors(bytes(rows[:stop]), errors)
            with tempfile.NamedTemporaryFile(prefix="gestadmin-tranche-", suffix=".xlsx") as out:
                with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slice_package:
                    for part_name, data in base:
                        slice_package.writestr(part_name, data)
                    with slice_package.open(part, "w") as entry, memoryview(rows) as view:
                        entry.write(head)
                        entry.write(view[:stop])
                        entry.write(tail)
                out.flush()
                book = pc.CalamineWorkbook.from_path(out.name, load_tables=False)
            # the file is gone already: calamine reads through the handle it opened (from a path: no copy of
            # the slice through Python, as from_filelike makes)
            return _add_range(grid, book.get_sheet_by_index(index), texts)

        with package.open(part) as stream:
            if not _row_slices(stream, SLICE_BYTES, parse):
                return None
    scanned[name] = errors
    return grid


def _declaration(data: bytearray, stop: int) -> bool:
    """Whether data[:stop] has a `<!` (CDATA, comment), found through the rare `!` (memchr speed)."""
    at = data.find(b"!", 0, stop)
    while at >= 0:
        if at and data[at - 1] == ord("<"):
            return True
        at = data.find(b"!", at + 1, stop)
    return False


def _row_slices(stream: Any, limit: int, parse: Callable[[bytes, bytearray, int, bytes], bool]) -> bool:
    """Feed `parse(head, rows, stop, tail)` runs of about `limit` bytes of whole `<row>` elements (rows[:stop];
    head + rows + tail is a worksheet document). False when `parse` failed or the XML cannot be cut safely (no
    plain `<sheetData>`, a slice not starting with `<row r="`, CDATA or comments, a row longer than `limit`)."""
    data = bytearray()
    while (match := _SHEET_DATA.search(data)) is None:
        chunk = stream.read(limit)
        if not chunk or len(data) > limit:
            return False
        data += chunk
    root = _WORKSHEET.search(data, 0, match.start())
    if root is None or match.group(2):
        return False
    prefix = match.group(1)
    head = _DIMENSION.sub(b"", bytes(data[:match.end()]))  # calamine would size each slice's range from it
    tail = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
    row_end, row_start, end = b"</" + prefix + b"row>", b"<" + prefix + b'row r="', b"</" + prefix + b"sheetData>"
    del data[:match.end()]
    while True:
        while len(data) < limit and (chunk := stream.read(limit)):
            data += chunk
        cut = data.rfind(row_end)
        after = cut + len(row_end) if cut >= 0 else 0
        stop = data.find(end, after)  # </sheetData> can only follow the last </row>
        last = stop >= 0
        if not last:
            if cut < 0:
                return False
            stop = after
        first = _NOT_SPACE.search(data, 0, stop)
        if first is not None:
            if not data.startswith(row_start, first.start()) or _declaration(data, stop):
                return False
            if not parse(head, data, stop, tail):
                return False
        if last:
            return True
        del data[:stop]


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
