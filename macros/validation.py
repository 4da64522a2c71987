"""« Valider la feuille »: validate the open register and write the findings back into it."""

from __future__ import annotations

import xlwings as xw

from gestadmin.findings import UnreadableInputError
from gestadmin.io.annotate import ANOMALIES_SHEET
from gestadmin.services.sheet_feedback import feedback, register_sheet_names, validate_values
from macros._write import fresh_sheet, sheet_values, write_note, write_table


@xw.script(include=[*register_sheet_names(), ANOMALIES_SHEET])
def valider_feuille(book: xw.Book) -> None:
    """Valider la feuille : surligne et commente les cellules en anomalie, feuille « Anomalies », bilan."""
    values = {name: rows for name, rows in sheet_values(book).items() if name != ANOMALIES_SHEET}
    try:
        result = feedback(validate_values(values, book.name), values, book.name)
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    for mark in result.marks:
        book.sheets[mark.sheet][mark.address].color = mark.color
        write_note(book.sheets[mark.sheet][mark.address], mark.note)
    write_table(fresh_sheet(book, ANOMALIES_SHEET), result.anomalies)
    book.app.alert(result.summary, title="Valider la feuille")
