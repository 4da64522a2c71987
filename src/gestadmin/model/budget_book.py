"""The budget workbook and the other registers as the budget rules see them: frames plus cell locations.

Frames follow the reader contract (one column per layout field, `_row` = physical Excel row). `Located`
turns a (row, field) into a Provenance, so every finding points at its file, sheet and column letter.
Several invoice registers are checked as ONE frame with a `_src` column indexing `sources`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from gestadmin.findings import Provenance
from gestadmin.model.budget import FiscalPeriod, line_figures
from gestadmin.model.revenue_register import Located

ROW, SRC = "_row", "_src"

__all__ = ["ROW", "SRC", "BudgetBook", "Located", "RegisterSet", "where_text"]


def _row(value: object) -> int | None:
    try:  # merges turn integer columns into floats (2.0): accept them
        number = float(str(value))
    except ValueError:  # None, "" : a location without a row
        return None
    return None if math.isnan(number) else int(number)  # NaN / NA: no row


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[ROW])


@dataclass(slots=True)
class BudgetBook:
    """One budget workbook: its sheets' frames and where they live."""

    file: str
    lines: pd.DataFrame
    commitments: pd.DataFrame
    orders: pd.DataFrame
    period: FiscalPeriod
    contracts: pd.DataFrame = field(default_factory=_empty)
    where: dict[str, Located] = field(default_factory=dict)

    def at(self, sheet_key: str, row: object, field_name: str = "") -> Provenance:
        """Provenance of a cell of one of the workbook's sheets (by sheet key of io/layouts.py)."""
        located = self.where.get(sheet_key) or Located(self.file, sheet_key, {})
        return located.at(_row(row), field_name)

    def figures(self) -> pd.DataFrame:
        """Per-line figures of the fiscal year (model.budget.line_figures)."""
        return line_figures(self.lines, self.commitments, self.orders, self.period)


@dataclass(slots=True)
class RegisterSet:
    """Rows of one sheet kind gathered from several registers; `_src` indexes `sources`."""

    frame: pd.DataFrame
    sources: list[Located] = field(default_factory=list)

    def at(self, src: object, row: object, field_name: str = "") -> Provenance:
        """Provenance of a cell of the register a row came from."""
        located = self.sources[_row(src) or 0]
        return located.at(_row(row), field_name)

    @classmethod
    def gather(cls, parts: list[tuple[pd.DataFrame, Located]]) -> RegisterSet:
        """Concatenate frames of several files, tagging each row with its source index."""
        frames = [frame.assign(**{SRC: i}) for i, (frame, _located) in enumerate(parts) if not frame.empty]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[ROW, SRC])
        return cls(frame, [located for _frame, located in parts])


def where_text(provenances: list[Provenance], limit: int = 4) -> str:
    """`F.xlsx › Factures!S12, F.xlsx › Factures!S14 (+2)` for messages naming the other side's cells."""
    shown = [p.render() for p in provenances[:limit]]
    more = len(provenances) - limit
    return ", ".join(shown) + (f" (+{more})" if more > 0 else "")
