"""Ribbon scripts « Consolider » and « Exporter vers les finances » (thin: call the service, write, alert).

Both work on the registers folder configured on the server; the open workbook only receives the summary
sheet with the download links (nothing of it is sent to the server but that sheet).
"""

from __future__ import annotations

import xlwings as xw

from gestadmin.findings import UnreadableInputError
from gestadmin.services.consolidation_addin import (
    CONSOLIDATION_SHEET,
    EXPORT_SHEET,
    consolidate_for_ribbon,
    export_for_ribbon,
)
from gestadmin.settings import get_settings
from macros._links import link_server
from macros._write import fresh_sheet, write_table


@xw.script(include=[CONSOLIDATION_SHEET])
def consolider(book: xw.Book) -> None:
    """Consolider : registres du dossier partagé contrôlés, dédoublonnés, réunis dans un classeur téléchargeable."""
    try:
        result = consolidate_for_ribbon(get_settings(), link_server())
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    write_table(fresh_sheet(book, CONSOLIDATION_SHEET), result.values)
    book.app.alert(result.summary, title="Consolider")


@xw.script(include=[EXPORT_SHEET])
def exporter_finances(book: xw.Book) -> None:
    """Exporter vers les finances : registre consolidé (xlsx, CSV) et bordereaux, journalisés, à télécharger."""
    try:
        result = export_for_ribbon(get_settings(), link_server())
    except UnreadableInputError as error:
        raise xw.XlwingsError(error.finding.message) from None
    write_table(fresh_sheet(book, EXPORT_SHEET), result.values)
    book.app.alert(result.summary, title="Exporter vers les finances")
