"""Plain revenue-register workbooks with data (demo and tests): headers from the layout, one table per sheet.

Used by the revenue demo step until the template generator can fill its templates with rows; only the input
columns get values, formula columns stay empty (gestadmin recomputes totals from the lines).
Also: deleting a row (to stage a hand-edited register) and rendering a PDF page to PNG with pdftoppm.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table, TableStyleInfo

from gestadmin.io.atomic import atomic_path, atomic_save
from gestadmin.io.layouts import RegisterLayout


def write_register(path: Path, layout: RegisterLayout, rows: dict[str, list[dict[str, Any]]]) -> Path:
    """Write `rows` (sheet key -> list of field dicts) under the layout's French headers, atomically."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in layout.sheets:
        ws = workbook.create_sheet(sheet.sheet)
        ws.append([col.header for col in sheet.columns])
        for record in rows.get(sheet.key, []):
            ws.append([record.get(col.field) for col in sheet.columns])
        for index, col in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = col.width
            if col.kind.value == "date":
                for cell in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell[0].number_format = "DD/MM/YYYY"
        last = max(ws.max_row, 2)
        table = Table(displayName=sheet.table, ref=f"A1:{get_column_letter(len(sheet.columns))}{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
    return atomic_save(path, workbook.save)


def delete_row(source: Path, target: Path, sheet: str, row: int) -> Path:
    """Delete one physical row of a sheet (shrinking its table), writing `target` atomically."""
    workbook = load_workbook(source)
    ws = workbook[sheet]
    ws.delete_rows(row)
    for table in ws.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        table.ref = f"{get_column_letter(min_col or 1)}{min_row}:{get_column_letter(max_col or 1)}{(max_row or 2) - 1}"
    return atomic_save(target, workbook.save)


def render_first_page(pdf: Path, png: Path, dpi: int = 80) -> Path:
    """PNG of a PDF's first page (poppler's pdftoppm), written atomically."""
    with atomic_path(png) as tmp:
        stem = tmp.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-singlefile", str(pdf), str(stem)],
                       check=True, capture_output=True)
        Path(f"{stem}.png").replace(tmp)
    return png
