"""Layout formula templates -> A1 formulas.

`Column.formula` uses `[field]` for the cell of the same row and `[Sheet!field]` for the whole column of
another sheet of the same workbook. Whole columns become fixed ranges (`'Engagements'!$G$2:$G$5000`), not
structured references, because LibreOffice and older Excel versions do not all read structured references
written by openpyxl.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter, quote_sheetname

from gestadmin.io.layouts import RegisterLayout, SheetLayout

REF_LAST_ROW = 5000
"""Last row of the cross-sheet ranges: far beyond the pre-formatted rows, cheap for SUMIFS."""

_PLACEHOLDER = re.compile(r"\[([^\[\]!]+!)?([a-z_][a-z0-9_]*)\]")


def column_letters(sheet: SheetLayout) -> dict[str, str]:
    """Field -> column letter, in layout order starting at A."""
    return {field: get_column_letter(i) for i, field in enumerate(sheet.fields, start=1)}


def translate(formula: str, sheet: SheetLayout, register: RegisterLayout, row: int) -> str:
    """Turn a layout formula template into an A1 formula for one physical row of `sheet`."""
    own = column_letters(sheet)

    def replace(match: re.Match[str]) -> str:
        other, field = match.group(1), match.group(2)
        if other is None:
            return f"{own[field]}{row}"
        target = _sheet_by_name(register, other[:-1])
        letter = column_letters(target)[field]
        return f"{quote_sheetname(target.sheet)}!${letter}$2:${letter}${REF_LAST_ROW}"

    return _PLACEHOLDER.sub(replace, formula)


def guarded(formula: str, key_cell: str) -> str:
    """Wrap a formula so an empty row shows nothing: `=IF(A2="","",<formula>)`."""
    body = formula[1:] if formula.startswith("=") else formula
    return f'=IF({key_cell}="","",{body})'


def _sheet_by_name(register: RegisterLayout, name: str) -> SheetLayout:
    for sheet in register.sheets:
        if sheet.sheet == name:
            return sheet
    raise KeyError(f"Feuille inconnue dans la formule : {name}")
