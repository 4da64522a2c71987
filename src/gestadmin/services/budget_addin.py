"""Budget use cases for the Excel add-in: refresh the « Situation » sheet of the open workbook.

The ribbon script sends the workbook's values (sheet name -> 2-D values, as Office.js gives them); this
service reads them with `io.reader.read_frames`, computes the situation and returns the grid to write and a
French summary. Nothing here touches xlwings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gestadmin.findings import Severity
from gestadmin.io.reader import read_frames
from gestadmin.io.situation import SHEET, situation_grid
from gestadmin.model.budget_situation import build_situation
from gestadmin.money import format_xpf
from gestadmin.services.budget import budget_findings
from gestadmin.services.budget_load import book_from_register
from gestadmin.settings import Settings, get_settings


@dataclass(frozen=True, slots=True)
class SheetRefresh:
    """What the script writes: the sheet name, the grid from A1, and the French message of its alert."""

    sheet: str
    grid: list[list[Any]]
    summary: str


def refresh_situation(values: Mapping[str, Sequence[Sequence[Any]]], book_name: str,
                      settings: Settings | None = None, today: dt.date | None = None) -> SheetRefresh:
    """Compute the Situation sheet of an open budget workbook from its values."""
    settings = settings or get_settings()
    day = today or dt.date.today()
    own = {name: rows for name, rows in values.items() if name != SHEET}
    data = read_frames({name: [list(r) for r in rows] for name, rows in own.items()}, kind="budget",
                       file_label=book_name, settings=settings)
    book = book_from_register(data, settings, day, file=book_name)
    result = build_situation(book, _empty(), _empty(), day)
    findings = budget_findings(book, _empty(), settings, day)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    total = result.total
    summary = (f"Situation {result.fiscal_year} mise à jour : crédits ouverts {format_xpf(total['appropriations'])}, "
               f"engagé {format_xpf(total['committed'])}, mandaté {format_xpf(total['mandated'])}, disponible "
               f"{format_xpf(total['available'])}. {errors} erreur(s), {len(findings) - errors} avertissement(s) "
               "(détail : bouton « Valider la feuille »).")
    return SheetRefresh(SHEET, situation_grid(result, settings.budget.commitment_rate_alert), summary)


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["_row"])
