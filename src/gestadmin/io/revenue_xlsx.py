"""Revenue demo helpers on files: delete a row (to stage a hand-edited register), render a PDF page to PNG.

Registers with data are written by the template code (`io.demo_writer.write_register`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from gestadmin.io.atomic import atomic_path, atomic_save


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
