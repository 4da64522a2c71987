"""The « Situation » sheet: budget situation tables per section, chapter and line, revenue, monthly curve,
contracts, conditional formatting on rates, and NATIVE Excel charts (openpyxl.chart), so the charts stay live
in Excel and LibreOffice. Written into a copy of the workbook, atomically (io.atomic); the source is untouched.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.dates import format_date
from gestadmin.io.atomic import atomic_save
from gestadmin.io.situation_tables import (
    AMOUNT,
    DATE,
    INT,
    RATE,
    Col,
    Placed,
    difference_formula,
    rate_formula,
    write_table,
)
from gestadmin.io.xlsx_style import NOTICE_FONT, TITLE_FONT
from gestadmin.model.budget_situation import Situation

SHEET = "Situation"
ALERT_FILL = PatternFill("solid", fgColor="F8CBAD")
NEGATIVE_FONT = Font(bold=True, color="C00000")

_AMOUNTS = [
    Col("appropriations", "Crédits ouverts", AMOUNT), Col("committed", "Engagé", AMOUNT),
    Col("mandated", "Mandaté", AMOUNT), Col("paid", "Payé", AMOUNT),
    Col("available", "Disponible", AMOUNT, difference_formula("appropriations", "committed")),
    Col("to_mandate", "Reste à mandater", AMOUNT, difference_formula("committed", "mandated")),
    Col("carry_forward", "Restes à réaliser", AMOUNT),
    Col("commitment_rate", "Taux d'engagement", RATE, rate_formula("committed", "appropriations"), 11),
    Col("spend_rate", "Taux de consommation", RATE, rate_formula("mandated", "appropriations"), 11),
    Col("payment_rate", "Taux de paiement", RATE, rate_formula("paid", "mandated"), 11),
]
SECTION_COLS = [Col("section", "Section", width=16), Col("_blank", ""), Col("_blank2", ""), *_AMOUNTS]
CHAPTER_COLS = [Col("section", "Section"), Col("chapter", "Chapitre"), Col("_label", "Libellé du graphique"),
                *_AMOUNTS]
LINE_COLS = [Col("section", "Section"), Col("chapter", "Chapitre"), Col("budget_code", "Imputation"), *_AMOUNTS,
             Col("label", "Libellé", width=32)]
REVENUE_COLS = [
    Col("chapter", "Chapitre"), Col("budget_code", "Imputation"), Col("label", "Libellé"),
    Col("forecast", "Prévisions", AMOUNT), Col("issued", "Titres émis", AMOUNT), Col("collected", "Encaissé", AMOUNT),
    Col("outstanding", "Reste à recouvrer", AMOUNT, difference_formula("issued", "collected")),
    Col("realisation_rate", "Taux de réalisation", RATE, rate_formula("issued", "forecast")),
    Col("collection_rate", "Taux de recouvrement", RATE, rate_formula("collected", "issued")),
]
CONTRACT_COLS = [
    Col("contract_number", "N° de marché"), Col("contract_type", "Type"), Col("holder", "Titulaire"),
    Col("total", "Montant total", AMOUNT), Col("committed", "Engagé", AMOUNT), Col("invoiced", "Facturé", AMOUNT),
    Col("balance", "Solde", AMOUNT, difference_formula("total", "committed")),
    Col("end_date", "Date de fin", DATE), Col("days_left", "Jours restants", INT, summed=False),
]


def _records(frame: pd.DataFrame, **extra: Any) -> list[dict[str, Any]]:
    rows = [{str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")] if not frame.empty else []
    for rec in rows:
        rec.update({k: f(rec) if callable(f) else f for k, f in extra.items()})
    return rows


def _chapter_label(rec: dict[str, Any]) -> str:
    return f"{'Fonct.' if str(rec.get('section', '')).startswith('F') else 'Invest.'} {rec.get('chapter', '')}"


def build_sheet(ws: Worksheet, situation: Situation, alert: Decimal) -> dict[str, Placed]:
    """Write every table of the situation into an empty worksheet; returns where each table is."""
    ws["A1"] = f"Situation budgétaire {situation.fiscal_year}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (f"Classeur {situation.file}, arrêtée au {format_date(situation.as_of)} ; mandats de fonctionnement "
                "de la période complémentaire (janvier N+1) comptés dans l'exercice.")
    ws["A2"].font = NOTICE_FONT
    placed: dict[str, Placed] = {}
    placed["sections"] = write_table(ws, 4, "Par section (dépenses)", SECTION_COLS, _records(situation.sections))
    row = _next(placed["sections"])
    placed["chapters"] = write_table(ws, row, "Par chapitre (dépenses)", CHAPTER_COLS,
                                     _records(situation.chapters, _label=_chapter_label))
    row = _next(placed["chapters"])
    placed["lines"] = write_table(ws, row, "Par ligne budgétaire (dépenses)", LINE_COLS, _records(situation.lines))
    row = _next(placed["lines"])
    if not situation.revenue.empty:
        placed["revenue"] = write_table(ws, row, "Recettes", REVENUE_COLS, _records(situation.revenue))
        row = _next(placed["revenue"])
    placed["monthly"] = _monthly(ws, row, situation, placed["sections"])
    row = _next(placed["monthly"])
    if not situation.contracts.empty:
        placed["contracts"] = write_table(ws, row, "Marchés, contrats et conventions", CONTRACT_COLS,
                                          _records(situation.contracts), total_label=None)
    _format(ws, placed, alert)
    return placed


def _next(placed: Placed) -> int:
    return (placed.total or placed.last) + 3


def _monthly(ws: Worksheet, top: int, situation: Situation, sections: Placed) -> Placed:
    """Mandated per month and the cumulated spend rate against the total appropriations."""
    credits = f"${sections.letters['appropriations']}${sections.total}"
    cols = [Col("label", "Mois"), Col("mandated", "Mandaté du mois", AMOUNT),
            Col("cumulated", "Mandaté cumulé", AMOUNT, "=SUM({mandated}$" + str(top + 2) + ":{mandated}{r})"),
            Col("cumulated_rate", "Taux de consommation cumulé", RATE,
                '=IF(' + credits + '=0,"",{cumulated}{r}/' + credits + ")")]
    return write_table(ws, top, f"Consommation mensuelle {situation.fiscal_year} (« compl. » : janvier "
                                f"{situation.fiscal_year + 1}, fonctionnement)", cols, _records(situation.monthly),
                       total_label=None)


def _format(ws: Worksheet, placed: dict[str, Placed], alert: Decimal) -> None:
    """Rates above the alert threshold in orange, negative available balances in bold red; widths."""
    for key in ("sections", "chapters", "lines"):
        table = placed[key]
        end = table.total or table.last
        for rate_key in ("commitment_rate",):
            letter = table.letters[rate_key]
            ws.conditional_formatting.add(f"{letter}{table.first}:{letter}{end}", CellIsRule(
                operator="greaterThan", formula=[str(alert)], fill=ALERT_FILL))
        letter = table.letters["available"]
        ws.conditional_formatting.add(f"{letter}{table.first}:{letter}{end}", CellIsRule(
            operator="lessThan", formula=["0"], font=NEGATIVE_FONT))
    for letter, width in zip("ABCDEFGHIJKLMN", (16, 10, 14, 15, 15, 15, 15, 15, 15, 15, 11, 12, 11, 32), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def add_charts(ws: Worksheet, placed: dict[str, Placed]) -> None:
    """Clustered bars committed / mandated / available per chapter; line of the cumulated monthly spend."""
    chapters = placed["chapters"]
    if chapters.last >= chapters.first:
        bar = BarChart()
        bar.type, bar.grouping, bar.title = "col", "clustered", "Engagé, mandaté et disponible par chapitre"
        bar.y_axis.title, bar.y_axis.numFmt = "F CFP", "#,##0"
        for key in ("committed", "mandated", "available"):
            col = chapters.column(key)
            data = Reference(ws, min_col=col, min_row=chapters.header, max_row=chapters.last)
            bar.add_data(data, titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=chapters.column("_label"), min_row=chapters.first,
                                     max_row=chapters.last))
        bar.width, bar.height = 18, 9
        ws.add_chart(bar, "P4")
    monthly = placed["monthly"]
    line = LineChart()
    line.title, line.y_axis.title, line.y_axis.numFmt = "Consommation mensuelle cumulée", "F CFP", "#,##0"
    for key in ("cumulated", "mandated"):
        line.add_data(Reference(ws, min_col=monthly.column(key), min_row=monthly.header, max_row=monthly.last),
                      titles_from_data=True)
    line.set_categories(Reference(ws, min_col=monthly.column("label"), min_row=monthly.first, max_row=monthly.last))
    line.width, line.height = 18, 9
    ws.add_chart(line, "P24")


def situation_workbook(source: Path, situation: Situation, alert: Decimal) -> Workbook:
    """The source workbook with a fresh « Situation » sheet first (an older one is replaced)."""
    workbook = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    if SHEET in workbook.sheetnames:
        del workbook[SHEET]
    ws = workbook.create_sheet(SHEET, 0)
    placed = build_sheet(ws, situation, alert)
    add_charts(ws, placed)
    workbook.active = 0
    for sheet in workbook.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    return workbook


def write_situation(source: Path, target: Path, situation: Situation, alert: Decimal) -> Path:
    """Write the copy with its Situation sheet atomically; refuses to overwrite the source itself."""
    if target.resolve() == source.resolve():
        raise ValueError("la situation s'écrit dans une copie, jamais dans le classeur source")
    workbook = situation_workbook(source, situation, alert)
    return atomic_save(target, workbook.save)


def situation_grid(situation: Situation, alert: Decimal) -> list[list[Any]]:
    """The same sheet as a 2-D grid of values and formulas (for the ribbon script: same cells as the copy, so
    charts already in the workbook keep pointing at the right figures). Dates become ISO text."""
    ws = Workbook().active
    assert ws is not None  # a new workbook always has one sheet
    build_sheet(ws, situation, alert)
    return [[_plain(cell) for cell in row] for row in ws.iter_rows(values_only=True)]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return "" if value is None else value


__all__ = ["SHEET", "TITLE_FONT", "add_charts", "build_sheet", "situation_grid", "situation_workbook",
           "write_situation"]
