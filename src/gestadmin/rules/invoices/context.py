"""What the invoice checklist sees: the frames of one or several registers, and the context of the run.

Frames follow the reader's contract (one column per layout field, `_row` = physical Excel row) plus `_src`,
the index of the sheet the row came from in `InvoiceContext.sources`: several registers are checked together
as one frame, so cross-file duplicates are a plain vectorised group-by, and each finding still points at its
own file, sheet and column letter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gestadmin.dates import format_date
from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.parties import Directory
from gestadmin.money import format_xpf
from gestadmin.settings import Settings

ROW, SRC, REG, STATUS = "_row", "_src", "_reg", "_status"  # physical row, source sheet, register (file)


@dataclass(frozen=True, slots=True)
class Source:
    """One sheet of one file: names, field -> column letter, field -> French header."""

    file: str
    sheet: str
    letters: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class InvoiceFrames:
    """Factures rows and Lignes de facture rows of every register checked together."""

    invoices: pd.DataFrame
    lines: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[ROW, SRC]))


@dataclass(slots=True)
class BudgetFrames:
    """From the budget workbook: lines (budget_code, available) and commitments (Engagements)."""

    lines: pd.DataFrame
    commitments: pd.DataFrame


@dataclass(slots=True)
class InvoiceContext:
    """Everything a checklist rule may consult besides the frames."""

    today: dt.date
    settings: Settings
    sources: list[Source]
    directory: Directory | None = None
    budget: BudgetFrames | None = None
    # (party key, bank key) -> (who, when, how) of RIB changes confirmed out of band
    confirmations: Mapping[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    unreadable: frozenset[tuple[int, int, str]] = frozenset()  # (_src, _row, field) the reader could not type

    def at(self, src: int, row: int, field_name: str) -> Provenance:
        """Provenance of one cell."""
        source = self.sources[src]
        return Provenance(source.file, source.sheet, row, source.letters.get(field_name, ""), field_name)

    def label(self, src: int, field_name: str) -> str:
        """French header of a field in a sheet."""
        return self.sources[src].labels.get(field_name, field_name)

    def where(self, src: int, row: int) -> str:
        """`Registre.xlsx › Factures ligne 12`: names another row in a message (both provenances shown)."""
        source = self.sources[src]
        return f"{source.file} › {source.sheet} ligne {row}"

    def emit(self, frame: pd.DataFrame, mask: pd.Series | np.ndarray[Any, Any], field_name: str, code: str,
             money: tuple[str, ...] = (), **params: Any) -> list[Finding]:
        """One finding per flagged row, on `field_name`'s cell; Series params are read per row (flagged rows
        only, so formatting costs nothing on clean rows); `money` names the params shown as XPF amounts."""
        flagged = np.asarray(mask, dtype=bool)
        if not flagged.any():
            return []
        rows = frame.loc[flagged]
        columns = {k: (v[flagged] if isinstance(v, pd.Series) else None) for k, v in params.items()}
        findings = []
        for position, (src, row) in enumerate(zip(rows[SRC].to_numpy(), rows[ROW].to_numpy(), strict=True)):
            values = {k: _show(params[k] if c is None else c.iloc[position], k in money)
                      for k, c in columns.items()}
            findings.append(make_finding(code, self.at(int(src), int(row), field_name), **values))
        return findings


def _show(value: Any, money: bool = False) -> Any:
    """Message form of a value: dates JJ/MM/AAAA, amounts `1 234 F CFP`, missing values as a dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if money:
        return format_xpf(int(value))
    if isinstance(value, pd.Timestamp | dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    return value


def present(frame: pd.DataFrame, field_name: str) -> pd.Series:
    """True where the field has a value (a blank text counts as missing)."""
    if field_name not in frame:
        return pd.Series(False, index=frame.index)
    column = frame[field_name]
    mask = column.notna()
    if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        # Only distinct values are inspected: registers repeat values, so this stays vectorised.
        blanks = [v for v in pd.unique(column[mask]) if isinstance(v, str) and not v.strip()]
        if blanks:
            mask &= ~column.isin(blanks)
    return mask


def by_value(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """`function` applied once per distinct non-missing value, then mapped (NA stays NA)."""
    mapping = {v: function(v) for v in pd.unique(values.dropna())}
    return values.map(mapping)


def not_unreadable(frame: pd.DataFrame, field_name: str, ctx: InvoiceContext) -> pd.Series:
    """False on cells the reader could not type (already reported): no second finding on a blank there."""
    if not ctx.unreadable:
        return pd.Series(True, index=frame.index)
    keys = zip(frame[SRC].to_numpy(), frame[ROW].to_numpy(), strict=True)
    return pd.Series([(int(s), int(r), field_name) not in ctx.unreadable for s, r in keys], index=frame.index)


def status_of(frame: pd.DataFrame) -> pd.Series:
    """Status column as InvoiceStatus values (unknown labels become NA)."""
    from gestadmin.model.statuses import InvoiceStatus

    if STATUS in frame:  # computed once per run by run_checklist
        return frame[STATUS]
    if "status" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype=object)
    labels = {s.value.casefold(): s for s in InvoiceStatus}
    return by_value(frame["status"], lambda v: labels.get(str(v).strip().casefold()))


def in_statuses(frame: pd.DataFrame, statuses: frozenset[Any]) -> pd.Series:
    """True where the row's status is one of `statuses`."""
    return status_of(frame).isin(list(statuses)).fillna(False).astype(bool)
