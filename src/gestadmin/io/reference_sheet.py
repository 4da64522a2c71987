"""The Référentiels sheet: reference lists, parameters, the notice, and the defined names feeding them."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.io import xlsx_style as st
from gestadmin.io.layouts import HOLIDAYS_LIST, REFERENCE_SHEET, Kind, RegisterLayout
from gestadmin.io.reference_values import list_values
from gestadmin.settings import Settings

DEADLINE_NAME = "DelaiMandatement"
IMPUTATIONS = "Imputations"
IMPUTATION_CAPACITY = 300  # free rows under the imputations list, so users can add budget codes

NOTICE = (
    "Notice",
    "Ce classeur est un modèle généré par gestadmin (ne pas modifier sa structure à la main).",
    "Saisir uniquement dans les cellules blanches ; les colonnes grises sont calculées.",
    "Les listes déroulantes viennent de cet onglet (noms définis : Statuts, TauxTGC, Imputations...).",
    "Les feuilles sont protégées SANS mot de passe : Révision > Ôter la protection de la feuille.",
    "Tri, filtre et mise en forme restent possibles sans ôter la protection.",
    "Montants en francs CFP sans décimale ; dates au format JJ/MM/AAAA ; taux de TGC en %.",
    "L'échéance de mandatement tient compte des jours fériés de Nouvelle-Calédonie (liste Feries).",
)


def add_reference_sheet(wb: Workbook, register: RegisterLayout, settings: Settings,
                        imputations: Iterable[str] = (), imputations_range: str | None = None) -> Worksheet:
    """Write the Référentiels sheet and define one name per list (plus DelaiMandatement)."""
    ws = wb.create_sheet(REFERENCE_SHEET)
    col = 1
    for reference in register.references:
        if reference.name == IMPUTATIONS and imputations_range is not None:
            _define(wb, IMPUTATIONS, imputations_range)  # the budget workbook uses its own lines
            continue
        values = list_values(reference, settings, imputations)
        _write_list(ws, col, reference.header, values, reference.kind)
        last = len(values) + 1
        if reference.name == IMPUTATIONS:
            last = max(last, IMPUTATION_CAPACITY + 1)
            for row in range(2, last + 1):
                ws.cell(row=row, column=col).protection = st.UNLOCKED
        _define(wb, reference.name, _column_range(ws.title, col, 2, max(last, 2)))
        col += 1
    if any(r.name == HOLIDAYS_LIST for r in register.references):
        col = _write_parameters(wb, ws, col + 1, settings)
    _write_notice(ws, col + 1)
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    return ws


def _write_list(ws: Worksheet, col: int, header: str, values: list[object], kind: Kind) -> None:
    _header(ws, 1, col, header)
    fmt = st.number_format(kind)
    for row, value in enumerate(values, start=2):
        cell = ws.cell(row=row, column=col, value=value)
        cell.number_format = fmt
    ws.column_dimensions[get_column_letter(col)].width = 24


def _write_parameters(wb: Workbook, ws: Worksheet, col: int, settings: Settings) -> int:
    _header(ws, 1, col, "Paramètre")
    _header(ws, 1, col + 1, "Valeur")
    ws.cell(row=2, column=col, value="Délai de mandatement (jours)")
    ws.cell(row=2, column=col + 1, value=settings.deadline.days)
    ws.column_dimensions[get_column_letter(col)].width = 30
    _define(wb, DEADLINE_NAME, f"{quote_sheetname(ws.title)}!{absolute_coordinate(_coord(col + 1, 2))}")
    return col + 1


def _write_notice(ws: Worksheet, col: int) -> None:
    for row, text in enumerate(NOTICE, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = st.TITLE_FONT if row == 1 else st.NOTICE_FONT
    ws.column_dimensions[get_column_letter(col)].width = 90


def _header(ws: Worksheet, row: int, col: int, text: str) -> None:
    cell = ws.cell(row=row, column=col, value=text)
    cell.font = st.HEADER_FONT
    cell.fill = st.HEADER_FILL
    cell.alignment = st.HEADER_ALIGNMENT


def _coord(col: int, row: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _column_range(sheet: str, col: int, first: int, last: int) -> str:
    letter = get_column_letter(col)
    return f"{quote_sheetname(sheet)}!${letter}${first}:${letter}${last}"


def _define(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)
