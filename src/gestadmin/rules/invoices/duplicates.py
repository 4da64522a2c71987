"""Checklist point 3: the same invoice registered twice, across every register checked together.

Exact duplicates: same supplier and same normalised invoice number. Near-duplicates: same supplier, same
TTC, invoice dates at most `near_duplicate_days` apart, different numbers. Both rows are reported, each
message naming the other one (file, sheet, row), because either could be the wrong one.

Worked on plain arrays (factorised keys, counts per key): only the few rows that share a key are looked at
one by one, so the rule costs a handful of numpy passes whatever the register's size.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from gestadmin.distinct import repeated_groups
from gestadmin.findings import Finding
from gestadmin.messages import make_finding
from gestadmin.model.invoices import VOID, normalize_invoice_numbers
from gestadmin.money import format_xpf
from gestadmin.rules.invoices.context import ROW, SRC, InvoiceContext, InvoiceFrames, in_statuses, key_of

_DAY_NS = 86_400 * 10**9


def check_duplicates(frames: InvoiceFrames, ctx: InvoiceContext) -> list[Finding]:
    """FACTURE_DOUBLON on every copy of an invoice, FACTURE_QUASI_DOUBLON on both rows of a near pair."""
    inv = frames.invoices
    if inv.empty:
        return []
    supplier = key_of(inv, "supplier_name").to_numpy(dtype=object)
    number = normalize_invoice_numbers(inv["invoice_number"]).to_numpy(dtype=object)
    kept = np.flatnonzero(~in_statuses(inv, VOID).to_numpy(dtype=bool) & (supplier != ""))  # keys: "" when blank
    supplier_code = pd.factorize(supplier[kept])[0]
    cells = _Cells(inv, ctx)
    findings: list[Finding] = []
    numbered = pd.notna(number[kept])
    rows = kept[numbered]
    if len(rows):
        group, shared = repeated_groups([supplier_code[numbered], pd.factorize(number[rows])[0]])
        rows, group = rows[shared], group[shared]
        for members in _groups(rows, group):  # groups in order of first appearance, rows in frame order
            findings += [make_finding("FACTURE_DOUBLON", cells.at(i, "invoice_number"),
                                      number=cells.value(i, "invoice_number"), name=cells.value(i, "supplier_name"),
                                      other=cells.others([j for j in members if j != i]))
                         for i in members]
    findings += _near(inv, kept, supplier_code, number, cells, ctx)
    return findings


def _groups(rows: np.ndarray[Any, Any], group: np.ndarray[Any, Any]) -> list[list[int]]:
    if not len(rows):
        return []
    order = np.argsort(pd.factorize(group)[0], kind="stable")
    codes = pd.factorize(group)[0][order]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    return [part.tolist() for part in np.split(rows[order], bounds)]


def _near(inv: pd.DataFrame, kept: np.ndarray[Any, Any], supplier_code: np.ndarray[Any, Any],
          number: np.ndarray[Any, Any], cells: _Cells, ctx: InvoiceContext) -> list[Finding]:
    days = ctx.settings.invoice_checks.near_duplicate_days
    gross_code = pd.factorize(inv["gross_amount"], use_na_sentinel=True)[0][kept]  # NA: -1
    dates = pd.to_datetime(inv["invoice_date"]).to_numpy(dtype="datetime64[ns]")[kept]
    usable = (gross_code >= 0) & ~np.isnat(dates)
    rows = kept[usable]
    if not len(rows):
        return []
    group, shared = repeated_groups([supplier_code[usable], gross_code[usable]])
    when = dates[usable][shared].view(np.int64)
    rows, group = rows[shared], group[shared]
    partners: dict[int, list[int]] = {}
    position = {row: k for k, row in enumerate(rows.tolist())}
    for members in _groups(rows, group):
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                if abs(int(when[position[a]]) - int(when[position[b]])) // _DAY_NS > days:
                    continue
                na, nb = number[a], number[b]
                if pd.notna(na) and pd.notna(nb) and na == nb:
                    continue
                partners.setdefault(a, []).append(b)
                partners.setdefault(b, []).append(a)
    labels = inv.index
    return [
        make_finding("FACTURE_QUASI_DOUBLON", cells.at(i, "invoice_number"), name=cells.value(i, "supplier_name"),
                     amount=format_xpf(int(cells.value(i, "gross_amount"))), days=days,
                     other=cells.others(sorted(others, key=lambda j: labels[j])))
        for i, others in sorted(partners.items(), key=lambda item: labels[item[0]])
    ]


class _Cells:
    """Row positions -> provenance and raw values, from plain arrays (no pandas lookup per finding)."""

    def __init__(self, inv: pd.DataFrame, ctx: InvoiceContext) -> None:
        self.inv, self.ctx = inv, ctx
        self.src, self.row = inv[SRC].to_numpy(), inv[ROW].to_numpy()
        self._columns: dict[str, np.ndarray[Any, Any]] = {}

    def at(self, i: int, field: str) -> Any:
        return self.ctx.at(int(self.src[i]), int(self.row[i]), field)

    def value(self, i: int, field: str) -> Any:
        if field not in self._columns:
            self._columns[field] = self.inv[field].to_numpy(dtype=object)
        return self._columns[field][i]

    def others(self, rows: list[int]) -> str:
        return ", ".join(self.ctx.where(int(self.src[j]), int(self.row[j])) for j in rows)
