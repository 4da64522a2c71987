"""Structured workbook templates generated from `io/layouts.py`, optionally filled with rows (demo).

Each register sheet gets: a French header row, an Excel table (`tFactures`...), pre-formatted rows so
formulas, drop-downs and input help are already in place (Excel cannot grow a table on a protected sheet),
A1 formulas translated from the layout, locked formula cells and unlocked input cells under a sheet
protection WITHOUT password that still allows sorting, filtering and formatting, and print settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.io import xlsx_style as st
from gestadmin.io.formulas import REF_LAST_ROW, column_letters, guarded, translate
from gestadmin.io.layouts import Kind, RegisterLayout, SheetLayout
from gestadmin.io.reference_sheet import IMPUTATIONS, add_reference_sheet
from gestadmin.io.validation import add_validations
from gestadmin.io.xlsx_package import save_deterministic
from gestadmin.settings import Settings

TEMPLATE_ROWS = 500
GENERATED_AT = dt.datetime(2026, 1, 1, 0, 0, 0)  # fixed, so regenerating gives identical files

Rows = Mapping[str, Sequence[Mapping[str, object]]]


def build_workbook(register: RegisterLayout, settings: Settings, rows: Rows | None = None, *,
                   empty_rows: int = TEMPLATE_ROWS, imputations: Iterable[str] = ()) -> Workbook:
    """Build the workbook of a register; with `rows` (sheet key -> records) the tables hold that data."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in register.sheets:
        records = list((rows or {}).get(sheet.key, ()))
        _add_register_sheet(wb, register, sheet, records, empty_rows, filled=rows is not None)
    add_reference_sheet(wb, register, settings, imputations, _own_imputations(register))
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    wb.properties.creator = "gestadmin"
    wb.properties.title = register.title
    wb.properties.created = GENERATED_AT
    wb.properties.keywords = f"gestadmin;{register.kind};modèle {register.version}"
    return wb


def write_workbook(wb: Workbook, path: Path) -> Path:
    """Save atomically with fixed timestamps (same content -> same bytes)."""
    return save_deterministic(wb, path, GENERATED_AT)


def write_template(register: RegisterLayout, settings: Settings, folder: Path) -> Path:
    """Generate the empty template of one register into `folder`."""
    return write_workbook(build_workbook(register, settings), folder / register.filename)


def _add_register_sheet(wb: Workbook, register: RegisterLayout, sheet: SheetLayout,
                        records: list[Mapping[str, object]], empty_rows: int, *, filled: bool) -> None:
    ws = wb.create_sheet(sheet.sheet)
    letters = column_letters(sheet)
    last_row = 1 + max(empty_rows, len(records))
    _write_header(ws, sheet)
    key_col = _row_key(sheet)
    for row in range(2, last_row + 1):
        record = records[row - 2] if row - 2 < len(records) else None
        _write_row(ws, register, sheet, row, record, f"{letters[key_col]}{row}")
    table_last = 1 + (max(len(records), 1) if filled else empty_rows)
    _add_table(ws, sheet, f"A1:{get_column_letter(len(sheet.columns))}{table_last}")
    add_validations(ws, sheet, last_row)
    _protect_and_print(ws, register)


def _write_header(ws: Worksheet, sheet: SheetLayout) -> None:
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = st.HEADER_FONT
        cell.fill = st.HEADER_FILL
        cell.alignment = st.HEADER_ALIGNMENT
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"


def _write_row(ws: Worksheet, register: RegisterLayout, sheet: SheetLayout, row: int,
               record: Mapping[str, object] | None, key_cell: str) -> None:
    for col, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=row, column=col)
        if column.formula is not None:
            cell.value = guarded(translate(column.formula, sheet, register, row), key_cell)
            fmt = st.number_format(column.kind)
            cell.number_format = "General" if fmt == st.TEXT_FORMAT else fmt
            cell.fill = st.FORMULA_FILL
            cell.protection = st.LOCKED
            continue
        cell.number_format = st.number_format(column.kind)
        cell.protection = st.UNLOCKED
        if record is not None:
            cell.value = _cell_value(record.get(column.field), column.kind)


def _cell_value(value: object, kind: Kind) -> object:
    """Python value -> cell value; text stays text (ids), rates become floats."""
    if value is None or value == "":
        return None
    if kind is Kind.RATE and not isinstance(value, (str, float)):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _row_key(sheet: SheetLayout) -> str:
    """The field whose emptiness means 'empty row' (computed cells then show nothing)."""
    if sheet.key_field:
        return sheet.key_field
    return next(c.field for c in sheet.columns if c.required and not c.is_formula)


def _add_table(ws: Worksheet, sheet: SheetLayout, ref: str) -> None:
    table = Table(displayName=sheet.table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=st.TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)


def _protect_and_print(ws: Worksheet, register: RegisterLayout) -> None:
    protection = ws.protection
    protection.sheet = True  # no password: Révision > Ôter la protection de la feuille
    protection.sort = False  # False = allowed
    protection.autoFilter = False
    protection.formatCells = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.oddHeader.left.text = "&A"
    ws.oddHeader.right.text = register.title
    ws.oddFooter.left.text = "&F"
    ws.oddFooter.right.text = "Page &P sur &N"


def _own_imputations(register: RegisterLayout) -> str | None:
    """In the budget workbook the Imputations list is the budget lines' own code column."""
    for sheet in register.sheets:
        if sheet.key_field == "budget_code" and any(r.name == IMPUTATIONS for r in register.references):
            letter = column_letters(sheet)["budget_code"]
            return f"{quote_sheetname(sheet.sheet)}!${letter}$2:${letter}${REF_LAST_ROW}"
    return None
