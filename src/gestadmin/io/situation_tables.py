"""Writing one table of the Situation sheet: header, rows, a total row, live formulas for derived columns.

Derived columns (available, remaining, rates) are Excel formulas over the row's own cells, so a user who
corrects a figure sees the rest follow; base amounts are the values gestadmin computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gestadmin.io.xlsx_style import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    PERCENT_FORMAT,
    THIN_BORDER,
    TITLE_FONT,
)

TEXT, AMOUNT, RATE, DATE, INT = "texte", "montant", "taux", "date", "entier"
_FORMATS = {AMOUNT: AMOUNT_FORMAT, RATE: PERCENT_FORMAT, DATE: DATE_FORMAT, INT: "0"}
BOLD = Font(bold=True)


@dataclass(frozen=True, slots=True)
class Col:
    """A column: record key, French header, kind; `formula` uses `{key}` for the letter of another column
    and `{r}` for the row, e.g. `={appropriations}{r}-{committed}{r}`."""

    key: str
    header: str
    kind: str = TEXT
    formula: str | None = None
    width: float = 14
    summed: bool = True  # amounts: total row = SUM of the column


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a table landed: header row, data rows, total row (or None), column letters by key."""

    header: int
    first: int
    last: int
    total: int | None
    letters: dict[str, str]

    def column(self, key: str) -> int:
        """1-based column index of a key."""
        from openpyxl.utils import column_index_from_string

        return int(column_index_from_string(self.letters[key]))


def write_table(ws: Worksheet, top: int, title: str, cols: Sequence[Col], rows: Sequence[Mapping[str, Any]],
                *, total_label: str | None = "Total", start_col: int = 1) -> Placed:
    """Write a titled table at row `top`; returns where its parts are."""
    ws.cell(top, start_col, title).font = TITLE_FONT
    header = top + 1
    letters = {c.key: get_column_letter(start_col + i) for i, c in enumerate(cols)}
    for i, col in enumerate(cols):
        cell = ws.cell(header, start_col + i, col.header)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    first = header + 1
    for offset, record in enumerate(rows):
        _write_row(ws, first + offset, cols, letters, record, start_col)
    last = first + len(rows) - 1
    total = None
    if total_label is not None:
        total = last + 1
        _write_total(ws, total, cols, letters, first, last, total_label, start_col)
    return Placed(header, first, last, total, letters)


def _write_row(ws: Worksheet, row: int, cols: Sequence[Col], letters: Mapping[str, str],
               record: Mapping[str, Any], start_col: int) -> None:
    for i, col in enumerate(cols):
        value = col.formula.format(r=row, **letters) if col.formula else _value(record.get(col.key), col.kind)
        cell = ws.cell(row, start_col + i, value)
        if col.kind in _FORMATS:
            cell.number_format = _FORMATS[col.kind]


def _write_total(ws: Worksheet, row: int, cols: Sequence[Col], letters: Mapping[str, str], first: int, last: int,
                 label: str, start_col: int) -> None:
    for i, col in enumerate(cols):
        letter = letters[col.key]
        value: Any = None
        if i == 0:
            value = label
        elif col.formula:
            value = col.formula.format(r=row, **letters)
        elif col.kind == AMOUNT and col.summed:
            value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        cell = ws.cell(row, start_col + i, value)
        cell.font, cell.border = BOLD, THIN_BORDER
        if col.kind in _FORMATS:
            cell.number_format = _FORMATS[col.kind]


def _value(value: Any, kind: str) -> Any:
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    if kind in (AMOUNT, INT):
        return int(value)
    if kind == RATE:
        return float(value)
    if kind == DATE:
        return value.date() if hasattr(value, "date") else value
    return str(value)


def rate_formula(numerator: str, denominator: str) -> str:
    """`=IF(B{r}=0,"",C{r}/B{r})` over two keys (empty when the denominator is 0)."""
    return f'=IF({{{denominator}}}{{r}}=0,"",{{{numerator}}}{{r}}/{{{denominator}}}{{r}})'


def difference_formula(left: str, right: str) -> str:
    """`=B{r}-C{r}` over two keys."""
    return f"={{{left}}}{{r}}-{{{right}}}{{r}}"
