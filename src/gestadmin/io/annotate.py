"""Annotated copy of a register: offending cells highlighted and commented, plus an « Anomalies » sheet.

The source file is never modified: the copy is built in memory and saved atomically to `out_path`.

- xlsx / xlsm sources are loaded with openpyxl, so the copy keeps the user's formatting, tables, formulas and
  (for xlsm saved as xlsm) the VBA project. openpyxl drops what it does not model (charts, images, slicers):
  the copy is a diagnostic document, not a replacement for the register.
- csv, xls, xlsb and ods sources cannot be edited by openpyxl: the copy is a NEW xlsx built from the raw cell
  values (one sheet per source sheet, same physical rows and columns, so every finding's cell reference still
  points at the right place). Text stays text (`000123` keeps its zeros), numbers and dates keep their type.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import column_index_from_string
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.findings import Finding, Severity, UnreadableInputError, sort_findings
from gestadmin.io.atomic import atomic_save
from gestadmin.io.reader import read_raw
from gestadmin.io.sniff import Format, sniff
from gestadmin.messages import make_finding

ANOMALIES_SHEET = "Anomalies"
ANNOTATED_SUFFIX = "_annote"
AUTHOR = "gestadmin"
HEADERS = ("Gravité", "Code", "Fichier", "Feuille", "Cellule", "Ligne", "Colonne", "Champ", "Message")
WIDTHS = (14, 24, 28, 20, 9, 7, 8, 20, 90)
FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),  # light red
    Severity.WARNING: PatternFill("solid", start_color="FFD8A8", end_color="FFD8A8"),  # orange
}
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
MAX_COMMENT_LINES = 10
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384


def annotated_name(source: Path) -> str:
    """`<nom>_annote.xlsx` (`.xlsm` for a macro workbook, so Excel accepts the kept VBA project)."""
    suffix = ".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx"
    return f"{source.stem}{ANNOTATED_SUFFIX}{suffix}"


def write_annotated_copy(source: Path, findings: Sequence[Finding], out_path: Path) -> Path:
    """Write the annotated copy of `source` to `out_path` (atomically) and return `out_path`.

    Raises UnreadableInputError (code COPIE_ANNOTEE_IMPOSSIBLE) when the source cannot be loaded for the copy.
    """
    source, out_path = Path(source), Path(out_path)
    if out_path.resolve() == source.resolve():
        raise ValueError("la copie annotée ne peut pas remplacer le fichier source")
    workbook = _load(source, out_path)
    ordered = sort_findings(findings)
    _mark_cells(workbook, ordered)
    _write_anomalies_sheet(workbook, ordered, source.name)
    return atomic_save(out_path, workbook.save)


def _load(source: Path, out_path: Path) -> Workbook:
    try:
        if sniff(source) is Format.XLSX:  # by content: a renamed workbook is still edited in place
            # VBA is kept only when the copy is itself an xlsm: an xlsx holding macros does not open in Excel.
            keep_vba = out_path.suffix.lower() == ".xlsm"
            with warnings.catch_warnings(), source.open("rb") as handle:
                warnings.simplefilter("ignore")  # "extension not supported" notices about dropped features
                return load_workbook(handle, keep_vba=keep_vba, keep_links=True, rich_text=True)
        return _workbook_from_rows(raw_sheets(source))
    except UnreadableInputError:
        raise
    except Exception as exc:  # any library failure on a hostile file becomes one French finding
        finding = make_finding("COPIE_ANNOTEE_IMPOSSIBLE", file=source.name, detail=type(exc).__name__)
        raise UnreadableInputError(finding) from exc


def raw_sheets(source: Path) -> dict[str, list[list[Any]]]:
    """Raw cell values per sheet (physical row 1 first), parsed exactly as the reader does (same sheet names)."""
    return {sheet.name: sheet.rows for sheet in read_raw(source).sheets}


def _workbook_from_rows(sheets: dict[str, list[list[Any]]]) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(_safe_title(name))
        for row_index, row in enumerate(rows, start=1):
            for col_index, value in enumerate(row, start=1):
                if value is not None and value != "":
                    _set(sheet.cell(row=row_index, column=col_index), _plain(value))
    if not workbook.worksheets:
        workbook.create_sheet("Feuil1")
    return workbook


def _mark_cells(workbook: Workbook, findings: Iterable[Finding]) -> None:
    by_cell: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
    for finding in findings:
        target = _target(workbook, finding)
        if target is not None:
            by_cell[target].append(finding)
    for (sheet, row, col), cell_findings in by_cell.items():
        cell = workbook[sheet].cell(row=row, column=col)
        worst = min((f.severity for f in cell_findings), key=RANK.__getitem__)
        if worst in FILLS:
            cell.fill = FILLS[worst]
        _comment(cell, cell_findings)


def _target(workbook: Workbook, finding: Finding) -> tuple[str, int, int] | None:
    """(sheet, row, column) of the finding's exact cell, or None when it has no exact cell in this workbook."""
    where = finding.provenance
    if where.sheet not in workbook.sheetnames or where.sheet == ANOMALIES_SHEET or where.row is None:
        return None
    col = _column_index(where.column)
    if col is None or not 1 <= where.row <= MAX_ROW:
        return None
    return where.sheet, where.row, col


def _column_index(letters: str) -> int | None:
    try:
        index = column_index_from_string(letters.upper())
    except ValueError:
        return None
    return index if 1 <= index <= MAX_COLUMN else None


def _comment(cell: Cell, findings: list[Finding]) -> None:
    lines = [f"- [{f.severity}] {f.message} ({f.code})" for f in findings[:MAX_COMMENT_LINES]]
    if len(findings) > MAX_COMMENT_LINES:
        lines.append(f"… et {len(findings) - MAX_COMMENT_LINES} autre(s) anomalie(s).")
    text = "gestadmin :\n" + "\n".join(lines)
    if cell.comment is not None and cell.comment.text:
        text = f"{cell.comment.text}\n\n{text}"  # keep the user's own note
    comment = Comment(_clean(text), AUTHOR)
    comment.width, comment.height = 360, min(60 + 40 * len(lines), 400)
    cell.comment = comment


def _write_anomalies_sheet(workbook: Workbook, findings: Sequence[Finding], file_name: str) -> None:
    if ANOMALIES_SHEET in workbook.sheetnames:
        workbook.remove(workbook[ANOMALIES_SHEET])
    sheet = workbook.create_sheet(ANOMALIES_SHEET)
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_index, finding in enumerate(findings, start=2):
        _write_finding_row(workbook, sheet, row_index, finding, file_name)
    if not findings:
        _set(sheet.cell(row=2, column=9), "Aucune anomalie.")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:I{max(len(findings), 1) + 1}"
    _activate(workbook, sheet)


def _write_finding_row(workbook: Workbook, sheet: Worksheet, row: int, finding: Finding, file_name: str) -> None:
    where = finding.provenance
    values = (str(finding.severity), finding.code, where.file or file_name, where.sheet, where.cell,
              where.row, where.column, where.field, finding.message)
    for col, value in enumerate(values, start=1):
        if value not in (None, ""):
            _set(sheet.cell(row=row, column=col), value)
    if finding.severity in FILLS:
        sheet.cell(row=row, column=1).fill = FILLS[finding.severity]
    location = _location(workbook, finding)
    if location is not None:
        link_cell = sheet.cell(row=row, column=5)
        link_cell.hyperlink = Hyperlink(ref=link_cell.coordinate, location=location, tooltip="Aller à la cellule")
        link_cell.style = "Hyperlink"
        if link_cell.value is None:
            _set(link_cell, where.sheet)


def _location(workbook: Workbook, finding: Finding) -> str | None:
    """Internal link target `'Feuille'!F12` (the cell, else the row, else the sheet's A1)."""
    where = finding.provenance
    if where.sheet not in workbook.sheetnames or where.sheet == ANOMALIES_SHEET:
        return None
    quoted = "'" + where.sheet.replace("'", "''") + "'"
    target = _target(workbook, finding)
    if target is not None:
        return f"{quoted}!{where.column.upper()}{where.row}"
    if where.row is not None and 1 <= where.row <= MAX_ROW:
        return f"{quoted}!A{where.row}"
    return f"{quoted}!A1"


def _activate(workbook: Workbook, sheet: Worksheet) -> None:
    # Only one selected tab: several selected tabs open as a "group" in Excel and edits hit all of them.
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False
    workbook.active = sheet
    sheet.sheet_view.tabSelected = True


def _set(cell: Cell, value: Any) -> None:
    """Write a value; strings are always stored as text (never read as a formula, zeros kept)."""
    if isinstance(value, str):
        cell.value = _clean(value)[:32_767]
        cell.data_type = "s"
    else:
        cell.value = value


def _plain(value: Any) -> Any:
    # Values openpyxl stores natively pass through; anything else (Excel error values...) as its text.
    if isinstance(value, (str, int, float, bool, dt.date, dt.time, dt.timedelta)):
        return value
    return str(value)


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters: openpyxl raises on them, so they are dropped.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)


def _safe_title(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Feuil1"
    return cleaned[:31]
