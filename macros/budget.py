"""Ribbon script of the budget workbook: « Situation budgétaire ».

Thin: read the open workbook's values, ask the service for the Situation grid, write it from A1 of the
« Situation » sheet (created when missing), then show the French summary. Business rules live in
gestadmin.services.budget_addin. Native charts come with the copy written by `gestadmin budget situation`;
they point at the same cells, so refreshing here keeps them up to date.
"""

from __future__ import annotations

import xlwings as xw

from gestadmin.services.budget_addin import refresh_situation


@xw.script
def situation_budgetaire(book: xw.Book) -> None:
    """Situation budgétaire : recalcule la feuille « Situation » (sections, chapitres, lignes, mois)."""
    values = {sheet.name: sheet.used_range.options(ndim=2).value for sheet in book.sheets}
    result = refresh_situation(values, book.name)
    names = [sheet.name for sheet in book.sheets]
    sheet = book.sheets[result.sheet] if result.sheet in names else book.sheets.add(result.sheet, before=book.sheets[0])
    if result.sheet in names:
        sheet.used_range.clear_contents()
    sheet["A1"].value = result.grid
    book.app.alert(result.summary, title="Situation budgétaire")
