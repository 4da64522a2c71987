"""Revenue use cases for the Excel add-in: the open workbook's values in, cell edits and a French summary out.

The ribbon script sends every sheet's values (Office.js payload); nothing is written to the user's file by
the server: the script applies the returned edits to the open workbook. PDFs are stored server-side under
`settings.output_dir/factures_pdf` and linked through the add-in's download route (signed links, see
services.download_links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gestadmin.findings import Report, Severity
from gestadmin.io.reader import read_frames
from gestadmin.io.revenue_writeback import CellEdit
from gestadmin.model.revenue_register import ISSUED_SHEET
from gestadmin.services.download_links import LinkServer
from gestadmin.services.revenue import issue_book, open_store
from gestadmin.services.revenue_book import book_from_data
from gestadmin.settings import Settings, get_settings


@dataclass(slots=True)
class AddinResult:
    """Edits to apply to the open workbook, and what to tell the user."""

    edits: list[CellEdit]
    report: Report

    @property
    def summary(self) -> str:
        """French text for the alert box (errors first, at most 15 lines)."""
        ordered = sorted(self.report.findings, key=lambda f: f.severity is not Severity.ERROR)
        lines = [f.render() for f in ordered[:15]]
        return "\n".join(lines) or "Aucun brouillon à émettre."


def selected_drafts(values: Sequence[Sequence[Any]], rows: Sequence[int]) -> list[str]:
    """Draft references (column A) of the selected physical rows of "Factures émises" (header on row 1)."""
    refs = []
    for row in rows:
        if 2 <= row <= len(values) and values[row - 1] and values[row - 1][0]:
            refs.append(str(values[row - 1][0]).strip())
    return refs


def issue_selected(sheets: dict[str, list[list[Any]]], book_name: str, refs: Sequence[str] | None,
                   settings: Settings | None = None, today: dt.date | None = None,
                   server: LinkServer | None = None) -> AddinResult:
    """"Émettre les factures": issue the given drafts of the open workbook; returns the cell edits.

    `server`: the add-in's download route, for the signed PDF links written into the PDF column.
    """
    settings = settings or get_settings()
    data = read_frames(sheets, kind="recettes", file_label=book_name, settings=settings)
    book = book_from_data(Path(book_name), data)
    outcome, edits = issue_book(book, open_store(settings), settings, refs, settings.output_dir / "factures_pdf",
                                today, server)
    return AddinResult(edits, outcome.report)


def issued_sheet_name(settings: Settings | None = None) -> str:
    """Name of the sheet whose selection picks the drafts."""
    from gestadmin.io.layouts import REVENUE_REGISTER

    return REVENUE_REGISTER.sheet(ISSUED_SHEET).sheet
