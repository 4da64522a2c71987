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
from gestadmin.distinct import per_distinct, spread
from gestadmin.findings import Finding, Provenance
from gestadmin.messages import make_finding
from gestadmin.model.parties import Directory, bank_key, name_key, ridet_key
from gestadmin.money import format_xpf
from gestadmin.settings import Settings

ROW, SRC, REG, STATUS = "_row", "_src", "_reg", "_status"  # physical row, source sheet, register (file)
HAS, KEY, DIR = "_has:", "_key:", "_dir:"  # per-run shared columns (see `prepare`): presence, keys, directory


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
        sources, rows = frame[SRC].to_numpy()[flagged].tolist(), frame[ROW].to_numpy()[flagged].tolist()
        # flagged values as plain lists: one conversion per parameter, not one pandas lookup per finding
        columns = {k: (v[flagged].tolist() if isinstance(v, pd.Series) else None) for k, v in params.items()}
        findings = []
        for position, (src, row) in enumerate(zip(sources, rows, strict=True)):
            values = {k: _show(params[k] if c is None else c[position], k in money) for k, c in columns.items()}
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
    """True where the field has a value (a blank text counts as missing); precomputed by `prepare` per run."""
    if HAS + field_name in frame:
        return frame[HAS + field_name]
    if field_name not in frame:
        return pd.Series(False, index=frame.index)
    column = frame[field_name]
    if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
        return _text_facts(column)[0]
    return column.notna()


def _text_facts(column: pd.Series, key: Callable[[Any], str] | None = None) -> tuple[pd.Series, pd.Series | None]:
    """Presence (a blank text counts as missing) and, with `key`, the comparison key ("" for blanks) of a text
    column, from one factorisation: only distinct values are inspected."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    distinct = uniques.tolist()
    filled = np.array([not (isinstance(v, str) and not v.strip()) for v in distinct] + [False], dtype=bool)
    mask = pd.Series(filled.take(codes), index=column.index)
    if key is None:
        return mask, None
    return mask, pd.Series(spread(codes, [key(v) for v in distinct], ""), index=column.index, dtype=object)


def by_value(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """`function` applied once per distinct non-missing value, then mapped (NA stays NA)."""
    return pd.Series(per_distinct(values, function, np.nan), index=values.index, dtype=object)


def code_key(value: object) -> str:
    """Comparison form of commitment numbers and budget codes: trimmed, case-folded."""
    return str(value).strip().casefold()


# Comparison key of each text field the rules compare ("" for a blank): one definition for every rule.
FIELD_KEYS: dict[str, Callable[[Any], str]] = {
    "supplier_name": name_key, "ridet": ridet_key, "bank_account": bank_key,
    "commitment_number": code_key, "budget_code": code_key,
}


def keyed(values: pd.Series, key: Callable[[object], str]) -> pd.Series:
    """`key` applied once per distinct value ("" for NA; suppliers repeat: fast on 100k rows)."""
    return pd.Series(per_distinct(values, key, ""), index=values.index, dtype=object)


def key_of(frame: pd.DataFrame, field_name: str) -> pd.Series:
    """The FIELD_KEYS key of a field per row ("" when blank or absent); precomputed by `prepare` per run."""
    if KEY + field_name in frame:
        return frame[KEY + field_name]
    if field_name not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return keyed(frame[field_name], FIELD_KEYS[field_name])


class DirectoryMatch:
    """Per-row directory lookup (`Directory.match` columns: `known`, `by_ridet`, `dir_ridet`...) by name."""

    def __init__(self, frame: pd.DataFrame, prefix: str = "") -> None:
        self._frame, self._prefix = frame, prefix

    def __getitem__(self, name: str) -> pd.Series:
        return self._frame[self._prefix + name]


def directory_match(frame: pd.DataFrame, ctx: InvoiceContext) -> DirectoryMatch:
    """`Directory.match` of the rows' RIDET and supplier name (needs ctx.directory); precomputed per run, then
    read from the shared columns (no sub-frame)."""
    if DIR + "known" in frame:
        return DirectoryMatch(frame, DIR)
    return DirectoryMatch(_match(frame, ctx))


def _match(frame: pd.DataFrame, ctx: InvoiceContext) -> pd.DataFrame:
    assert ctx.directory is not None
    none = pd.Series(None, index=frame.index, dtype=object)
    return ctx.directory.match(frame["ridet"] if "ridet" in frame else none, frame["supplier_name"],
                               frame["bank_account"] if "bank_account" in frame else none)


# Fields whose presence several rules test (plus the mandatory mentions of the settings).
PRESENCE_FIELDS = ("received_date", "supplier_name", "ridet", "commitment_number", "budget_code", "bank_account",
                   "service_done_date", "liquidation_date", "ordering_date", "payment_date")


def prepare(frames: InvoiceFrames, ctx: InvoiceContext) -> InvoiceFrames:
    """The invoices frame with the columns several rules share computed once: parsed status, presence of
    each field, comparison keys, directory lookup. Rules called alone compute them on demand instead."""
    inv = frames.invoices
    shared: dict[str, Any] = {}
    if STATUS not in inv:
        shared[STATUS] = status_of(inv)
    for name, key in FIELD_KEYS.items():  # text fields: presence and key from one factorisation
        if name in inv and HAS + name not in inv and KEY + name not in inv:
            shared[HAS + name], shared[KEY + name] = _text_facts(inv[name], key)
    for name in dict.fromkeys([*PRESENCE_FIELDS, *ctx.settings.invoice_checks.mandatory_mentions]):
        if name in inv and HAS + name not in inv and HAS + name not in shared:
            shared[HAS + name] = present(inv, name)
    if ctx.directory is not None and "supplier_name" in inv and not any(
            isinstance(c, str) and c.startswith(DIR) for c in inv.columns):
        match = _match(inv, ctx)
        shared |= {DIR + c: match[c] for c in match.columns}
    if not shared:
        return frames
    # one concatenation rather than one insertion per shared column (30 of them: most of the cost on 2k rows)
    return InvoiceFrames(pd.concat([inv, pd.DataFrame(shared, index=inv.index)], axis=1), frames.lines)


def not_unreadable(frame: pd.DataFrame, field_name: str, ctx: InvoiceContext) -> pd.Series:
    """False on cells the reader could not type (already reported): no second finding on a blank there."""
    cells = {(src, row) for src, row, name in ctx.unreadable if name == field_name}
    ok = pd.Series(True, index=frame.index)
    if not cells:
        return ok
    # only the rows whose number is among the unreadable cells' are looked at one by one
    candidates = np.flatnonzero(frame[ROW].isin({row for _src, row in cells}).to_numpy(dtype=bool))
    sources, rows = frame[SRC].to_numpy()[candidates], frame[ROW].to_numpy()[candidates]
    bad = [int(position) for position, src, row in zip(candidates, sources, rows, strict=True)
           if (int(src), int(row)) in cells]
    ok.iloc[bad] = False
    return ok


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
