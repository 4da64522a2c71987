"""Render one sheet of a workbook as PDF and PNG: LibreOffice headless (io.pdf_convert, unique profile per
call) for the PDF, poppler's pdftoppm for the PNG of its first page."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from gestadmin.io.atomic import atomic_save
from gestadmin.io.pdf_convert import convert_to_pdf


@dataclass(frozen=True, slots=True)
class Rendered:
    """The PDF and PNG written (PNG None when pdftoppm is missing), or the French reason of a failure."""

    pdf: Path | None
    png: Path | None
    problem: str = ""


def sheet_only_copy(source: Path, sheet: str, target: Path) -> Path:
    """A copy of the workbook holding only `sheet` (its formulas and charts refer to itself only)."""
    workbook = load_workbook(source)
    for name in list(workbook.sheetnames):
        if name != sheet:
            del workbook[name]
    return atomic_save(target, workbook.save)


def render_sheet(source: Path, sheet: str, out_dir: Path, stem: str, timeout: float = 180) -> Rendered:
    """`<out_dir>/<stem>.pdf` and `<stem>.png` of one sheet of `source`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gestadmin-render-") as tmp:
        single = sheet_only_copy(source, sheet, Path(tmp) / f"{stem}.xlsx")
        try:
            conversion = convert_to_pdf([single], out_dir, timeout)
        except FileNotFoundError:
            return Rendered(None, None, "LibreOffice (soffice) introuvable : rendu PDF impossible")
    pdf = conversion.pdfs.get(single)
    if pdf is None:
        return Rendered(None, None, conversion.failures.get(single, "échec de la conversion PDF"))
    return Rendered(pdf, _png(pdf, out_dir / stem, timeout))


def _png(pdf: Path, prefix: Path, timeout: float) -> Path | None:
    executable = shutil.which("pdftoppm")
    if executable is None:
        return None
    subprocess.run([executable, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   capture_output=True, timeout=timeout, check=False)
    png = prefix.with_suffix(".png")
    return png if png.exists() else None
