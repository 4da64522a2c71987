"""Ribbon scripts « Générer les courriers » and « Échéances à venir » (thin: read, call the service, write)."""

from __future__ import annotations

import xlwings as xw

from gestadmin.findings import UnreadableInputError
from gestadmin.services.cases import DIGEST_SHEET
from gestadmin.services.letters_addin import LINKS_SHEET, digest_for_workbook, letters_for_selection, register_sheets
from macros._links import link_server
from macros._write import fresh_sheet, sheet_values, write_table


@xw.script(include=[*register_sheets(), LINKS_SHEET])
def generer_courriers(book: xw.Book) -> None:
    """Générer les courriers : un courrier Word et son PDF par ligne sélectionnée, liens de téléchargement."""
    selection = book.selection
    if selection is None or selection.row < 2:
        raise xw.XlwingsError("Sélectionnez les lignes du registre pour lesquelles préparer un courrier.")
    rows = list(range(selection.row, selection.row + selection.rows.count))
    try:
        result = letters_for_selection(sheet_values(book), book.name, selection.sheet.name, rows,
                                       server=link_server())
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    except ValueError as error:  # selection outside a register sheet
        raise xw.XlwingsError(str(error)) from None
    if len(result.table) > 1:
        write_table(fresh_sheet(book, LINKS_SHEET), result.table)
    book.app.alert(result.summary, title="Générer les courriers")


@xw.script(include=["Dossiers", "Jalons", DIGEST_SHEET])
def echeances_a_venir(book: xw.Book) -> None:
    """Échéances à venir : ce qui arrive à échéance dans les 14 jours (et ce qui est en retard), par responsable."""
    try:
        result = digest_for_workbook(sheet_values(book), book.name)
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    write_table(fresh_sheet(book, DIGEST_SHEET), result.values)
    book.app.alert(result.text.split("\n\n")[0], title="Échéances à venir")
