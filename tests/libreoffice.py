"""LibreOffice headless helpers for end-to-end tests: recalculate workbooks, list the error cells.

Each soffice call gets its own user profile (`-env:UserInstallation`), so parallel runs never collide.
Several files go through ONE soffice call (start-up dominates the cost).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Sequence
from pathlib import Path

import openpyxl

ERROR_VALUES = ("#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:", "#ERR")


def soffice_available() -> bool:
    """True when a `soffice` binary is on the PATH."""
    return shutil.which("soffice") is not None


def recalculate_many(paths: Sequence[Path], out_dir: Path, timeout: float = 180) -> list[Path]:
    """Open every file in LibreOffice, recalculate, save as xlsx in `out_dir`; returns the new paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path("/tmp") / f"lo-{uuid.uuid4().hex}"
    command = [
        "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nologo",
        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), *map(str, paths),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    results = [out_dir / Path(p).with_suffix(".xlsx").name for p in paths]
    missing = [str(p) for p in results if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice n'a pas produit {missing}: {done.stdout}\n{done.stderr}")
    return results


def recalculate(path: Path, out_dir: Path, timeout: float = 120) -> Path:
    """Recalculate one workbook with LibreOffice; returns the converted copy."""
    return recalculate_many([path], out_dir, timeout)[0]


def error_cells(path: Path) -> list[tuple[str, str, object]]:
    """(sheet, cell, value) of every cell whose cached value is a spreadsheet error."""
    wb = openpyxl.load_workbook(path, data_only=True)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "e" or (isinstance(value, str) and value.startswith(ERROR_VALUES)):
                    found.append((ws.title, cell.coordinate, value))
    return found


def cached_values(path: Path, sheet: str) -> list[dict[str, object]]:
    """Rows of a recalculated sheet as header -> cached value dicts (row 2 onwards)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = wb[sheet].iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, values, strict=False)) for values in rows]
