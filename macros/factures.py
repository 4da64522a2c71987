"""Ribbon script « Contrôler les factures » of the supplier-invoice register (thin: read, call the service, write)."""

from __future__ import annotations

import xlwings as xw

from gestadmin.findings import UnreadableInputError
from gestadmin.io.annotate import ANOMALIES_SHEET
from gestadmin.services.invoices_addin import CONTROL_HEADER, TITLE, check_workbook, invoice_sheet_names
from macros._write import fresh_sheet, sheet_values, write_note, write_table


@xw.script(include=[*invoice_sheet_names(), ANOMALIES_SHEET])
def controler_factures(book: xw.Book) -> None:
    """Contrôler les factures : les 10 points de contrôle, colonne « Contrôle », cellules surlignées et commentées,
    feuille « Anomalies »."""
    values = {name: rows for name, rows in sheet_values(book).items() if name != ANOMALIES_SHEET}
    try:
        result = check_workbook(values, book.name)
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    for mark in result.marks:
        book.sheets[mark.sheet][mark.address].color = mark.color
        write_note(book.sheets[mark.sheet][mark.address], mark.note)
    control = result.control
    if control is not None:  # the « Contrôle » column: one verdict per invoice row
        sheet = book.sheets[control.sheet]
        if control.add_header:
            sheet[f"{control.column}{control.header_row}"].value = CONTROL_HEADER
        if control.values:
            sheet[f"{control.column}{control.header_row + 1}"].value = [[text] for text in control.values]
    write_table(fresh_sheet(book, ANOMALIES_SHEET), result.anomalies)
    book.app.alert(result.summary, title=TITLE)
