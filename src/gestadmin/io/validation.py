"""Data validation of the register sheets: drop-downs fed by defined names, and French input help."""

from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.io import xlsx_style as st
from gestadmin.io.formulas import column_letters
from gestadmin.io.layouts import Column, Kind, SheetLayout

# Lists users must respect (stop) vs lists they may extend on the fly (warning: Excel asks to confirm).
_STRICT_LISTS = {"TauxTGC", "Sections", "Sens"}
_ERROR_TITLE = "Valeur non prévue"


def add_validations(ws: Worksheet, sheet: SheetLayout, last_row: int) -> None:
    """One validation rule per input column that has a list, a type check or some help."""
    letters = column_letters(sheet)
    for column in sheet.columns:
        if column.is_formula:
            continue
        rule = _rule(column)
        if rule is None:
            continue
        ws.add_data_validation(rule)
        rule.add(f"{letters[column.field]}2:{letters[column.field]}{last_row}")


def _rule(column: Column) -> DataValidation | None:
    if column.choices:
        rule = DataValidation(type="list", formula1=f"={column.choices}", allow_blank=True)
        rule.errorStyle = "stop" if column.choices in _STRICT_LISTS else "warning"
        rule.error = "Choisir une valeur de la liste (onglet Référentiels)."
    elif column.kind is Kind.DATE:
        rule = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                              formula2="DATE(2099,12,31)", allow_blank=True)
        rule.errorStyle = "warning"
        rule.error = "Saisir une date au format JJ/MM/AAAA (entre 2000 et 2099)."
    elif column.kind is Kind.AMOUNT:
        rule = DataValidation(type="whole", operator="between", formula1="-999999999999",
                              formula2="999999999999", allow_blank=True)
        rule.errorStyle = "warning"
        rule.error = "Saisir un montant entier en francs CFP (sans décimale)."
    else:
        rule = DataValidation(allow_blank=True)
    help_text = st.input_help(column)
    if help_text is None and rule.type is None:
        return None
    if help_text is not None:
        rule.promptTitle, rule.prompt = help_text
        rule.showInputMessage = True
    rule.errorTitle = _ERROR_TITLE
    rule.showErrorMessage = rule.type is not None
    return rule
