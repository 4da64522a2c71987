"""Write issue results back into a revenue workbook: cell values and appended table rows, atomically.

The source workbook is never modified in place without a timestamped backup next to it; the write itself
goes through a temporary file and a rename (io.atomic), so a crash leaves the old or the new file whole.
Formulas, styles, validations and tables are kept (openpyxl round trip of the template's own features).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.io.atomic import atomic_save


@dataclass(frozen=True, slots=True)
class CellEdit:
    """Put `value` in sheet!{column}{row}."""

    sheet: str
    row: int
    column: str
    value: Any


@dataclass(frozen=True, slots=True)
class RowAppend:
    """Append one row to a sheet's table; `values` maps column letter -> value."""

    sheet: str
    values: dict[str, Any]


def backup_path(path: Path, now: dt.datetime | None = None) -> Path:
    """`Registre.xlsx` -> `Registre.sauvegarde-20260302-101500.xlsx` in the same folder."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.sauvegarde-{stamp}{path.suffix}")
    index = 1
    while candidate.exists():  # several writes in the same second keep every backup
        index += 1
        candidate = path.with_name(f"{path.stem}.sauvegarde-{stamp}-{index}{path.suffix}")
    return candidate


def _append(ws: Worksheet, values: dict[str, Any]) -> int:
    """Fill the table's first row with an empty first cell (templates pre-format rows), else grow the table."""
    table = next(iter(ws.tables.values()), None)
    if table is None:
        row = ws.max_row + 1
    else:
        min_col, min_row, max_col, max_row = (int(v or 1) for v in range_boundaries(table.ref))
        free = [r for r in range(min_row + 1, max_row + 1) if ws.cell(r, min_col).value in (None, "")]
        row = free[0] if free else max_row + 1
        if not free:
            table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{row}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
    for letter, value in values.items():
        ws[f"{letter}{row}"] = value
    return int(row)


def _copy_formulas(ws: Worksheet, row: int) -> None:
    """New table rows get the formulas of the row above (shifted), as Excel does for a table."""
    from openpyxl.formula.translate import Translator

    if row <= 2:
        return
    for cell in ws[row - 1]:
        if isinstance(cell.value, str) and cell.value.startswith("=") and ws.cell(row, cell.column).value is None:
            origin = f"{cell.column_letter}{row - 1}"
            ws.cell(row, cell.column).value = Translator(cell.value, origin=origin).translate_formula(
                f"{cell.column_letter}{row}")


def apply_edits(source: Path, target: Path, edits: Sequence[CellEdit],
                appends: Sequence[RowAppend] = ()) -> Path | None:
    """Write the edits into `target` (a copy of `source`, or `source` itself after a backup).

    Returns the backup path when the source was updated in place, else None.
    """
    keep_vba = source.suffix.lower() == ".xlsm"
    workbook = load_workbook(source, keep_vba=keep_vba)
    for append in appends:
        ws = workbook[append.sheet]
        row = _append(ws, append.values)
        _copy_formulas(ws, row)
    for edit in edits:
        workbook[edit.sheet][f"{edit.column}{edit.row}"] = edit.value
    backup = None
    if source.resolve() == target.resolve():
        backup = backup_path(source)
        shutil.copy2(source, backup)
    atomic_save(target, workbook.save)
    return backup


def append_row_numbers(source: Path, sheet: str) -> int:
    """The physical row the next append to a sheet's table will use."""
    workbook = load_workbook(source, read_only=False)
    ws = workbook[sheet]
    table = next(iter(ws.tables.values()), None)
    last = range_boundaries(table.ref)[3] if table is not None else ws.max_row
    return int(last or 1) + 1
