"""Generated templates: sheets, tables, headers, validation, defined names, protection, formats, determinism."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from gestadmin.io.formulas import translate
from gestadmin.io.layouts import BUDGET_LINES, INVOICE_REGISTER, INVOICES, REGISTERS, REVENUE_REGISTER
from gestadmin.io.templates import TEMPLATE_ROWS, write_template
from gestadmin.io.xlsx_style import AMOUNT_FORMAT, DATE_FORMAT, RATE_FORMAT
from gestadmin.settings import Settings


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("modeles")
    settings = Settings(_env_file=None)
    return {r.kind: write_template(r, settings, folder) for r in REGISTERS}


def test_every_register_has_its_sheets_tables_and_french_headers(templates: dict[str, Path]) -> None:
    for layout in REGISTERS:
        wb = openpyxl.load_workbook(templates[layout.kind])
        assert wb.sheetnames == [s.sheet for s in layout.sheets] + ["Référentiels"]
        for sheet in layout.sheets:
            ws = wb[sheet.sheet]
            assert list(ws.tables) == [sheet.table]
            last = openpyxl.utils.get_column_letter(len(sheet.columns))
            assert ws.tables[sheet.table].ref == f"A1:{last}{TEMPLATE_ROWS + 1}"
            assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
            assert ws.freeze_panes == "A2"


def test_defined_names_feed_the_drop_downs(templates: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(templates["factures"])
    assert {"Statuts", "TauxTGC", "Sections", "Imputations", "Feries", "DelaiMandatement", "TypesTiers"} <= set(
        wb.defined_names
    )
    ref = wb["Référentiels"]
    rates = [c.value for c in next(ref.iter_cols(min_col=3, max_col=3, min_row=2, max_row=6))]
    assert rates == [0, 0.03, 0.06, 0.11, 0.22]
    assert wb.defined_names["DelaiMandatement"].attr_text.startswith("'Référentiels'!$")
    feries = [c.value.date() for c in ref["F"][1:] if c.value is not None]
    assert dt.date(2026, 9, 24) in feries and dt.date(2026, 1, 2) in feries and len(feries) > 50
    rules = {(dv.formula1, str(dv.sqref)) for dv in wb["Factures"].data_validations.dataValidation}
    assert ("=Statuts", f"P2:P{TEMPLATE_ROWS + 1}") in rules
    assert ("=TauxTGC", f"K2:K{TEMPLATE_ROWS + 1}") in rules
    help_text = next(dv for dv in wb["Factures"].data_validations.dataValidation if dv.formula1 == "=TauxTGC")
    assert help_text.showInputMessage and "11 %" in help_text.prompt


def test_budget_imputations_come_from_the_budget_lines(templates: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(templates["budget"])
    assert wb.defined_names["Imputations"].attr_text == "'Lignes budgétaires'!$G$2:$G$5000"


def test_formula_cells_locked_inputs_unlocked_no_password(templates: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(templates["factures"])
    ws = wb["Factures"]
    assert ws.protection.sheet and ws.protection.password is None
    assert (ws.protection.sort, ws.protection.autoFilter, ws.protection.formatCells) == (False, False, False)
    assert ws["U2"].value == '=IF(A2="","",IF(AND(ISNUMBER(J2),ISNUMBER(K2)),ROUND(J2*K2,0),""))'
    assert ws["U2"].protection.locked and not ws["J2"].protection.locked
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"


def test_number_formats_per_kind(templates: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(templates["factures"])["Factures"]
    assert (ws["J2"].number_format, ws["B2"].number_format, ws["K2"].number_format) == (
        AMOUNT_FORMAT, DATE_FORMAT, RATE_FORMAT,
    )
    assert ws["A2"].number_format == "@"  # ids stay text


def test_full_recalculation_on_load_and_deterministic_bytes(templates: dict[str, Path], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(templates["budget"])
    assert wb.calculation.fullCalcOnLoad
    again = write_template(REGISTERS[1], Settings(_env_file=None), tmp_path)
    assert again.read_bytes() == templates["budget"].read_bytes()


def test_translate_same_row_and_other_sheet_columns() -> None:
    budget = REGISTERS[1]
    formula = BUDGET_LINES.column("committed").formula or ""
    assert translate(formula, BUDGET_LINES, budget, 7) == (
        "=SUMIFS('Engagements'!$G$2:$G$5000,'Engagements'!$E$2:$E$5000,G7,"
        "'Engagements'!$I$2:$I$5000,\"<>Annulé\")"
    )
    assert translate("=[net_amount]*2", INVOICES, INVOICE_REGISTER, 3) == "=J3*2"
    with pytest.raises(KeyError):
        translate("=[Inconnue!x]", INVOICES, REVENUE_REGISTER, 2)
