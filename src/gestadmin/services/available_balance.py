"""DISPONIBLE: available balance of a budget line computed from two worksheet ranges with header rows.

The ranges are the tables « Lignes budgétaires » and « Engagements » as the user selects them (header row
first). Headers are matched to layout fields like the reader does (French header or synonym, case, accents
and blanks ignored); the balance itself is `model.budget.available_for`, the computation the budget
workbook and the commitment control share. The budget area may replace `frames_from_ranges` by the
reader's `read_frames` without touching the add-in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pandas as pd

from gestadmin.io.layouts import BUDGET_LINES, COMMITMENTS, Kind, SheetLayout
from gestadmin.model.budget import available_for
from gestadmin.services.worksheet_functions import FormulaError, to_amount

Rows = Sequence[Sequence[object]]


def header_key(text: object) -> str:
    """Comparison form of a header: no accents, no case, single blanks, no trailing punctuation."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().replace("°", "").split()).strip(" .:")


def _field_of_header(layout: SheetLayout) -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in layout.columns:
        for name in (column.header, *column.synonyms):
            keys.setdefault(header_key(name), column.field)
    return keys


def frame_from_range(rows: Rows, layout: SheetLayout, needed: Sequence[str]) -> pd.DataFrame:
    """DataFrame of the fields found in the header row; amounts parsed, ids kept as text."""
    if not rows or not rows[0]:
        raise FormulaError(f"plage « {layout.sheet} » vide (ligne d'en-têtes attendue)")
    fields = _field_of_header(layout)
    positions = {fields[header_key(h)]: i for i, h in enumerate(rows[0]) if header_key(h) in fields}
    missing = [layout.column(f).header for f in needed if f not in positions]
    if missing:
        raise FormulaError(f"colonne « {missing[0]} » introuvable dans la plage « {layout.sheet} »")
    data: dict[str, list[object]] = {}
    for name, index in positions.items():
        kind = layout.column(name).kind
        cells = [row[index] if index < len(row) else None for row in rows[1:]]
        data[name] = [_amount(c, layout.column(name).header) for c in cells] if kind == Kind.AMOUNT else [
            None if c is None or c == "" else str(c).strip() for c in cells
        ]
    return pd.DataFrame(data)


def _amount(cell: object, header: str) -> int | None:
    value = to_amount(cell, header)
    return None if value is None else int(value)


def frames_from_ranges(lines: Rows, commitments: Rows) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(budget lines, commitments) frames from the two ranges."""
    return (
        frame_from_range(lines, BUDGET_LINES, ["budget_code"]),
        frame_from_range(commitments, COMMITMENTS, ["budget_code", "amount"]),
    )


def available_balance(code: object, lines: pd.DataFrame, commitments: pd.DataFrame) -> int | None:
    """Appropriations - committed for one code; None for an empty code; FormulaError if the code is unknown."""
    if code is None or not str(code).strip():
        return None
    balance = available_for(str(code).strip(), lines, commitments)
    if balance is None:
        raise FormulaError(f"imputation « {code} » absente des lignes budgétaires")
    return balance
