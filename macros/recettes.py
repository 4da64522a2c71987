"""Ribbon scripts of the revenue register: « Émettre les factures » and « Créer un avoir ».

Thin: read the open workbook, call the service, write the returned edits back (read -> compute -> write,
since Office.js writes are queued). Business rules live in gestadmin.services.
"""

from __future__ import annotations

import xlwings as xw

from gestadmin.services.revenue_addin import issue_selected, issued_sheet_name, selected_drafts


def _values(book: xw.Book) -> dict[str, list[list[object]]]:
    return {sheet.name: sheet.used_range.options(ndim=2).value for sheet in book.sheets}


def _selected_rows(book: xw.Book) -> list[int]:
    selection = book.selection
    if selection is None or selection.sheet.name != issued_sheet_name():
        return []
    return list(range(selection.row, selection.row + selection.rows.count))


@xw.script
def emettre_factures(book: xw.Book) -> None:
    """Émettre les factures : numérote les brouillons sélectionnés, écrit numéros, statuts, empreintes et PDF."""
    values = _values(book)
    refs = selected_drafts(values.get(issued_sheet_name(), []), _selected_rows(book))
    if not refs:
        raise xw.XlwingsError("Sélectionnez, dans la feuille « Factures émises », les lignes des brouillons à émettre.")
    result = issue_selected(values, book.name, refs)
    for edit in result.edits:
        book.sheets[edit.sheet][f"{edit.column}{edit.row}"].value = edit.value
    book.app.alert(result.summary, title="Émission des factures")


@xw.script
def creer_avoir(book: xw.Book) -> None:
    """Créer un avoir : émet les brouillons d'avoir sélectionnés (ligne avec « Facture d'origine »)."""
    values = _values(book)
    refs = selected_drafts(values.get(issued_sheet_name(), []), _selected_rows(book))
    if not refs:
        raise xw.XlwingsError("Sélectionnez la ligne du brouillon d'avoir (colonne « Facture d'origine » remplie).")
    result = issue_selected(values, book.name, refs)
    for edit in result.edits:
        book.sheets[edit.sheet][f"{edit.column}{edit.row}"].value = edit.value
    book.app.alert(result.summary, title="Création de l'avoir")
