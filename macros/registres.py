"""« Nouveau registre »: insert a fresh structured register sheet (layout headers, formats, formulas, table)."""

from __future__ import annotations

import xlwings as xw

from gestadmin.io.layouts import REFERENCE_SHEET
from gestadmin.io.xlsx_style import TABLE_STYLE
from gestadmin.services.new_sheet import FORMULA_COLOR, HEADER_COLOR, plan_new_sheet
from macros._write import write_table


@xw.script(include=[REFERENCE_SHEET])  # names and tables of every sheet still come; values only of this one
def nouveau_registre(book: xw.Book) -> None:
    """Nouveau registre : ajoute une feuille vierge structurée (en-têtes, formats, formules, tableau)."""
    tables = [table.name for sheet in book.sheets for table in sheet.tables]
    plan = plan_new_sheet([s.name for s in book.sheets], tables)
    sheet = book.sheets.add(plan.name, after=book.sheets[len(book.sheets) - 1])
    write_table(sheet, [plan.headers], HEADER_COLOR)
    for column in plan.columns:
        cells = sheet[f"{column.letter}2:{column.letter}{plan.last_row}"]
        cells.number_format = column.number_format
        if column.formulas:
            cells.formula = column.formulas
            cells.color = FORMULA_COLOR
    sheet.tables.add(source=sheet[f"A1:{plan.last_letter}{plan.last_row}"], name=plan.table, has_headers=True,
                     table_style_name=TABLE_STYLE)
    book.app.alert(f"Feuille « {plan.name} » ajoutée ({plan.register_title}).", title="Nouveau registre")
