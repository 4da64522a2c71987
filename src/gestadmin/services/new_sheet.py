"""« Nouveau registre »: plan a fresh structured register sheet for the open workbook, from the layouts.

The register is recognised from the sheets already in the workbook (invoices when none is recognised). The
plan adds the first sheet of that register that is missing, else a new copy of its main sheet (« Factures
(2) »): French headers, number formats, widths, guarded formulas on the prepared rows, a uniquely named
Excel table. The ribbon script writes it; nothing here touches a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gestadmin.io import xlsx_style as style
from gestadmin.io.formulas import column_letters, guarded, translate
from gestadmin.io.layouts import RegisterLayout, SheetLayout
from gestadmin.io.layouts import register as register_layout

KINDS = ("factures", "budget", "recettes", "dossiers")
PREPARED_ROWS = 200  # rows pre-formatted (and pre-filled with formulas) under the header
HEADER_COLOR = "#1F4E78"
FORMULA_COLOR = "#EDEDED"


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """One column of the new sheet."""

    letter: str
    header: str
    number_format: str
    width: float
    formulas: list[list[str]] | None  # one formula per prepared row, for computed columns


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """The sheet to insert."""

    name: str
    table: str
    register_title: str
    columns: list[ColumnPlan]
    last_row: int

    @property
    def headers(self) -> list[str]:
        """French header row."""
        return [c.header for c in self.columns]

    @property
    def last_letter(self) -> str:
        """Letter of the last column."""
        return self.columns[-1].letter


def detect_register(sheet_names: Iterable[str]) -> RegisterLayout:
    """The register whose sheets the workbook holds most of (invoices by default)."""
    names = set(sheet_names)
    scored = [(sum(s.sheet in names for s in register_layout(k).sheets), -i, k) for i, k in enumerate(KINDS)]
    best = max(scored)
    return register_layout(best[2] if best[0] else "factures")


def _unique(wanted: str, taken: set[str], pattern: str) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while pattern.format(name=wanted, n=n) in taken:
        n += 1
    return pattern.format(name=wanted, n=n)


def plan_new_sheet(sheet_names: Iterable[str], table_names: Iterable[str]) -> SheetPlan:
    """What « Nouveau registre » inserts into a workbook with these sheets and tables."""
    names = list(sheet_names)
    register = detect_register(names)
    missing = [s for s in register.sheets if s.sheet not in names]
    layout = missing[0] if missing else register.sheets[0]
    name = _unique(layout.sheet, set(names), "{name} ({n})")
    # tables of sheets the client did not send (include=) are unknown: assume each layout sheet has its table
    taken = set(table_names) | {s.table for r in KINDS for s in register_layout(r).sheets if s.sheet in names}
    table = _unique(layout.table, taken, "{name}{n}")
    return SheetPlan(name, table, register.title, _columns(register, layout), PREPARED_ROWS + 1)


def _columns(register: RegisterLayout, layout: SheetLayout) -> list[ColumnPlan]:
    letters = column_letters(layout)
    key = letters[layout.key_field or next(c.field for c in layout.columns if c.required and not c.is_formula)]
    plans = []
    for column in layout.columns:
        formulas = None
        if column.formula is not None:
            formulas = [[guarded(translate(column.formula, layout, register, row), f"{key}{row}")]
                        for row in range(2, PREPARED_ROWS + 2)]
        plans.append(ColumnPlan(letters[column.field], column.header, style.number_format(column.kind),
                                column.width, formulas))
    return plans
