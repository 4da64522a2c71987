"""A big xlsx sheet parsed by calamine in slices of whole rows, so that no parser ever holds a million-row range.

Each slice is a small package of its own (the workbook's styles and shared strings, the sheet's head, some rows,
its tail); error cells (which calamine returns as empty) are found on the way. Anything unusual in the XML (no
plain `<sheetData>`, CDATA or comments, rows without `r=` first, a row longer than a slice) makes the caller
parse the sheet whole instead.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import python_calamine as pc

from gestadmin.io.cell_grid import CellGrid, SharedTexts, add_range
from gestadmin.io.ooxml_extras import ErrorCells, collect_errors, sheet_parts

SLICE_BYTES = 32 * 1024 * 1024  # uncompressed sheet XML per calamine call, for sheets bigger than this
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(/?)>")
_WORKSHEET = re.compile(rb"<((?:\w+:)?worksheet)\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*>")
_NOT_SPACE = re.compile(rb"\S")
_EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')


def sliced_grid(path: Path, index: int, name: str, scanned: dict[str, ErrorCells]) -> CellGrid | None:
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
        grid, errors, texts = CellGrid([]), ErrorCells(), SharedTexts()

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
            return add_range(grid, book.get_sheet_by_index(index), texts)

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
