"""Ribbon scripts of the revenue register: « Émettre les factures » and « Créer un avoir ».

Thin: read the open workbook, call the service, write the returned edits back (read -> compute -> write,
since Office.js writes are queued). Business rules live in gestadmin.services.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from gestadmin.findings import UnreadableInputError
from gestadmin.services.revenue_addin import AddinResult, issue_selected, issued_sheet_name, selected_drafts
from macros._links import link_server
from macros._write import sheet_values


def _selected_rows(book: xw.Book) -> list[int]:
    selection = book.selection
    if selection is None or selection.sheet.name != issued_sheet_name():
        return []
    return list(range(selection.row, selection.row + selection.rows.count))


def _issue(values: dict[str, list[list[Any]]], name: str, refs: list[str]) -> AddinResult:
    try:
        return issue_selected(values, name, refs, server=link_server())
    except UnreadableInputError as error:  # e.g. the header row of « Factures émises » cannot be found
        raise xw.XlwingsError(error.finding.message) from None


@xw.script
def emettre_factures(book: xw.Book) -> None:
    """Émettre les factures : numérote les brouillons sélectionnés, écrit numéros, statuts, empreintes et PDF."""
    values = sheet_values(book)
    refs = selected_drafts(values.get(issued_sheet_name(), []), _selected_rows(book))
    if not refs:
        raise xw.XlwingsError("Sélectionnez, dans la feuille « Factures émises », les lignes des brouillons à émettre.")
    result = _issue(values, book.name, refs)
    for edit in result.edits:
        book.sheets[edit.sheet][f"{edit.column}{edit.row}"].value = edit.value
    book.app.alert(result.summary, title="Émission des factures")


@xw.script
def creer_avoir(book: xw.Book) -> None:
    """Créer un avoir : émet les brouillons d'avoir sélectionnés (ligne avec « Facture d'origine »)."""
    values = sheet_values(book)
    refs = selected_drafts(values.get(issued_sheet_name(), []), _selected_rows(book))
    if not refs:
        raise xw.XlwingsError("Sélectionnez la ligne du brouillon d'avoir (colonne « Facture d'origine » remplie).")
    result = _issue(values, book.name, refs)
    for edit in result.edits:
        book.sheets[edit.sheet][f"{edit.column}{edit.row}"].value = edit.value
    book.app.alert(result.summary, title="Création de l'avoir")
