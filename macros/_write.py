"""Write helpers shared by the ribbon scripts (xlwings calls only, no business rule).

With the server engine every write is a queued action: call these after all reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import xlwings as xw


def sheet_values(book: xw.Book) -> dict[str, list[list[Any]]]:
    """Values of every sheet the client sent (the script's include= decides which), from A1."""
    values = {}
    for sheet in book.sheets:
        used = sheet.used_range
        rows = used.options(ndim=2).value if used.count > 1 or used.value is not None else []
        values[sheet.name] = _from_a1(rows, used.row, used.column)
    return values


def _from_a1(rows: list[list[Any]], first_row: int, first_column: int) -> list[list[Any]]:
    """Pad so that rows[i][j] is cell (i+1, j+1): provenance rows and letters stay physical."""
    pad = [None] * (first_column - 1)
    return [[] for _ in range(first_row - 1)] + [pad + list(r) for r in rows]


def fresh_sheet(book: xw.Book, name: str) -> xw.Sheet:
    """The sheet `name` emptied, or a new one added after the last sheet."""
    if name in [s.name for s in book.sheets]:
        sheet = book.sheets[name]
        sheet.clear()
        return sheet
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def write_note(cell: xw.Range, text: str) -> None:
    """Replace or add the cell's note (a note, not a threaded comment: visible in every Excel).

    Excel builds without notes in Office.js (ExcelApi < 1.18) keep the highlight and the Anomalies sheet only.
    """
    existing = cell.note
    try:
        if existing is not None:
            existing.text = text
        else:
            cell.add_note(text)
    except NotImplementedError:
        pass


def write_table(sheet: xw.Sheet, rows: Sequence[Sequence[Any]], header_color: str = "#1F4E78") -> None:
    """Rows from A1, bold white header on a dark fill, columns autofitted."""
    sheet["A1"].value = [list(r) for r in rows]
    header = sheet.range((1, 1), (1, len(rows[0])))
    header.color = header_color
    header.font.bold = True
    header.font.color = "#FFFFFF"
    sheet.autofit()
